#!/bin/sh
# Add the built bundle to the Linux desktop menu (for the current user).
# Usage: sh packaging/install-desktop-entry.sh [BUNDLE_DIR]   (default: dist/quizwright)
# Installs quizwright.desktop into ~/.local/share/applications and the SVG icon
# into ~/.local/share/icons/hicolor/scalable/apps/quizwright.svg. Undo by deleting both.
# For a system-wide install use /usr/share/... instead (as root), or copy the
# bundle to /opt/quizwright first and pass that folder.
set -e
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:-$here/../dist/quizwright}" && pwd)
exe="$bundle/quizwright"
[ -x "$exe" ] || { echo "no executable at $exe: build it first with make bundle" >&2; exit 1; }
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps"
cp "$bundle/_internal/resources/quizwright.svg" "$data/icons/hicolor/scalable/apps/quizwright.svg"
sed "s|@EXEC@|$exe|g" "$here/quizwright.desktop" > "$data/applications/quizwright.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "installed $data/applications/quizwright.desktop (runs $exe)"
