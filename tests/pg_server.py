"""A throwaway PostgreSQL cluster for the tests: initdb, pg_ctl, gone at the end.

The server refuses to run as root, and CI runs as root, so there every
server command runs as the ``postgres`` system user, in a temporary folder
it owns. The cluster listens on 127.0.0.1 only, on a free port, with its
socket in that folder; fsync is off because nothing here must survive a
power cut. Each test gets a fresh database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "sitrep_test"
# A role that must log in with a password, for the refused-login tests.
PASSWORD_ROLE = "analyst_pw"


def missing() -> str | None:
    """Why no cluster can be started here, or None."""
    if find_bindir() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
    return None


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl, if any."""
    found = []
    for folder in glob.glob("/usr/lib/postgresql/*/bin"):
        path = Path(folder)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            try:
                found.append((int(path.parent.name), path))
            except ValueError:
                found.append((0, path))
    return max(found)[1] if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One running server; ``database()`` makes a fresh, empty database on it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_postgres = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.port = _free_port()
        self._names = itertools.count(1)
        self.running = False

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            if shutil.which("runuser"):
                command = ["runuser", "-u", "postgres", "--", *command]
            else:
                command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr.strip() or result.stdout}")
        return result

    def start(self) -> None:
        self.sockets.mkdir()
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            for path in (self.root, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        # Trust the test superuser from loopback; everyone else gives a password.
        hba = self.data / "pg_hba.conf"
        hba_text = (f"local all all trust\n"
                    f"host all {SUPERUSER} 127.0.0.1/32 trust\n"
                    f"host all all 127.0.0.1/32 scram-sha-256\n")
        self._run_write(hba, hba_text)
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200 "
                   # A zone far from UTC, so that a time the store forgot to
                   # bring back to UTC shows in the tests.
                   "-c timezone=Asia/Kathmandu")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        self.running = True
        self.admin(f"create role {PASSWORD_ROLE} login password 'hunter2-secret'")

    def _run_write(self, path: Path, text: str) -> None:
        path.write_text(text)  # root may write it; the server reads it as its owner
        if self.as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def database(self) -> str:
        """A new empty database; its URL."""
        name = f"t{next(self._names)}"
        self.admin(f"create database {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            if self.running:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            self.running = False
            shutil.rmtree(self.root, ignore_errors=True)
