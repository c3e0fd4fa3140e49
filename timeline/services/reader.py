"""Reading: queries of the projection. Reads never write.

A read sees what the projection holds; every command that writes returns only
once the projection holds what it wrote (`Writer.make_visible`), which is what
makes a `show` right after an `ingest` see it. `lag` says how far the projection
is behind the log when something else appended (a program using the store
directly, workers that died): the CLI says so rather than fix it from a read.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from timeline import defaults, ordering
from timeline.errors import NotFound, UsageError
from timeline.models import TimelineEntry, TimelineSummary
from timeline.ports import START, Backend, Follow, LogEntry, behind
from timeline.query import Query
from timeline.temporal.value import MAX_DAYS

Bucket = Literal["day", "month", "year"]
# A place in timeline order: (score, member) as `ordering.entry_key` gives it.
Key = tuple[int, str]


@dataclass(frozen=True)
class Page:
    """One page of a paged read, and the place to go on after (None: nothing follows)."""

    entries: list[TimelineEntry]
    next: Key | None


@dataclass(frozen=True)
class Change:
    """What one article's records did to the timeline once projected: `ArticleIngested`
    or `ArticleRevised` (its `entries`, unmerged; a revision `replaces` an article) or
    `ArticleRetracted`. `position` is its last record's place in the log."""

    position: str
    type: str
    article_id: str
    replaces: str | None
    entries: list[TimelineEntry]


