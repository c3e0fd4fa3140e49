"""Web inputs of an ingest: pages and feeds fetched, then ingested as the files are.

`fetch_inputs` turns each URL among an ingest's inputs into articles with their text: a
web page is one article (extracted as an HTML file is), a feed (RSS, Atom) one article
per entry, each entry's page fetched in turn with the entry's own date and link as its
metadata. Requests are conditional: a URL that answers 304 (not modified since the
validators kept for it) is reported `unchanged` and not read again. The validators a
URL answered with are kept only once what it gave is written (`Fetched.finish`), so a
failed ingest fetches everything again next time. A page whose text changed is a new
version of the article with its URL: a revision, as for a file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from timeline.errors import InputError, TimelineError
from timeline.feeds import Entry, Feed
from timeline.models import IngestResult
from timeline.text_safety import terminal_safe
from timeline.web import Fetcher, is_url, private_host

if TYPE_CHECKING:
    from timeline.services.writer import ArticleInput, Writer


@dataclass
class Fetched:
    """An ingest's inputs with every URL fetched, and what to keep once they are written."""

    inputs: list[ArticleInput]
    failed: list[tuple[str, TimelineError]] = field(default_factory=list)
    unchanged: list[IngestResult] = field(default_factory=list)
    # Per input (by index): the URL and validators to keep once its article is written.
    pages: dict[int, tuple[str, dict[str, str]]] = field(default_factory=dict)
    # Feeds: the URL, its validators, and the inputs of its entries (kept when all are).
    feeds: list[tuple[str, dict[str, str], list[int]]] = field(default_factory=list)

    def finish(self, writer: Writer, results: Sequence[IngestResult]) -> list[IngestResult]:
        """Keep the validators of what was written; the results with the unchanged and
        failed URLs after them."""
        fetches = writer.backend.fetches
        ok = {i for i, r in enumerate(results) if r.status != "failed"}
        for i, (url, validators) in self.pages.items():
            if i in ok:
                fetches.remember(url, validators)
        for url, validators, entries in self.feeds:
            if all(i in ok for i in entries) and not self._failed_entries(url):
                fetches.remember(url, validators)
        return [*results, *self.early()]

    def early(self) -> list[IngestResult]:
        """The results known before anything is written: unchanged and failed URLs."""
        failed = [IngestResult(path=name, status="failed", error=str(exc))
                  for name, exc in self.failed]  # fmt: skip
        return [*self.unchanged, *failed]

    def _failed_entries(self, feed: str) -> bool:
        return any(name.startswith(f"{feed} -> ") for name, _ in self.failed)


def fetch_inputs(writer: Writer, articles: Sequence[ArticleInput]) -> Fetched:
    """Every input, with each URL among them fetched (see the module's docstring)."""
    from timeline.feeds import parse_feed

    settings = writer.settings
    fetcher = Fetcher(settings.max_file_bytes, settings.fetch_timeout, settings.fetch_delay)
    fetches = writer.backend.fetches
    out = Fetched([])
    try:
        for a in articles:
            if a.text is not None or a.data is not None or not is_url(a.name):
                out.inputs.append(a)
                continue
            try:
                got = fetcher.get(a.name, fetches.validators(a.name))
            except TimelineError as exc:
                out.failed.append((a.name, exc))
                continue
            if got.unchanged and "entries" not in got.validators:
                out.unchanged.append(_unchanged(writer, a.name))
                continue
            feed: Feed | None
            if got.unchanged:  # a feed not modified: its entries' pages may be
                feed = _remembered(got.validators)
            else:
                feed = parse_feed(got.body) if _may_be_feed(got.content_type) else None
            if feed is not None:
                got.validators["entries"] = _entries_json(feed)
            if feed is None:
                try:
                    page = _page(writer, a, a.name, got.body, got.content_type)
                except TimelineError as exc:
                    out.failed.append((a.name, exc))
                    continue
                out.pages[len(out.inputs)] = (a.name, got.validators)
                out.inputs.append(page)
                continue
            entries: list[int] = []
            # A feed's entries reach into no network the feed itself is not in.
            inside = private_host(a.name)
            for entry in feed.entries:
                name = f"{a.name} -> {entry.link}"
                try:
                    if not inside and private_host(entry.link):
                        raise InputError(
                            f"{terminal_safe(entry.link)}: a public feed's entry points to a "
                            "private or local address; not fetched."
                        )
                    seen = fetcher.get(entry.link, fetches.validators(entry.link))
                    if seen.unchanged:
                        out.unchanged.append(_unchanged(writer, entry.link))
                        continue
                    given = type(a)(
                        entry.link, published=a.published or entry.published,
                        source_name=a.source_name or feed.title,
                    )  # fmt: skip
                    page = _page(writer, given, entry.link, seen.body, seen.content_type)
                except TimelineError as exc:
                    out.failed.append((name, exc))
                    continue
                entries.append(len(out.inputs))
                out.pages[len(out.inputs)] = (entry.link, seen.validators)
                out.inputs.append(page)
            out.feeds.append((a.name, got.validators, entries))
    finally:
        fetcher.close()
    return out


def _entries_json(feed: Feed) -> str:
    """A feed's entries, kept with its validators: when it answers 304 next time, its
    entries' pages are still asked (conditionally) whether they changed."""
    rows = [[e.link, e.title, e.published.isoformat() if e.published else None]
            for e in feed.entries]  # fmt: skip
    return json.dumps({"title": feed.title, "entries": rows})


def _remembered(validators: dict[str, str]) -> Feed:
    kept = json.loads(validators["entries"])
    entries = [Entry(link, title, dt.date.fromisoformat(day) if day else None)
               for link, title, day in kept["entries"]]  # fmt: skip
    return Feed(kept.get("title"), entries)


def _may_be_feed(content_type: str) -> bool:
    """Feeds come as XML (or mislabeled as text); a page as HTML is never read as one."""
    return "html" not in content_type.lower()


def _page(
    writer: Writer, given: ArticleInput, url: str, body: bytes, content_type: str
) -> ArticleInput:
    """The article of a fetched page: its text, with the options given winning over what
    the page's metadata says (as a sidecar wins over an HTML file's)."""
    from timeline.sources import decode, html_article

    text = decode(body, url, writer.settings.max_file_bytes)
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("text/plain", "text/markdown"):
        meta_published, meta_source = None, None
    elif "html" in kind or text.lstrip()[:1] == "<":
        text, meta = html_article(text, url)
        meta_published, meta_source = meta.published, meta.source
    else:
        raise InputError(f"{url}: a {kind or 'file of no type'}, not a web page or a feed.")
    return type(given)(
        url, text, given.published or meta_published, given.source_name or meta_source,
        given.url or url,
    )  # fmt: skip


def _unchanged(writer: Writer, url: str) -> IngestResult:
    article_id = writer.backend.store.current_for(f"url:{url}")
    return IngestResult(path=url, article_id=article_id, status="unchanged")
