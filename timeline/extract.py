"""Events from an article: one event per clause with its own time.

Pipeline, per sentence of every body paragraph:

1. **Clauses.** The sentence is cut where a new finite clause begins: after `;`, or at a
   cue word (`, but`, `, and`, `while`, `after`, `when`, `that` ...; CLAUSE_CUES) when a
   finite verb follows within a few words (so list commas, "Deh Salah, and Banu
   districts", never cut). A sentence opening with a subordinator ("When X, Y") is cut
   at the first comma that a finite clause follows.
2. **Embedded phrases.** Inside a clause, an apposition or a non-restrictive relative
   clause between commas (", the son of ...,", ", who ...,", ", which ...") and a
   parenthetical are *holes*: a time expression inside dates that phrase, never the
   clause around it.
3. **Own time.** Each clause and hole picks one time expression that has an interval
   (durations, sets and XXXX-... values date nothing). Rule: a written date beats a
   reference word (PRESENT_REF ...); then the finest granularity (day < week < month
   ...); then the one nearest the clause's first finite verb; then the first.
4. **Merging.** A clause without a time of its own joins its neighbour (the clause
   before it; the next one when it opens the sentence) and shares its time: that is
   the time governing it ("When the Taliban arrived on Friday, residents fled").
   Two neighbours with the same value are one event. Across a coordinating cue
   ("and", "but", "while", ";") a present-tense clause without a time does not join
   a clause dated in the past ("seized it on Friday, and the town is calm"): it is
   its own event at the publication date. Subordinate clauses ("said on Monday that
   the town is calm") always join.
5. **Fallbacks.** A group still without a time takes the latest time of its paragraph
   when it says so ("then", "later", "after that": anchor narrative), else the
   publication date (anchor publication).
6. **Holes** with a time whose interval differs from their clause's become events of
   their own; otherwise they are part of the clause's event.

Tables are data (module constants); regexes are compiled at import and linear.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from timeline.article import (
    ParsedArticle,
    collapse_ws,
    detect_published,
    inside_span,
    parse_article,
    quote_spans,
)
from timeline.models import Anchor, ArticleMeta, Event
from timeline.temporal import Interval, interval, tag

# --- data tables -------------------------------------------------------------------------
# fmt: off

# Cue words that may open a new clause. Value: whether a comma must precede the cue
# (coordinators join lists too, so only ", and" + finite verb starts a clause).
CLAUSE_CUES: dict[str, bool] = {
    "and": True, "or": True, "yet": True, "so": True, "and then": True, "and later": True,
    "but": False, "while": False, "whereas": False, "whilst": False,
    "after": False, "before": False, "when": False, "until": False, "since": False,
    "because": False, "although": False, "though": False, "even though": False,
    "even as": False, "once": False, "as soon as": False, "that": False,
}
# Lower-case coordinators opening a clause cut from the middle of a sentence; dropped
# from the event text (a capitalized "But" opens a sentence and stays).
LEADING_COORDINATORS: tuple[str, ...] = ("and then ", "and ", "but ", "or ", "yet ")
# Cues that coordinate (the clause after them is a statement of its own): a present-tense
# clause after one of these is not dated by a past time before it. Other cues subordinate.
COORDINATING_CUES: frozenset[str] = frozenset(
    {";", "and", "or", "yet", "so", "and then", "and later", "but", "while", "whereas",
     "whilst"}
)
# Subordinators that, opening a sentence, make its first comma a clause boundary.
FRONT_SUBORDINATORS: frozenset[str] = frozenset(
    {"after", "before", "when", "while", "since", "until", "although", "though", "because",
     "once", "as", "if", "whereas", "whilst"}
)
# Words that open an apposition or a non-restrictive relative clause after a comma.
RELATIVE_OPENERS: frozenset[str] = frozenset({"who", "whom", "whose", "which", "where"})
APPOSITION_OPENERS: frozenset[str] = frozenset(
    {"the", "a", "an", "one", "his", "her", "their", "its", "both", "each", "himself",
     "herself", "itself", "themselves", "formerly", "now", "then", "also", "another",
     "once", "former"}
)
# First words of a sentence-opening adverbial: the comma after it is no apposition.
ADVERBIAL_OPENERS: frozenset[str] = frozenset(
    {"however", "meantime", "meanwhile", "separately", "still", "moreover", "nonetheless",
     "nevertheless", "also", "instead", "now", "then", "yesterday", "today", "tonight",
     "earlier", "later", "indeed", "overall", "additionally", "finally", "similarly",
     "likewise", "thus", "therefore", "otherwise", "again", "besides", "last", "next",
     "this", "in", "on", "at", "during", "by", "for", "with", "under", "from", "following",
     "despite", "amid", "according", "without", "within", "over", "throughout", "unlike",
     "like", "to", "of", "across", "against", "among", "around", "through", "inside",
     "outside", "near", "beyond", "upon", "toward", "towards", "but", "and", "so", "yet"}
)
# Finite verb forms by tense; enough to tell a clause from a noun phrase.
PRESENT_FINITE: frozenset[str] = frozenset(
    {"is", "are", "am", "has", "have", "does", "do", "says", "say", "tells", "claims",
     "remains", "remain", "seems", "appears", "isn't", "aren't",
     "doesn't", "don't", "hasn't", "haven't"}
)
PAST_FINITE: frozenset[str] = frozenset(
    {"was", "were", "had", "did", "said", "told", "took", "began", "went", "came", "made",
     "gave", "saw", "won", "lost", "fought", "held", "met", "left", "fled", "struck",
     "shot", "hit", "led", "ran", "got", "became", "brought", "bought", "thought", "knew",
     "found", "sent", "spent", "stood", "kept", "broke", "fell", "rose", "spoke", "wrote",
     "drove", "chose", "sought", "caught", "built", "felt", "heard", "meant", "paid",
     "sold", "withdrew", "overran", "overtook", "retook", "swept", "slew", "flew", "grew",
     "drew", "threw", "wasn't", "weren't", "didn't",
     "hadn't", "could", "would", "might", "should"}
)
FUTURE_FINITE: frozenset[str] = frozenset({"will", "shall", "won't", "can", "may",
                                           "must"})
# A subject pronoun right after a cue nearly always starts a clause.
SUBJECT_PRONOUNS: frozenset[str] = frozenset(
    {"he", "she", "they", "we", "i", "it", "there", "you"}
)
# Words before an "-ed" word that make it an adjective/participle, not a finite verb.
DETERMINERS: frozenset[str] = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their",
     "our", "my", "your", "some", "many", "several", "two", "three", "four", "all", "no",
     "of", "to", "by", "with", "for", "in", "on", "at", "from", "been", "be", "being",
     "is", "are", "was", "were", "has", "have", "had", "well", "heavily", "newly"}
)
# Words ending in -ed that are never verbs.
NOT_VERBS_ED: frozenset[str] = frozenset(
    {"hundred", "red", "bed", "need", "speed", "seed", "shed", "feed", "creed", "breed",
     "sacred", "naked", "wicked", "aged", "beloved", "alleged", "so-called", "deed"}
)
# Words that say a clause continues the story of the previous time ("then", "later").
NARRATIVE_CUES: tuple[str, ...] = (
    "then", "later", "afterwards", "afterward", "after that", "thereafter", "subsequently",
    "soon after", "shortly after", "by then", "at the time", "at that time", "meanwhile",
    "the same day", "that day", "that night",
)
# Substrings that every narrative cue contains: a cheap test before the regex.
NARRATIVE_HINTS: tuple[str, ...] = ("then", "later", "after", "subsequent", "meanwhile",
                                    "time", "that day", "same day", "that night")
# Granularity ranks: finer first (a day says more than a year).
GRANULARITY_RANK: dict[str, int] = {
    "day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "year": 5, "decade": 6,
    "century": 7, "millennium": 8, "vague": 9,
}
REFERENCE_VALUES: frozenset[str] = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
# How many words after a cue may hold the finite verb that makes it a clause.
FINITE_WINDOW = 6
ID_CHARS = 32

# fmt: on

# --- compiled patterns -------------------------------------------------------------------

Tense = Literal["past", "present", "future"]

# A cue word after a space; the comma before it is checked by hand. A literal-led
# pattern lets the regex engine skip straight from space to space (it is hot).
_CUE_RE = re.compile(
    r"[ \n](?P<cue>"
    + "|".join(re.escape(c) for c in sorted(CLAUSE_CUES, key=len, reverse=True))
    + r")\b",
)
_FRONT_RE = re.compile(
    r"[\"“\u2018(]?(?:" + "|".join(sorted(FRONT_SUBORDINATORS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Every finite form with its tense, for one lookup per word.
_FINITE: dict[str, Tense] = {
    **dict.fromkeys(FUTURE_FINITE, "future"),
    **dict.fromkeys(PAST_FINITE, "past"),
    **dict.fromkeys(PRESENT_FINITE, "present"),
}
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\u2019'-]*")
_STOP_RE = re.compile(r"[,;:(]")
_COMMA_RE = re.compile(r",")
_NARRATIVE_RE = re.compile(
    r"\b(?:"
    + "|".join(re.escape(c) for c in sorted(NARRATIVE_CUES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_TRIM_CHARS = " \t\n,;:—\u2013-"

# --- types -------------------------------------------------------------------------------


class TimexLike(Protocol):
    """What the extractor reads from a tagger result (timeline.temporal.Timex)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def type(self) -> Literal["DATE", "TIME", "DURATION", "SET"]: ...
    @property
    def value(self) -> str: ...
    @property
    def anchor(self) -> Literal["explicit", "relative", "narrative"]: ...


