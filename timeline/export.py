"""Exports of a timeline for other tools: TimelineJS, iCalendar, a standalone HTML page.

Pure functions from `show`'s entries to text: no Redis, no click. CSV, Markdown and
JSONL live in `timeline.output.render`; `to_csv`, `to_markdown` and `to_jsonl` here only
give them the same signature as the other exports.

Every export states an entry's time no more precisely than the article did: a week stays
a week, a decade a decade. The granularity comes from the TIMEX3 value
(`timeline.temporal.TimexValue`), the dates from the entry's `start`/`end` (end exclusive).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from timeline.models import Anchor, ArticleRef, TimelineEntry
from timeline.ordering import sort_day
from timeline.output import clean, reader_when, render, short_day, when
from timeline.temporal.value import TimexValue

__all__ = [
    "HTML_CSS",
    "ICS_GRANULARITIES",
    "html_entry",
    "html_head",
    "html_timeline",
    "to_csv",
    "to_html",
    "to_ics",
    "to_jsonl",
    "to_markdown",
    "to_timelinejs",
]

# Granularities a calendar shows: one day, or an all-day span of a week or a month.
# Coarser times (quarters, seasons, years, decades, centuries) and the vague windows of
# PAST_REF/FUTURE_REF are left out: a 10-year all-day event fills every day of a calendar
# and says nothing a person could act on. The calendar's description counts what was left out.
ICS_GRANULARITIES = frozenset({"day", "week", "month"})

HEADLINE_CHARS = 80
SUMMARY_CHARS = 120

ANCHOR_NOTES: dict[Anchor, str] = {
    Anchor.EXPLICIT: "date written in the text",
    Anchor.RELATIVE: "resolved against the publication date",
    Anchor.NARRATIVE: "resolved against an earlier time in the story",
    Anchor.PUBLICATION: "no time of its own: the publication date",
}


def _clock(entry: TimelineEntry) -> str | None:
    """The entry's clock time as HH:MM, if its value has one."""
    clock = TimexValue.parse(entry.value).clock
    return f"{clock[0]:02d}:{clock[1]:02d}" if clock else None


# -- shared helpers -------------------------------------------------------------------


