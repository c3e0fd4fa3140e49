"""Job functions. Only the names in `workers.worker.ALLOWED_JOBS` are ever run."""

from __future__ import annotations


def project(timeline: str) -> int:
    """Apply timeline `timeline`'s log to its projection; returns records applied."""
    from timeline.backend.keys import check_name
    from timeline.service import Timeline

    # A job's arguments come from the queue, i.e. from anyone who can write to it:
    # the name is checked here, not defaulted (connect() reads "" as the default).
    if not isinstance(timeline, str):
        raise TypeError(f"a timeline name is a string, not {type(timeline).__name__}")
    tl = Timeline.connect(name=check_name(timeline), announce=False)
    # Cleared before reading the log: records appended from now on get a job of their own.
    tl.backend.jobs.job_started(timeline)
    return tl.project()
