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
# QW_CLICK="x y[;x y…]": clicks in order; "2:x y" double-clicks
if [ -n "${QW_CLICK:-}" ]; then
    echo "$QW_CLICK" | tr ';' '\n' | while read -r spot; do
        case $spot in
            2:*) DISPLAY=$display xdotool mousemove ${spot#2:} click --repeat 2 1 ;;
            *) DISPLAY=$display xdotool mousemove $spot click 1 ;;
        esac
        sleep 1
    done
fi
DISPLAY=$display import -window root "$out"
kill $app
echo "wrote $out"