def granularity(entry: TimelineEntry) -> str:
    """day, week, month, quarter, half, year, decade, century, millennium, vague, span,
    or bounded (a time the article does not state, only bounds: "before 22 Aug")."""
    if not entry.is_stated or entry.start is None or entry.end is None:
        return "bounded"
    if not entry.is_known:
        return "span"  # "from 2018 to 2022": both ends stated
    iv = TimexValue.parse(entry.value).interval(entry.article.published)
    if iv is not None:
        return iv.granularity
    # A value the interval table does not know: say only what start/end say.
    return "day" if (entry.end - entry.start).days <= 1 else "span"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (javascript:, data:) never becomes a link."""
    if not url or not url.isprintable():  # a control character is in no real URL
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def article_name(article: ArticleRef) -> str:
    return clean(article.source or article.title or article.id)


def source_name(entry: TimelineEntry) -> str:
    return article_name(entry.article)


def other_reports(entry: TimelineEntry) -> list[ArticleRef]:
    """The other articles that reported the same happening, earliest first.

    Read through getattr: `TimelineEntry.reports` is newer than this module's callers may
    be, and an entry without it simply has no other reports.
    """
    return [report.article for report in getattr(entry, "reports", None) or ()]


def _esc(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _source_html(article: ArticleRef) -> str:
    """The source as an escaped link when the article has a usable URL, else escaped text."""
    name = _esc(article_name(article))
    url = safe_url(article.url)
    if url is None:
        return name
    return f'<a href="{html.escape(url, quote=True)}">{name}</a>'


def _also_html(entry: TimelineEntry) -> str:
    return ", ".join(_source_html(a) for a in other_reports(entry))


def _first_day(entry: TimelineEntry) -> dt.date:
    return sort_day(entry.start, entry.end)


def _last_day(entry: TimelineEntry) -> dt.date:
    first = _first_day(entry)
    return first if entry.end is None else max(first, entry.end - dt.timedelta(days=1))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(
    entries: Sequence[TimelineEntry], *, label: Callable[[TimelineEntry], str] = when
) -> str:
    """`10 events from 3 sources, 1980s to Fri 20 Aug 2021`: a subtitle for a whole export
    (`label` writes a date: `when` for tables, `reader_when` for pages)."""
    if not entries:
        return "No events."
    sources = {article_name(a) for e in entries for a in (e.article, *other_reports(e))}
    # The earliest and latest to start, labelled as the articles dated them, whatever
    # order the entries come in (`show --reverse`).
    first = min(entries, key=lambda e: (_first_day(e), _last_day(e)))
    last = max(entries, key=lambda e: (_first_day(e), _last_day(e)))
    span = label(first) if label(first) == label(last) else f"{label(first)} to {label(last)}"
    return f"{_plural(len(entries), 'event')} from {_plural(len(sources), 'source')}, {span}"


# -- TimelineJS -----------------------------------------------------------------------


def _tl_date(day: dt.date, *, parts: int) -> dict[str, str]:
    # Strings of digits, as Knight Lab's own example data writes them; TimelineJS parses
    # both strings and numbers. `parts` = how many of year/month/day the time really has.
    date = {"year": str(day.year)}
    if parts >= 2:
        date["month"] = str(day.month)
    if parts >= 3:
        date["day"] = str(day.day)
    return date


def _tl_event(entry: TimelineEntry) -> dict[str, Any]:
    gran = granularity(entry)
    first, last = _first_day(entry), _last_day(entry)
    event: dict[str, Any] = {}
    if gran == "bounded":  # placed at its nearest bound, labelled with its bounds
        event["start_date"] = _tl_date(first, parts=3)
        event["display_date"] = when(entry)
    elif gran == "day":
        event["start_date"] = _tl_date(first, parts=3)
        if clock := TimexValue.parse(entry.value).clock:
            event["start_date"]["hour"] = str(clock[0])
            event["start_date"]["minute"] = str(clock[1])
    elif gran == "month":
        event["start_date"] = _tl_date(first, parts=2)
    elif gran == "year":
        event["start_date"] = _tl_date(first, parts=1)
    elif gran in ("week", "vague", "span"):
        event["start_date"] = _tl_date(first, parts=3)
        event["end_date"] = _tl_date(last, parts=3)
        event["display_date"] = when(entry)
    elif gran in ("quarter", "half"):
        event["start_date"] = _tl_date(first, parts=2)
        event["end_date"] = _tl_date(last, parts=2)
        event["display_date"] = when(entry)
    else:  # decade, century, millennium: whole years, labelled as the article said it
        event["start_date"] = _tl_date(first, parts=1)
        event["end_date"] = _tl_date(last, parts=1)
        label = {"decade": f"{first.year}s", "century": f"{first.year // 100 * 100}s"}
        event["display_date"] = label.get(gran, when(entry))

    article = entry.article
    byline = f"— {_source_html(article)}"
    if article.source and article.title:
        byline += f", “{_esc(article.title)}”"
    byline += f", {article.published:%d %b %Y}"
    event["text"] = {
        "headline": _esc(shorten(entry.text, HEADLINE_CHARS)),
        "text": f"<p>{_esc(entry.text)}</p><p><small>{byline}</small></p>",
    }
    if also := _also_html(entry):
        event["text"]["text"] += f"<p><small>Also reported by {also}</small></p>"
    # The group label is shown in the navigation as markup, so it is escaped too.
    event["group"] = _esc(source_name(entry))
    event["unique_id"] = entry.id
    return event


def to_timelinejs(entries: Sequence[TimelineEntry], *, title: str) -> str:
    """Knight Lab TimelineJS3 JSON: a title slide and one slide per entry."""
    data = {
        "title": {"text": {"headline": _esc(title), "text": _esc(summary(entries))}},
        "events": [_tl_event(e) for e in entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


# -- iCalendar ------------------------------------------------------------------------


def _description(entry: TimelineEntry) -> str:
    article = entry.article
    lines = [clean(entry.text), ""]
    source = clean(article.source) if article.source else None
    lines.append(
        f"Source: {source + ' — ' if source else ''}{clean(article.title)} "
        f"(published {article.published.isoformat()})"
    )
    if url := safe_url(article.url):
        lines.append(url)
    for other in other_reports(entry):
        url = safe_url(other.url)
        lines.append(
            f"Also reported by {article_name(other)} (published {other.published.isoformat()})"
            + (f" {url}" if url else "")
        )
    said = f"“{clean(entry.time_text)}”, " if entry.time_text else ""
    lines.append(f"When: {when(entry)} ({said}{entry.value}; {ANCHOR_NOTES[entry.anchor]})")
    return "\n".join(lines)


def to_ics(entries: Sequence[TimelineEntry], *, title: str) -> str:
    """An iCalendar file: one all-day VEVENT per entry of day, week or month granularity.

    Reproducible: UIDs come from event ids and DTSTAMP from the article's publication
    date, so the same timeline exports byte for byte the same calendar.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//timeline//timeline export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean(title))
    skipped = 0
    for entry in entries:
        if granularity(entry) not in ICS_GRANULARITIES:
            skipped += 1
            continue
        article = entry.article
        event = Event()
        event.add("uid", f"{entry.id}@timeline")
        event.add("dtstamp", dt.datetime.combine(article.published, dt.time(), tzinfo=dt.UTC))
        # All-day: VALUE=DATE, and DTEND is exclusive in iCalendar as it is in the entry.
        first = _first_day(entry)
        event.add("dtstart", first)
        event.add("dtend", max(_last_day(entry), first) + dt.timedelta(days=1))
        event.add("summary", shorten(entry.text, SUMMARY_CHARS))
        event.add("description", _description(entry))
        if url := safe_url(article.url):
            event.add("url", url)
        event.add("categories", [source_name(entry)])
        # An all-day happening in the news does not make anyone busy.
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    note = f"{len(entries) - skipped} events exported from the timeline."
    if skipped:
        note += (
            f" {skipped} more are dated only to a quarter, season, year, decade or coarser,"
            " vaguely, or only bounded (\"before 22 Aug\"), which a calendar cannot show;"
            " see the HTML or JSON export."
        )
    cal.add("x-wr-caldesc", note)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


