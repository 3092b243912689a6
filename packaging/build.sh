#!/bin/sh
# Build the self-contained desktop bundle: dist/quizwright/ (PyInstaller, one folder).
# Usage: sh packaging/build.sh        (or: make bundle; needs `make setup` first)
# Installs the `bundle` extra (PyInstaller) into .venv, builds from
# packaging/quizwright.spec, and prints the bundle's size and the build time.
set -e
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
start=$(date +%s)
"$BIN/python" -m pip install --quiet -e ".[bundle]"
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/quizwright.spec
end=$(date +%s)
echo "built dist/quizwright/ in $((end - start)) s; size $(du -sh dist/quizwright | cut -f1)"
echo "run it: dist/quizwright/quizwright   smoke test: python3 packaging/smoke_test.py   menu entry: sh packaging/install-desktop-entry.sh"