Tagger = Callable[[str, dt.date], Sequence[TimexLike]]


class Extraction(BaseModel):
    model_config = ConfigDict(frozen=True)

    article: ArticleMeta
    events: list[Event]


@dataclass(slots=True)
class _Time:
    """A chosen time for a clause: value, interval and where it was written (body offsets)."""

    value: str
    timex_type: Literal["DATE", "TIME", "DURATION", "SET"]
    span: Interval
    anchor: Anchor
    text: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class _Unit:
    """A clause (or a hole inside one): local offsets in the sentence."""

    start: int
    end: int
    verb: int  # position of its first finite verb, or its start
    tense: Tense | None
    coordinated: bool = False  # opened by "and", "but", ";" ... (not a subordinate)
    timexes: list[tuple[TimexLike, Interval]] = field(default_factory=list)
    holes: list[_Unit] = field(default_factory=list)
    time: _Time | None = None


# --- public API --------------------------------------------------------------------------


def content_id(parsed: ParsedArticle) -> str:
    """Stable article id: sha256 of the NFC, whitespace-collapsed title line and body."""
    norm = unicodedata.normalize("NFC", collapse_ws(parsed.title_line + "\n" + parsed.body))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:ID_CHARS]


def extract(
    text: str,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    today: dt.date,
    tagger: Tagger | None = None,
) -> Extraction:
    """Parse `text` and return its article record and its dated clause events.

    `published` wins over a date found in the text; without either, `today` is assumed
    (published_from="assumed", for the CLI to warn about). `tagger` replaces
    timeline.temporal.tag (tests, benchmarks).
    """
    parsed = parse_article(text)
    published_from: Literal["given", "text", "assumed"] = "given"
    if published is None:
        published = detect_published(text, today=today)
        published_from = "text"
        if published is None:
            published, published_from = today, "assumed"
    article = ArticleMeta(
        id=content_id(parsed),
        title=parsed.title or parsed.title_line,
        source=source if source is not None else parsed.source,
        url=url,
        published=published,
        published_from=published_from,
    )
    if tagger is None:
        tagger = tag
    timexes = sorted(tagger(parsed.body, published), key=lambda t: t.start)
    return Extraction(article=article, events=_events(parsed, article, timexes))


