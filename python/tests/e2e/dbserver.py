"""Throwaway PostgreSQL and MariaDB servers for the fault tests.

The fault tests restart, stop and kill sessions of a server; the shared test
servers of ``scripts/db-up.sh`` (which other tests use at the same time) must
never suffer that. So each fault test module creates a cluster of its own in
a temporary directory on a free loopback port, with the binaries db-up.sh
installs (PostgreSQL from Debian, ``mariadb-install-db``/``mariadbd``), and
removes it afterwards. As db-up.sh does, a server run by root runs as the
``postgres`` / ``mysql`` system user (PostgreSQL refuses root).

    with PostgresServer() as pg:
        url = pg.url("mydb")
        pg.restart(); pg.stop(); pg.start(); pg.kill_sessions()
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from typing import List, Optional

USER = "caspian"
PASSWORD = "caspian"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _is_root() -> bool:
    return os.geteuid() == 0


def _as(user: str, argv: List[str]) -> List[str]:
    """argv run as the OS user that owns the cluster when we are root."""
    if _is_root():
        return ["runuser", "-u", user, "--", *argv]
    return argv


def _run(argv: List[str], timeout: float = START_TIMEOUT_S) -> str:
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def _tempdir(owner: str, prefix: str) -> str:
    # Under /tmp itself: a pytest tmp_path (mode 0700, root's) is out of
    # reach of the server's own user.
    d = tempfile.mkdtemp(prefix=prefix)
    if _is_root():
        pw = pwd.getpwnam(owner)
        os.chown(d, pw.pw_uid, pw.pw_gid)
    return d


def available() -> Optional[str]:
    """None when both servers can be created here, else why not."""
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and not shutil.which("initdb"):
        return "PostgreSQL binaries not found (scripts/db-up.sh installs them)"
    if not shutil.which("mariadb-install-db") or not (shutil.which("mariadbd") or os.path.exists("/usr/sbin/mariadbd")):
        return "MariaDB binaries not found (scripts/db-up.sh installs them)"
    if _is_root():
        for u in ("postgres", "mysql"):
            try:
                pwd.getpwnam(u)
            except KeyError:
                return f"system user {u} missing (scripts/db-up.sh creates it)"
    return None


class PostgresServer:
    """A PostgreSQL cluster of its own: initdb'd on creation, started."""

    provider = "postgresql"

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bin = os.path.dirname(found[-1]) if found else os.path.dirname(shutil.which("initdb") or "")
        self.os_user = "postgres" if _is_root() else pwd.getpwuid(os.geteuid()).pw_name
        self.dir = _tempdir(self.os_user, "caspian-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        pwfile = os.path.join(self.dir, "pw")
        with open(pwfile, "w") as f:
            f.write(PASSWORD + "\n")
        if _is_root():
            pw = pwd.getpwnam(self.os_user)
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        _run(_as(self.os_user, [f"{self.bin}/initdb", "-D", self.data, "-U", USER, "--auth-local=trust",
                                "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8"]))
        os.remove(pwfile)
        conf = (f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.dir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 100\n"
                "shared_buffers = 16MB\n")
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(conf)
        self.start()

    def url(self, database: str) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        _run(_as(self.os_user, [f"{self.bin}/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"),
                                "-w", "-t", str(int(START_TIMEOUT_S)), *args]))

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        """A fast shutdown: sessions are terminated, as on a server restart."""
        self._ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def sql(self, statement: str) -> str:
        return _run(_as(self.os_user, [f"{self.bin}/psql", "-h", self.dir, "-p", str(self.port), "-U", USER,
                                       "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qtA", "-c", statement]))

    def sessions(self, database: str) -> int:
        """How many sessions of database are open (ours not counted)."""
        return int(self.sql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}' "
                            "AND pid <> pg_backend_pid()").strip() or 0)

    def kill_sessions(self, database: str) -> int:
        """pg_terminate_backend on every session of database; how many."""
        out = self.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")
        return int(out.strip() or 0)

    def close(self) -> None:
        try:
            self._ctl("-m", "immediate", "stop")
        except Exception:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "PostgresServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class MariaDBServer:
    """A MariaDB server of its own: mariadb-install-db'd on creation, started."""

    provider = "mysql"

    def __init__(self) -> None:
        self.mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
        self.client = shutil.which("mariadb") or shutil.which("mysql") or "mariadb"
        self.os_user = "mysql" if _is_root() else pwd.getpwuid(os.geteuid()).pw_name
        self.dir = _tempdir(self.os_user, "caspian-my-")
        self.data = os.path.join(self.dir, "data")
        self.sock = os.path.join(self.dir, "mysqld.sock")
        self.port = free_port()
        self.proc: Optional[subprocess.Popen] = None
        _run(["mariadb-install-db", "--no-defaults", f"--datadir={self.data}", f"--user={self.os_user}",
              "--auth-root-authentication-method=normal", "--skip-test-db"], timeout=120)
        self.start()
        self.sql(f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}';"
                 f"GRANT ALL PRIVILEGES ON *.* TO '{USER}'@'%' WITH GRANT OPTION; FLUSH PRIVILEGES;")

    def url(self, database: str) -> str:
        return f"mysql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen(
            [self.mariadbd, "--no-defaults", f"--datadir={self.data}", f"--user={self.os_user}",
             f"--socket={self.sock}", f"--pid-file={self.dir}/mysqld.pid", f"--port={self.port}",
             "--bind-address=127.0.0.1", "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0",
             "--innodb-doublewrite=0", "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=8M",
             "--max-connections=200", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mariadbd exited ({self.proc.returncode}):\n{self._log_tail()}")
            try:
                self.sql("SELECT 1", timeout=5)
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"mariadbd did not start:\n{self._log_tail()}")
                time.sleep(0.2)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): sessions are closed, as on a restart."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def sql(self, statements: str, timeout: float = 30) -> str:
        return _run([self.client, "--no-defaults", f"--socket={self.sock}", "-uroot", "-N", "-B",
                     "-e", statements], timeout=timeout)

    def sessions(self, database: str) -> int:
        """How many sessions of database are open (ours not counted)."""
        return len(self.sql("SELECT ID FROM information_schema.PROCESSLIST "
                            f"WHERE DB = '{database}' AND ID <> CONNECTION_ID()").split())

    def kill_sessions(self, database: str) -> int:
        """KILL CONNECTION on every session of database; how many."""
        ids = self.sql("SELECT ID FROM information_schema.PROCESSLIST "
                       f"WHERE DB = '{database}' AND ID <> CONNECTION_ID()").split()
        for i in ids:
            try:
                self.sql(f"KILL CONNECTION {int(i)}")
            except RuntimeError:
                pass  # it ended meanwhile
        return len(ids)

    def _log_tail(self) -> str:
        try:
            with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return ""

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "MariaDBServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
