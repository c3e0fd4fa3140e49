"""Article parsing: title line, body paragraphs with offsets, sentences, publication date.

Everything downstream (the extractor, the events' provenance) points into the
*body* by character offsets, so the body is kept exactly as written (after
newline/BOM normalization) and every paragraph and sentence carries its span.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from timeline.errors import InputError
from timeline.temporal.tables import NEVER_FINAL_ABBREVIATIONS

# --- data tables -------------------------------------------------------------------------
# fmt: off

# Abbreviations that may also close a sentence ("... in the U.S. The next day ..."):
# they end one only when the next word is a typical sentence opener.
MAYBE_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {"inc", "ltd", "co", "corp", "jr", "sr", "bros", "llc", "plc", "u.s", "u.k", "u.n",
     "e.u", "u.s.a", "d.c", "a.m", "p.m", "etc"}
)
# Words that usually start a sentence; used only to disambiguate MAYBE_FINAL abbreviations
# and acronyms.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that",
        "these", "those", "there", "but", "and", "in", "on", "at", "after", "before",
        "when", "while", "however", "meanwhile", "his", "her", "their", "its", "our",
        "some", "many", "most", "officials", "according", "last", "earlier", "later",
    }
)

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
# Labels that introduce the publication date on a line of its own; the first group wins
# over the second ("Published" beats "Updated" when both are present).
PUBLISHED_LABELS: tuple[str, ...] = (
    "published", "first published", "posted", "date", "dated", "released",
)
UPDATED_LABELS: tuple[str, ...] = ("updated", "last updated", "last modified", "modified")

# fmt: on

# --- compiled patterns -------------------------------------------------------------------

_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# "14 Nov 2025", "22 August, 2021", "August 22, 2021", "Aug. 22 2021", "2021-08-22".
_DMY = rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s++(?P<m1>{_MONTH_NAME}),?\s++(?P<y1>\d{{4}})"
_MDY = rf"(?P<m2>{_MONTH_NAME})\s++(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s++(?P<y2>\d{{4}})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
_FULL_DATE = re.compile(rf"\b(?:{_DMY}|{_MDY}|{_ISO})\b", re.IGNORECASE)
_LABELS = "|".join(
    re.escape(label) for label in sorted(PUBLISHED_LABELS + UPDATED_LABELS, key=len, reverse=True)
)
# A byline: "By Jane Doe", "By Jane Doe and John Roe, Staff Writers", "By Amina Yusuf |
# Northwind", optionally followed by publication labels on the same line ("By ...
# Published: 2 hours ago"). Only capitalized words, none a day or a month: "By Tuesday,
# the army held the bridge" is prose.
_NOT_NAME = r"(?!(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|" + _MONTH_NAME + r"\b))"
_NAME = (
    rf"{_NOT_NAME}[A-Z][\w.'\u2019-]*+"
    rf"(?:[ \t]++(?:{_NOT_NAME}[A-Z][\w.'\u2019-]*+|de|van|von|al|bin|da))*"
)
# A label at the start of a line, optional "on"/":" and an optional weekday before the date.
_LABEL_LINE = re.compile(
    rf"^[ \t]*+(?-i:By[ \t]++{_NAME}[ \t]*+[|,;·•-]?[ \t]*+)?"  # after a byline, too
    rf"(?P<label>{_LABELS})\b[ \t]*+(?:on\b)?[ \t]*+:?[ \t]*+"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]++)?"
    rf"(?P<date>(?:{_DMY}|{_MDY}|{_ISO}))",
    re.IGNORECASE | re.MULTILINE,
)
# "KABUL, Aug 22 (Reuters) -", "NEW YORK, Aug. 22 —", "WASHINGTON (AP) —",
# "NAIROBI, August 21 (Xinhua)" alone on its line: a city in capitals (case-sensitive, so
# prose never matches), an optional month and day, an optional agency, then a dash.
_DATELINE = re.compile(
    r"^[ \t]*+(?P<city>[A-Z][A-Z.'\u2019 -]{1,40}?(?:,[ \t]*+[A-Z][A-Za-z.' -]{1,30}?)?)"
    rf"(?:,[ \t]*+(?P<month>(?i:{_MONTH_NAME}))[ \t]++(?P<day>\d{{1,2}})\b"
    r"(?:,?[ \t]++(?P<year>(?:1[89]|2\d)\d\d)\b)?)?"
    r"[ \t]*+(?:\((?P<agency>[A-Za-z. ]{1,30})\))?[ \t]*+(?:[-\u2013—_]+[ \t]*+|:[ \t]*+|$)",
    re.MULTILINE,
)
# How far into the text after a dateline its lead is read for a weekday, and how many
# years back a weekday may place a dateline without a year.
LEAD_CHARS = 400
WEEKDAY_YEARS = 12
# How many days before publication a dateline may put the filing of a report (a wire
# story of the evening is in the next day's paper; a week's delay is no dateline's day).
DATELINE_DAYS = dt.timedelta(days=3)
WEEKDAYS: dict[str, int] = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!'s|\u2019s)"
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAME}),?[ \t]++((?:19|20)\d{{2}})\b", re.IGNORECASE)
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)[ \t]*+(?P<year>(?:19|20)\d{2})", re.IGNORECASE)
# Lines that are page furniture, not prose: copyright notices (publication lines are
# recognized with _LABEL_LINE). Only short one-line paragraphs qualify.
_COPYRIGHT_LINE = re.compile(r"^[ \t]*+(?:©|\(c\)|copyright\b)", re.IGNORECASE)
BOILERPLATE_MAX_CHARS = 160
# At most this many words in a line before the text that is no sentence (a source line
# "The Valley Herald", a kicker, a deck): page furniture when prose follows it.
FURNITURE_WORDS = 12
# A relative publication time on a label line ("Updated 35 minutes ago", "Published:
# 2 hours ago"): page furniture, like a dated label line.
_AGO = r"(?:\d{1,3}|an?|one)[ \t]++(?:second|minute|min|hour|hr|day|week)s?[ \t]++ago"
_LABEL_AGO = rf"(?i:(?:{_LABELS})\b[ \t]*+(?:on\b)?[ \t]*+:?[ \t]*+{_AGO}\b)"
_RELATIVE_LABEL_LINE = re.compile(
    rf"^[ \t]*+{_LABEL_AGO}(?:[ \t]*+[|,;·•-]?[ \t]*+{_LABEL_AGO})*[ \t.]*$", re.IGNORECASE
)
_LABEL_ANY = rf"(?:{_LABEL_AGO}|(?i:{_LABELS})\b[ \t]*+:?[ \t]*+[\w ,:.+-]{{0,40}}?)"
_BYLINE = re.compile(
    rf"^[ \t]*+By[ \t]++{_NAME}(?:[ \t]*+(?:,|and|&)[ \t]*+{_NAME})*"
    rf"(?:[ \t]*+[|,;·•-][ \t]*+[A-Z][\w.'&-]*(?:[ \t]++[A-Z][\w.'&-]*){{0,5}})?"
    rf"(?:[ \t]*+[|,;·•-]?[ \t]*+{_LABEL_ANY})*[ \t]*$"
)
_BLANK_LINES = re.compile(r"\n[ \t]*+\n")
# Unicode space separators (no-break, thin, figure ...) map to a plain space, one for one.
_SPACES = {cp: " " for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}

# A candidate sentence end: terminator(s), optional closing quotes/brackets, whitespace.
# Possessive and anchored after the previous character: a run of dots is scanned once.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"”\u2019')\]]*+(?=\s)")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_TOKEN = re.compile(r"\s+([\"“\u2018(\[`]*)(\S*)")
# Curly quotes, and the ``...'' of wire and LDC text (Penn Treebank style), open and close.
_OPEN_QUOTES = ("“", "``")
_CLOSE_QUOTES = ("”", "''")
_QUOTE_CHARS = re.compile(r"[“”\"]|``|''")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")


# --- data model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph; offsets into the article body, end exclusive."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph; offsets into the article body, end exclusive."""

    index: int
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    title: str  # the headline, without section and source
    title_line: str  # the whole first line, whitespace collapsed (part of the content id)
    source: str | None  # the last "|" part of the title line, when there is one
    body: str  # everything after the title line, exactly as written
    paragraphs: tuple[Paragraph, ...]


