#!/bin/sh
# Install the system libraries Qt needs for a real window, if they are missing.
# Debian/Ubuntu only; elsewhere it says what to install and carries on.
set -e
PKGS="libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3"

if ! command -v dpkg >/dev/null 2>&1; then
    echo "Quizwright: not a Debian-like system; make sure Qt 6's xcb libraries are installed."
    exit 0
fi
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Quizwright: installing Qt's system libraries:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
