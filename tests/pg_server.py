"""A throw-away PostgreSQL server for the shared-bank tests (and bench/team.py).

Started from Debian's server programs (packaging/install-postgres.sh installs them):
`initdb` in a temporary folder, owned by an unprivileged system user when we run as
root (PostgreSQL refuses to run as root), listening on 127.0.0.1 only, on a free port.
The superuser has a password, kept in a private ~/.pgpass-style file (PGPASSFILE), so
the tests exercise the same password handling users get.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "qw_admin"
ADMIN_PASSWORD = "test-only-secret"


class ServerUnavailable(RuntimeError):
    """PostgreSQL's server programs are missing or the server did not start."""


def server_bin() -> Path:
    """The newest installed PostgreSQL server's program folder."""
    found = [
        Path(p)
        for p in glob.glob("/usr/lib/postgresql/*/bin")
        if (Path(p) / "initdb").exists() and (Path(p) / "pg_ctl").exists()
    ]
    if not found:
        raise ServerUnavailable(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed, so the "
            "shared-bank tests cannot start a server: run `sh packaging/install-postgres.sh` "
            "(or `make test`, which runs it)."
        )
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """The unprivileged user to run the server as (None: ourselves, not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise ServerUnavailable("running as root and there is no 'postgres' or 'nobody' user")


@dataclass
class PgServer:
    folder: Path
    port: int
    bin: Path
    user: str | None
    passfile: Path
    _started: bool = field(default=False)

    @classmethod
    def start(cls) -> PgServer:
        bin_ = server_bin()
        user = _run_as()
        folder = Path(tempfile.mkdtemp(prefix="quizwright-pg-"))
        passfile = Path(tempfile.mkdtemp(prefix="quizwright-pgpass-")) / "pgpass"
        server = cls(folder, _free_port(), bin_, user, passfile)
        try:
            server._init_and_start()
        except BaseException:
            server.stop()
            raise
        return server

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def _init_and_start(self) -> None:
        data = self.folder / "data"
        pwfile = self.folder / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self.user:
            entry = pwd.getpwnam(self.user)
            for p in (self.folder, pwfile):
                os.chown(p, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            self._cmd(
                str(self.bin / "initdb"), "-D", str(data), "-U", ADMIN, f"--pwfile={pwfile}",
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ),
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        result = subprocess.run(
            self._cmd(
                str(self.bin / "pg_ctl"), "-D", str(data), "-o", options,
                "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start",
            ),
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
            raise ServerUnavailable(f"PostgreSQL did not start: {result.stderr}\n{log}")
        self._started = True
        self.passfile.write_text(f"127.0.0.1:{self.port}:*:{ADMIN}:{ADMIN_PASSWORD}\n")
        self.passfile.chmod(0o600)

    def url(self, database: str = "postgres", user: str = ADMIN) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> object:
        """A psycopg connection as the superuser (autocommit), to make databases."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=ADMIN, password=ADMIN_PASSWORD,
            dbname="postgres", autocommit=True,
        )  # fmt: skip

    def create_database(self, name: str) -> str:
        with self.admin() as con:  # type: ignore[attr-defined]
            con.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as con:  # type: ignore[attr-defined]
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._started:
            subprocess.run(
                self._cmd(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                          "-m", "immediate", "-w", "stop"),
                capture_output=True,
            )  # fmt: skip
            self._started = False
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.rmtree(self.passfile.parent, ignore_errors=True)
