"""Job functions: what a worker runs. Only the names in
`timeline.backend.worker.ALLOWED_JOBS` are ever run."""

from __future__ import annotations

from typing import Any

from timeline.app import Timeline
from timeline.ports import check_name


def project(timeline: str) -> int:
    """Apply timeline `timeline`'s log to its projection; returns records applied."""
    # A job's arguments come from the queue, i.e. from anyone who can write to it:
    # the name is checked here, not defaulted (connect() reads "" as the default).
    if not isinstance(timeline, str):
        raise TypeError(f"a timeline name is a string, not {type(timeline).__name__}")
    tl = Timeline.connect(name=check_name(timeline), announce=False)
    # Cleared before reading the log: records appended from now on get a job of their own.
    tl.backend.jobs.job_started(timeline)
    return tl.operator.project()


def extract(timeline: str, batch: dict[str, Any]) -> list[dict[str, Any]]:
    """Extract and append a batch of articles (`timeline ingest --workers`); returns each
    article's result as the ingest reports it."""
    if not isinstance(timeline, str):
        raise TypeError(f"a timeline name is a string, not {type(timeline).__name__}")
    from timeline.services.dispatch import ExtractionBatch, run_batch

    checked = ExtractionBatch.model_validate(batch)  # from the queue: checked, not trusted
    tl = Timeline.connect(name=check_name(timeline), announce=False)
    return [r.model_dump(mode="json") for r in run_batch(tl.writer, checked)]
