"""Fixtures of the reliability suite: figures, servers the tests own.

Each test records the figures it measured (kill points, restarts, events lost ...)
with the `figures` fixture; at the end of the session they are merged into
$TIMELINE_RELIABILITY_FIGURES (default .pytest_cache/reliability.json), from which
`python tests/reliability/report.py` writes the table of RELIABILITY.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import DEFAULT_FIGURES, FIGURES_ENV, OwnServer
from timeline.backend.connect import mask_url
from timeline.backend.server import find_binary

# -- figures -----------------------------------------------------------------------


def figures_path() -> Path:
    return Path(os.environ.get(FIGURES_ENV) or DEFAULT_FIGURES)


class Figures:
    """Counts measured by one test, merged into the figures file when it ends.

    `add` sums over the tests of one run (events lost, duplicated ...); each entry
    keeps the node ids that contributed, which give the command for the table.
    """

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {}

    def add(self, key: str, value: int, test: str) -> None:
        entry = self.values.setdefault(key, {"value": 0, "tests": []})
        entry["value"] += value
        if test not in entry["tests"]:
            entry["tests"].append(test)


_RUN = Figures()


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Any]:
    node = request.node.nodeid

    class Recorder:
        def add(self, key: str, value: int) -> None:
            _RUN.add(key, value, node)

    yield Recorder()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Merge this run's figures into the file: each figure keeps the run it came from."""
    if not _RUN.values:
        return
    path = figures_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = json.loads(path.read_text())
    except (OSError, ValueError):
        old = {}
    server = "TIMELINE_TEST_REDIS_URL" if os.environ.get("TIMELINE_TEST_REDIS_URL") else "embedded"
    finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    run = {
        "finished": finished,
        "args": list(session.config.invocation_params.args),
        "exit_status": int(exitstatus),
        "tests": session.testscollected,
        "failed": session.testsfailed,
        "duration_s": round(time.monotonic() - _START, 1),
    }
    if server != "embedded":  # which database the figures came from (no password)
        run["server_url"] = mask_url(os.environ["TIMELINE_TEST_REDIS_URL"])
    entry = old.setdefault(server, {"figures": {}})
    # Sums (events lost, inputs tried ...) describe the suite only when every file of
    # it ran: a partial run (-k, one file) adds figures of its own but never replaces
    # one a full run measured.
    here = Path(__file__).parent
    ran = {Path(str(item.fspath)).name for item in session.items}
    full = ran >= {p.name for p in here.glob("test_*.py")}
    if full:
        entry["last_run"] = run
    for key, value in _RUN.values.items():
        if not full and entry["figures"].get(key, {}).get("full"):
            continue
        entry["figures"][key] = value | {
            "finished": finished,
            "exit_status": int(exitstatus),
            "full": full,
        }
    path.write_text(json.dumps(old, indent=2, sort_keys=True))


_START = time.monotonic()


@pytest.fixture
def server_binary() -> str:
    binary = find_binary()
    if binary is None:
        pytest.skip("no redis-server/valkey-server binary to start a server of our own")
    return binary


@pytest.fixture
def own_server(server_binary: str) -> Iterator[Any]:
    """A factory of servers owned by the test; all are killed at the end."""
    started: list[OwnServer] = []
    dirs: list[Path] = []

    def make(*, tcp: bool = False, extra: list[str] | None = None, start: bool = True) -> OwnServer:
        d = Path(tempfile.mkdtemp(prefix="tl-rel-"))  # short: it may hold a unix socket
        dirs.append(d)
        s = OwnServer(server_binary, d, tcp=tcp, extra=list(extra or []))
        started.append(s)
        if start:
            s.start()
        return s

    yield make
    for s in started:
        s.kill()
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
