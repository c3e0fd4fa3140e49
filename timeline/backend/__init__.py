"""Adapters to Redis and RQ. The only package of timeline that imports redis or rq."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from timeline.backend.connect import Connections, open_connections, translate_errors
from timeline.backend.keys import TIMELINES, Keys, check_name
from timeline.backend.projection import Projection, Row
from timeline.backend.store import AppendResult, EventStore, LogEntry
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.backend.queue import JobQueue

__all__ = ["AppendResult", "Backend", "LogEntry", "Row", "open_backend"]


@dataclass
class Backend:
    """The store, projection and job queue of one timeline, on open connections."""

    name: str
    connections: Connections
    store: EventStore
    projection: Projection
    queue_name: str = field(default="timeline")

    @cached_property
    def jobs(self) -> JobQueue:
        # RQ is imported only by commands that queue or inspect jobs: `show` stays fast.
        from timeline.backend.queue import JobQueue

        return JobQueue(self.connections.queue, self.queue_name)

    def sibling(self, name: str) -> Backend:
        """The backend of another timeline on the same connections."""
        keys = Keys(check_name(name))
        store = EventStore(self.connections.store, keys)
        projection = Projection(self.connections.store, keys, self.projection.batch_size)
        return Backend(name, self.connections, store, projection, self.queue_name)

    def timeline_names(self) -> set[str]:
        return {str(n) for n in self.connections.store.smembers(TIMELINES)}

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Report redis failures inside the block as the project's errors."""
        with translate_errors(self.connections.where):
            yield

    @contextmanager
    def queue_guard(self) -> Iterator[None]:
        """As `guard`, for the job queue's server: the messages name its URL and setting."""
        c = self.connections
        with translate_errors(c.queue_where, c.queue_setting):
            yield

    def check_queue(self) -> None:
        """Fail now, before anything is written, if the job queue cannot be reached."""
        with self.queue_guard():
            self.connections.queue.ping()


def open_backend(settings: Settings, name: str, *, announce: bool = True) -> Backend:
    keys = Keys(check_name(name))
    conns = open_connections(settings, announce=announce)
    store = EventStore(conns.store, keys)
    return Backend(
        name=name,
        connections=conns,
        store=store,
        projection=Projection(conns.store, keys, settings.batch_size),
        queue_name=settings.queue_name,
    )