# --- parsing -----------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Strip a BOM, turn CRLF / CR line ends into LF and Unicode spaces into plain ones.

    Offsets are taken after this. The space mapping keeps lengths: a no-break space
    inside "said his\u00a0supporters" must not hide the phrase from a search.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = text.translate(_SPACES)
    return text


def collapse_ws(text: str) -> str:
    # str.split() splits on every Unicode whitespace run, several times faster than a regex.
    return " ".join(text.split())


def split_title(title_line: str) -> tuple[str, str | None]:
    """`Headline | Section | Source` → (headline, source); no `|` → (line, None)."""
    parts = [collapse_ws(p) for p in title_line.split("|")]
    parts = [p for p in parts if p]
    if not parts:
        return "", None
    if len(parts) == 1:
        return parts[0], None
    return parts[0], parts[-1]


def parse_article(text: str) -> ParsedArticle:
    """Split an article into title, body and paragraphs (with sentences).

    Raises InputError when the text is empty, binary, or has no body paragraph.
    """
    if "\x00" in text:
        raise InputError("The article text contains NUL bytes; it looks binary, not text.")
    text = normalize_text(text)
    if not text.strip():
        raise InputError("The article text is empty.")
    lead = len(text) - len(text.lstrip())
    nl = text.find("\n", lead)
    title_line = text[lead:] if nl < 0 else text[lead:nl]
    body = "" if nl < 0 else text[nl + 1 :]
    headline, source = split_title(title_line)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise InputError(
            "The article has a title line but no body paragraphs; "
            "put the title on the first line and the text after it."
        )
    return ParsedArticle(
        title=headline,
        title_line=collapse_ws(title_line),
        source=source,
        body=body,
        paragraphs=paragraphs,
    )


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    # Blank lines separate paragraphs; a text without any blank line has one per line.
    if _BLANK_LINES.search(body):
        spans: list[tuple[int, int]] = []
        pos = 0
        for m in _BLANK_LINES.finditer(body):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(body)))
        return spans
    spans = []
    pos = 0
    for line in body.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_boilerplate(paragraph: str) -> bool:
    if len(paragraph) > BOILERPLATE_MAX_CHARS or "\n" in paragraph:
        return False
    if _COPYRIGHT_LINE.match(paragraph) or _RELATIVE_LABEL_LINE.match(paragraph):
        return True
    if _BYLINE.match(paragraph):
        return True
    m = _LABEL_LINE.match(paragraph)
    # The date must be most of the line: "Posted on 22 Aug 2021 10:32 GMT", not prose.
    return m is not None and len(paragraph) - m.end() <= 24


