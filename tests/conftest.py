"""Fixtures: a real Redis-compatible server and isolated timelines on it.

TIMELINE_TEST_REDIS_URL names the server when set (CI: the local Redis on a
database of its own); otherwise the tests start the embedded server in a
temporary data dir, exactly as the program does for a user.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from timeline.backend.server import EmbeddedServer, find_binary
from timeline.service import Timeline
from timeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    url = os.environ.get("TIMELINE_TEST_REDIS_URL")
    if url:
        yield url
        return
    if find_binary() is None:
        pytest.skip("no TIMELINE_TEST_REDIS_URL and no server binary to start an embedded one")
    data_dir = Path(tempfile.mkdtemp(prefix="tl-test-"))
    server = EmbeddedServer(data_dir)
    server.ensure()
    yield server.url
    server.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def settings(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings of one test: its own timeline name and queue on the shared server.

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
    for key, value in values.items():
        monkeypatch.setenv(f"TIMELINE_{key.upper()}", value)
    return Settings()


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


def _drop(r: redis.Redis, settings: Settings) -> None:
    """Delete every key of the test's timeline and queue."""
    patterns = [
        f"{{timeline:{settings.timeline}}}*",
        f"rq:*{settings.queue_name}*",
        f"timeline:pending:{settings.timeline}",
    ]
    for pattern in patterns:
        keys = list(r.scan_iter(match=pattern, count=1000))
        if keys:
            r.delete(*keys)
    r.srem("timeline:names", settings.timeline)


@pytest.fixture
def seed_text() -> str:
    path = SEED / "panjshir.txt"
    if not path.exists():
        pytest.skip(f"seed article missing: {path} (the shared folder sits beside the project)")
    return path.read_text(encoding="utf-8")
