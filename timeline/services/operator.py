"""Operating: the state of a timeline, projecting it, rebuilding it."""

from __future__ import annotations

import dataclasses

from timeline.errors import NotFound
from timeline.models import Status
from timeline.ports import Backend
from timeline.services.projector import Projector
from timeline.services.reader import Reader
from timeline.settings import Settings


class Operator:
    def __init__(self, backend: Backend, settings: Settings, projector: Projector) -> None:
        self.backend = backend
        self.settings = settings
        self.projector = projector

    def status(self) -> Status:
        """The log, the projection's checkpoint and lag, the queue and its workers.
        Reads only."""
        b = self.backend
        return Status(
            timeline=b.name,
            server=b.where,
            durability=b.store.durability(),
            log_length=b.store.length(),
            articles=b.store.article_count(),
            events=b.projection.event_count(),
            generation=b.projection.generation(),
            orphan_generations=b.projection.orphans(),
            checkpoint=b.projection.checkpoint(),
            log_version=b.store.version(),
            lag=Reader(b).lag(),
            queue=dataclasses.asdict(b.jobs.stats()),
        )

    def project(self) -> int:
        """Apply the log to the projection here and now (what a worker's job does);
        returns the records applied."""
        return self.projector.catch_up()

    def drop(self) -> int:
        """Delete the whole timeline: log, projection, jobs. Returns what went (keys and
        jobs); NotFound naming the timelines there are when it does not exist."""
        names = self.backend.timeline_names()
        if self.backend.name not in names:
            others = ", ".join(sorted(names)) or "none"
            raise NotFound(
                f"No timeline {self.backend.name!r} here: the timelines are {others}."
            )
        self.backend.jobs.check()
        return self.backend.drop()

    def rebuild(self) -> int:
        """Replay the whole log into fresh keys and swap them in; returns records replayed."""
        return self.projector.rebuild()

    def wait_for_projection(self, timeout: float | None = None) -> None:
        """Wait until the workers have applied the log as it is now."""
        self.projector.wait(timeout or self.settings.wait_timeout)