# --- per-article -------------------------------------------------------------------------


def _events(parsed: ParsedArticle, article: ArticleMeta, timexes: list[TimexLike]) -> list[Event]:
    dct = article.published
    # A calendar day always has an interval; the fallback only satisfies the type.
    pub_span = interval(dct.isoformat(), dct) or Interval(dct, dct + dt.timedelta(days=1), "day")
    publication = _Time(dct.isoformat(), "DATE", pub_span, Anchor.PUBLICATION, None, None, None)
    starts = [t.start for t in timexes]
    prefix = article.id[:16]
    events: list[Event] = []
    for p in parsed.paragraphs:
        last_time: _Time | None = None  # the paragraph's latest own time, for "then"
        for si, sentence in enumerate(p.sentences):
            lo = bisect.bisect_left(starts, sentence.start)
            hi = bisect.bisect_left(starts, sentence.end, lo)
            local: list[tuple[TimexLike, Interval]] = []
            for t in timexes[lo:hi]:
                if t.end > sentence.end:
                    continue
                span = interval(t.value, dct)
                if span is not None:
                    local.append((t, span))
            clauses = _sentence_clauses(sentence.text, sentence.start, local, dct)
            for ci, (c_start, c_end, time, narrative_at, aside) in enumerate(clauses):
                if time is None:
                    cue = (
                        _NARRATIVE_RE.match(sentence.text, narrative_at)
                        if narrative_at is not None and last_time is not None
                        else None
                    )
                    if cue is not None and last_time is not None:
                        time = _Time(
                            last_time.value,
                            last_time.timex_type,
                            last_time.span,
                            Anchor.NARRATIVE,
                            cue.group(0),
                            sentence.start + cue.start(),
                            sentence.start + cue.end(),
                        )
                    else:
                        time = publication
                elif not aside:
                    last_time = time  # asides (1980s of a father) do not move the story
                a, b = sentence.start + c_start, sentence.start + c_end
                events.append(
                    Event(
                        id=f"{prefix}-{p.index:05d}-{si:03d}-{ci:02d}",
                        article_id=article.id,
                        paragraph=p.index,
                        sentence=si,
                        clause=ci,
                        text=parsed.body[a:b],
                        char_start=a,
                        char_end=b,
                        time_text=time.text,
                        time_start=time.start,
                        time_end=time.end,
                        value=time.value,
                        timex_type=time.timex_type,
                        start=time.span.start,
                        end=time.span.end,
                        anchor=time.anchor,
                    )
                )
    return events


