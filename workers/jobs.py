"""Job functions. Only the names in `workers.worker.ALLOWED_JOBS` are ever run."""

from __future__ import annotations


def project(timeline: str) -> int:
    """Apply timeline `timeline`'s log to its projection; returns records applied."""
    from timeline.service import Timeline

    tl = Timeline.connect(name=timeline, announce=False)
    # Cleared before reading the log: records appended from now on get a job of their own.
    tl.backend.jobs.job_started(timeline)
    return tl.project()
