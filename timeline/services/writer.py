"""Writing: ingesting articles and retracting them.

Read-your-writes lives here, in `Writer.make_visible`: a command that wrote
returns once the projection holds what it wrote, so a `show` right after an
`ingest` sees it, and reads never have to write.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from timeline import defaults, records
from timeline.errors import (
    ConcurrencyError,
    InputError,
    StoreError,
    TimelineError,
    UsageError,
)
from timeline.models import (
    ArticleIngested,
    ArticleMeta,
    ArticleRetracted,
    ArticleRevised,
    Change,
    Event,
    IngestResult,
)
from timeline.ports import Backend, Follow, LogEntry, behind
from timeline.records import stored_article
from timeline.services.projector import Projector
from timeline.settings import Settings
from timeline.text_safety import clean_optional, clean_text, stored, terminal_safe

if TYPE_CHECKING:
    from timeline.extract import Extraction


@dataclass(frozen=True)
class ArticleInput:
    """One article to ingest: a file name (or "-"), or a text given directly.

    `published`, `source_name` and `url` given here win over what the file's
    sidecar, front matter or HTML page says, which wins over what the text says.
    `data` is the bytes of a file given without one (an upload): read as the file
    `name` would be (size limit, encoding, HTML, front matter), without a sidecar.
    """

    name: str
    text: str | None = None
    published: dt.date | None = None
    source_name: str | None = None
    url: str | None = None
    data: bytes | None = None


def refuse_failed(failed: Sequence[tuple[str, TimelineError]], total: int) -> None:
    """Raise, when any of `total` articles failed, the error that says nothing was written."""
    if not failed:
        return
    name, first = failed[0]
    if total == 1:
        raise first
    raise InputError(
        f"{name}: {first}"
        + (f" (and {len(failed) - 1} more failed)" if len(failed) > 1 else "")
        + "; nothing was written. Fix or remove them, or pass --keep-going."
    )


@dataclass(frozen=True)
class _Prepared:
    name: str
    extraction: Extraction | None = None
    error: TimelineError | None = None


class Writer:
    def __init__(self, backend: Backend, settings: Settings, projector: Projector) -> None:
        self.backend = backend
        self.settings = settings
        self.projector = projector

    def ingest(
        self,
        articles: Sequence[ArticleInput],
        *,
        today: dt.date | None = None,
        wait: bool = False,
        keep_going: bool = False,
        progress: Callable[[IngestResult], None] | None = None,
        reading: Callable[[str], None] | None = None,
        workers: bool = False,
    ) -> list[IngestResult]:
        """Read and extract every article first, then append each atomically, then make
        them visible. With `workers`, the articles are read here and extracted and
        appended by the workers (`timeline.services.dispatch`), with the same results.

        If any article cannot be read or extracted, nothing is written (the store
        stays as it was) unless `keep_going`, which writes the others and reports
        the failures. `reading` is called before each article is read and extracted
        (the slow part), `progress` once each article is written, in order. With
        `wait`, it also waits until the workers have projected the whole log.
        """
        today = today or dt.date.today()
        from timeline.web import is_url

        if any(is_url(a.name) and a.text is None and a.data is None for a in articles):
            # Web pages and feeds: fetched first, then ingested as files are.
            from timeline.services.fetching import fetch_inputs

            fetched = fetch_inputs(self, articles)
            if not keep_going:
                refuse_failed(fetched.failed, len(fetched.failed) + len(fetched.inputs))
            if progress is not None:
                for early in fetched.early():
                    progress(early)
            written = self.ingest(
                fetched.inputs, today=today, wait=wait, keep_going=keep_going,
                progress=progress, reading=reading, workers=workers,
            ) if fetched.inputs else []  # fmt: skip
            return fetched.finish(self, written)
        if workers:  # extraction on the workers: timeline.services.dispatch
            from timeline.services.dispatch import ingest_on_workers

            return ingest_on_workers(
                self, articles, today=today, wait=wait, keep_going=keep_going,
                progress=progress, reading=reading,
            )  # fmt: skip
        prepared = []
        for a in articles:
            if reading is not None:
                reading(a.name)
            prepared.append(self._prepare(a, today))
        if not keep_going:
            refuse_failed([(p.name, p.error) for p in prepared if p.error], len(prepared))
        results: list[IngestResult] = []
        # A failed write leaves the store as it was: nothing is appended that the queue
        # could not then be told about.
        self.backend.jobs.check()
        # Group commit: appends go on without waiting for the disk, and one wait for the
        # fsync covers a group of them (defaults.GROUP_COMMIT_*); each is acknowledged
        # (`progress`, the results) only once it is confirmed.
        unconfirmed: list[IngestResult] = []
        started = time.monotonic()

        def confirm() -> None:
            self.backend.store.confirm()
            for done in unconfirmed:
                results.append(done)
                if progress is not None:
                    progress(done)
            unconfirmed.clear()

        for p in prepared:
            if p.extraction is None:
                result = IngestResult(path=p.name, status="failed", error=str(p.error))
            else:
                result = self._append(p.name, p.extraction, durable=False)
            if not unconfirmed:
                started = time.monotonic()
            unconfirmed.append(result)
            if (
                len(unconfirmed) >= defaults.GROUP_COMMIT_ARTICLES
                or time.monotonic() - started >= defaults.GROUP_COMMIT_SECONDS
            ):
                confirm()
        confirm()
        if any(r.status in ("added", "revised") for r in results):
            self.make_visible(wait=wait)
        return results

    def _prepare(self, article: ArticleInput, today: dt.date) -> _Prepared:
        try:
            return _Prepared(article.name, extraction=self._extract(self._read(article), today))
        except TimelineError as exc:
            return _Prepared(article.name, error=exc)

    def _read(self, article: ArticleInput) -> ArticleInput:
        """An article's text and metadata as extraction takes them: read from its file
        (sidecar, front matter, HTML) unless given, the options given winning."""
        from timeline.sources import SourceText, check_published, read_source, source_of_bytes

        if article.data is not None:
            source = source_of_bytes(article.data, article.name, self.settings.max_file_bytes)
        elif article.text is None:
            source = read_source(article.name, self.settings.max_file_bytes)
        else:
            source = SourceText(article.name, clean_text(article.text))
        meta = source.meta
        if published := article.published or meta.published:
            check_published(published, f"{article.name}: published")
        return ArticleInput(
            article.name, source.text, published, article.source_name or meta.source,
            article.url or meta.url,
        )  # fmt: skip

    @staticmethod
    def _extract(article: ArticleInput, today: dt.date) -> Extraction:
        """The article's dated events (`_read` gave its text)."""
        # Extraction and its tagger load only for commands that ingest.
        from timeline.extract import extract

        assert article.text is not None
        # The text its id is made of and the log keeps: clean of control characters on
        # every path here (a title line from a sidecar, a text from the queue).
        extraction = extract(
            clean_text(article.text), published=article.published, source=article.source_name,
            url=article.url, today=today,
        )  # fmt: skip
        return _bounded(extraction)

    def _append(
        self,
        name: str,
        extraction: Extraction,
        *,
        durable: bool = True,
        stated: Mapping[str, object] | None = None,
    ) -> IngestResult:
        """Append one article: new, a revision of one with its identity, a new version of
        itself (corrected metadata, or back after a retraction), or a duplicate.

        `stated` are the metadata this version gives (default: what the extraction was
        given rather than found); of a known article only those can differ.
        """
        if stated is None:
            stated = {f: getattr(extraction.article, f) for f in extraction.stated}
        store = self.backend.store
        for _ in range(defaults.APPEND_ATTEMPTS):
            try:
                seen = store.head(extraction.article.id)
                if seen is None:
                    return self._append_new(name, extraction, durable=durable)
                return self._append_version(name, extraction, seen, stated)
            except ConcurrencyError:
                continue  # another writer changed the same article first: decide again
        raise ConcurrencyError(f"{name}: other writers kept revising this article; try again.")

    def _append_new(self, name: str, extraction: Extraction, *, durable: bool) -> IngestResult:
        """An article id the log does not hold: new, or a changed text of one with its
        identity (URL, or title and source)."""
        article, events = extraction.article, extraction.events
        store = self.backend.store
        identity = _identity(article)
        previous = store.current_for(identity) if identity else None
        now = dt.datetime.now(dt.UTC)
        head: ArticleIngested | ArticleRevised
        if previous and previous != article.id:
            head = ArticleRevised(
                article=article, replaces=previous, events=len(events), ingested_at=now,
                removes=records.removals(previous, store), changes=["text"],
                text=extraction.text,
            )  # fmt: skip
        else:
            head = ArticleIngested(
                article=article, events=len(events), ingested_at=now, text=extraction.text
            )
        appended = store.append_article(
            article.id, records.article_records(head, events), identity=identity,
            previous=previous, durable=durable,
            takes_off=previous if isinstance(head, ArticleRevised) else None,
        )  # fmt: skip
        if appended.status != "appended":
            return _result(name, extraction, "duplicate")
        if isinstance(head, ArticleRevised):
            return _result(name, extraction, "revised", replaces=previous, changes=head.changes)
        return _result(name, extraction, "added")

    def _append_version(
        self,
        name: str,
        extraction: Extraction,
        seen: LogEntry,
        stated: Mapping[str, object],
    ) -> IngestResult:
        """A known article again: a duplicate when it is on the timeline with the same
        metadata, else a new version of itself (`ArticleRevised` replacing its own id),
        its events dated again against its publication date."""
        store = self.backend.store
        stored = records.head_of(seen.data).article
        withdrawn = store.withdrawn(stored.id)
        off = withdrawn is not None or self._retracted_before_withdrawn_was_kept(seen)
        given = extraction.article.model_copy(update=dict(stated))
        article, changes = records.corrected(stored, given, stated)
        if not off and not changes:
            return _result(name, extraction.model_copy(update={"article": stored}), "duplicate")
        if off:
            changes = [*changes, "restored"]
        if article.published != extraction.article.published:  # relative times read again
            again = ArticleInput(name, extraction.text, article.published, article.source,
                                 article.url)  # fmt: skip
            extraction = self._extract(again, article.published)
        extraction = extraction.model_copy(update={"article": article})
        events = extraction.events
        identity = _identity(article)
        previous = store.current_for(identity) if identity else None
        replaces, takes_off = article.id, None
        if not off:
            removes = records.removals(article.id, store)
        elif previous and previous != article.id and store.withdrawn(previous) is None:
            # Back in place of the version that replaced it.
            replaces, removes, takes_off = previous, records.removals(previous, store), previous
        else:
            removes = []  # its events are off the timeline already
        old_identity = _identity(stored)
        head = ArticleRevised(
            article=article, replaces=replaces, events=len(events),
            ingested_at=dt.datetime.now(dt.UTC), removes=removes, changes=changes,
            text=extraction.text,
        )  # fmt: skip
        # Durable even in a group commit: the group's confirmation finds a lost append by
        # its article id missing, and a new version's id was there before it.
        store.append_article(
            article.id, records.article_records(head, events), identity=identity,
            previous=previous, durable=True, head=seen.stream_id, withdrawn=withdrawn,
            takes_off=takes_off,
            drops_identity=old_identity if old_identity != identity else None,
        )  # fmt: skip
        return _result(name, extraction, "revised", replaces=replaces, changes=changes)

    def _retracted_before_withdrawn_was_kept(self, seen: LogEntry) -> bool:
        """Whether an article the withdrawn hash does not name is off the timeline all the
        same: retracted (or replaced) by a version of timeline that did not keep that hash.
        The projection, once it has applied the article's head, says so by not holding it;
        before that nothing can tell, and the article counts as on the timeline."""
        projection = self.backend.projection
        if behind(projection.checkpoint(), seen.stream_id):
            return False
        return not projection.holds(records.head_of(seen.data).article.id)

    def amend(
        self,
        ref: str,
        *,
        published: dt.date | None = None,
        source: str | None = None,
        url: str | None = None,
        title: str | None = None,
    ) -> IngestResult:
        """Correct an article's metadata without its file: its text, kept in the log, is
        dated again against the (new) publication date, as an ingest of the same text
        with these metadata would. `ref` is as `retract` takes it."""
        given: dict[str, object] = {
            "published": published, "source": clean_optional(source),
            "url": clean_optional(url), "title": clean_optional(title),
        }  # fmt: skip
        stated = {k: v for k, v in given.items() if v is not None}
        if not stated:
            raise UsageError("Nothing to amend: give --published, --source, --url or --title.")
        store = self.backend.store
        self.backend.jobs.check()
        article_id = self._resolve_article(ref)
        seen = store.head(article_id)
        assert seen is not None  # _resolve_article found it
        head = records.head_of(seen.data)
        if head.text is None:
            raise UsageError(
                f"Article {article_id[:12]} was ingested before texts were kept in the log: "
                "ingest its file again with the corrected options instead."
            )
        if store.withdrawn(article_id) is not None or self._retracted_before_withdrawn_was_kept(
            seen
        ):
            raise UsageError(
                f"Article {article_id[:12]} is off the timeline (retracted or replaced): "
                "ingest its file again to bring it back."
            )
        stored = head.article
        again = ArticleInput(
            f"article {article_id[:12]}", head.text, published or stored.published,
            stated.get("source", stored.source),  # type: ignore[arg-type]
            stated.get("url", stored.url),  # type: ignore[arg-type]
        )  # fmt: skip
        extraction = self._extract(again, stored.published)
        if extraction.article.id != article_id:
            raise StoreError(
                f"The text kept for article {article_id[:12]} no longer gives its id; "
                "nothing was written."
            )
        stored_title = {"title": stored.title} if "title" not in stated else {}
        extraction = extraction.model_copy(
            update={"article": stored_article(
                extraction.article.model_copy(update={**stored_title, **stated})
            )}
        )  # fmt: skip
        bounded = {k: getattr(extraction.article, k) for k in stated}
        result = self._append(again.name, extraction, stated=bounded)
        if result.status == "revised":
            self.make_visible()
        return result

    def retract(self, ref: str, reason: str | None = None) -> str:
        """Take an article's events off the timeline (the log keeps them). Returns its id.

        `ref` is an article id, a unique prefix of one (6+ characters), or its URL.
        """
        store = self.backend.store
        self.backend.jobs.check()
        article_id = self._resolve_article(ref)
        record = ArticleRetracted(
            article_id=article_id, reason=clean_optional(reason),
            retracted_at=dt.datetime.now(dt.UTC),
            removes=records.removals(article_id, store),
        )  # fmt: skip
        store.append_for_article(article_id, record)
        self.make_visible()
        return article_id

    def _resolve_article(self, ref: str) -> str:
        from timeline.services.reader import resolve_article

        return resolve_article(self.backend, ref)

    def follow(self, feed: str, every: int) -> Follow:
        """Ingest `feed` now and every `every` seconds on the workers (a recurring job,
        run by a worker with the scheduler), until `unfollow`."""
        from timeline.web import is_url

        if not is_url(feed):
            raise UsageError(f"{terminal_safe(feed)} is not a feed's URL: give http(s)://...")
        if every < defaults.FOLLOW_MIN_SECONDS:
            raise UsageError(f"--every must be at least {defaults.FOLLOW_MIN_SECONDS} s.")
        self.backend.jobs.check()
        return self.backend.jobs.follow(self.backend.name, feed, every)

    def unfollow(self, feed: str) -> None:
        """Stop following `feed`; a UsageError naming the feeds followed when it is not."""
        jobs = self.backend.jobs
        if jobs.unfollow(self.backend.name, feed):
            return
        followed = [f.feed for f in jobs.follows(self.backend.name)]
        raise UsageError(
            f"Timeline {self.backend.name!r} does not follow {terminal_safe(feed)}: "
            + (f"it follows {', '.join(followed)}." if followed else "it follows no feed.")
        )

    def make_visible(self, *, wait: bool = False) -> None:
        """Read-your-writes: return once the projection holds every record appended so far.

        The records are applied here, up to the log's end as this call sees it, whether
        workers run or not (a batch is safe to apply from anywhere: the projection
        checks its own checkpoint), and the workers are asked for whatever others append
        meanwhile; `wait` waits for them too. With no worker alive nobody else will:
        everything is projected here.
        """
        jobs = self.backend.jobs
        if jobs.live_workers() == 0:
            self.projector.catch_up()
            return
        through = self.backend.store.version()
        jobs.request_projection(self.backend.name)
        self.projector.catch_up(through=through)
        if wait:
            self.projector.wait(self.settings.wait_timeout)