# --- per-sentence ------------------------------------------------------------------------


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Quotations and parentheses: no clause boundary is cut inside them."""
    spans = quote_spans(text) if ('"' in text or "“" in text) else []
    if "(" in text:
        spans.extend(_paren_spans(text))
        spans.sort()
    return spans


def _paren_spans(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    depth = 0
    open_at = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((open_at, i))
    return out


def _verb_scan(
    text: str, start: int, end: int, limit: int, *, to_comma: bool = True
) -> tuple[int, Tense | None]:
    """First finite verb among the first `limit` words of text[start:end] (before a comma).

    Returns (its position or -1, its tense). A subject pronoun as first word counts as a
    finite clause (position of the pronoun, tense from the next word when known).
    """
    # A word is rarely longer than 25 characters: the cap keeps scans of a huge
    # comma-less sentence linear.
    end = min(end, start + 25 * limit)
    if to_comma and (stop := _STOP_RE.search(text, start, end)) is not None:
        end = stop.start()
    # One lower-casing per scan, not per word; offsets are unchanged by lower().
    low = text[start:end].lower()
    if "\u2019" in low:  # typographic apostrophe: "didn\u2019t" is "didn't"
        low = low.replace("\u2019", "'")
    prev = ""
    pronoun_at = -1
    for count, m in enumerate(_WORD_RE.finditer(low)):
        w = m.group(0)
        tense = _FINITE.get(w)
        if tense is not None:
            return start + m.start(), tense
        if w.endswith("ed") and len(w) > 3 and prev not in DETERMINERS and w not in NOT_VERBS_ED:
            return start + m.start(), "past"
        if count == 0 and w in SUBJECT_PRONOUNS:
            pronoun_at = start + m.start()
        elif pronoun_at >= 0 and count == 1 and w.endswith("s"):
            return pronoun_at, "present"  # "he says", "it remains"
        prev = w
        if count + 1 >= limit:
            break
    if pronoun_at >= 0:
        return pronoun_at, None
    return -1, None


def _boundaries(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, bool]]:
    """(start offset, coordinated?) of the clauses after the first one."""
    cuts: list[tuple[int, bool]] = []
    m = _FRONT_RE.match(text)
    if m is not None:
        # "When X, Y": the first comma followed by a finite clause ends the subordinate.
        for c in _COMMA_RE.finditer(text, m.end()):
            if protected and inside_span(c.start(), protected):
                continue
            pos, _ = _verb_scan(text, c.end(), len(text), FINITE_WINDOW)
            if pos >= 0:
                cuts.append((c.end(), False))
                break
    semi = text.find(";")
    while semi >= 0:  # a semicolon always separates clauses
        if not (protected and inside_span(semi, protected)):
            cuts.append((semi + 1, True))
        semi = text.find(";", semi + 1)
    for m in _CUE_RE.finditer(text):
        at = m.start(1)
        if protected and inside_span(at, protected):
            continue
        j = m.start()
        while j > 0 and text[j - 1] in " \n":
            j -= 1
        comma = j > 0 and text[j - 1] == ","
        if j == 0 or (j > 0 and text[j - 1] == ";"):
            continue  # opens the sentence or follows a semicolon: no new cut
        cue = m.group("cue")
        pos, _ = _verb_scan(text, m.end(), len(text), FINITE_WINDOW)
        if pos < 0:
            continue
        if CLAUSE_CUES[cue] and not comma:
            # "met in 2019 and agreed ...": without a comma, only a verb right after the
            # coordinator (shared subject) starts a clause; "X and Y" stays a phrase.
            first = _WORD_RE.search(text, m.end())
            if first is None or first.start() != pos:
                continue
        cuts.append((j if comma else at, cue in COORDINATING_CUES))
    cuts.sort()
    return cuts


def _holes(
    text: str, a: int, b: int, protected: list[tuple[int, int]], times: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Appositions, relative clauses and parentheticals inside text[a:b].

    `times` are the sentence's time expressions (local spans).
    """
    holes: list[tuple[int, int]] = []
    time_ends = {e for _, e in times}
    first = True
    for c in _COMMA_RE.finditer(text, a + 1, b):
        at = c.start()
        if protected and inside_span(at, protected):
            continue
        after_opening, first = first, False
        # An apposition to a time ("on Friday, the day after ...") belongs to that time.
        if at in time_ends or _skip_back(text, at, a) in time_ends:
            continue
        wm = _WORD_RE.search(text, c.end(), b)
        if wm is None or wm.start() - c.end() > 2:
            continue
        opener = wm.group(0).lower()
        nxt = _COMMA_RE.search(text, c.end(), b)
        h_end = nxt.start() if nxt is not None else b
        if opener in RELATIVE_OPENERS or (
            opener in APPOSITION_OPENERS
            and wm.group(0)[0].islower()
            and not (after_opening and _is_adverbial(text, a, at))
            and _verb_scan(text, wm.end(), h_end, 40)[0] < 0
        ):
            holes.append((wm.start(), h_end))
    for p_start, p_end in protected:
        if text[p_start] == "(" and a <= p_start and p_end < b:
            inner = sum(
                min(e, p_end) - max(s, p_start) for s, e in times if s < p_end and e > p_start
            )
            # "(4 a.m. EDT Thursday)" restates the clause's time: it is no aside.
            if inner * 2 < p_end - p_start:
                holes.append((p_start + 1, p_end))
    holes.sort()
    return holes