def _is_furniture(paragraph: str, body: str, end: int) -> bool:
    """A line before the text that is no sentence: short, unpunctuated, with prose after."""
    if "\n" in paragraph or paragraph[-1] in ".!?:\"\u201d'\u2019)":
        return False
    if len(paragraph.split()) > FURNITURE_WORDS or _DATELINE.match(paragraph):
        return False
    return _SENTENCE_END.search(body, end) is not None


def _is_dateline(m: re.Match[str]) -> bool:
    # A bare capitalized word before a dash ("US - China talks") is not enough: a
    # dateline has a date or an agency, or a city of several capitals and a dash.
    if m.group("month") or m.group("agency"):
        return True
    city = m.group("city").strip()
    return len(city) >= 4 and m.group(0).rstrip()[-1:] in "-\u2013—_"


def _paragraphs(body: str) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    for raw_start, raw_end in _paragraph_spans(body):
        chunk = body[raw_start:raw_end]
        stripped = chunk.strip()
        if not stripped:
            continue
        start = raw_start + (len(chunk) - len(chunk.lstrip()))
        end = start + len(stripped)
        # Publication lines and copyright notices are page furniture, not events; so
        # are the short unpunctuated lines before the text (a source, a kicker, a deck),
        # when prose follows them.
        if _is_boilerplate(stripped) or (not out and _is_furniture(stripped, body, raw_end)):
            continue
        # A leading dateline ("KABUL, Aug 22 (Reuters) -") says where and when the report
        # was filed; it is not part of the first sentence.
        if not out and (m := _DATELINE.match(stripped)) and _is_dateline(m):
            if m.end() >= len(stripped):
                continue  # the dateline stands alone on its line
            start += m.end()
            stripped = body[start:end]
        out.append(
            Paragraph(
                index=len(out),
                start=start,
                end=end,
                text=stripped,
                sentences=tuple(
                    Sentence(start + s, start + e, stripped[s:e])
                    for s, e in split_sentences(stripped)
                ),
            )
        )
    return tuple(out)


# --- sentences ---------------------------------------------------------------------------