class Reader:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def show(self, query: Query | None = None, /, **options: Any) -> list[TimelineEntry]:
        """Entries of the query's window that pass its filters, ordered, merged unless
        `merge` is false, one page of them (`offset`, `limit`).

        Takes a Query, or the Query's fields as keywords: `show(since="Friday")`.
        """
        query = _query(query, options)
        entries: Iterator[TimelineEntry] = (e for e in self.entries(query) if query.keeps(e))
        if query.merge:
            from timeline.merge import merge

            entries = merge(entries)
        return list(itertools.islice(entries, query.offset, query.offset + query.limit))

    def page(
        self, query: Query, after: Key | None = None, *, generation: int | None = None
    ) -> Page:
        """`show`'s entries (`query.limit` of them) that come after place `after` in
        timeline order (before it with `reverse`), and the place of the last one; of
        the projection's `generation` when the caller has read which is live (None:
        the live one).

        The place is the event's own (`ordering.entry_key`), not a count: events appended
        meanwhile never shift a page, so a reader paging on sees every entry it has not
        yet seen exactly once (with merging, a report that joins a happening already shown
        folds into it). A merged entry stands where its group's first report stands.
        """
        # As many events a round trip as the page takes when all pass the filters.
        chunk = min(query.offset + query.limit + 1, defaults.QUERY_CHUNK_MAX)
        read = self.entries(query, after=after, generation=generation, chunk=chunk)
        raw = (e for e in read if query.keeps(e))
        led: Iterable[tuple[TimelineEntry, TimelineEntry]]
        if query.merge:
            from timeline.merge import merge_led

            led = merge_led(raw)
        else:
            led = ((e, e) for e in raw)
        if after is not None:
            led = (p for p in led if _beyond(ordering.entry_key(p[0]), after, query.reverse))
        taken = list(itertools.islice(led, query.offset, query.offset + query.limit + 1))
        more = len(taken) > query.limit
        taken = taken[: query.limit]
        following = ordering.entry_key(taken[-1][0]) if more and taken else None
        return Page([merged for _, merged in taken], following)

    def entries(
        self,
        query: Query | None = None,
        /,
        *,
        after: Key | None = None,
        generation: int | None = None,
        chunk: int | None = None,
        **options: Any,
    ) -> Iterator[TimelineEntry]:
        """Every event of the query's window, lazily, in timeline order (unfiltered,
        unmerged, not paged); with `after`, read from that place's day on (to it, with
        `reverse`), which holds every event beyond the place. `generation` and `chunk`
        as `ProjectionIndex.entries` takes them."""
        query = _query(query, options)
        start, end = query.window
        if after is not None:
            day = dt.date.fromordinal(after[0])
            if query.reverse:
                # An event before the place starts on its day or earlier: [.., day + 1).
                cut = day + dt.timedelta(days=1) if day < dt.date.max else None
                end = cut if end is None or (cut is not None and cut < end) else end
            else:
                # One after it starts on its day or later, so it ends after that day.
                start = day if start is None or day > start else start
        return self.backend.projection.entries(
            start, end, indexes=query.indexes, reverse=query.reverse, generation=generation,
            chunk=chunk,
        )  # fmt: skip

    def changes(self, after: str, count: int = 1000) -> tuple[list[Change], str]:
        """What the projection has applied after log position `after`, article by article
        (never beyond its checkpoint, never half an article), and the position to go on
        from: the feed of a live page."""
        from timeline import records
        from timeline.models import ArticleRetracted, ArticleRevised, EventRecorded

        store = self.backend.store
        checkpoint = self.backend.projection.checkpoint()
        if not behind(after, checkpoint):
            return [], after
        rows = [r for r in store.read(after=after, count=count)
                if not behind(checkpoint, r.stream_id)]  # fmt: skip
        out: list[Change] = []
        position, i = after, 0
        while i < len(rows):
            row = rows[i]
            if row.type == "ArticleRetracted":
                retracted = records.parse(row)
                assert isinstance(retracted, ArticleRetracted)
                out.append(Change(row.stream_id, row.type, retracted.article_id, None, []))
            elif row.type in ("ArticleIngested", "ArticleRevised"):
                head = records.parse(row)
                assert not isinstance(head, EventRecorded | ArticleRetracted)
                run = rows[i : i + 1 + head.events]
                if len(run) < 1 + head.events:
                    if i > 0 or len(rows) < count:
                        break  # the rest of it is not projected or not read yet: next time
                    run = [row, *store.read(after=row.stream_id, count=head.events)]
                    if behind(checkpoint, run[-1].stream_id):
                        break
                article = records.article_ref(row.data)
                entries = [
                    records.entry(r.event.model_dump(mode="json"), article)
                    for r in records.parse_run(run)
                    if isinstance(r, EventRecorded)
                ]
                replaces = head.replaces if isinstance(head, ArticleRevised) else None
                out.append(Change(run[-1].stream_id, row.type, head.article.id, replaces, entries))
                position, i = run[-1].stream_id, i + len(run)
                continue
            # else an event whose article's head came at or before `after`: already told.
            position, i = row.stream_id, i + 1
        return out, position

    def uncertain(self, query: Query | None = None, /, **options: Any) -> int:
        """How many events the text only bounds may also fall in the query's window (those
        a windowed `show` leaves out unless `uncertain`); 0 when it lists them."""
        query = _query(query, options)
        if not query.windowed or query.uncertain or query.min_granularity is not None:
            return 0
        return self.backend.projection.bounded_count(*query.window)

    def stats(
        self, by: Bucket = "month", query: Query | None = None, /, **options: Any
    ) -> tuple[list[tuple[str, int]], int]:
        """Events per day, month or year of the window, and how many are vaguer than that."""
        query = _query(query, options)
        width = {"day": 10, "month": 7, "year": 4}[by]
        counts: dict[str, int] = {}
        vaguer = 0
        finest = tuple(g for g in ordering.GRANULARITIES if MAX_DAYS[g] <= MAX_DAYS[by])
        for e in self.entries(query):
            if e.start is None or e.end is None or not e.is_known:
                vaguer += 1  # only bounded ("before 22 Aug"): no bucket holds it
                continue
            if ordering.granularity_of(e.start, e.end) not in finest:
                vaguer += 1
                continue
            bucket = e.start.isoformat()[:width]
            counts[bucket] = counts.get(bucket, 0) + 1
        return sorted(counts.items()), vaguer

    def sources(self) -> list[str]:
        """The sources of the timeline's articles, sorted."""
        return sorted(self.backend.projection.sources(), key=str.casefold)

    def span(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the timeline covers, None when it is empty."""
        return self.backend.projection.span()

    def lag(self, checkpoint: str | None = None, version: str | None = None) -> int:
        """How many records the projection is behind the log (0 when it is not, counted up
        to defaults.LAG_COUNT_LIMIT); from `checkpoint` and the log's `version` when the
        caller has just read them (`Backend.read_state`)."""
        if checkpoint is None:
            checkpoint = self.backend.projection.checkpoint()
        if version is None:
            version = self.backend.store.version()
        if not behind(checkpoint, version):
            return 0
        return len(self.backend.store.read(after=checkpoint, count=defaults.LAG_COUNT_LIMIT))

    def timelines(self) -> list[TimelineSummary]:
        """Every timeline on this server, with its counts and the days it covers."""
        summaries = []
        for name in sorted(self.backend.timeline_names()):
            other = self.backend if name == self.backend.name else self.backend.sibling(name)
            span = other.projection.span()
            summaries.append(
                TimelineSummary(
                    name=name,
                    articles=other.store.article_count(),
                    events=other.projection.event_count(),
                    first=span[0] if span else None,
                    last=span[1] if span else None,
                )
            )
        return summaries

    def log(self, count: int = 20) -> list[LogEntry]:
        """The last `count` records of the log, as stored, oldest first."""
        return self.backend.store.tail(count)

    def live_workers(self) -> int:
        """How many workers of the queue are alive (one with the scheduler runs follows)."""
        return self.backend.jobs.live_workers()

    def follows(self) -> list[Follow]:
        """The feeds this timeline follows, with where each one's job is."""
        return self.backend.jobs.follows(self.backend.name)

    def history(self, ref: str) -> tuple[str, list[LogEntry]]:
        """An article's id and every record of the log about it, oldest first: its
        versions (heads), its retractions, and those of the earlier texts it replaced
        (a changed text is another article id, revising the one before it).

        `ref` is as `retract` takes it. The log is read through, one page at a time;
        events are skipped by their type, unread."""
        article_id = resolve_article(self.backend, ref)
        store = self.backend.store
        heads: list[tuple[LogEntry, dict[str, Any]]] = []
        after = START
        while entries := store.read(after=after, count=defaults.LOG_PAGE):
            for e in entries:
                if e.type != "EventRecorded" and isinstance(raw := orjson.loads(e.data), dict):
                    heads.append((e, raw))
            after = entries[-1].stream_id
        chain = {article_id}
        for _, raw in reversed(heads):  # newest first: a version names the one it replaced
            if _subject(raw) in chain and isinstance(raw.get("replaces"), str):
                chain.add(raw["replaces"])
        return article_id, [e for e, raw in heads if _subject(raw) in chain]


def _subject(raw: dict[str, Any]) -> object:
    """The article a head or retraction record is about."""
    if "article_id" in raw:
        return raw["article_id"]
    article = raw.get("article")
    return article.get("id") if isinstance(article, dict) else None


def resolve_article(backend: Backend, ref: str) -> str:
    """The article id `ref` names: an id, a unique prefix of one (6+ characters), or
    the article's URL; a UsageError otherwise (the one rule of every command)."""
    store = backend.store
    if store.known(ref):
        return ref
    if current := store.current_for(f"url:{ref}"):
        return current
    if len(ref) < defaults.MIN_ARTICLE_PREFIX:
        from timeline.query import article_prefix_message

        raise UsageError(article_prefix_message(ref))
    matches = [a for a in store.article_ids() if a.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"{ref!r} names {len(matches)} articles: give more of the id.")
    raise NotFound(
        f"No article {ref!r} in timeline {backend.name!r}: give an article id "
        "(see `timeline show --format json`) or its URL."
    )


def _beyond(key: Key, place: Key, reverse: bool) -> bool:
    return key < place if reverse else key > place


def _query(query: Query | None, options: dict[str, Any]) -> Query:
    if query is not None and options:
        raise TypeError("give a Query or its fields, not both")
    return query if query is not None else Query(**options)