def _skip_back(text: str, at: int, floor: int) -> int:
    # The end of the word before `at`, over spaces and a dot ("Aug. 15." ends at "15").
    while at > floor and text[at - 1] in " .":
        at -= 1
    return at


def _is_adverbial(text: str, a: int, comma: int) -> bool:
    """Whether text[a:comma] opens the clause as an adverbial ("However,", "On Friday,")

    so that what follows the comma is the subject, not an apposition.
    """
    m = _WORD_RE.search(text, a, comma)
    if m is None:
        return True
    word = m.group(0).lower()
    if word in ADVERBIAL_OPENERS or word in CLAUSE_CUES or word in FRONT_SUBORDINATORS:
        return True
    return m.end() >= comma - 1 and word.endswith("ly")  # "Separately, the ..."


def _pick(unit: _Unit, sentence_start: int) -> _Time | None:
    """The unit's own time: see the module docstring (rule 3)."""
    best: tuple[TimexLike, Interval] | None = None
    best_key: tuple[int, int, int, int] = (2, 99, 0, 0)
    for t, span in unit.timexes:
        key = (
            1 if t.value in REFERENCE_VALUES else 0,
            GRANULARITY_RANK.get(span.granularity, 9),
            abs(t.start - sentence_start - unit.verb),
            t.start,
        )
        if best is None or key < best_key:
            best, best_key = (t, span), key
    if best is None:
        return None
    t, span = best
    return _Time(t.value, t.type, span, Anchor(t.anchor), t.text, t.start, t.end)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM_CHARS:
        a += 1
    # A clause cut at ", but ..." reads as an entry of its own without the "but".
    for word in LEADING_COORDINATORS:
        if text.startswith(word, a, b) and b - a > len(word) + 1:
            a += len(word)
            break
    while a < b and text[a] in _TRIM_CHARS:
        a += 1
    while b > a and text[b - 1] in _TRIM_CHARS:
        b -= 1
    return a, b


