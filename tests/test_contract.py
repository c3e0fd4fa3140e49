"""The ports' contract (tests/contract.py) on each adapter: Redis and RQ (the truth),
and in memory (what the application's own tests run on)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import drop_timeline
from tests.contract import BackendContract
from timeline import Timeline
from timeline.memory import MemoryBackend, MemoryServer
from timeline.ports import Backend, LogEntry


class TestRedis(BackendContract):
    @pytest.fixture
    def backend(self, timeline: Timeline) -> Backend:
        return timeline.backend

    def append_raw(self, backend: Backend, article_id: str, rows: list[tuple[str, str]]) -> None:
        from timeline.backend.scripts import register

        r, keys = backend.connections.store, backend.keys  # type: ignore[attr-defined]
        register(r, "append")(
            keys=[keys.log, keys.article_ids, keys.identities, keys.withdrawn],
            args=[article_id, "", "", "", "", "", "", "", *(v for row in rows for v in row)],
        )

    def drop(self, backend: Any) -> None:
        drop_timeline(backend.connections.store, backend.name)


class TestMemory(BackendContract):
    @pytest.fixture
    def backend(self) -> Backend:
        return MemoryBackend("t-contract", MemoryServer())

    def append_raw(self, backend: Backend, article_id: str, rows: list[tuple[str, str]]) -> None:
        data = backend.store.data  # type: ignore[attr-defined]
        data.article_ids[article_id] = f"{len(data.log) + 1}-0"
        for kind, raw in rows:
            data.log.append(LogEntry(f"{len(data.log) + 1}-0", kind, raw))
