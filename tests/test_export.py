"""Exports: TimelineJS JSON against its documented format, iCalendar parsed back, and the
HTML page rendered by a real headless Chromium."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from timeline import export
from timeline.models import Anchor, ArticleRef, TimelineEntry
from timeline.temporal import interval

REUTERS = ArticleRef(
    id="a" * 32,
    title="Resistance holds the Panjshir valley",
    source="Reuters",
    url="https://www.reuters.com/world/asia-pacific/panjshir-2021-08-22/?a=1&b=2",
    published=dt.date(2021, 8, 22),
)
GAZETTE = ArticleRef(
    id="b" * 32,
    title="Week in review",
    source="Valley Gazette & <Co>",
    url=None,
    published=dt.date(2021, 8, 15),
)
UNTITLED = ArticleRef(
    id="c" * 32,
    title="Untitled <b>notes</b>",
    source=None,
    url="javascript:alert(document.cookie)",
    published=dt.date(2021, 8, 10),
)

SCRIPT_TEXT = "Fighters entered the valley & clashed <script>alert('x')</script> with defenders."
LONG_TEXT = (
    "The delegation, which had travelled overnight from the capital along the only road that "
    "was still open, met the elders in the mosque and asked them to hand over the district "
    "without a fight, a request the elders refused after a long discussion."
)

# (value, text, time_text, anchor, article)
ROWS: list[tuple[str, str, str | None, Anchor, ArticleRef]] = [
    ("198", "In the 1980s the valley held out against Soviet troops.", "the 1980s",
     Anchor.EXPLICIT, REUTERS),
    ("2021", "The movement was founded again this year.", "this year", Anchor.RELATIVE,
     UNTITLED),
    ("2021-Q3", "Fighting intensified over the summer quarter.", "the third quarter",
     Anchor.RELATIVE, GAZETTE),
    ("2021-08", "Thousands fled north in August.", "August", Anchor.EXPLICIT, GAZETTE),
    ("2021-W32", "Talks stalled last week.", "last week", Anchor.RELATIVE, GAZETTE),
    ("2021-08-10", "Nothing else was reported.", None, Anchor.PUBLICATION, UNTITLED),
    ("2021-08-20", SCRIPT_TEXT, "Aug. 20", Anchor.EXPLICIT, REUTERS),
    ("2021-08-20", LONG_TEXT, "on Friday", Anchor.RELATIVE, GAZETTE),
    ("2021-08-20T14:30", "A convoy arrived at 2:30 p.m.", "2:30 p.m.", Anchor.NARRATIVE,
     REUTERS),
    ("2021-W33-WE", "Elders met again over the weekend.", "the weekend", Anchor.RELATIVE,
     REUTERS),
]  # fmt: skip


def make_entries() -> list[TimelineEntry]:
    entries = []
    for i, (value, text, time_text, anchor, article) in enumerate(ROWS):
        iv = interval(value, article.published)
        assert iv is not None, value
        entries.append(
            TimelineEntry(
                id=f"{article.id[:16]}-{i:05d}-000-00",
                value=value,
                start=iv.start,
                end=iv.end,
                text=text,
                time_text=time_text,
                anchor=anchor,
                article=article,
                paragraph=i,
                sentence=0,
                clause=0,
                timex_type="TIME" if "T" in value else "DATE",
            )
        )
    # The order `show` returns: by start day (stable, so same-day rows keep their order).
    return sorted(entries, key=lambda e: e.start)


ENTRIES = make_entries()
# Keyed by value; of the two 2021-08-20 rows the first (the <script> one) wins.
BY_VALUE = {e.value: e for e in reversed(ENTRIES)}
LONG = next(e for e in ENTRIES if e.text == LONG_TEXT)
TITLE = "Panjshir & <the valley>"


# -- TimelineJS: a validator written from the documented format ----------------------------
# https://timeline.knightlab.com/docs/json-format.html (title/events/eras/scale; slide,
# date, text and media objects) plus `unique_id` from TimelineJS3's slide data.

SLIDE_KEYS = {
    "start_date", "end_date", "text", "media", "group", "display_date", "background",
    "autolink", "unique_id",
}  # fmt: skip
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
DATE_RANGES = {"month": (1, 12), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


def _number(value: object, where: str) -> int:
    # The docs say "a number"; Knight Lab's own examples write strings of digits.
    if isinstance(value, bool):
        raise AssertionError(f"{where}: boolean is not a number")
    if isinstance(value, int):
        return value
    assert isinstance(value, str) and re.fullmatch(r"-?\d+", value), f"{where}: {value!r}"
    return int(value)


def check_date(date: object, where: str) -> dt.date:
    """Validate a date object; return the first day it denotes."""
    assert isinstance(date, dict), where
    assert set(date) <= DATE_KEYS, f"{where}: unknown keys {set(date) - DATE_KEYS}"
    assert "year" in date, f"{where}: year is required"
    parts = {k: _number(v, f"{where}.{k}") for k, v in date.items() if k != "display_date"}
    for key, (low, high) in DATE_RANGES.items():
        if key in parts:
            assert low <= parts[key] <= high, f"{where}.{key} = {parts[key]}"
    # A finer part without the coarser one makes no date.
    order = ["year", "month", "day", "hour", "minute", "second", "millisecond"]
    present = [k in parts for k in order]
    assert present == sorted(present, reverse=True), f"{where}: gap in {sorted(parts)}"
    if "day" in parts:
        days = calendar.monthrange(parts["year"], parts["month"])[1]
        assert 1 <= parts["day"] <= days, f"{where}.day = {parts['day']}"
    if "display_date" in date:
        assert isinstance(date["display_date"], str)
    return dt.date(parts["year"], parts.get("month", 1), parts.get("day", 1))


def check_text(text: object, where: str) -> None:
    assert isinstance(text, dict), where
    assert set(text) <= {"headline", "text"}, where
    assert all(isinstance(v, str) for v in text.values()), where


def check_timelinejs(data: object) -> None:
    assert isinstance(data, dict)
    assert set(data) <= {"events", "title", "eras", "scale"}
    assert isinstance(data["events"], list), "events is required"
    if "scale" in data:
        assert data["scale"] in ("human", "cosmological")
    if "title" in data:
        title = data["title"]
        assert isinstance(title, dict) and set(title) <= SLIDE_KEYS
        check_text(title.get("text", {}), "title.text")
    ids = []
    for i, slide in enumerate(data["events"]):
        where = f"events[{i}]"
        assert isinstance(slide, dict), where
        assert set(slide) <= SLIDE_KEYS, f"{where}: unknown keys {set(slide) - SLIDE_KEYS}"
        start = check_date(slide["start_date"], f"{where}.start_date")
        if "end_date" in slide:
            end = check_date(slide["end_date"], f"{where}.end_date")
            assert start <= end, f"{where}: ends before it starts"
        check_text(slide.get("text", {}), f"{where}.text")
        for key in ("group", "display_date", "unique_id"):
            if key in slide:
                assert isinstance(slide[key], str) and slide[key], f"{where}.{key}"
        if "unique_id" in slide:
            ids.append(slide["unique_id"])
    assert len(ids) == len(set(ids)), "unique_id values repeat"


def test_validator_rejects_malformed_slides() -> None:
    # The validator itself: a schema that accepts everything proves nothing.
    good = {"events": [{"start_date": {"year": "2021", "month": "8", "day": "20"}}]}
    check_timelinejs(good)
    bad_slides: list[dict[str, Any]] = [
        {"start_date": {"year": "2021", "month": "13"}},
        {"start_date": {"year": "2021", "month": "2", "day": "30"}},
        {"start_date": {"year": "2021", "day": "3"}},
        {"start_date": {"month": "3"}},
        {"start_date": {"year": "MMXXI"}},
        {"text": {"headline": "no start"}},
        {"start_date": {"year": 2021}, "when": "later"},
        {"start_date": {"year": 2021}, "end_date": {"year": 2020}},
    ]
    for slide in bad_slides:
        with pytest.raises((AssertionError, KeyError)):
            check_timelinejs({"events": [slide]})


def tl_events() -> dict[str, dict[str, Any]]:
    data = json.loads(export.to_timelinejs(ENTRIES, title=TITLE))
    check_timelinejs(data)
    return {e["unique_id"]: e for e in data["events"]}


def test_timelinejs_valid_and_complete() -> None:
    data = json.loads(export.to_timelinejs(ENTRIES, title=TITLE))
    check_timelinejs(data)
    assert [e["unique_id"] for e in data["events"]] == [e.id for e in ENTRIES]
    assert data["title"]["text"]["headline"] == html.escape(TITLE)
    assert (
        data["title"]["text"]["text"]
        == "10 events from 3 sources, 1980s to weekend of week 33, 2021"
    )
    empty = json.loads(export.to_timelinejs([], title="Nothing"))
    check_timelinejs(empty)
    assert empty["events"] == []


def test_timelinejs_granularity_is_honest() -> None:
    events = tl_events()

    def slide(value: str) -> dict[str, Any]:
        return events[BY_VALUE[value].id]

    day = slide("2021-08-10")
    assert day["start_date"] == {"year": "2021", "month": "8", "day": "10"}
    assert "end_date" not in day
    assert slide("2021-08-20T14:30")["start_date"] == {
        "year": "2021", "month": "8", "day": "20", "hour": "14", "minute": "30",
    }  # fmt: skip
    month = slide("2021-08")
    assert month["start_date"] == {"year": "2021", "month": "8"}
    assert "end_date" not in month
    assert slide("2021")["start_date"] == {"year": "2021"}
    week = slide("2021-W32")  # Monday 9 to Sunday 15 August
    assert week["start_date"] == {"year": "2021", "month": "8", "day": "9"}
    assert week["end_date"] == {"year": "2021", "month": "8", "day": "15"}
    assert week["display_date"] == "week 32, 2021"
    weekend = slide("2021-W33-WE")
    assert (weekend["start_date"]["day"], weekend["end_date"]["day"]) == ("21", "22")
    assert weekend["display_date"] == "weekend of week 33, 2021"
    quarter = slide("2021-Q3")
    assert quarter["start_date"] == {"year": "2021", "month": "7"}
    assert quarter["end_date"] == {"year": "2021", "month": "9"}
    decade = slide("198")
    assert decade["start_date"] == {"year": "1980"}
    assert decade["end_date"] == {"year": "1989"}
    assert decade["display_date"] == "1980s"


def test_timelinejs_text_is_escaped_and_linked() -> None:
    events = tl_events()
    dumped = json.dumps(list(events.values()))
    assert "<script" not in dumped and "javascript:" not in dumped

    clash = events[BY_VALUE["2021-08-20"].id]
    assert clash["text"]["text"].startswith(f"<p>{html.escape(SCRIPT_TEXT)}</p>")
    assert "&amp; clashed &lt;script&gt;" in clash["text"]["headline"]
    url = html.escape(REUTERS.url or "")
    assert f'<a href="{url}">Reuters</a>' in clash["text"]["text"]
    assert "&amp;b=2" in url  # the query string's & is escaped inside the attribute
    assert clash["group"] == "Reuters"

    gazette = events[BY_VALUE["2021-08"].id]
    assert gazette["group"] == "Valley Gazette &amp; &lt;Co&gt;"
    assert "<a " not in gazette["text"]["text"]  # no URL, no link

    untitled = events[BY_VALUE["2021"].id]  # javascript: URL, no source: title, no link
    assert untitled["group"] == "Untitled &lt;b&gt;notes&lt;/b&gt;"
    assert "<a " not in untitled["text"]["text"]

    long = events[LONG.id]
    headline = long["text"]["headline"]
    assert len(headline) <= export.HEADLINE_CHARS and headline.endswith("…")
    assert LONG_TEXT.startswith(headline[:-1])
    assert html.escape(LONG_TEXT) in long["text"]["text"]


# -- iCalendar -----------------------------------------------------------------------------


def test_ics_parses_back_with_all_day_spans() -> None:
    from icalendar import Calendar

    text = export.to_ics(ENTRIES, title=TITLE)
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20210820\r\n" in text
    # RFC 5545: CRLF line ends, content lines folded at 75 octets.
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in "".join(lines)
    assert max(len(line.encode()) for line in lines) <= 75
    cal = Calendar.from_ical(text)
    assert str(cal["X-WR-CALNAME"]) == TITLE
    vevents = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}

    kept = [e for e in ENTRIES if export.granularity(e) in export.ICS_GRANULARITIES]
    assert set(vevents) == {f"{e.id}@timeline" for e in kept}
    # 1980s, 2021 and 2021-Q3 are coarser than a month: left out, and counted.
    assert len(kept) == len(ENTRIES) - 3
    assert "3 more are dated only to a quarter" in str(cal["X-WR-CALDESC"])

    def span(value: str) -> tuple[dt.date, dt.date]:
        ev = vevents[f"{BY_VALUE[value].id}@timeline"]
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        # All-day: dates, not datetimes.
        assert type(start) is dt.date and type(end) is dt.date, value
        return start, end

    assert span("2021-08-10") == (dt.date(2021, 8, 10), dt.date(2021, 8, 11))
    assert span("2021-08-20T14:30") == (dt.date(2021, 8, 20), dt.date(2021, 8, 21))
    assert span("2021-W32") == (dt.date(2021, 8, 9), dt.date(2021, 8, 16))
    assert span("2021-W33-WE") == (dt.date(2021, 8, 21), dt.date(2021, 8, 23))
    assert span("2021-08") == (dt.date(2021, 8, 1), dt.date(2021, 9, 1))


def test_ics_event_fields() -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(export.to_ics(ENTRIES, title=TITLE))
    vevents = {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}

    clash = vevents[f"{BY_VALUE['2021-08-20'].id}@timeline"]
    assert str(clash["SUMMARY"]) == SCRIPT_TEXT  # plain text: no HTML escaping in ICS
    description = str(clash["DESCRIPTION"])
    assert description.startswith(SCRIPT_TEXT)
    assert "Reuters — Resistance holds the Panjshir valley (published 2021-08-22)" in description
    assert "“Aug. 20”" in description and "date written in the text" in description
    assert str(clash["URL"]) == REUTERS.url
    assert clash.decoded("DTSTAMP") == dt.datetime(2021, 8, 22, tzinfo=dt.UTC)

    long = vevents[f"{LONG.id}@timeline"]
    summary = str(long["SUMMARY"])
    assert len(summary) <= export.SUMMARY_CHARS and summary.endswith("…")
    assert LONG_TEXT in str(long["DESCRIPTION"])
    assert "URL" not in long  # the Gazette has no URL

    untitled = vevents[f"{BY_VALUE['2021-08-10'].id}@timeline"]
    assert "URL" not in untitled  # javascript: is not a URL worth keeping
    assert "javascript:" not in str(untitled["DESCRIPTION"])


def test_ics_is_reproducible() -> None:
    first = export.to_ics(ENTRIES, title=TITLE)
    again = export.to_ics(make_entries(), title=TITLE)
    assert first == again
    assert export.to_ics([], title="Empty").count("BEGIN:VEVENT") == 0


# -- HTML ----------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the checks need from a page: entries, date headings, and anything executable."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[str] = []
        self.headings: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self.hrefs: list[str] = []
        self._into: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" or any(k.startswith("on") for k in a):
            self.scripts += 1
        if tag in ("link", "img", "iframe", "object", "embed") or "src" in a:
            self.external.append(tag)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if self._into is not None:
            self._depth += 1
        elif tag == "li" and "entry" in (a.get("class") or "").split():
            self.entries.append("")
            self._into, self._depth = self.entries, 1
        elif tag == "h2":
            self.headings.append("")
            self._into, self._depth = self.headings, 1

    def handle_endtag(self, tag: str) -> None:
        if self._into is not None:
            self._depth -= 1
            if self._depth == 0:
                self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


# One heading per date, as a reader writes it; the 14:30 entry sits under its day, its
# time on the entry.
HEADINGS = [
    "the 1980s",
    "2021",
    "Q3 2021",
    "August 2021",
    "the week of 9 Aug 2021",
    "Tuesday 10 August 2021",
    "Friday 20 August 2021",
    "the weekend of 21 Aug 2021",
]


def check_page(page: Page) -> None:
    assert len(page.entries) == len(ENTRIES)
    for entry, shown in zip(ENTRIES, page.entries, strict=True):
        assert entry.text in shown  # the parsed text is the original: escaped exactly once
        # The words the date came from, never the TIMEX3 value or how it was resolved.
        assert entry.time_text is None or f"“{entry.time_text}”" in shown
        assert "resolved against" not in shown
        assert "-" not in entry.value or entry.value not in shown  # 2021-W32, 2021-08-20T14:30
    assert page.headings == HEADINGS
    assert page.scripts == 0 and page.external == []
    assert all(h.startswith("https://") for h in page.hrefs)
    assert page.hrefs.count(REUTERS.url or "") == 4


def test_html_static() -> None:
    text = export.to_html(ENTRIES, title=TITLE)
    assert "<script" not in text and "javascript:" not in text
    assert "10 events from 3 sources, the 1980s to the weekend of 21 Aug 2021" in text
    # No TIMEX3 jargon for readers: no values (2021-W32, 2021-08-20T14:30), no <code>.
    assert "<code>" not in text
    assert f'<meta property="og:title" content="{html.escape(TITLE)}">' in text
    assert '<meta property="og:description" content="10 events from 3 sources' in text
    # The subtitle reads the same whatever order the entries come in.
    assert export.summary(ENTRIES[::-1]) == export.summary(ENTRIES)
    assert f"<title>{html.escape(TITLE)}</title>" in text
    assert "prefers-color-scheme: dark" in text
    page = parse(text)
    check_page(page)
    assert '<time class="clock">14:30</time> A convoy arrived' in text
    assert "Nothing on this timeline" in export.to_html([], title="Empty")


def chromium() -> str | None:
    return (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )


def run_chromium(binary: str, tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp / 'profile'}", *args, url,
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def first_pixel(png: bytes) -> tuple[int, int, int]:
    """The top-left pixel of an 8-bit RGB(A) PNG, without an imaging library.

    For the first pixel of the first row every PNG filter predicts 0, so the filtered
    byte is the pixel's own value whatever filter the encoder chose.
    """
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header[8] == 8 and header[9] in (2, 6), "expected 8-bit RGB or RGBA"
    raw = zlib.decompressobj().decompress(idat, 16)
    return raw[1], raw[2], raw[3]


def test_html_renders_in_chromium(tmp_path: Path) -> None:
    binary = chromium()
    if binary is None:
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH")
    page = tmp_path / "timeline.html"
    page.write_text(export.to_html(ENTRIES, title=TITLE), encoding="utf-8")
    url = page.as_uri()

    dom = run_chromium(binary, tmp_path, url, "--dump-dom").stdout
    check_page(parse(dom))

    shots = {}
    for scheme, extra in (("light", ()), ("dark", ("--force-dark-mode",))):
        shot = tmp_path / f"{scheme}.png"
        run_chromium(binary, tmp_path, url, f"--screenshot={shot}", "--window-size=1200,1600",
                     *extra)  # fmt: skip
        assert shot.exists() and shot.stat().st_size > 30_000, f"{scheme}: blank screenshot?"
        shots[scheme] = first_pixel(shot.read_bytes())
        if keep := os.environ.get("TIMELINE_SCREENSHOT_DIR"):
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / f"export-{scheme}.png")
    # The page background follows prefers-color-scheme: light paper, dark slate.
    assert min(shots["light"]) > 200, shots
    assert max(shots["dark"]) < 60, shots


# -- the formats output.py renders ---------------------------------------------------------


def test_existing_formats_share_the_signature() -> None:
    csv = export.to_csv(ENTRIES, title=TITLE)
    assert csv.splitlines()[0].startswith("id,value,start,end")
    assert len(csv.splitlines()) == len(ENTRIES) + 1 + LONG_TEXT.count("\n")
    markdown = export.to_markdown(ENTRIES, title=TITLE)
    assert markdown.startswith(f"# {TITLE}\n\n| When | Event | Source |")
    lines = export.to_jsonl(ENTRIES, title=TITLE).splitlines()
    assert [TimelineEntry.model_validate_json(line) for line in lines] == ENTRIES


# -- other reports of the same happening (TimelineEntry.reports, when the model has it) ------


def test_other_reports_are_credited() -> None:
    if "reports" not in TimelineEntry.model_fields:
        pytest.skip("TimelineEntry has no reports field yet")
    from icalendar import Calendar

    base = BY_VALUE["2021-08-20"]
    report = {"id": "r1", "text": "Clashes in the valley.", "time_text": "Friday",
              "article": GAZETTE.model_dump()}  # fmt: skip
    other = {"id": "r2", "text": "Fighting.", "time_text": None, "article": REUTERS.model_dump()}
    merged = TimelineEntry.model_validate(
        {**base.model_dump(), "article": UNTITLED.model_dump(), "reports": [report, other]}
    )
    link = f'<a href="{html.escape(REUTERS.url or "")}">Reuters</a>'

    slide = json.loads(export.to_timelinejs([merged], title=TITLE))["events"][0]
    assert f"Also reported by Valley Gazette &amp; &lt;Co&gt;, {link}" in slide["text"]["text"]
    assert slide["group"] == "Untitled &lt;b&gt;notes&lt;/b&gt;"

    page = export.to_html([merged], title=TITLE)
    assert f"Also reported by Valley Gazette &amp; &lt;Co&gt;, {link}</p>" in page
    assert "1 event from 3 sources" in page

    (vevent,) = Calendar.from_ical(export.to_ics([merged], title=TITLE)).walk("VEVENT")
    description = str(vevent["DESCRIPTION"])
    assert "Also reported by Valley Gazette & <Co> (published 2021-08-15)" in description
    assert f"Also reported by Reuters (published 2021-08-22) {REUTERS.url}" in description
