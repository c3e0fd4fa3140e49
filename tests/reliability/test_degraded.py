"""Degraded servers (issue 11, item 9): reads work, writes say what is wrong.

Three servers of the test's own, each holding a timeline whose projection lags
its log (records appended after the last projection):

- a full disk: the server's dir on a small tmpfs filled up, so the append-only
  file cannot be written and the server refuses writes (`MISCONF`);
- a read-only replica (`--replicaof` a primary of our own);
- `maxmemory` below what it holds, with `noeviction`.

Every read command (`status`, `show`, `timelines`, `stats`, `log`, the exports)
exits 0 and prints what it prints on a healthy server, and every write (`ingest`,
`retract`, `rebuild`) is one line saying what is wrong, exit 1, no traceback, in
bounded time; the log is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.factories import article_records
from tests.reliability.helpers import (
    OwnServer,
    base_env,
    cli,
    one_line_error,
    own_env,
    synthetic_article,
    wait_until,
    write_articles,
)
from timeline import Timeline
from timeline.backend.server import EmbeddedServer, pid_alive
from timeline.settings import Settings

pytestmark = pytest.mark.reliability

BOUND_S = 25
LOG = "{timeline:rel}:log"
READS = [
    ("status",),
    ("status", "--json"),
    ("show", "--as-of", "2021-10-01"),
    ("show", "--format", "json", "--since", "2021-08-01", "--as-of", "2021-10-01"),
    ("timelines",),
    ("stats",),
    ("log", "-n", "5"),
    ("log", "--json"),
    ("export", "--format", "csv"),
    ("export", "--format", "ics"),
    ("export", "--format", "timelinejs"),
]


def _fill(url: str, articles: int, *, project: bool) -> None:
    settings = Settings(redis_url=url, timeline="rel", queue_name="rel")
    tl = Timeline.connect(settings=settings, announce=False)
    for seed in range(articles):
        article_id, records = article_records(1000 + seed if not project else seed, events=4)
        tl.backend.store.append_article(article_id, records)
    if project:
        tl.operator.project()


def _populate(url: str, tmp_path: Path) -> Path:
    """A timeline projected up to some point, then records it lags by; an article file
    not yet ingested, for the write."""
    _fill(url, 6, project=True)
    _fill(url, 3, project=False)
    [new] = write_articles(tmp_path / "new", [synthetic_article(77)])
    return new


@contextlib.contextmanager
def _tmpfs(size: str) -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="tl-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(d)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        d.rmdir()
        pytest.skip(f"cannot mount a small tmpfs for a full disk: {mounted.stderr!r}")
    try:
        yield d
    finally:
        subprocess.run(["umount", "-l", str(d)], check=False)
        d.rmdir()


def _fill_disk(server: OwnServer | EmbeddedServer) -> None:
    """Fill the server's file system, then write until the server refuses (MISCONF)."""
    folder = server.dir if isinstance(server, OwnServer) else server.data_dir
    with open(folder / "filler", "wb") as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 65536)
            f.flush()
    with server.client() as r:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                r.set("filler", "x" * 65536)
            except redis.ResponseError as exc:
                assert "MISCONF" in str(exc)
                return
            time.sleep(0.05)
    raise AssertionError("the server kept accepting writes on a full disk")


@pytest.fixture(params=["full-disk", "embedded-full-disk", "replica", "out-of-memory"])
def degraded(
    request: Any, own_server: Any, server_binary: str, tmp_path: Path
) -> Iterator[tuple[str, str, dict[str, str], Path]]:
    """(kind, url, the CLI's environment, an article to ingest) on a degraded server."""
    kind = request.param
    if kind == "embedded-full-disk":  # the default: no URL, the data dir's disk is full
        with _tmpfs("8m") as d:
            embedded = EmbeddedServer(d)
            embedded.ensure()
            try:
                new = _populate(embedded.url, tmp_path)
                _fill_disk(embedded)
                env = base_env() | {"TIMELINE_DATA_DIR": str(d), "TIMELINE_TIMELINE": "rel",
                                    "TIMELINE_QUEUE_NAME": "rel"}  # fmt: skip
                yield kind, embedded.url, env, new
            finally:
                if pid := embedded.pid():
                    os.kill(pid, signal.SIGKILL)
                    wait_until(lambda: not pid_alive(pid), 10, "the embedded server to die")
        return
    if kind == "full-disk":
        with _tmpfs("8m") as d:
            server = own_server(start=False)
            server.dir = d
            server.start()
            new = _populate(server.url, tmp_path)
            _fill_disk(server)
            yield kind, server.url, own_env(server.url), new
            server.kill()
        return
    if kind == "replica":
        primary = own_server(tcp=True)
        new = _populate(primary.url, tmp_path)
        replica = own_server(tcp=True, start=False)
        replica.extra = ["--replicaof", "127.0.0.1", str(primary.port)]
        replica.start()
        with primary.client() as p, replica.client() as r:
            length = p.xlen(LOG)
            wait_until(lambda: r.xlen(LOG) == length, 30, "the replica to sync")
        yield kind, replica.url, own_env(replica.url), new
        return
    server = own_server()
    new = _populate(server.url, tmp_path)
    with server.client() as r:
        r.config_set("maxmemory", "1")  # below what it holds: every write is refused
        r.config_set("maxmemory-policy", "noeviction")
    yield kind, server.url, own_env(server.url), new


EXPECTED = {
    "full-disk": "cannot write its append-only file",
    "embedded-full-disk": "cannot write its append-only file",
    "replica": "read-only replica",
    "out-of-memory": "out of memory",
}


def test_reads_work_and_writes_say_what_is_wrong(
    degraded: tuple[str, str, dict[str, str], Path], figures: Any
) -> None:
    kind, url, env, new = degraded
    with redis.Redis.from_url(url) as r:
        length = r.xlen(LOG)
        keys = sorted(r.scan_iter(count=1000))
    st = cli(env, "status", "--json")
    assert st.returncode == 0, (kind, st.stderr)
    assert json.loads(st.stdout)["lag"] > 0  # what a read would be tempted to catch up on
    failures = []
    for args in READS:
        p = cli(env, *args)
        figures.add("degraded_reads_ok", 1)
        if p.returncode != 0 or "error" in p.stderr:
            failures.append((args, p.returncode, p.stderr.strip()[-300:]))
    assert failures == [], (kind, failures)
    writes = [
        ("ingest", str(new), "--published", "2021-08-22"),
        ("retract", article_records(0)[0]),
        ("rebuild",),
    ]
    for args in writes:
        t0 = time.monotonic()
        p = cli(env, *args)
        took = time.monotonic() - t0
        figures.add("degraded_writes_refused", 1)
        assert one_line_error(p) and p.returncode == 1, (kind, args, p.stderr)
        assert EXPECTED[kind] in p.stderr, (kind, args, p.stderr)
        assert took < BOUND_S, (kind, args, took)
    with redis.Redis.from_url(url) as r:
        assert r.xlen(LOG) == length
        assert sorted(r.scan_iter(count=1000)) == keys