def has_quotes(text: str) -> bool:
    """Whether the text may hold a quotation (a cheap test before `quote_spans`)."""
    return '"' in text or any(q in text for q in _OPEN_QUOTES)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans (open, close) of balanced double quotations; unbalanced quotes are ignored.

    Curly quotes nest by direction; straight quotes pair up in order. A quote that never
    closes in the paragraph is dropped so one stray mark cannot swallow the paragraph.
    """
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    straight = -1
    for m in _QUOTE_CHARS.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch in _OPEN_QUOTES:
            stack.append(i)
        elif ch in _CLOSE_QUOTES:
            if stack:
                o = stack.pop()
                if not stack:
                    spans.append((o, i))
        elif straight < 0:
            straight = i
        else:
            spans.append((straight, i))
            straight = -1
    spans.sort()
    return spans


def inside_span(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span (sorted by start) that strictly contains `pos`, if any."""
    # Binary search; the two spans before `pos` cover a straight pair overlapping a curly one.
    i = bisect.bisect_left(spans, (pos, -1))
    for a, b in spans[max(0, i - 2) : i]:
        if a < pos < b:
            return a, b
    return None


def _is_abbreviation(text: str, dot: int, next_word: str) -> bool:
    """Whether the period at `dot` belongs to an abbreviation rather than ending a sentence."""
    m = _WORD_BEFORE_DOT.search(text, max(0, dot - 12), dot)
    if not m or (m.start() > 0 and text[m.start() - 1].isalpha()):
        return False
    word = m.group(1)
    low = word.lower().rstrip(".")
    nxt = next_word.lower().strip("\"“\u2018'(")
    if len(word) == 1 and word.isupper():
        # A single initial ("J. Smith"); a capital letter alone rarely ends a sentence.
        return True
    if low in NEVER_FINAL_ABBREVIATIONS:
        return True
    if low in MAYBE_FINAL_ABBREVIATIONS or _ACRONYM.search(word + "."):
        return nxt not in SENTENCE_OPENERS
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`, trimmed of surrounding whitespace.

    A period after an abbreviation or initial does not end a sentence; decimals never
    match (no whitespace after the dot); a terminator inside a quotation ends a sentence
    only when the quotation closes right after it (`."`), and then after the quote.
    """
    spans: list[tuple[int, int]] = []
    quotes = quote_spans(text) if has_quotes(text) else []
    start = 0
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        term = m.start()
        if quotes:
            q = inside_span(term, quotes)
            # Inside a quotation only a terminator the quote closes right after can end it.
            if q is not None and q[1] >= end:
                continue
        nm = _NEXT_TOKEN.match(text, end)
        if nm is None:
            continue
        opener, word = nm.group(1), nm.group(2)
        first = word[:1]
        # The next sentence starts with a capital, a digit or an opening quote/bracket.
        if not (opener or first.isupper() or first.isdigit()):
            continue
        if m.group(0)[:2] != ".." and text[term] == "." and _is_abbreviation(text, term, word):
            continue
        spans.append((start, end))
        start = end + (len(nm.group(0)) - len(nm.group(0).lstrip()))
    if start < n:
        spans.append((start, n))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        chunk = text[s:e]
        ls = len(chunk) - len(chunk.lstrip())
        rs = len(chunk.rstrip())
        if rs > ls:
            out.append((s + ls, s + rs))
    return out


# --- publication date --------------------------------------------------------------------


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("y1"):
            return dt.date(int(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
        if g.get("y2"):
            return dt.date(int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except (ValueError, KeyError):  # "31 Feb 2021", an unknown month: not a date
        return None
    return None


_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def parse_date(value: str) -> dt.date | None:
    """A publication date written out in metadata: "2024-01-31", "Jan 31, 2024",
    "Wednesday, 31 January 2024", "2024-01-31T23:15:00-05:00" (the day in its own
    offset, as the publisher's readers saw it). None when it is no such date."""
    text = _WEEKDAY_PREFIX.sub("", collapse_ws(value))
    if _ISO_DATETIME.match(text):
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    m = _FULL_DATE.fullmatch(text)
    return None if m is None else _date_from_match(m)


class FoundDate(NamedTuple):
    """A publication date found in the text, and what was assumed to complete it."""

    day: dt.date
    assumed: str | None = None  # e.g. "the dateline gives no year: ..." (for a warning)


def detect_published(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The publication date the text states, or None (see `find_published`)."""
    found = find_published(text, today=today)
    return None if found is None else found.day


def find_published(text: str, *, today: dt.date | None = None) -> FoundDate | None:
    """The publication date the text states, or None.

    In order: a `Published …`-style line (published beats updated); a dateline
    (`KABUL, Aug 22 (Reuters) -`) completed with a year from another full date in the
    text or a copyright line, else the latest such day not after `today`: either way
    the year is an assumption, and `assumed` says which.
    """
    text = normalize_text(text)
    published: dt.date | None = None
    updated: dt.date | None = None
    for m in _LABEL_LINE.finditer(text):
        date = _date_from_match(m)
        if date is None:
            continue
        label = collapse_ws(m.group("label")).lower()
        if label in UPDATED_LABELS:
            updated = updated or date
        else:
            published = published or date
    if (stated := published or updated) is not None:
        return FoundDate(stated)
    dateline = next((d for d in _DATELINE.finditer(text) if d.group("month")), None)
    if dateline is None:
        return None
    month = MONTHS[dateline.group("month").lower().rstrip(".")]
    day = int(dateline.group("day"))
    if dateline.group("year"):  # "KHARTOUM, March 21, 2024 (Northwind) -"
        try:
            return FoundDate(dt.date(int(dateline.group("year")), month, day))
        except ValueError:
            return None
    said = collapse_ws(dateline.group(0)).rstrip(" -\u2013—_:")
    ref = today or dt.date.today()
    witness, weak = _year_elsewhere(text, month)
    lead = text[dateline.end() : dateline.end() + LEAD_CHARS]
    if witness is None or weak:
        # A weekday the lead names ("fell sharply on Tuesday") is the dateline's day or
        # the day before it in the year of the story: the nearest such year from the
        # article's other dates on (an article reports after what it mentions).
        named = _WEEKDAY.search(lead)
        if named is not None:
            wd = WEEKDAYS[named.group(1).lower()[:3]]
            year = _weekday_year(ref, month, day, wd, since=witness)
            if year is not None:
                return FoundDate(dt.date(year, month, day), f"the dateline {said!r} gives no "
                                 f"year; took {year}, when it fell on the {named.group(1)} the "
                                 "article names or the day after")  # fmt: skip
    if witness is not None:
        try:
            found = dt.date(witness, month, day)
        except ValueError:
            return None
        return FoundDate(found, f"the dateline {said!r} gives no year; took {witness} from "
                                "the article's other dates")  # fmt: skip
    for y in range(ref.year, ref.year - 8, -1):
        try:
            candidate = dt.date(y, month, day)
        except ValueError:  # 29 Feb in a non-leap year: look further back
            continue
        if candidate <= ref:
            why = f"the dateline {said!r} gives no year, nor does the article; took the latest"
            return FoundDate(candidate, f"{why} such day, {candidate}")
    return None


def dateline_day(body: str, published: dt.date) -> dt.date | None:
    """The day a leading dateline says the report was filed ("WASHINGTON, March 12
    (Xinhua) --" in the paper of March 13), when it is a day up to `DATELINE_DAYS`
    before publication: the story's today, which its "Friday" and its sayings are told
    from. None without a dated dateline, or when it is the publication day."""
    stripped = body.lstrip()
    m = _DATELINE.match(stripped[: stripped.find("\n") if "\n" in stripped else None])
    if m is None or not m.group("month") or not _is_dateline(m):
        return None
    month, day = MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
    years = [int(m.group("year"))] if m.group("year") else [published.year, published.year - 1]
    for year in years:
        try:
            filed = dt.date(year, month, day)
        except ValueError:
            continue
        if published - DATELINE_DAYS <= filed < published:
            return filed
    return None


def _weekday_year(ref: dt.date, month: int, day: int, wd: int, since: int | None) -> int | None:
    """The year whose month-day falls on weekday `wd` or the day after: the first from
    `since` on, else the latest of the last `WEEKDAY_YEARS`; never after `ref`."""
    years = range(since, ref.year + 1) if since is not None else range(
        ref.year, ref.year - WEEKDAY_YEARS - 1, -1
    )
    for year in years:
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= ref and d.weekday() in (wd, (wd + 1) % 7):
            return year
    return None


def _year_elsewhere(text: str, month: int) -> tuple[int | None, bool]:
    """The year the text's other dates witness, and whether the witness is weak.

    A full date in the same month is the best witness; then "August 1998"; then any full
    date or a copyright year, weak ones: an article mentions other years too."""
    any_year: int | None = None
    for m in _FULL_DATE.finditer(text):
        date = _date_from_match(m)
        if date is None:
            continue
        if date.month == month:
            return date.year, False
        any_year = any_year if any_year is not None and any_year >= date.year else date.year
    for m in _MONTH_YEAR.finditer(text):
        if MONTHS[m.group(1).lower().rstrip(".")] == month:
            return int(m.group(2)), False
    if any_year is not None:
        return any_year, True
    c = _COPYRIGHT_YEAR.search(text)
    return (int(c.group("year")), True) if c else (None, True)