# (start, end, own time, position of a narrative cue, is an aside) in sentence offsets.
_Clause = tuple[int, int, "_Time | None", "int | None", bool]


def _sentence_clauses(
    text: str, offset: int, timexes: list[tuple[TimexLike, Interval]], dct: dt.date
) -> list[_Clause]:
    """The sentence's events as (start, end, time or None, narrative cue or None, aside).

    Offsets are local to the sentence; a None time is resolved by the caller
    (narrative time of the paragraph, else the publication date).
    """
    if not timexes:
        # Fast path: with no time in the sentence every clause merges into one event.
        a, b = _trim(text, 0, len(text))
        return [(a, b, None, _narrative_cue(text, 0, len(text)), False)]
    protected = _protected_spans(text) if ('"' in text or "“" in text or "(" in text) else []
    cuts = _boundaries(text, protected)
    bounds = [(0, False), *cuts, (len(text), False)]
    units: list[_Unit] = []
    time_spans = [(t.start - offset, t.end - offset) for t, _ in timexes]
    for (a, coordinated), (b, _) in itertools.pairwise(bounds):
        if b <= a:
            continue
        unit = _Unit(a, b, a, None, coordinated)
        resume = a
        for h_start, h_end in _holes(text, a, b, protected, time_spans):
            pos, tense = _verb_scan(text, h_start, h_end, 12)
            unit.holes.append(_Unit(h_start, h_end, pos if pos >= 0 else h_start, tense, False))
            if unit.tense is None and resume < h_start:
                unit.verb, unit.tense = _clause_verb(text, resume, h_start, a)
            resume = max(resume, h_end)
        if unit.tense is None and resume < b:
            unit.verb, unit.tense = _clause_verb(text, resume, b, a)
        units.append(unit)
    unit_starts = [u.start for u in units]
    for t, span in timexes:
        at = t.start - offset
        i = bisect.bisect_right(unit_starts, at) - 1
        if i < 0 or at >= units[i].end:
            continue
        target = units[i]
        for h in target.holes:
            if h.start <= at < h.end:
                target = h
                break
        target.timexes.append((t, span))
    for unit in units:
        unit.time = _pick(unit, offset)
        for h in unit.holes:
            h.time = _pick(h, offset)

    # Rule 4: merge clauses without a time of their own into their neighbour. Per group:
    # its units, its time, and whether it holds an untimed present-tense clause. Across a
    # coordinating cue ("and", "but", "while", ";"), untimed present does not join past.
    groups: list[list[_Unit]] = []
    times: list[_Time | None] = []
    present: list[bool] = []
    for unit in units:
        is_present = unit.time is None and unit.tense == "present"
        if groups:
            cur_time = times[-1]
            if unit.time is not None:
                if cur_time is None and not (
                    unit.coordinated and present[-1] and _is_past(unit.time, dct)
                ):
                    # Leading untimed clauses take the time that follows.
                    groups[-1].append(unit)
                    times[-1] = unit.time
                    continue
                if cur_time is not None and cur_time.value == unit.time.value:
                    groups[-1].append(unit)
                    continue
            elif not (
                unit.coordinated and is_present and cur_time is not None and _is_past(cur_time, dct)
            ):
                groups[-1].append(unit)
                present[-1] = present[-1] or is_present
                continue
            # Otherwise: a time of its own, or present tense after a past date.
        groups.append([unit])
        times.append(unit.time)
        present.append(is_present)

    out: list[_Clause] = []
    for group, time in zip(groups, times, strict=True):
        a, b = _trim(text, group[0].start, group[-1].end)
        narrative_at: int | None = None
        if time is None:
            for unit in group:
                cue_at = _narrative_cue(text, unit.start, unit.end)
                if cue_at is not None and not any(h.start <= cue_at < h.end for h in unit.holes):
                    narrative_at = cue_at
                    break
        out.append((a, b, time, narrative_at, False))
        for unit in group:
            for h in unit.holes:
                if h.time is None:
                    continue
                if time is not None and h.time.span[:2] == time.span[:2]:
                    continue
                if time is None and h.time.value in REFERENCE_VALUES:
                    continue  # "currently" in an aside says nothing new about the date
                ha, hb = _trim(text, h.start, h.end)
                out.append((ha, hb, h.time, None, True))
    out.sort(key=lambda c: (c[0], -c[1]))
    return out


def _narrative_cue(text: str, a: int, b: int) -> int | None:
    """Where text[a:b] says it follows the previous time ("then", "later"), if it does."""
    # Substring tests first: most sentences hold no cue and the regex is slower.
    low = text[a:b].lower()
    if not any(hint in low for hint in NARRATIVE_HINTS):
        return None
    m = _NARRATIVE_RE.search(text, a, b)
    return m.start() if m is not None else None


def _clause_verb(text: str, a: int, b: int, default: int) -> tuple[int, Tense | None]:
    # The main verb of a clause: commas do not stop the scan (fronted adverbials).
    pos, tense = _verb_scan(text, a, b, 60, to_comma=False)
    return (pos if pos >= 0 else default), tense


def _is_past(time: _Time, dct: dt.date) -> bool:
    """Whether `time` ended before the publication day (a present clause is not in it)."""
    return time.span.end <= dct
