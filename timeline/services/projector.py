"""Projecting: the one loop that applies the log to the projection.

A worker's job, an ingest making its own records visible and a rebuild all run
it. Records of today's schema are applied by the index itself, from the log
(`ProjectionIndex.apply_next`: on Redis, one script call per batch, and events
never travel here); a record of an older schema stops that, is brought to
today's schema here (`timeline.records.upcast`) and applied as given.
"""

from __future__ import annotations

import time

from timeline import records
from timeline.errors import StoreError
from timeline.ports import Applied, Backend, behind


class Projector:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def catch_up(self, *, through: str | None = None) -> int:
        """Apply the log to the live generation until its end, or until the record at
        position `through` is applied. Returns how many records this call applied.

        A rebuild may swap the live generation meanwhile: the loop follows it.
        """
        projection = self.backend.projection
        applied = 0
        while True:
            step = self._step(projection.generation(), live=True)
            applied += step.count
            if step.status == "end":
                return applied
            if through is not None and not behind(projection.checkpoint(), through):
                return applied

    def wait(self, timeout: float) -> None:
        """Wait until the workers have applied the log as it is now."""
        deadline = time.monotonic() + timeout
        target = self.backend.store.version()
        while behind(self.backend.projection.checkpoint(), target):
            if time.monotonic() > deadline:
                raise StoreError(
                    "The workers did not catch up in time: check `timeline status` "
                    "and that `timeline worker` is running."
                )
            time.sleep(0.05)

    def rebuild(self) -> int:
        """Replay the whole log into a fresh generation, then swap it in atomically;
        returns the records replayed. Reads see the old generation until the swap."""
        projection = self.backend.projection
        generation = projection.new_generation()
        replayed = 0
        while True:
            while (step := self._step(generation, live=False)).status != "end":
                replayed += step.count
            replayed += step.count
            old = projection.swap(generation)
            if old is not None:  # else the log moved on since: apply what came, then swap
                projection.retire(old)
                return replayed

    def _step(self, generation: int, *, live: bool) -> Applied:
        """One batch, whatever the schema of its records."""
        projection = self.backend.projection
        step = projection.apply_next(generation, live=live)
        if step.status != "upcast":
            return step
        after = projection.checkpoint(generation)
        entries = self.backend.store.read(after=after, count=projection.batch_size)
        upcast = records.upcast(entries, self.backend.store)
        given = projection.apply_records(generation, after, upcast, live=live)
        # 'moved': another projector applied them meanwhile; the next step goes on from there.
        return Applied(
            step.count + given.count, "more" if given.status == "moved" else given.status
        )