# -- HTML -----------------------------------------------------------------------------

HTML_CSS = """
:root {
  color-scheme: light dark;
  --bg: #fbfaf7; --fg: #1d1d1f; --muted: #6b6b70; --rail: #d8d4cc;
  --dot: #b4472f; --dot-ring: #fbfaf7; --card: #ffffff; --link: #1f5fa8; --border: #e7e3dc;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16171a; --fg: #e9e7e2; --muted: #9a9aa2; --rail: #3a3c42;
    --dot: #ef8a6b; --dot-ring: #16171a; --card: #1f2024; --link: #8cb8f0; --border: #2c2e33;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; padding: 3rem 1.25rem 4rem;
  font: 17px/1.55 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, Cambria, serif;
  -webkit-text-size-adjust: 100%;
}
main { max-width: 46rem; margin: 0 auto; }
header { margin-bottom: 2.5rem; }
h1 {
  font: 700 2.1rem/1.15 var(--sans);
  margin: 0 0 .4rem; letter-spacing: -.01em;
}
.summary, .meta, footer, h2 { font-family: var(--sans); }
.summary { color: var(--muted); margin: 0; font-size: .95rem; }
a { color: var(--link); text-decoration-thickness: .06em; text-underline-offset: .15em; }
ol { list-style: none; margin: 0; padding: 0; }
.timeline { position: relative; padding-left: 2rem; }
.timeline::before {
  content: ""; position: absolute; left: .5rem; top: .4rem; bottom: .4rem;
  width: 2px; background: var(--rail); border-radius: 1px;
}
.day { position: relative; margin-bottom: 2rem; }
.day::before {
  /* Centred on the rail: rail centre (.5rem + 1px) minus half the dot, less the padding. */
  content: ""; position: absolute; left: calc(-1.95rem + 1px); top: .25rem;
  width: .9rem; height: .9rem; border-radius: 50%;
  background: var(--dot); box-shadow: 0 0 0 4px var(--dot-ring);
}
/* A time coarser than a day gets a hollow dot: the date is a span, not a point. */
.day.span::before { background: var(--dot-ring); border: 2px solid var(--dot); }
h2 {
  /* No text-transform: it would turn "1980s" into "1980S". */
  font-size: .95rem; font-weight: 650; letter-spacing: .01em;
  color: var(--dot); margin: 0 0 .6rem; line-height: 1.4rem;
}
.entry {
  background: var(--card); border: 1px solid var(--border); border-radius: 10px;
  padding: .8rem 1rem .7rem; margin-bottom: .7rem;
}
.text { margin: 0 0 .35rem; overflow-wrap: anywhere; }
.source { margin: 0; font-size: .9rem; color: var(--muted); }
.source cite { font-style: italic; }
.also { margin-top: .15rem; }
.clock { font: 650 .85em var(--sans); color: var(--dot); margin-right: .2em; }
.meta { margin: .3rem 0 0; font-size: .72rem; color: var(--muted); letter-spacing: .01em; }
.meta code { font: .72rem/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; text-align: center; }
.empty { color: var(--muted); font-style: italic; }
"""


