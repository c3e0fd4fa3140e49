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
from collections.abc import Iterator
from typing import Any, Literal

import orjson

from timeline import defaults, ordering
from timeline.errors import UsageError
from timeline.models import TimelineEntry, TimelineSummary
from timeline.ports import START, Backend, Follow, LogEntry, behind
from timeline.query import Query
from timeline.temporal.value import MAX_DAYS

Bucket = Literal["day", "month", "year"]


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

    def entries(self, query: Query | None = None, /, **options: Any) -> Iterator[TimelineEntry]:
        """Every event of the query's window, lazily, in timeline order (unfiltered,
        unmerged, not paged)."""
        query = _query(query, options)
        start, end = query.window
        return self.backend.projection.entries(
            start, end, indexes=query.indexes, reverse=query.reverse
        )

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

    def lag(self) -> int:
        """How many records the projection is behind the log (0 when it is not, counted up
        to defaults.LAG_COUNT_LIMIT)."""
        checkpoint = self.backend.projection.checkpoint()
        if not behind(checkpoint, self.backend.store.version()):
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
    raise UsageError(
        f"No article {ref!r} in timeline {backend.name!r}: give an article id "
        "(see `timeline show --format json`) or its URL."
    )


def _query(query: Query | None, options: dict[str, Any]) -> Query:
    if query is not None and options:
        raise TypeError("give a Query or its fields, not both")
    return query if query is not None else Query(**options)
