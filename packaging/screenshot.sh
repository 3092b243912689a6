#!/bin/sh
# Screenshot of the app in a real X window (Xvfb), for the README and for review.
# Needs Debian's xvfb and imagemagick: apt-get install xvfb imagemagick
# Usage: sh packaging/screenshot.sh OUT.png [BANK]   (QW_SCREEN=1366x768 for another screen size)
set -e
out=${1:-docs/screenshot.png}
bank=${2:-}
display=:97
Xvfb $display -screen 0 ${QW_SCREEN:-1280x820}x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
if [ -n "$bank" ]; then set -- --bank "$bank"; else set --; fi
DISPLAY=$display QT_QPA_PLATFORM=xcb .venv/bin/quizwright "$@" gui &
app=$!
sleep 4
[ -n "${QW_CLICK:-}" ] && DISPLAY=$display xdotool mousemove $QW_CLICK click 1 && sleep 1
DISPLAY=$display import -window root "$out"
kill $app
echo "wrote $out"
