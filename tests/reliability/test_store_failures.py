"""Fault 4: a Redis that is not there, hangs, is a read-only replica or out of memory.

Each case ends with one clear line on stderr and a non-zero exit, in bounded
time, and the log unchanged (or holding only whole articles). Where a retry can
help (a server back within a second or two) the command succeeds.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.factories import article_records
from tests.reliability.helpers import (
    audit_log,
    cli,
    one_line_error,
    own_env,
    synthetic_article,
    wait_until,
    write_articles,
)
from timeline.errors import StoreError
from timeline.service import Timeline
from timeline.settings import Settings

pytestmark = pytest.mark.reliability

# A command against a dead or hung server must give up within this (it is minutes
# when every timeout is retried).
BOUND_S = 25


def _timed(env: dict[str, str], *args: str) -> tuple[Any, float]:
    t0 = time.monotonic()
    out = cli(env, *args, timeout=300)
    return out, time.monotonic() - t0


@pytest.mark.parametrize(
    "url",
    [
        "redis://:hunter2-secret@127.0.0.1:{port}/0",
        "unix:///tmp/tl-no-such-dir/redis.sock?db=0",
    ],
    ids=["closed-port", "missing-socket"],
)
def test_unreachable_redis_fails_fast_and_clearly(url: str, tmp_path: Path, figures: Any) -> None:
    from tests.reliability.helpers import free_port

    env = own_env(url.format(port=free_port()))
    article = write_articles(tmp_path, [synthetic_article(7)])[0]
    for args in (["status"], ["ingest", str(article), "--published", "2021-08-22"], ["show"]):
        out, took = _timed(env, *args)
        figures.add("hostile_conditions", 1)
        assert out.returncode == 1 and one_line_error(out), out.stderr
        assert "Cannot reach Redis" in out.stderr and "TIMELINE_REDIS_URL" in out.stderr
        assert "hunter2-secret" not in out.stderr + out.stdout
        assert took < BOUND_S, f"{args[0]} took {took:.0f} s against a dead server"


def test_hung_server_times_out_in_bounded_time(own_server: Any, figures: Any) -> None:
    server = own_server(tcp=True)
    env = own_env(server.url)
    assert server.proc is not None
    os.kill(server.proc.pid, signal.SIGSTOP)  # accepts connections, never answers
    try:
        out, took = _timed(env, "status")
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    figures.add("hostile_conditions", 1)
    assert out.returncode == 1 and one_line_error(out), out.stderr
    assert "Cannot reach Redis" in out.stderr
    assert took < BOUND_S, f"status took {took:.0f} s against a hung server"


def test_a_server_back_within_the_retry_window_is_waited_for(own_server: Any, figures: Any) -> None:
    server = own_server()
    settings = Settings(redis_url=server.url, timeline="rel", queue_name="rel")
    tl = Timeline.connect(settings=settings, announce=False)
    article_id, records = article_records(1)
    tl.backend.store.append_article(article_id, records)
    server.kill()
    threading.Timer(0.4, server.start).start()
    t0 = time.monotonic()
    status = tl.status()  # retried with backoff while the server comes back
    figures.add("server_restarts", 1)
    assert status.log_length == len(records)
    assert time.monotonic() - t0 < BOUND_S


def test_read_only_replica_refuses_writes_cleanly(
    own_server: Any, tmp_path: Path, figures: Any
) -> None:
    primary = own_server(tcp=True)
    replica = own_server(tcp=True, extra=["--replicaof", "127.0.0.1", "0"], start=False)
    replica.extra = ["--replicaof", "127.0.0.1", str(primary.port)]
    replica.start()
    a, b = write_articles(tmp_path, [synthetic_article(11), synthetic_article(12)])
    first = cli(own_env(primary.url), "ingest", str(a), "--published", "2021-08-22")
    assert first.returncode == 0, first.stderr
    log = "{timeline:rel}:log"
    with primary.client() as p, replica.client() as r:
        length = p.xlen(log)
        wait_until(lambda: r.xlen(log) == length, 30, "the replica to sync")
        env = own_env(replica.url)
        out = cli(env, "ingest", str(b), "--published", "2021-08-22")
        figures.add("hostile_conditions", 1)
        assert out.returncode == 1 and one_line_error(out), out.stderr
        assert "read-only replica" in out.stderr and "primary" in out.stderr
        assert p.xlen(log) == length and r.xlen(log) == length
        # Reading from a replica is fine.
        shown = cli(env, "show", "--format", "json", "--as-of", "2021-08-22")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)


def test_out_of_memory_refuses_cleanly_and_leaves_whole_articles(
    own_server: Any, tmp_path: Path, figures: Any
) -> None:
    server = own_server()
    with server.client() as r:
        used = int(r.info("memory")["used_memory"])
        r.config_set("maxmemory", str(used + 2 * 1024 * 1024))
        r.config_set("maxmemory-policy", "noeviction")
    settings = Settings(redis_url=server.url, timeline="rel", queue_name="rel")
    tl = Timeline.connect(settings=settings, announce=False)
    seed = 0
    with pytest.raises(StoreError, match="out of memory"):
        while seed < 10_000:
            article_id, records = article_records(seed, events=40)
            with tl.backend.guard():
                tl.backend.store.append_article(article_id, records)
            seed += 1
    assert seed > 5
    store = tl.backend.connections.store
    before = store.xlen("{timeline:rel}:log")
    paths = write_articles(tmp_path, [synthetic_article(20 + i) for i in range(3)])
    out = cli(own_env(server.url), "ingest", *map(str, paths), "--published", "2021-08-22")
    figures.add("hostile_conditions", 1)
    assert out.returncode == 1 and one_line_error(out), out.stderr
    assert "out of memory" in out.stderr
    # Memory is measured between commands: a small article may still fit. What is in
    # the log is whole articles only, each once.
    audit = audit_log(store, "rel")
    assert store.xlen("{timeline:rel}:log") - before < sum(
        len(p.read_text().split("\n\n")) + 1 for p in paths
    )
    assert audit.partial == [] and audit.duplicate_events == 0
    figures.add("events_duplicated", audit.duplicate_events)
    # Memory freed: the same command goes through.
    with server.client() as r:
        r.config_set("maxmemory", "0")
    again = cli(own_env(server.url), "ingest", *map(str, paths), "--published", "2021-08-22")
    assert again.returncode == 0, again.stderr
    assert json.loads(cli(own_env(server.url), "status", "--json").stdout)["articles"] == seed + 3


def test_queue_url_bad_or_unreachable_is_named_before_anything_is_written(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    from tests.reliability.helpers import free_port

    article = write_articles(tmp_path, [synthetic_article(8)])[0]
    ingest = ["ingest", str(article), "--published", "2021-08-22"]
    before = timeline.backend.store.length()
    bad = env | {"TIMELINE_QUEUE_URL": "redis://:hunter2-secret@127.0.0.1:notaport/0"}
    for args in (["status"], ingest):
        out, _ = _timed(bad, *args)
        figures.add("hostile_conditions", 1)
        assert out.returncode == 1 and one_line_error(out), out.stderr
        assert "TIMELINE_QUEUE_URL is not a valid Redis URL" in out.stderr, out.stderr
        assert "hunter2-secret" not in out.stderr + out.stdout
    port = free_port()
    down = env | {"TIMELINE_QUEUE_URL": f"redis://127.0.0.1:{port}/0"}
    for args in (ingest, ["status"]):
        out, took = _timed(down, *args)
        figures.add("hostile_conditions", 1)
        assert out.returncode == 1 and one_line_error(out), out.stderr
        assert f"127.0.0.1:{port}" in out.stderr and "TIMELINE_QUEUE_URL" in out.stderr
        assert "events added" not in out.stdout
        assert took < BOUND_S
    # Nothing was appended that no job could then be queued for.
    assert timeline.backend.store.length() == before