# What a reader is told of how a date was found: plain words, no TIMEX3 value.
READER_NOTES: dict[Anchor, str] = {
    Anchor.EXPLICIT: "",
    Anchor.RELATIVE: "counted from the day it was published",
    Anchor.NARRATIVE: "counted from an earlier time in the story",
    Anchor.PUBLICATION: "no date of its own: the day it was published",
}


def html_entry(entry: TimelineEntry) -> str:
    """One entry as the page's `<li class="entry">`: its text, its sources as links, and
    the words its date came from."""
    article = entry.article
    source = _source_html(article)
    if article.source and article.title:
        source += f" · <cite>{_esc(article.title)}</cite>"
    source += f" · {short_day(article.published)}"
    also = _also_html(entry)
    also_p = f'<p class="source also">Also reported by {also}</p>' if also else ""
    said = [f"“{_esc(entry.time_text)}”"] if entry.time_text else []
    note = [_esc(n)] if (n := READER_NOTES[entry.anchor]) else []
    meta = " · ".join(said + note)
    meta_p = f'<p class="meta">{meta}</p>' if meta else ""
    # A clock time is shown on the entry; the heading is the day it belongs to.
    clock = _clock(entry)
    at = f'<time class="clock">{clock}</time> ' if clock else ""
    return (
        f'<li class="entry" id="{_esc("e-" + entry.id)}" data-article="{_esc(article.id)}">'
        f'<p class="text">{at}{_esc(entry.text)}</p>'
        f'<p class="source">{source}</p>{also_p}{meta_p}'
        "</li>"
    )


def html_timeline(
    entries: Sequence[TimelineEntry], *, empty: str = "Nothing on this timeline."
) -> str:
    """The entries as the page's vertical timeline: one heading per date as a reader
    writes it, its entries under it (or a line saying there are none)."""
    # Entries come in timeline order, so a label's entries are consecutive (a label seen
    # again later starts a new heading, keeping the order).
    groups: list[tuple[str, list[TimelineEntry]]] = []
    for entry in entries:
        label = reader_when(entry)
        if groups and groups[-1][0] == label:
            groups[-1][1].append(entry)
        else:
            groups.append((label, [entry]))
    if not groups:
        return f'<p class="empty">{_esc(empty)}</p>'
    parts: list[str] = []
    for label, members in groups:
        head = members[0]
        point = granularity(head) == "day"
        parts.append(
            f'<li class="day{"" if point else " span"}">'
            f'<h2><time datetime="{_first_day(head).isoformat()}">{_esc(label)}</time></h2>'
            f'<ol class="entries">{"".join(html_entry(e) for e in members)}</ol></li>'
        )
    return f'<ol class="timeline">{"".join(parts)}</ol>'


def html_head(title: str, description: str, *, extra: str = "") -> str:
    """The page's `<head>`: title, preview tags (`og:`), and `extra` (styles, scripts)."""
    t, d = _esc(title), _esc(description)
    return (
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="timeline">\n'
        f'<meta name="description" content="{d}">\n'
        f'<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{t}">\n'
        f'<meta property="og:description" content="{d}">\n'
        f"<title>{t}</title>\n{extra}</head>\n"
    )


def to_html(entries: Sequence[TimelineEntry], *, title: str) -> str:
    """A standalone page: inline CSS, no scripts, no external assets; opens offline."""
    about = summary(entries, label=reader_when)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n'
        + html_head(title, about, extra=f"<style>{HTML_CSS}</style>\n")
        + "<body>\n<main>\n"
        f'<header><h1>{_esc(title)}</h1><p class="summary">{_esc(about)}</p></header>\n'
        f"{html_timeline(entries)}\n"
        "<footer>Exported by timeline. Dates are as precise as the articles gave them."
        "</footer>\n</main>\n</body>\n</html>\n"
    )


# -- the formats output.py already renders, under the export signature ------------------


def to_csv(entries: Sequence[TimelineEntry], *, title: str) -> str:
    del title  # a CSV has no place for one
    return render(entries, "csv", color=False, width=None)


def to_markdown(entries: Sequence[TimelineEntry], *, title: str) -> str:
    return f"# {clean(title)}\n\n" + render(entries, "markdown", color=False, width=None)


def to_jsonl(entries: Sequence[TimelineEntry], *, title: str) -> str:
    del title  # one object per line, each an entry: no room for a header
    return render(entries, "jsonl", color=False, width=None)
