"""RSS and Atom feeds, read with feedparser: each entry's link and its own metadata.

An entry's date is its publication day in its own offset ("Fri, 17 Nov 2023 23:30:00
-0500" is the 17th), as front matter reads one; feedparser's UTC reading is the fallback.
feedparser is imported here only, for commands that read a feed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
from dataclasses import dataclass
from typing import Any

from timeline.text_safety import clean_optional

MAX_ENTRIES = 200  # a feed's entries read per run: the newest, as feeds list them


@dataclass(frozen=True)
class Entry:
    link: str
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[Entry]


def parse_feed(body: bytes) -> Feed | None:
    """The feed in `body`, or None when it is no RSS or Atom feed (a web page)."""
    import feedparser

    # A stream, never a string: feedparser fetches a string that looks like a URL.
    parsed: Any = feedparser.parse(io.BytesIO(body))
    if not parsed.get("version"):
        return None
    entries = []
    for e in parsed.entries[:MAX_ENTRIES]:
        link = e.get("link")
        if not isinstance(link, str) or not link.lower().startswith(("http://", "https://")):
            continue  # an entry without a web page has no article to read
        entries.append(Entry(link, clean_optional(e.get("title")), _entry_day(e)))
    return Feed(clean_optional(parsed.feed.get("title")), entries)


def _entry_day(entry: Any) -> dt.date | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and (day := _day(raw)) is not None:
            return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed is not None:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _day(raw: str) -> dt.date | None:
    """The day of an RFC 822 (RSS) or ISO 8601 (Atom) date, in its own offset."""
    raw = raw.strip()
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return None
