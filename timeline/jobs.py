"""Job functions: what a worker runs. Only the names in
`timeline.backend.worker.ALLOWED_JOBS` are ever run."""

from __future__ import annotations

from typing import Any

from timeline.app import Timeline
from timeline.errors import InputError
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


def follow(timeline: str, feed: str, follow_id: str) -> dict[str, Any]:
    """One run of a follow (`timeline follow FEED`): ingest the feed, its unchanged pages
    skipped, a failing page reported and not blocking the others. A run of a follow that
    was stopped or replaced since ends its repeats instead. Returns counts per status."""
    for value, what in ((timeline, "timeline name"), (feed, "feed"), (follow_id, "follow id")):
        if not isinstance(value, str):
            raise TypeError(f"a {what} is a string, not {type(value).__name__}")
    from timeline.services import ArticleInput
    from timeline.web import is_url

    tl = Timeline.connect(name=check_name(timeline), announce=False)
    jobs = tl.backend.jobs
    if not is_url(feed) or jobs.following(timeline, feed) != follow_id:
        jobs.end_repeats()
        return {"feed": feed, "stopped": True}
    try:
        results = tl.writer.ingest([ArticleInput(feed)], keep_going=True)
    except InputError as exc:  # the feed itself: the next run tries again
        return {"feed": feed, "error": str(exc)}
    counts: dict[str, Any] = {"feed": feed}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    counts["errors"] = [f"{r.path}: {r.error}" for r in results if r.status == "failed"][:20]
    return counts
