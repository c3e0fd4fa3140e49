"""Ingest on workers: articles read here, extracted and appended by the workers.

`ingest_on_workers` reads every article (files stay where the command runs), queues
them in batches (`ExtractionBatch`: at most EXTRACT_BATCH_ARTICLES articles, and
EXTRACT_BATCH_BYTES of text beyond the first) as extraction jobs, and reports each
article's result, in order, as the jobs finish: the same results, progress and
read-your-writes as an ingest in this process. A job (`timeline.jobs.extract`, on any
worker of the queue) extracts and appends its articles one by one (`run_batch`); an
append is idempotent per article id, so a job retried after its worker died appends
nothing twice (its articles the dead worker had appended come back "duplicate").
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from timeline import defaults
from timeline.errors import InputError, StoreError, TimelineError, UsageError
from timeline.models import IngestResult

if TYPE_CHECKING:
    from timeline.services.writer import ArticleInput, Writer


class QueuedArticle(BaseModel):
    """An article as an extraction job carries it: its text, read by the ingest."""

    model_config = ConfigDict(extra="forbid")

    name: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None


class ExtractionBatch(BaseModel):
    """An extraction job's argument (it comes from the queue: checked here)."""

    model_config = ConfigDict(extra="forbid")

    today: dt.date
    articles: list[QueuedArticle] = Field(max_length=defaults.EXTRACT_BATCH_ARTICLES)


def batches(articles: Sequence[QueuedArticle]) -> list[list[QueuedArticle]]:
    """Consecutive articles in batches of at most EXTRACT_BATCH_ARTICLES, and of at most
    EXTRACT_BATCH_BYTES of text but for a batch's first article."""
    out: list[list[QueuedArticle]] = []
    size = 0
    for a in articles:
        length = len(a.text.encode("utf-8", "surrogatepass"))
        if (
            not out
            or len(out[-1]) >= defaults.EXTRACT_BATCH_ARTICLES
            or size + length > defaults.EXTRACT_BATCH_BYTES
        ):
            out.append([])
            size = 0
        out[-1].append(a)
        size += length
    return out


def ingest_on_workers(
    writer: Writer,
    articles: Sequence[ArticleInput],
    *,
    today: dt.date,
    wait: bool,
    keep_going: bool,
    progress: Callable[[IngestResult], None] | None,
    reading: Callable[[str], None] | None,
) -> list[IngestResult]:
    """`Writer.ingest(..., workers=True)`. `reading` is called as each article's
    extraction is done (the slow part, on the workers), `progress` once it is written."""
    jobs = writer.backend.jobs
    jobs.check()
    if jobs.live_workers() == 0:
        raise UsageError(
            "No worker is running to extract the articles: start `timeline worker` "
            "(on any machine with this store and queue), or ingest without --workers."
        )
    read: list[QueuedArticle | TimelineError] = []
    for a in articles:
        try:
            given = writer._read(a)
            assert given.text is not None
            read.append(QueuedArticle(name=given.name, text=given.text, published=given.published,
                                      source=given.source_name, url=given.url))  # fmt: skip
        except TimelineError as exc:
            read.append(exc)
    failed = [
        (a.name, r) for a, r in zip(articles, read, strict=True) if isinstance(r, TimelineError)
    ]
    if not keep_going:
        from timeline.services.writer import refuse_failed

        refuse_failed(failed, len(read))
    good = [r for r in read if isinstance(r, QueuedArticle)]
    queued = batches(good)
    ids = [
        jobs.enqueue_extraction(
            writer.backend.name,
            ExtractionBatch(today=today, articles=b).model_dump(mode="json"),
        )
        for b in queued
    ]
    done = _wait_for(writer, ids, queued, reading)
    results: list[IngestResult] = []
    extracted = iter(done)
    for a, r in zip(articles, read, strict=True):
        if isinstance(r, QueuedArticle):
            result = next(extracted)
        else:
            result = IngestResult(path=a.name, status="failed", error=str(r))
        results.append(result)
        if progress is not None:
            progress(result)
    if any(r.status in ("added", "revised") for r in results):
        writer.make_visible(wait=wait)
    return results


def _wait_for(
    writer: Writer,
    ids: list[str],
    queued: list[list[QueuedArticle]],
    reading: Callable[[str], None] | None,
) -> list[IngestResult]:
    """Each queued article's result, in order, once its job is done. Waits as long as
    jobs finish or workers live; fails when no job finished for WAIT_TIMEOUT seconds
    and no worker is alive."""
    jobs = writer.backend.jobs
    results: dict[int, list[IngestResult]] = {}
    last_change = time.monotonic()
    while len(results) < len(ids):
        waiting = [i for i in range(len(ids)) if i not in results]
        states = jobs.job_states([ids[i] for i in waiting])
        for i, state in zip(waiting, states, strict=True):
            if state.status == "waiting":
                continue
            batch = queued[i]
            if state.status == "done" and isinstance(state.result, list):
                got = [IngestResult.model_validate(r) for r in state.result]
            else:
                error = state.error or "the extraction job returned no results"
                got = [IngestResult(path=a.name, status="failed", error=error) for a in batch]
            results[i] = got
            last_change = time.monotonic()
            if reading is not None:
                for a in batch:
                    reading(a.name)
        if len(results) < len(ids):
            idle = time.monotonic() - last_change
            if idle > writer.settings.wait_timeout and jobs.live_workers() == 0:
                raise StoreError(
                    f"No worker is running and {len(ids) - len(results)} extraction jobs "
                    "wait in the queue: start `timeline worker`; the jobs run then (run "
                    "the ingest again to see their results: it adds nothing twice)."
                )
            time.sleep(defaults.EXTRACT_POLL)
    return [r for i in range(len(ids)) for r in results[i]]


def run_batch(writer: Writer, batch: ExtractionBatch) -> list[IngestResult]:
    """What an extraction job does: extract and append each article of the batch, then
    make them visible (the worker applies them, as an ingest does)."""
    results = []
    for a in batch.articles:
        from timeline.services.writer import ArticleInput

        given = ArticleInput(a.name, a.text, a.published, a.source, a.url)
        try:
            if len(a.text.encode("utf-8", "surrogatepass")) > writer.settings.max_file_bytes:
                raise InputError(f"{a.name}: larger than {writer.settings.max_file_bytes} bytes")
            extraction = writer._extract(given, batch.today)
        except TimelineError as exc:
            results.append(IngestResult(path=a.name, status="failed", error=str(exc)))
            continue
        results.append(writer._append(a.name, extraction))
    if any(r.status in ("added", "revised") for r in results):
        writer.make_visible()
    return results
