"""The Redis and RQ adapters of the ports (`timeline.ports`).

The only package of timeline that imports redis or rq. `open_backend` gives the
ports of one timeline on connections opened as the settings say.
"""

from __future__ import annotations

# First, before anything imports redis (`_deferred` says why).
import timeline.backend._deferred  # noqa: F401  # isort: skip

# isort: split
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from timeline.backend.connect import Connections, open_connections, translate_errors
from timeline.backend.fetches import RedisFetchState
from timeline.backend.keys import TIMELINES, Keys, check_name
from timeline.backend.projection import RedisProjection, checkpoint_of
from timeline.backend.server import EmbeddedServer, find_binary
from timeline.backend.store import RedisEventLog, version_of
from timeline.ports import Backend, ReadState
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.backend.queue import RQJobQueue

__all__ = [
    "RedisBackend",
    "embedded_server_report",
    "open_backend",
    "run_worker",
    "stop_embedded_server",
]


@dataclass
class RedisBackend:
    """The ports of one timeline on Redis (the store and projection) and RQ (the jobs)."""

    name: str
    connections: Connections
    batch_size: int
    queue_name: str = field(default="timeline")
    # The generation the last read_state found live: its checkpoint is asked in the same
    # round trip, and only a swap since (a rebuild) costs a second one.
    _seen: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def where(self) -> str:
        return self.connections.where

    @cached_property
    def keys(self) -> Keys:
        return Keys(check_name(self.name))

    @cached_property
    def store(self) -> RedisEventLog:
        return RedisEventLog(self.connections.store, self.keys, self.where)

    @cached_property
    def projection(self) -> RedisProjection:
        return RedisProjection(self.connections.store, self.keys, self.batch_size, self.where)

    @cached_property
    def jobs(self) -> RQJobQueue:
        # RQ is imported only by commands that queue or inspect jobs: `show` stays fast.
        from timeline.backend.queue import RQJobQueue

        c = self.connections
        return RQJobQueue(c.queue, self.queue_name, c.queue_where or c.where, c.queue_setting)

    @cached_property
    def fetches(self) -> RedisFetchState:
        return RedisFetchState(self.connections.store, self.keys, self.where)

    def sibling(self, name: str) -> RedisBackend:
        return RedisBackend(check_name(name), self.connections, self.batch_size, self.queue_name)

    def timeline_names(self) -> set[str]:
        with translate_errors(self.where):
            return {str(n) for n in self.connections.store.smembers(TIMELINES)}

    def read_state(self) -> ReadState:
        keys, guess = self.keys, self._seen
        with (
            translate_errors(self.where),
            self.connections.store.pipeline(transaction=False) as pipe,
        ):
            pipe.sismember(TIMELINES, self.name)
            pipe.get(keys.generation)
            pipe.get(keys.projection(guess).checkpoint)
            pipe.xrevrange(keys.log, count=1)
            listed, live, checkpoint, last = pipe.execute()
        generation = int(live or 0)
        if generation == guess:
            # The checkpoint was read after the pointer: of that generation, which a swap
            # since leaves readable (retired keys expire later), so the pair holds.
            checkpoint = checkpoint_of(checkpoint)
        else:
            self._seen = generation
            checkpoint = self.projection.checkpoint(generation)
        return ReadState(bool(listed), generation, checkpoint, version_of(last))

    def drop(self) -> int:
        """Every key with the timeline's hash tag (the log, the projection's generations,
        the article, identity and fetch hashes), its name, and its jobs."""
        r = self.connections.store
        dropped = self.jobs.drop(self.name)
        with translate_errors(self.where):
            keys = list(r.scan_iter(match=f"{self.keys.tag}*", count=1000))
            for at in range(0, len(keys), 500):
                dropped += int(r.delete(*keys[at : at + 500]))
            r.srem(TIMELINES, self.name)
        return dropped


def open_backend(settings: Settings, name: str, *, announce: bool = True) -> Backend:
    conns = open_connections(settings, announce=announce)
    return RedisBackend(check_name(name), conns, settings.batch_size, settings.queue_name)


def run_worker(
    settings: Settings, *, burst: bool = False, name: str | None = None, with_scheduler: bool = True
) -> bool:
    """An RQ worker on the configured queue, until stopped (or the queue is empty)."""
    from timeline.backend.worker import run

    conns = open_connections(settings)
    return run(conns.queue, settings.queue_name, burst=burst, name=name,
               with_scheduler=with_scheduler)  # fmt: skip


def embedded_server_report(settings: Settings) -> list[tuple[str, str]]:
    """What `timeline server status` shows: (label, value) rows."""
    s = EmbeddedServer(settings.data_dir)
    running = s.ping()
    rows = [
        ("data dir", str(s.data_dir)),
        ("socket", str(s.socket)),
        ("binary", find_binary() or "none found"),
        ("running", f"yes, pid {s.pid()}" if running else "no"),
    ]
    if running:
        with s.client() as r:
            info = r.info()
        rows += [
            ("version", str(info.get("valkey_version") or info.get("redis_version"))),
            ("memory", str(info.get("used_memory_human"))),
            ("aof", "on" if info.get("aof_enabled") else "off"),
        ]
    return rows


def stop_embedded_server(settings: Settings) -> bool:
    """Stop the embedded server (its data stays); False when none was running."""
    return EmbeddedServer(settings.data_dir).stop()
