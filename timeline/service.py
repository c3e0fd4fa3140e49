"""The application: what a user (or a program) does with a timeline.

`Timeline.connect(url).show(since="Friday", as_of=...)` is the same thing the
CLI does, returning the pydantic models that `--format json` prints.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from timeline import query
from timeline.backend import Backend, LogEntry, Row, open_backend
from timeline.errors import StoreError
from timeline.extract import Extraction, extract
from timeline.models import (
    ArticleIngested,
    ArticleRef,
    EventRecorded,
    IngestResult,
    Status,
    TimelineEntry,
)
from timeline.settings import Settings
from timeline.sources import SourceText


@dataclass(frozen=True)
class ArticleInput:
    source: SourceText
    published: dt.date | None = None
    source_name: str | None = None
    url: str | None = None


class Timeline:
    def __init__(self, backend: Backend, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings

    @classmethod
    def connect(
        cls,
        url: str | None = None,
        *,
        name: str | None = None,
        settings: Settings | None = None,
        announce: bool = True,
    ) -> Timeline:
        """Open timeline `name` on the Redis at `url` (None: as the settings say)."""
        settings = settings or Settings()
        if url is not None:
            settings = settings.model_copy(update={"redis_url": url})
        backend = open_backend(settings, name or settings.timeline, announce=announce)
        return cls(backend, settings)

    @property
    def name(self) -> str:
        return self.backend.name

    # -- writing -----------------------------------------------------------------
    def ingest(
        self, articles: Sequence[ArticleInput], *, today: dt.date | None = None, wait: bool = False
    ) -> list[IngestResult]:
        """Extract every article first, then append each atomically, then project.

        Extraction errors surface before anything is written, so a failed ingest
        leaves the store as it was.
        """
        today = today or dt.date.today()
        extractions = [
            (
                a.source.name,
                extract(
                    a.source.text,
                    published=a.published,
                    source=a.source_name,
                    url=a.url,
                    today=today,
                ),
            )
            for a in articles
        ]
        results = []
        with self.backend.guard():
            for name, extraction in extractions:
                results.append(self._append(name, extraction))
            if any(r.status == "added" for r in results):
                self._project(wait=wait)
        return results

    def _append(self, name: str, extraction: Extraction) -> IngestResult:
        article = extraction.article
        records: list[ArticleIngested | EventRecorded] = [
            ArticleIngested(
                article=article,
                event_ids=[e.id for e in extraction.events],
                ingested_at=dt.datetime.now(dt.UTC),
            ),
            *(EventRecorded(event=e) for e in extraction.events),
        ]
        appended = self.backend.store.append_article(article.id, list(records))
        return IngestResult(
            path=name,
            article_id=article.id,
            title=article.title,
            status="added" if appended.status == "appended" else "duplicate",
            events=len(extraction.events),
            published=article.published,
            published_from=article.published_from,
        )

    def _project(self, *, wait: bool) -> None:
        """Hand the projection to the workers, or do it here when none is alive."""
        jobs = self.backend.jobs
        if jobs.live_workers() == 0:
            self.backend.projection.catch_up()
            return
        jobs.request_projection(self.name)
        if wait:
            self.wait_for_projection()

    def wait_for_projection(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.settings.wait_timeout)
        projection, store = self.backend.projection, self.backend.store
        with self.backend.guard():
            target = store.version()
            while _behind(projection.checkpoint(), target):
                if time.monotonic() > deadline:
                    raise StoreError(
                        "The workers did not catch up in time: check `timeline status` "
                        "and that `timeline worker` is running."
                    )
                time.sleep(0.05)

    def project(self) -> int:
        """Apply the log to the projection here and now (what a worker job does)."""
        with self.backend.guard():
            return self.backend.projection.catch_up()

    def rebuild(self) -> int:
        """Replay the whole log into fresh keys and swap them in; returns records replayed."""
        with self.backend.guard():
            replayed, _ = self.backend.projection.rebuild()
            return replayed

    # -- reading -----------------------------------------------------------------
    def show(
        self,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        as_of: dt.date | None = None,
        limit: int = 50,
        offset: int = 0,
        reverse: bool = False,
    ) -> list[TimelineEntry]:
        """Events overlapping [since, until], ordered; times in the articles' language."""
        as_of = as_of or dt.date.today()
        lo = _bound(since, as_of, "--since", start=True)
        hi = _bound(until, as_of, "--until", start=False)
        with self.backend.guard():
            rows = self.backend.projection.window(
                lo, hi, limit=limit, offset=offset, reverse=reverse
            )
        return [_entry(row) for row in rows]

    def span(self) -> tuple[dt.date, dt.date] | None:
        with self.backend.guard():
            return self.backend.projection.span()

    def status(self) -> Status:
        b = self.backend
        with b.guard():
            gen = b.projection.generation()
            checkpoint = b.projection.checkpoint(gen)
            lag = len(b.store.read(after=checkpoint, count=10_000))
            return Status(
                timeline=self.name,
                server=b.connections.where,
                log_length=b.store.length(),
                articles=b.store.article_count(),
                events=b.projection.event_count(),
                generation=gen,
                checkpoint=checkpoint,
                log_version=b.store.version(),
                lag=lag,
                queue=b.jobs.stats(),
            )

    def log(self, count: int = 20) -> list[LogEntry]:
        with self.backend.guard():
            return self.backend.store.tail(count)


def _behind(checkpoint: str, target: str) -> bool:
    def parse(stream_id: str) -> tuple[int, int]:
        ms, _, seq = stream_id.partition("-")
        return int(ms), int(seq or 0)

    return parse(checkpoint) < parse(target)


def _bound(
    value: str | dt.date | None, as_of: dt.date, option: str, *, start: bool
) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value if start else value + dt.timedelta(days=1)
    found = query.resolve(value, as_of, option)
    return found.start if start else found.end


def _entry(row: Row) -> TimelineEntry:
    event = EventRecorded.model_validate_json(row.event).event
    article = ArticleIngested.model_validate_json(row.article).article
    return TimelineEntry(
        id=event.id,
        value=event.value,
        start=event.start,
        end=event.end,
        text=event.text,
        time_text=event.time_text,
        anchor=event.anchor,
        article=ArticleRef(
            id=article.id,
            title=article.title,
            source=article.source,
            url=article.url,
            published=article.published,
        ),
        paragraph=event.paragraph,
        sentence=event.sentence,
        clause=event.clause,
        timex_type=event.timex_type,
    )