def _result(
    name: str,
    extraction: Extraction,
    status: Literal["added", "duplicate", "revised"],
    *,
    replaces: str | None = None,
    changes: Sequence[Change] = (),
) -> IngestResult:
    article, written = extraction.article, status != "duplicate"
    return IngestResult(
        path=name, article_id=article.id, title=article.title, status=status,
        events=len(extraction.events) if written else 0, published=article.published,
        published_from=article.published_from, replaces=replaces, changes=list(changes),
        assumed=extraction.assumed, unplaced=extraction.unplaced if written else [],
    )  # fmt: skip


def _identity(article: ArticleMeta) -> str | None:
    """What makes a changed text the same article: its URL, else its title and source."""
    if article.url:
        return f"url:{article.url}"
    if article.source:
        title = " ".join(article.title.casefold().split())
        return f"title:{title}|{article.source.casefold()}"
    return None


def _bounded(extraction: Extraction) -> Extraction:
    """The extraction with every stored text field within MAX_CHARS."""
    events = [_bounded_event(e) for e in extraction.events]
    return extraction.model_copy(
        update={"article": stored_article(extraction.article), "events": events}
    )




def _bounded_event(event: Event) -> Event:
    text, time_text = stored(event.text, "text"), stored(event.time_text, "time_text")
    if text is event.text and time_text is event.time_text:
        return event  # the usual case: no copy of each of a big article's 10^5 events
    return event.model_copy(update={"text": text, "time_text": time_text})
