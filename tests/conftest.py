"""Fixtures: a real Redis-compatible server and isolated timelines on it.

TIMELINE_TEST_REDIS_URL names the server when set (CI: the local Redis on a
database of its own); otherwise the tests start the embedded server in a
temporary data dir, exactly as the program does for a user. Every test leaves the
server as it found it: at the end of the session, a key the run created and left
behind fails the run (`redis_url`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from timeline import Timeline
from timeline.backend.server import EmbeddedServer, find_binary
from timeline.memory import MemoryServer
from timeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    url = os.environ.get("TIMELINE_TEST_REDIS_URL")
    if url:
        with _no_keys_left(url):
            yield url
        return
    if find_binary() is None:
        pytest.skip("no TIMELINE_TEST_REDIS_URL and no server binary to start an embedded one")
    data_dir = Path(tempfile.mkdtemp(prefix="tl-test-"))
    server = EmbeddedServer(data_dir)
    server.ensure()
    try:
        with _no_keys_left(server.url):
            yield server.url
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@contextlib.contextmanager
def _no_keys_left(url: str) -> Iterator[None]:
    """Fails the session if the server holds keys at its end that it did not hold at its
    start (a key another client of the same database writes meanwhile would count too:
    give the tests a database of their own)."""
    r = redis.Redis.from_url(url, decode_responses=True)
    before = set(r.scan_iter(count=1000))
    yield
    left = sorted(set(r.scan_iter(count=1000)) - before)
    r.close()
    if left:
        shown = ", ".join(left[:20]) + (f" ... ({len(left)} in all)" if len(left) > 20 else "")
        pytest.fail(f"the test run left keys on {url}: {shown}", pytrace=False)


@pytest.fixture
def settings(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings of one test: its own timeline name and queue on the shared server, both
    dropped when the test ends.

    They are put in the environment too, so that a job run by an in-process
    worker reads the same settings as the test.
    """
    uid = uuid.uuid4().hex[:10]
    values = {
        "redis_url": redis_url,
        "data_dir": str(tmp_path / "data"),
        "timeline": f"t-{uid}",
        "queue_name": f"q-{uid}",
    }
    for key in list(os.environ):
        if key.startswith("TIMELINE_") and key != "TIMELINE_TEST_REDIS_URL":
            monkeypatch.delenv(key)
    # No config file of the developer's reaches a test (timeline.settings.config_path).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for key, value in values.items():
        monkeypatch.setenv(f"TIMELINE_{key.upper()}", value)
    yield Settings()
    with redis.Redis.from_url(redis_url, decode_responses=True) as r:
        _drop(r, Settings(redis_url=redis_url, timeline=values["timeline"],
                          queue_name=values["queue_name"]))  # fmt: skip


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    """The environment a subprocess (CLI, worker) needs to see the test's settings."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    return base | {
        "TIMELINE_REDIS_URL": settings.redis_url or "",
        "TIMELINE_TIMELINE": settings.timeline,
        "TIMELINE_QUEUE_NAME": settings.queue_name,
        "TIMELINE_DATA_DIR": str(settings.data_dir),
    }


@pytest.fixture
def timeline(settings: Settings) -> Iterator[Timeline]:
    tl = Timeline.connect(settings=settings)
    yield tl
    _drop(tl.backend.connections.store, settings)


@pytest.fixture
def memory() -> Timeline:
    """A timeline on the in-memory adapters: for tests of the application alone."""
    return Timeline.in_memory("t-memory", server=MemoryServer())


def _drop(r: redis.Redis, settings: Settings) -> None:
    """Delete every key of the test's timeline and queue, and of the queue's jobs."""
    drop_timeline(r, settings.timeline)
    drop_queue(r, settings.queue_name)


def drop_timeline(r: redis.Redis, name: str) -> None:
    _delete(r, f"{{timeline:{name}}}*", f"timeline:pending:{name}", f"timeline:follows:{name}")
    r.srem("timeline:names", name)


def drop_queue(r: redis.Redis, queue: str) -> None:
    """A queue's keys, and those of its jobs, workers and schedulers (which name the job
    or the worker, not the queue: they are found by the `origin` or `queues` they hold)."""
    jobs, owners = [], []
    for key in r.scan_iter(match="rq:*", count=1000):
        if r.type(key) != "hash":
            continue
        if key.startswith("rq:job:") and r.hget(key, "origin") == queue:
            jobs.append(key.removeprefix("rq:job:"))
        elif queue in str(r.hget(key, "queues")).split(","):
            owners.append(key)  # rq:worker:NAME, rq:scheduler:NAME
    _delete(r, f"rq:*{queue}*", *owners, *(f"{key}:*" for key in owners))
    kinds = ("results", "execution", "executions", "job")
    _delete(r, *(f"rq:{kind}:{job}*" for job in jobs for kind in kinds))
    for key in owners:
        r.srem("rq:workers", key)
        r.srem("rq:schedulers", key)
    r.srem("rq:queues", f"rq:queue:{queue}")
    r.delete("rq:clean_groups")  # a worker's maintenance lock (30 s), of any queue


def _delete(r: redis.Redis, *patterns: str) -> None:
    for pattern in patterns:
        keys = list(r.scan_iter(match=pattern, count=1000)) if "*" in pattern else [pattern]
        if keys:
            r.delete(*keys)


@pytest.fixture
def seed_text() -> str:
    path = SEED / "panjshir.txt"
    if not path.exists():
        pytest.skip(f"seed article missing: {path} (the shared folder sits beside the project)")
    return path.read_text(encoding="utf-8")
