#!/bin/sh
# Install PostgreSQL's server programs (initdb, pg_ctl) for the tests of shared banks,
# if they are missing. The tests start their own throw-away server; nothing is started here.
# Debian/Ubuntu only; elsewhere it says what to install and carries on (the PostgreSQL
# tests then fail saying the server programs are missing).
set -e
for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Quizwright: not a Debian-like system; install PostgreSQL's server (initdb, pg_ctl) for the shared-bank tests."
    exit 0
fi
echo "Quizwright: installing PostgreSQL for the shared-bank tests"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
# postgresql-contrib: unaccent, for accent-insensitive search (part of the server package on recent Debian)
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgresql-contrib
