"""The application: what a user (or a program) does with a timeline.

`Timeline.connect(url).show(since="Friday", as_of=...)` is the same thing the
CLI does, returning the pydantic models that `--format json` prints.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import orjson
from pydantic import TypeAdapter

from timeline import ordering, query
from timeline.backend import Backend, LogEntry, Row, open_backend
from timeline.errors import (
    ConcurrencyError,
    InputError,
    QueryError,
    StoreError,
    TimelineError,
    UsageError,
)
from timeline.models import (
    ArticleIngested,
    ArticleMeta,
    ArticleRef,
    ArticleRetracted,
    ArticleRevised,
    Event,
    EventRecorded,
    IngestResult,
    Status,
    TimelineEntry,
    TimelineSummary,
)
from timeline.settings import Settings, load_settings
from timeline.temporal.interval import MAX_DAYS
from timeline.text_safety import clean_line, clean_optional, clean_text

if TYPE_CHECKING:
    from timeline.extract import Extraction

# Tries of an append that lost a race with another writer revising the same article.
ATTEMPTS = 5
_ARTICLE: TypeAdapter[ArticleIngested | ArticleRevised] = TypeAdapter(
    ArticleIngested | ArticleRevised
)


@dataclass(frozen=True)
class ArticleInput:
    """One article to ingest: a file name (or "-"), or a text given directly.

    `published`, `source_name` and `url` given here win over what the file's
    sidecar, front matter or HTML page says, which wins over what the text says.
    """

    name: str
    text: str | None = None
    published: dt.date | None = None
    source_name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class _Prepared:
    name: str
    extraction: Extraction | None = None
    error: TimelineError | None = None


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
        settings = settings or load_settings()
        if url is not None:
            settings = settings.model_copy(update={"redis_url": url})
        name = settings.timeline if name is None else name  # "" is a bad name, not the default
        backend = open_backend(settings, name, announce=announce)
        return cls(backend, settings)

    def other(self, name: str) -> Timeline:
        """Another timeline on the same connections."""
        return Timeline(self.backend.sibling(name), self.settings)

    @property
    def name(self) -> str:
        return self.backend.name

    # -- writing -----------------------------------------------------------------
    def ingest(
        self,
        articles: Sequence[ArticleInput],
        *,
        today: dt.date | None = None,
        wait: bool = False,
        keep_going: bool = False,
        progress: Callable[[IngestResult], None] | None = None,
        reading: Callable[[str], None] | None = None,
    ) -> list[IngestResult]:
        """Read and extract every article first, then append each atomically, then project.

        If any article cannot be read or extracted, nothing is written (the store
        stays as it was) unless `keep_going`, which writes the others and reports
        the failures. `reading` is called before each article is read and extracted
        (the slow part), `progress` once each article is written, in order.
        """
        today = today or dt.date.today()
        prepared = []
        for a in articles:
            if reading is not None:
                reading(a.name)
            prepared.append(self._prepare(a, today))
        failed = [p for p in prepared if p.error is not None]
        if failed and not keep_going:
            first = failed[0].error
            assert first is not None
            if len(prepared) == 1:
                raise first
            raise InputError(
                f"{failed[0].name}: {first}"
                + (f" (and {len(failed) - 1} more failed)" if len(failed) > 1 else "")
                + "; nothing was written. Fix or remove them, or pass --keep-going."
            )
        results = []
        # A failed write leaves the store as it was: nothing is appended that the queue
        # could not then be told about.
        self.backend.check_queue()
        with self.backend.guard():
            for p in prepared:
                if p.extraction is None:
                    result = IngestResult(path=p.name, status="failed", error=str(p.error))
                else:
                    result = self._append(p.name, p.extraction)
                results.append(result)
                if progress is not None:
                    progress(result)
            if any(r.status in ("added", "revised") for r in results):
                self._project(wait=wait)
        return results

    def _prepare(self, article: ArticleInput, today: dt.date) -> _Prepared:
        # Extraction and its tagger load only for commands that ingest.
        from timeline.extract import extract
        from timeline.sources import SourceText, check_published, read_source

        try:
            if article.text is None:
                source = read_source(article.name, self.settings.max_file_bytes)
            else:
                source = SourceText(article.name, clean_text(article.text))
            meta = source.meta
            if published := article.published or meta.published:
                check_published(published, f"{article.name}: published")
            extraction = extract(
                source.text,
                published=published,
                source=article.source_name or meta.source,
                url=article.url or meta.url,
                today=today,
            )
            return _Prepared(article.name, extraction=_bounded(extraction))
        except TimelineError as exc:
            return _Prepared(article.name, error=exc)

    def _append(self, name: str, extraction: Extraction) -> IngestResult:
        """Append one article: new, a revision of one with its identity, or a duplicate."""
        article, events = extraction.article, extraction.events
        identity = _identity(article)
        store = self.backend.store
        for _ in range(ATTEMPTS):
            previous = store.current_for(identity) if identity else None
            now = dt.datetime.now(dt.UTC)
            event_ids = [e.id for e in events]
            head: ArticleIngested | ArticleRevised
            if previous and previous != article.id:
                head = ArticleRevised(
                    article=article, replaces=previous, event_ids=event_ids, ingested_at=now
                )
            else:
                head = ArticleIngested(article=article, event_ids=event_ids, ingested_at=now)
            # A generator: each record is built and serialized in turn, never all at once.
            records = itertools.chain([head], (EventRecorded(event=e) for e in events))
            try:
                appended = store.append_article(
                    article.id, records, identity=identity, previous=previous
                )
            except ConcurrencyError:
                continue  # another writer revised the same article first: decide again
            status: Literal["added", "duplicate", "revised"] = "duplicate"
            if appended.status == "appended":
                status = "revised" if isinstance(head, ArticleRevised) else "added"
            return IngestResult(
                path=name,
                article_id=article.id,
                title=article.title,
                status=status,
                events=len(events) if status != "duplicate" else 0,
                published=article.published,
                published_from=article.published_from,
                replaces=head.replaces if isinstance(head, ArticleRevised) else None,
            )
        raise ConcurrencyError(f"{name}: other writers kept revising this article; try again.")

    def retract(self, ref: str, reason: str | None = None) -> str:
        """Take an article's events off the timeline (the log keeps them). Returns its id.

        `ref` is an article id, a unique prefix of one (6+ characters), or its URL.
        """
        store = self.backend.store
        self.backend.check_queue()
        with self.backend.guard():
            article_id = self._resolve_article(ref)
            record = ArticleRetracted(
                article_id=article_id,
                reason=clean_optional(reason),
                retracted_at=dt.datetime.now(dt.UTC),
            )
            store.append_for_article(article_id, record)
            self._project(wait=True)
        return article_id

    def _resolve_article(self, ref: str) -> str:
        store = self.backend.store
        if store.known(ref):
            return ref
        if current := store.current_for(f"url:{ref}"):
            return current
        matches = [a for a in store.article_ids() if a.startswith(ref)] if len(ref) >= 6 else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UsageError(f"{ref!r} names {len(matches)} articles: give more of the id.")
        raise UsageError(
            f"No article {ref!r} in timeline {self.name!r}: give an article id "
            "(see `timeline show --format json`) or its URL."
        )

    def _project(self, *, wait: bool) -> None:
        """Hand the projection to the workers, or do it here when none is alive."""
        jobs = self.backend.jobs
        with self.backend.queue_guard():
            alive = jobs.live_workers()
            if alive:
                jobs.request_projection(self.name)
        if not alive:
            self.backend.projection.catch_up()
        elif wait:
            self.wait_for_projection()

    def _freshen(self) -> int:
        """Before a read: a projection behind its log is brought up to date.

        One batch is applied here, workers or not, so that a `show` right after an
        `ingest` sees it (and no worker that died unnoticed can hide it); a batch is
        safe to apply from anywhere, since the projection script reads its own
        checkpoint. A longer backlog is left to the workers, or projected here when
        none is alive (the laptop case, or a projection of a new format).

        Returns the generation to read.
        """
        projection = self.backend.projection
        with self.backend.guard():
            generation, checkpoint, version = projection.head()
            if not _behind(checkpoint, version):
                return generation
            if 0 <= projection.apply_batch(generation) < projection.batch_size:
                return generation  # the batch reached the end of the log
            self._project(wait=False)
            return projection.generation()

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
        grep: str | None = None,
        source: str | None = None,
        article: str | None = None,
        min_granularity: str | None = None,
        merge: bool = True,
    ) -> list[TimelineEntry]:
        """Events overlapping [since, until], ordered; times in the articles' language.

        Reports of one happening by several articles are one entry unless `merge`
        is false. `grep` matches text and article title, case-insensitively;
        `source` an article's source; `article` an id prefix; `min_granularity`
        (day, week, month, year ...) hides events vaguer than that.
        """
        entries = self.entries(
            since=since, until=until, as_of=as_of, reverse=reverse,
            min_granularity=min_granularity,
        )  # fmt: skip
        if grep:
            needle = grep.casefold()
            entries = (
                e for e in entries
                if needle in e.text.casefold() or needle in e.article.title.casefold()
            )  # fmt: skip
        if source:
            wanted = source.casefold()
            entries = (e for e in entries if (e.article.source or "").casefold() == wanted)
        if article:
            entries = (e for e in entries if e.article.id.startswith(article))
        if merge:
            from timeline.merge import merge as merge_reports

            entries = merge_reports(entries)
        with self.backend.guard():
            return list(itertools.islice(entries, offset, offset + limit))

    def entries(
        self,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        as_of: dt.date | None = None,
        reverse: bool = False,
        min_granularity: str | None = None,
    ) -> Iterator[TimelineEntry]:
        """Every event in the window, lazily, in timeline order (unmerged)."""
        generation = self._freshen()
        as_of = as_of or dt.date.today()
        lo = _bound(since, as_of, "--since", start=True)
        hi = _bound(until, as_of, "--until", start=False)
        indexes = ordering.GRANULARITIES
        if min_granularity is not None:
            if min_granularity not in MAX_DAYS:
                raise QueryError(
                    f"--min-granularity {min_granularity!r}: use one of "
                    f"{', '.join(ordering.GRANULARITIES)}."
                )
            indexes = tuple(g for g in indexes if MAX_DAYS[g] <= MAX_DAYS[min_granularity])
        rows = self.backend.projection.rows(
            lo, hi, reverse=reverse, granularities=indexes, generation=generation
        )
        # Each article's record is parsed once per query, not once per event.
        refs: dict[str, ArticleRef] = {}
        return (_entry(row, refs) for row in rows)

    def stats(
        self,
        by: Literal["day", "month", "year"] = "month",
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        as_of: dt.date | None = None,
    ) -> tuple[list[tuple[str, int]], int]:
        """Events per day, month or year, and how many events are vaguer than that."""
        width = {"day": 10, "month": 7, "year": 4}[by]
        counts: dict[str, int] = {}
        vaguer = 0
        finest = tuple(g for g in ordering.GRANULARITIES if MAX_DAYS[g] <= MAX_DAYS[by])
        with self.backend.guard():
            for e in self.entries(since=since, until=until, as_of=as_of):
                if ordering.granularity_of(e.start, e.end) not in finest:
                    vaguer += 1
                    continue
                bucket = e.start.isoformat()[:width]
                counts[bucket] = counts.get(bucket, 0) + 1
        return sorted(counts.items()), vaguer

    def timelines(self) -> list[TimelineSummary]:
        """Every timeline on this server, with its counts and the days it covers."""
        with self.backend.guard():
            summaries = []
            for name in sorted(self.backend.timeline_names()):
                other = self if name == self.name else self.other(name)
                span = other.span()
                summaries.append(
                    TimelineSummary(
                        name=name,
                        articles=other.backend.store.article_count(),
                        events=other.backend.projection.event_count(),
                        first=span[0] if span else None,
                        last=span[1] if span else None,
                    )
                )
            return summaries

    def span(self) -> tuple[dt.date, dt.date] | None:
        with self.backend.guard():
            return self.backend.projection.span()

    def status(self) -> Status:
        b = self.backend
        with b.guard():
            gen = b.projection.generation()
            checkpoint = b.projection.checkpoint(gen)
            lag = len(b.store.read(after=checkpoint, count=10_000))
            with b.queue_guard():
                queue = b.jobs.stats()
            return Status(
                timeline=self.name,
                server=b.connections.where,
                durability=b.store.durability(),
                log_length=b.store.length(),
                articles=b.store.article_count(),
                events=b.projection.event_count(),
                generation=gen,
                checkpoint=checkpoint,
                log_version=b.store.version(),
                lag=lag,
                queue=queue,
            )

    def log(self, count: int = 20) -> list[LogEntry]:
        with self.backend.guard():
            return self.backend.store.tail(count)


def _identity(article: ArticleMeta) -> str | None:
    """What makes a changed text the same article: its URL, else its title and source."""
    if article.url:
        return f"url:{article.url}"
    if article.source:
        title = " ".join(article.title.casefold().split())
        return f"title:{title}|{article.source.casefold()}"
    return None


# Bounds of the text fields stored in the log: a 1 MB paragraph without a sentence
# end is one clause, and must not become a 1 MB event (nor a 1 MB title line a title).
# The offsets (char_start/char_end) still give the whole clause in the article.
MAX_CHARS = {"text": 2000, "time_text": 200, "title": 500, "source": 200, "url": 2048}


def _clip(value: str | None, field: str) -> str | None:
    """A stored text field: without control characters or escapes, and bounded.

    Applied where records are written and again where they are read, for records
    stored before the cleaning.
    """
    if value is None:
        return None
    value = clean_text(value) if field == "text" else clean_line(value)
    limit = MAX_CHARS[field]
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def _bounded(extraction: Extraction) -> Extraction:
    """The extraction with every stored text field within MAX_CHARS."""
    events = [_bounded_event(e) for e in extraction.events]
    return extraction.model_copy(
        update={"article": _bounded_article(extraction.article), "events": events}
    )


def _bounded_article(article: ArticleMeta) -> ArticleMeta:
    fields = ("title", "source", "url")
    update = {f: _clip(getattr(article, f), f) for f in fields if getattr(article, f) is not None}
    return article.model_copy(update=update)


def _bounded_event(event: Event) -> Event:
    text, time_text = _clip(event.text, "text"), _clip(event.time_text, "time_text")
    if text is event.text and time_text is event.time_text:
        return event  # the usual case: no copy of each of a big article's 10^5 events
    return event.model_copy(update={"text": text, "time_text": time_text})


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


# What an entry takes from its article, as it is.
_ARTICLE_FIELDS = set(ArticleRef.model_fields)


def _entry(row: Row, refs: dict[str, ArticleRef]) -> TimelineEntry:
    """One validation, straight from the stored event's fields to the entry's (the entry
    ignores the provenance fields it does not show). An article's record lists all its
    event ids, so it is parsed once per query (`refs`), not once per event."""
    event = orjson.loads(row.event)["event"]
    ref = refs.get(event["article_id"])
    if ref is None:
        article = _bounded_article(_ARTICLE.validate_json(row.article).article)
        ref = refs[article.id] = ArticleRef(**article.model_dump(include=_ARTICLE_FIELDS))
    text, time_text = _clip(event["text"], "text"), _clip(event.get("time_text"), "time_text")
    return TimelineEntry.model_validate(
        {**event, "text": text, "time_text": time_text, "article": ref}
    )
