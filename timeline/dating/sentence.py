"""The entries of one sentence: which clause or phrase each time expression dates.

1. **Clauses and holes** come from `timeline.dating.clauses`.
2. **Predicates.** Each clause's main predicate is its first finite verb group outside
   holes and quotations (`timeline.dating.verbs`); it gives the clause its tense and
   its kind (`classify`).
3. **Embedded events.** A time expression that modifies an embedded event dates that
   event, not the clause: a reduced relative ("the record high *set on March 9*"), an
   infinitive after a verb of intent or a past verb when it lies ahead ("agreed *to meet
   on Friday*"), or a happening noun after a topic preposition ("an inquiry into *the
   bombing of the embassy on May 2*"). The embedded event is an entry of its own.
4. **Reports.** A reporting frame (", police said", "said on Monday that", "according
   to ...") is kept apart from what it reports: a time in the frame dates the saying.
5. **Own time.** Each clause, hole and embedded event picks one time expression with
   an interval: a written date beats a reference word; then the finest granularity;
   then the one nearest the predicate; then the first. A reference word only counts
   when the tense agrees ("recently" for a past clause, "soon" for a future one).
6. **Merging.** A clause without a time of its own joins its neighbour (the clause
   before it; the next one when it opens the sentence) and shares its time. Across a
   coordinating cue ("and", "but", "while", ";") an untimed clause does not join a
   clause whose time lies on the other side of publication from its tense ("seized it
   on Friday, and the town is calm"; "met on Monday and will meet again").

Offsets are local to the sentence; the article loop (`timeline.extract`) resolves what
has no time of its own against the story and the publication date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from timeline.article import has_quotes, inside_span
from timeline.dating import clauses as cl
from timeline.dating import lexicon as lx
from timeline.dating.verbs import AUXILIARIES as _VERBISH
from timeline.dating.verbs import Analysis, Tense, VerbGroup, Word, is_participle
from timeline.models import Anchor, Kind
from timeline.temporal import Interval
from timeline.temporal.tagger import shift_date
from timeline.temporal.value import DAY, TimexValue

# Granularity ranks: finer first (a day says more than a year).
GRANULARITY_RANK: dict[str, int] = {
    "day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "year": 5, "decade": 6,
    "century": 7, "millennium": 8, "vague": 9,
}  # fmt: skip
# How many words a reduced relative or an infinitive may run before its time.
EMBEDDED_WORDS = 8
# How many words a phrase between a dated noun and its relative clause may have.
RELATIVE_PHRASE_WORDS = 6
# How many words after a reporting verb a time may sit and still date the saying.
REPORT_TIME_WORDS = 5
# How many words a trailing frame (", the Interior Ministry said on Sunday") may have.
TRAILING_FRAME_WORDS = 16


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
    def mod(self) -> str | None: ...
    @property
    def anchor(self) -> Literal["explicit", "relative", "narrative"]: ...


@dataclass(slots=True)
class Own:
    """A time expression that dates an entry (offsets in the article body)."""

    value: str
    timex_type: Literal["DATE", "TIME", "DURATION", "SET"]
    span: Interval
    anchor: Anchor
    text: str | None
    start: int | None
    end: int | None
    lead: str = ""  # the word right before it, lower case ("since", "until", "on" ...)
    upto: Interval | None = None  # the end of the range it opens ("from 2018 to 2022")
    mod: str | None = None  # TIMEX3 mod: "the end of March" is March with END


@dataclass(slots=True)
class Report:
    """A reporting frame: where it is (sentence offsets), its verb, its own time."""

    start: int
    end: int
    verb: VerbGroup
    own: Own | None


@dataclass(slots=True)
class Segment:
    """One entry of the sentence: its span, its own time, predicate, kind and report."""

    start: int
    end: int
    own: Own | None
    tense: Tense
    kind: Kind
    aside: bool = False  # a hole or an embedded event: it does not move the story
    narrative_at: int | None = None  # where a "then"/"later" cue sits
    report: Report | None = None
    verb: VerbGroup | None = None
    continues: bool = False  # opens with a pronoun or says "also": the story goes on
    words: list[Word] = field(default_factory=list)
    # A lag from a happening the text names ("10 days before the murder"), for the story
    # to count from that happening's time when it knows it.
    event_lag: EventLag | None = None


class EventLag(NamedTuple):
    """ "10 days before the murder": a lag of `amount` `granularity` units before (-1) or
    after (+1) the happening a noun names; its text offsets in the sentence."""

    amount: int
    granularity: str
    sign: int
    noun: str
    start: int
    end: int


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    coordinated: bool = False
    timexes: list[tuple[TimexLike, Interval]] = field(default_factory=list)
    holes: list[_Unit] = field(default_factory=list)
    embedded: list[_Unit] = field(default_factory=list)
    verb: VerbGroup | None = None
    report: Report | None = None
    own: Own | None = None
    figure: bool = False  # an embedded figure the clause compares with
    # An aside dated by a time of the clause before: "since July 2018, when 104 people
    # died", "on Monday, a day after it broke out".
    time_aside: bool = False

    @property
    def tense(self) -> Tense:
        return self.verb.timeline_tense if self.verb is not None else "none"


def segments(
    text: str, offset: int, timexes: list[tuple[TimexLike, Interval]], dct: dt.date,
    *, lags: Sequence[TimexLike] = (),
) -> list[Segment]:
    """The sentence's entries, in text order (an aside right after its clause); `lags`
    are the sentence's durations ("a day after it broke out")."""
    an = Analysis(text)
    protected = cl.protected_spans(text) if (has_quotes(text) or "(" in text) else []
    quotes = [s for s in protected if text[s[0]] != "("]
    time_spans = [(t.start - offset, t.end - offset) for t, _ in timexes]
    cuts = cl.boundaries(text, protected)
    bounds = [(0, False), *cuts, (len(text), False)]
    units: list[_Unit] = []
    for (a, coordinated), (b, _) in itertools.pairwise(bounds):
        if b <= a:
            continue
        unit = _Unit(a, b, coordinated)
        for h_start, h_end in cl.holes(text, a, b, protected, time_spans):
            hole = _Unit(h_start, h_end)
            hole.verb = _main_verb(an, h_start, h_end, [], quotes)
            unit.holes.append(hole)
        unit.verb = _main_verb(an, a, b, unit.holes, quotes)
        unit.report = _report(an, unit, quotes)
        if unit.report is not None and unit.verb == unit.report.verb:
            unit.verb = _main_verb(an, a, b, unit.holes, quotes, skip=unit.report)
        if unit.verb is not None and _negative_subject(an.words(a, unit.verb.start)):
            unit.verb = dataclasses.replace(unit.verb, negated=True)
        units.append(unit)
    _frames(units)
    _assign(units, timexes, offset)
    for unit in units:
        _embed(an, unit, offset, dct)
        unit.own = _led(an, _pick(unit, offset, unit.tense), offset, unit.timexes)
        for sub in (*unit.holes, *unit.embedded):
            sub.own = _led(an, _pick(sub, offset, sub.tense), offset, sub.timexes)
        if unit.own is None and unit.tense != "future":
            unit.own = _compared_period(unit, dct)
    for prev, unit in itertools.pairwise(units):
        if unit.own is not None:
            continue
        when = _when_time(an, prev, unit, timexes, offset)
        lagged = None if when is not None else _lagged_time(an, prev, unit, lags, offset, dct)
        if lagged is not None:
            when, lag_at = lagged
            prev.end = unit.start = lag_at  # "a day after it broke out": the lag opens it
        if when is not None:
            unit.own, unit.time_aside = when, True
    return _merge(an, units, quotes, dct, lags, offset)


def _opening(an: Analysis, a: int, b: int) -> list[Word]:
    """The first words of text[a:b], where a clause's lead word stands."""
    return an.words(a, min(b, a + 12))


def _event_lag(
    an: Analysis, ws: list[Word], verb: VerbGroup | None, lags: Sequence[TimexLike],
    offset: int,
) -> EventLag | None:
    """The lag the entry's predicate counts from a named happening ("Two days after the
    bombing, police ...", "saw the van 10 days before the murder"), if it names one:
    before the predicate or a few words after it."""
    if not ws or verb is None:
        return None
    a, b = ws[0].start, ws[-1].end
    for t in lags:
        start, end = t.start - offset, t.end - offset
        if not a <= start < b or (
            start > verb.end and _words_between(ws, verb.end, start) > EMBEDDED_WORDS
        ):
            continue
        lag = TimexValue.parse(t.value).lag
        after = an.words(end, min(b, end + 40))
        if lag is None or len(after) < 2 or after[0].start - end > 1:
            continue
        sign = -1 if after[0].low in lx.BOUND_BEFORE else 1 if after[0].low in lx.BOUND_AFTER else 0
        rest = after[1:]
        if rest and rest[0].low in lx.NOUN_DETERMINERS:
            rest = rest[1:]
        if sign and rest and rest[0].low in lx.EVENT_NOUNS:
            return EventLag(lag[0], lag[1], sign, rest[0].low, start, rest[0].end)
    return None


def _lagged_time(
    an: Analysis, prev: _Unit, unit: _Unit, lags: Sequence[TimexLike], offset: int,
    dct: dt.date,
) -> tuple[Own, int] | None:
    """The time of a happening a stated lag before or after the time of the clause before
    ("raced through the forests on Monday, a day after it broke out": Sunday; "won on
    Sunday, a year after he won the final": the year before), as precise as the lag, and
    where the lag starts."""
    ws = _opening(an, unit.start, unit.end)
    own = prev.own
    if (
        not ws or ws[0].low not in lx.BOUND_AFTER | lx.BOUND_BEFORE or own is None
        or unit.verb is None or not unit.verb.finite
    ):  # fmt: skip
        return None
    for t in lags:
        end = t.end - offset
        if t.start - offset < prev.start or an.text[end : ws[0].start].strip():
            continue
        lag = TimexValue.parse(t.value).lag
        if lag is None:
            return None  # a vague lag
        sign = -1 if ws[0].low in lx.BOUND_AFTER else 1
        counted = counted_from(own.span.start, own.span.end, *lag, sign, dct)
        if counted is None:
            return None
        value, span = counted
        return Own(value.text, "DATE", span, Anchor.NARRATIVE, None, None, None), t.start - offset
    return None


def counted_from(
    start: dt.date, end: dt.date, amount: int, granularity: str, sign: int, dct: dt.date
) -> tuple[TimexValue, Interval] | None:
    """The time `amount` `granularity` units after (sign 1) or before (-1) the time
    [start, end), as precise as the lag; None for a lag finer than that time."""
    if end - start > LAG_FROM_DAYS[granularity]:
        return None
    value = TimexValue.at(shift_date(start, granularity, sign * amount), granularity)
    span = value.interval(dct)
    return None if span is None else (value, span)


# The longest a time counted from may be for a lag of that granularity (a day's lag
# counts from a day, a year's from up to a year).
LAG_FROM_DAYS = {"day": dt.timedelta(days=1), "month": dt.timedelta(days=31),
              "year": dt.timedelta(days=366)}  # fmt: skip


def _when_time(
    an: Analysis, prev: _Unit, unit: _Unit, timexes: list[tuple[TimexLike, Interval]],
    offset: int,
) -> Own | None:
    """The time a when-clause right after it belongs to ("the worst fire since July 2018,
    when 104 people died"), unless that time is already its clause's own (one entry)."""
    ws = _opening(an, unit.start, unit.end)
    if not ws or ws[0].low not in lx.TIME_CLAUSE_LEADS:
        return None
    for t, span in timexes:
        end = t.end - offset
        if prev.start <= t.start - offset and end <= ws[0].start and not an.text[
            end : ws[0].start
        ].strip(" ,"):
            if prev.own is not None and prev.own.start == t.start:
                return None
            return _own(t, span)
    return None


def _compared_period(unit: _Unit, dct: dt.date) -> Own | None:
    """The period of a clause that compares with its figure of a year before ("Revenue
    declined 8% to $85.7 million, from $93.3 million a year earlier"): the period a year
    after the figure's, the one the report is about."""
    for sub in unit.embedded:
        own = sub.own
        if not sub.figure or own is None or own.text is None:
            continue
        if not any(p in own.text.lower() for p in lx.YEAR_BEFORE_PHRASES):
            continue
        value = TimexValue.parse(own.value).shifted(1)
        span = value.interval(dct)
        if span is not None and value.text != own.value and span.start <= dct:
            return Own(value.text, own.timex_type, span, Anchor.NARRATIVE, None, None, None)
    return None


# --- predicates ---------------------------------------------------------------------------


def _main_verb(
    an: Analysis,
    a: int,
    b: int,
    holes: list[_Unit],
    quotes: list[tuple[int, int]],
    *,
    skip: Report | None = None,
) -> VerbGroup | None:
    """The first finite verb group of text[a:b] outside its holes (and quotations,
    unless the clause is all quotation), else its first infinitive. A participle that
    follows a noun and opens a phrase ("the fighters gathered at the valley will ...")
    is skipped when a finite verb comes after it: it is a reduced relative."""
    inside_quote = bool(quotes) and _quoted_share(a, b, quotes) > 0.5
    first_infinitive: VerbGroup | None = None
    candidates = [
        g for g in an.groups(a, b)
        if not any(h.start <= g.start < h.end for h in holes)
        and not (quotes and not inside_quote and inside_span(g.start, quotes))
        and not (skip is not None and skip.start <= g.start < skip.end)
    ]  # fmt: skip
    # "If Kopp were indicted, he could face ...": a condition is not the happening.
    condition = _condition_end(an, a, b)
    if condition is not None and any(g.finite and g.start > condition for g in candidates):
        candidates = [g for g in candidates if g.start > condition]
    for i, g in enumerate(candidates):
        if g.finite:
            # A finite verb later in the same stretch (no comma between) is the predicate.
            later = any(
                x.finite and "," not in an.text[g.end : x.start] for x in candidates[i + 1 :]
            )
            # A clause that opens with the pronoun is the relative itself when no predicate
            # follows but other relatives ("| that is investigating the bombings which
            # killed ..."), not when one does ("| that commemorates the dead -- included").
            relative = later and (
                _reduced_relative(an, g)
                or (
                    _relative_noun(an, g) is not None
                    and not (
                        _opens_with_pronoun(an, a, g)
                        and all(_relative_noun(an, x) is not None
                                for x in candidates[i + 1 :] if x.finite)
                    )
                )
            )  # fmt: skip
            if not relative and not _apposition_relative(an, g, candidates[i + 1 :]):
                return g
        elif first_infinitive is None:
            first_infinitive = g
    return first_infinitive


def _after_comma(an: Analysis, g: VerbGroup) -> bool:
    """Whether the relative pronoun before `g` follows a comma ("Taylor, who stepped
    down"): a non-restrictive relative."""
    before = an.words(max(0, g.start - 30), g.start)
    return bool(before) and an.text[: before[-1].start].rstrip().endswith(",")


def _opens_with_pronoun(an: Analysis, a: int, g: VerbGroup) -> bool:
    """Whether the relative pronoun right before `g` is the first word from `a` on."""
    ws = an.words(a, g.start)
    return len(ws) == 1 and ws[0].low in lx.RESTRICTIVE_RELATIVES


def _apposition_relative(an: Analysis, g: VerbGroup, after: list[VerbGroup]) -> bool:
    """A relative clause inside the subject's apposition, which a comma closes right
    before the predicate ("Slepian, a gynecologist who was the mainstay of the clinic,
    was shot to death"): its verb is not the clause's."""
    before = an.words(max(0, g.start - 12), g.start)
    if not before or before[-1].low not in lx.RESTRICTIVE_RELATIVES - {"that"}:
        return False
    return any(x.finite and an.text[g.end : x.start].rstrip().endswith(",") for x in after)


def _condition_end(an: Analysis, a: int, b: int) -> int | None:
    """Where a clause's opening condition or concession ends ("If the talks fail, ...",
    "Although it can fly non-stop, ..."), if it has one."""
    ws = _opening(an, a, b)
    ws = ws[1:] if ws and ws[0].low in _COORDINATORS else ws
    if not ws or ws[0].low not in lx.CONDITIONS:
        return None
    comma = an.text.find(",", ws[0].end, b)
    return comma if comma >= 0 else None


def _negative_subject(ws: list[Word]) -> bool:
    """A subject that denies the happening ("Nobody was hurt", "Neither he nor his
    parents could be located", "No charges were filed")."""
    ws = ws[1:] if ws and ws[0].low in _COORDINATORS else ws
    if not ws or ws[0].low not in lx.NEGATIVE_SUBJECTS:
        return False
    # "no" as a determiner, right before its noun ("No. 2 official ..." is none).
    return ws[0].low != "no" or (len(ws) > 1 and ws[1].start == ws[0].end + 1)


def _relative_noun(an: Analysis, g: VerbGroup) -> int | None:
    """Where the noun phrase starts that a restrictive relative clause opened by `g`'s
    pronoun follows ("the earthquake that struck ..."), if `g` opens one."""
    before = an.words(max(0, g.start - 60), g.start)
    if len(before) < 2 or before[-1].low not in lx.RESTRICTIVE_RELATIVES:
        return None
    noun = before[-2]
    if not _noun_like(noun) or noun.low in lx.REPORTING_VERBS or _is_verb_form(noun.low):
        return None  # "said that ...", "so that ...": no noun for it to follow
    return _noun_phrase_start(before, noun.start)


def _stated_of_a_party(an: Analysis, rel: VerbGroup, main: VerbGroup) -> bool:
    """Whether a relative clause tells of a party, not a happening, and the predicate
    after it is a state: "A nurse who was injured in the 1998 bombing was among those
    who attended" (the nurse is no happening; being among them is not 1998's)."""
    before = an.words(max(0, rel.start - 60), rel.start)
    return (
        len(before) >= 2 and before[-2].low not in lx.EVENT_NOUNS
        and main.head in lx.STATIVE_VERBS
    )  # fmt: skip


def _reduced_relative(an: Analysis, g: VerbGroup) -> bool:
    """A lone past form after a noun and before a preposition ("gathered at")."""
    if g.start != g.head_start or g.tense != "past":
        return False
    before, after = an.words(max(0, g.start - 30), g.start), an.words(g.end, g.end + 20)
    return (
        bool(before) and bool(after) and _noun_like(before[-1]) and before[-1].end + 1 >= g.start
        and after[0].low in lx.PARTICIPLE_PREPOSITIONS
    )  # fmt: skip


def _quoted_share(a: int, b: int, quotes: list[tuple[int, int]]) -> float:
    inside = sum(max(0, min(e + 1, b) - max(s, a)) for s, e in quotes)
    return inside / max(1, b - a)


def classify(verb: VerbGroup | None, ws: list[Word], *, quoted: bool, report: bool) -> Kind:
    """An entry's kind from its predicate: see lexicon.KIND_RULES."""
    if quoted:
        # A quote that foretells ("we will win") reports a happening ahead of its saying,
        # one that tells a past happening ("It helped us to win") a happening before it;
        # else it is a claim, dated by its saying.
        if verb is not None and verb.timeline_tense == "future" and not verb.negated:
            return Kind.PLANNED
        if not (
            verb is not None and verb.timeline_tense == "past" and not verb.negated
            and not verb.reporting and verb.head not in lx.STATIVE_VERBS
        ):  # fmt: skip
            return Kind.STATEMENT
    if verb is None:
        return Kind.STATEMENT if report else Kind.STATE
    if verb.negated or _existential_negation(ws, verb):
        return Kind.NEGATED
    if verb.looks_ahead:
        return Kind.PLANNED
    if verb.reporting:
        return Kind.STATEMENT
    if verb.head in lx.STATIVE_VERBS or (
        verb.tense == "present" and not verb.progressive and not verb.perfect
    ):
        return Kind.STATEMENT if report else Kind.STATE
    return Kind.OCCURRENCE


def _existential_negation(ws: list[Word], verb: VerbGroup) -> bool:
    # "there had been no reports of fighting": the happening is denied.
    for i, w in enumerate(ws):
        if w.start >= verb.end:
            after = ws[i + 1].low if i + 1 < len(ws) else ""
            return (
                w.low in lx.NEGATIONS and i > 0 and ws[i - 1].end <= verb.end
                and after not in lx.NOT_NEGATED_BY
            )  # fmt: skip
    return False


# --- reports ------------------------------------------------------------------------------


def _report(an: Analysis, unit: _Unit, quotes: list[tuple[int, int]]) -> Report | None:
    """The unit's reporting frame, if it has one whose verb is not the whole clause."""
    text = an.text
    gs = [
        g for g in an.groups(unit.start, unit.end)
        if not (quotes and inside_span(g.start, quotes))
        and not any(h.start <= g.start < h.end for h in unit.holes)
    ]  # fmt: skip
    finite = [g for g in gs if g.finite or g.head == "according"]
    for g in finite:
        if not (g.reporting or g.head == "according"):
            continue
        comma = text.rfind(",", unit.start, g.start)
        # "according to an investigator quoted by the newspaper": one frame
        later = [
            x for x in finite
            if x.start > g.end and not (g.head in lx.SOURCE_FRAMES and x.reporting)
        ]  # fmt: skip
        if (
            comma >= 0
            and not later
            and not any(comma < x.start < g.start for x in gs)
            and len(an.words(comma, unit.end)) <= TRAILING_FRAME_WORDS
            and (
                any(x.end <= comma for x in finite)
                or _quoted_share(unit.start, comma, quotes) > 0.5
            )
        ):
            # Trailing: ", police said", ", said the minister", ", according to ...".
            return Report(comma + 1, unit.end, g, None)
        earlier = [x for x in finite if x.start < g.start]
        if g.head in lx.BELIEF_VERBS and later and (
            len(an.words(g.end, later[0].start)) > lx.BELIEF_CLAUSE_WORDS
        ):
            continue  # "expects operating margins of more than 10% next year": no clause
        if not earlier and later:
            # Leading: "Officials said (on Monday) (that) the convoy was attacked"; an
            # apposition before the verb is no part of it.
            start = max([unit.start, *(h.end for h in unit.holes if h.end <= g.start)])
            end = g.end
            if g.head in lx.SOURCE_FRAMES:
                # "According to Upjohn's estimates, ...": the source runs to its comma
                comma = text.find(",", g.end, unit.end)
                if comma >= 0 and len(an.words(g.end, comma)) <= TRAILING_FRAME_WORDS:
                    end = comma
            return Report(start, end, g, None)
    return None


# --- time expressions ---------------------------------------------------------------------


def _assign(units: list[_Unit], timexes: list[tuple[TimexLike, Interval]], offset: int) -> None:
    starts = [u.start for u in units]
    for t, span in timexes:
        at = t.start - offset
        i = bisect.bisect_right(starts, at) - 1
        if i < 0 or at >= units[i].end:
            continue
        target = units[i]
        for h in target.holes:
            if h.start <= at < h.end:
                target = h
                break
        target.timexes.append((t, span))


def _frames(units: list[_Unit]) -> None:
    """A clause that is only a saying ("The ministry said on Monday") frames the
    subordinate clause after it ("that the convoy was attacked"): a report of it."""
    for unit, nxt in itertools.pairwise(units):
        verb = unit.verb
        frames = unit.report is None and verb is not None and verb.reporting
        complement = not nxt.coordinated and nxt.verb is not None and nxt.verb.finite
        if frames and complement and verb is not None:
            start = max([unit.start, *(h.end for h in unit.holes if h.end <= verb.start)])
            unit.report = Report(start, verb.end, verb, None)
            unit.verb = None


def _report_time(unit: _Unit, t: TimexLike, offset: int, an: Analysis) -> bool:
    """Whether time `t` dates the unit's saying ("said on Monday", "on Monday said",
    ", police said Thursday"); a leading frame then reaches to the time's end."""
    rep = unit.report
    if rep is None:
        return False
    at, end = t.start - offset, t.end - offset
    if rep.start <= at < rep.end:
        between = an.words(rep.verb.end, at) if at >= rep.verb.end else []
        return len(between) <= REPORT_TIME_WORDS
    if at >= rep.end and rep.end == rep.verb.end:
        between = an.words(rep.verb.end, at)
        close = len(between) <= REPORT_TIME_WORDS and not any(w.low == "that" for w in between)
        if between and rep.verb.head not in lx.REPORT_OBJECT_VERBS:
            close = close and between[0].low in lx.REPORT_FRAME_OPENERS
        # A time before a noun modifies it: "reported a third-quarter loss" dates the loss.
        if close and not any(g.finite for g in an.groups(rep.verb.end, at)) and (
            _prenominal(an, end, unit.end) is None
        ):
            rep.end = end
            return True
    return False


def _embed(an: Analysis, unit: _Unit, offset: int, dct: dt.date) -> None:
    """Move the unit's times that date an embedded event (or its report) out of it."""
    if not unit.timexes:
        return
    kept: list[tuple[TimexLike, Interval]] = []
    gs = an.groups(unit.start, unit.end)
    for t, span in unit.timexes:
        if unit.report is not None and _report_time(unit, t, offset, an):
            unit.report.own = _own(t, span)
            continue
        at, end = t.start - offset, t.end - offset
        noun_end = _prenominal(an, end, unit.end)
        main = unit.verb
        # After a light verb or a copula the noun is the clause's own happening ("held
        # Monday's talks", "were among Friday's offerings"), but a present "has" only
        # holds it ("has a June 1 deadline").
        separate = (
            main is not None and main.end <= at and main.head not in lx.COPULAS
            and (main.head not in lx.LIGHT_VERBS or main.head in lx.POSSESSION_PRESENT)
        )  # fmt: skip
        # "That 1978 resolution calls for ...": a time before the noun of a subject dates
        # that noun, not a predicate in the present.
        subject = (
            main is not None and end <= main.start and main.finite
            and main.timeline_tense == "present" and not main.reporting
            and noun_end is not None and _before_predicate(an, noun_end, main)
        )  # fmt: skip
        start: int | None
        if (figure := _comparison_base(an, at, unit.start)) is not None:
            start = figure  # "from $93.3 million a year earlier": the figure's own time
        elif len(unit.timexes) > 1 and (result := _result_period(an, at, unit.start)) is not None:
            start = result  # "announcement Friday of a $648 million loss for the quarter"
        elif (
            noun_end is not None and (separate or subject)
            # "was indicted last year in the October 1998 shooting": with a time of its
            # own, the clause is not located by the noun's
            and (len(unit.timexes) > 1 or not _locating(an, at, unit.start, main))
            and not _bounding_possessive(an, t, offset)
        ):  # fmt: skip
            start = _determiner_before(an, at, unit.start)
            end = _relative_end(an, noun_end, unit)
        else:
            start = _embedded_start(an, unit, gs, at, end, span, dct, offset)
            if start is not None and main is not None and main.finite and end <= main.start:
                # Before the predicate, the embedded part runs up to it ("A nurse who was
                # injured in the 1998 bombing in Birmingham, Ala., | was among ...").
                end = max(end, cl.trim(an.text, start, main.start)[1])
        if start is None:
            kept.append((t, span))
            continue
        last = unit.embedded[-1] if unit.embedded else None
        if last is not None and _range_end(an, last, at, offset):
            last.timexes.append((t, span))  # "between 2017 and 2019": one aside, one range
            last.end = max(last.end, end)
            continue
        sub = _Unit(start, end, figure=start == figure)
        sub.timexes.append((t, span))
        sub.verb = next((g for g in gs if start <= g.start < at), None)
        unit.embedded.append(sub)
    unit.timexes = kept


def _embedded_start(
    an: Analysis, unit: _Unit, gs: list[VerbGroup], at: int, end: int, span: Interval,
    dct: dt.date, offset: int,
) -> int | None:
    """Where the embedded event a time at `at` modifies begins, if it modifies one."""
    schedule = _schedule_start(an.words(max(unit.start, at - 40), at))
    if schedule is not None:
        return schedule
    main = unit.verb or (unit.report.verb if unit.report is not None else None)
    if main is not None and main.start >= at:
        # "The toll from the earthquake that struck Java on Monday rose ...": the time in a
        # relative clause before the predicate dates that clause's happening.
        rel = next((g for g in gs if g.end <= at and g.finite), None)
        # Only when the predicate has a time of its own: else the relative's time is the
        # one its subject's happening is told in ("A fire that broke out on Sunday
        # destroyed a warehouse").
        if rel is not None and rel.start >= unit.start and rel is not main and (
            any(
                t.start - offset >= main.end and _prenominal(an, t.end - offset, unit.end) is None
                for t, _ in unit.timexes
            )
            or _stated_of_a_party(an, rel, main)
        ):
            start = _relative_noun(an, rel)
            if start is not None and not any(g.finite for g in gs if rel.end <= g.start < at):
                return start
    if main is not None and main.start >= at:
        # "His promise to halve unemployment by 2000 has now been abandoned": a time in
        # the subject's infinitive dates that infinitive, not the predicate after it.
        infinitives = [g for g in gs if g.infinitive and unit.start <= g.start and g.end <= at]
        sub_inf = infinitives[-1] if infinitives else None
        if sub_inf is not None and not any(g.finite for g in gs if sub_inf.end <= g.start < at):
            subject = an.words(unit.start, at)
            if _words_between(subject, sub_inf.end, at) <= EMBEDDED_WORDS:
                noun = next((w for w in reversed(subject) if w.end <= sub_inf.start), None)
                if noun is not None and _noun_like(noun):
                    return _noun_phrase_start(subject, noun.start)
                return sub_inf.start
        # "that waiting until September risked a slowdown": so does a gerund subject's.
        subject = an.words(unit.start, at)
        if subject and subject[0].low == "that":
            subject = subject[1:]
        if (
            len(subject) > 1 and len(subject) <= EMBEDDED_WORDS
            and subject[0].low.endswith("ing") and subject[0].low not in lx.EVENT_NOUNS
            and subject[0].low not in lx.ING_PREPOSITIONS
            and subject[1].low in lx.NOUN_DETERMINERS | lx.TIME_PREPOSITION_CUES
            and not any(g.finite for g in gs if g.start < at)
        ):  # fmt: skip
            return subject[0].start
    if main is None or main.start >= at:
        return None  # a time before the predicate ("On Friday, X did Y") dates the clause
    before = [g for g in gs if main.end <= g.start and g.end <= at]
    ws = an.words(main.end, at)
    if len(ws) > 25:
        return None
    # "paid tribute to the men who launched the revolution four decades ago at a rally
    # on Saturday": a time in a restrictive relative after the predicate dates the
    # relative's happening when the clause keeps another time for its own.
    # So does a past time in a past relative after a predicate in the present, which it
    # cannot date ("owns a plant that opened in 1995").
    rel = before[-1] if before else None
    if (
        rel is not None and rel.finite and _words_between(ws, rel.end, at) <= EMBEDDED_WORDS
        and (noun_start := _relative_noun(an, rel)) is not None
        and (
            any(t.start - offset >= end or t.end - offset <= noun_start for t, _ in unit.timexes)
            or (
                main.timeline_tense == "present" and rel.timeline_tense == "past"
                and span.end <= dct and unit.report is None and not _after_comma(an, rel)
            )
        )
    ):  # fmt: skip
        return noun_start
    # "moved the hearing to Jan. 14": the time the happening is moved to is its own.
    if (
        main.head in lx.RESCHEDULE_VERBS and len(ws) >= 2 and not before
        and ws[-1].low in lx.RESCHEDULE_PREPOSITIONS
    ):  # fmt: skip
        return ws[0].start
    # An infinitive after a verb of intent, or ahead of a past predicate: its own event.
    inf = next((g for g in reversed(before) if g.infinitive), None)
    if inf is not None and _words_between(ws, inf.end, at) <= EMBEDDED_WORDS:
        ahead = span.start > dct and main.timeline_tense == "past"
        later_finite = any(g.finite and g.start > inf.start for g in before)
        # "is scheduled to open on Jan. 22": a plan frame's infinitive is the clause's
        # own happening, not an event apart from it
        frame = main.future and main.head in lx.PLAN_FRAMES
        # "invited Sinn Fein to rejoin two weeks ago", "invited the three countries to
        # join the bloc in July 1997": a time counted back from the telling, or a past
        # month or year, after a past act's infinitive dates the act (had the rejoining
        # happened then, the text would say "rejoined"); a named day stays the
        # infinitive's ("agreed to meet again on Thursday").
        acted = main.timeline_tense == "past" and (
            any(w.low in lx.TOLD_BACK_WORDS for w in an.words(at, end))
            or (span.end <= dct and span.end - span.start > 7 * DAY)
        )
        intent = main.head in lx.INTENT_VERBS and not acted
        if (intent or ahead) and not later_finite and not frame:
            return inf.start
    # "held rates steady but signaled it could cut them as soon as September": a time
    # ahead of publication in a modal complement of a past predicate is the complement's.
    ahead_group = next((g for g in reversed(before) if g.finite and g.looks_ahead), None)
    if (
        ahead_group is not None and span.start > dct and main.timeline_tense == "past"
        and not main.looks_ahead and _words_between(ws, ahead_group.end, at) <= EMBEDDED_WORDS
    ):  # fmt: skip
        pronoun = _word_before(ws, ahead_group.start)
        if pronoun is not None and pronoun.low in lx.SUBJECT_PRONOUNS:
            return pronoun.start
        return ahead_group.start
    # A reduced relative: a participle right after a noun, opening its phrase with a
    # preposition, an adverb or the time ("the record high set on ...", "the accord signed
    # Tuesday"); before a noun it is an adjective ("preferred shares on Oct. 31").
    last = before[-1] if before else None
    if last is not None and last.finite and last.tense == "past" and last.start == last.head_start:
        prev = _word_before(ws, last.start)
        nxt = next((w for w in ws if w.start >= last.end), None)
        # After a copula and an adverb it is the predicate ("was little changed on Friday").
        predicate = main.head in lx.COPULAS and all(
            w.low not in lx.DETERMINERS and w.low not in lx.NOUN_DETERMINERS
            for w in ws if w.start < last.start
        )
        if (
            prev is not None
            and _noun_like(prev)
            and not predicate
            and (nxt is None or _opens_participle_phrase(nxt))
            and _words_between(ws, last.end, at) <= EMBEDDED_WORDS
        ):
            return _noun_phrase_start(ws, prev.start)
    # A gerund after "before"/"after": "served as a minister before joining the cabinet
    # two years ago" dates the joining, not the serving.
    # So does the gerund of a cause when the clause has a time of its own before it
    # ("was sentenced on Wednesday for taking bribes between 2015 and 2019").
    dated_before = any(t.end - offset <= at and t.start - offset >= main.end - 80
                       for t, _ in unit.timexes if t.start - offset < at)  # fmt: skip
    for i, w in enumerate(ws[:-1]):
        if (
            (w.low in lx.GERUND_SUBORDINATORS or (w.low in lx.CAUSE_GERUND_LEADS and dated_before))
            and ws[i + 1].low.endswith("ing")
            and not any(g.finite and g.start > w.start for g in before)
        ):  # fmt: skip
            return w.start
    # A happening noun after a topic preposition: "an inquiry into the bombing ... on".
    for i, w in enumerate(ws):
        if w.low in lx.TOPIC_PREPOSITIONS and w.low != "of" and i + 1 < len(ws):
            rest = ws[i + 1 :]
            if rest[0].low == "of" and len(rest) > 1:
                rest = rest[1:]  # "ahead of the holiday on Thursday"
            nouns = [x for x in rest[:4] if x.low in lx.EVENT_NOUNS]
            if nouns and not any(g.start > w.start for g in before):
                return rest[0].start
    return None


def _schedule_start(lead: list[Word]) -> int | None:
    """Where a thing's own schedule opens, when the words before a time end with one ("a
    split, payable Dec. 7", "the race, scheduled for Sunday,"), unless a copula makes it
    the clause's predicate ("the payment is due Dec. 7")."""
    n = len(lead)
    if n >= 2 and lead[-1].low in lx.SCHEDULE_ADJECTIVES:
        k = n - 1
    elif n >= 3 and lead[-1].low == "for" and lead[-2].low in lx.SCHEDULE_PARTICIPLES:
        k = n - 2
    else:
        return None
    before = next((w for w in reversed(lead[:k]) if w.low not in lx.GROUP_ADVERBS), None)
    if before is None or before.low in lx.COPULAS:
        return None
    return lead[k].start


def _prenominal(an: Analysis, end: int, limit: int) -> int | None:
    """Where the noun a time modifies ends, when the time stands before one ("the 1990
    invasion", "Wednesday's ruling", "the Oct. 23 slaying"): the time dates that noun's
    happening, not the clause around it."""
    text = an.text
    if text.startswith(("'s", "\u2019s"), end):
        end += 2  # the possessive: "last year's election"
    ws = an.words(end, min(limit, end + 60))
    if not ws or ws[0].start - end > 1:
        return None
    head = ws[0]
    # "1990 BellSouth earnings": a company's name may stand before the figure noun
    if (
        head.cap and len(ws) > 1 and ws[1].low in lx.RESULT_WORDS and not ws[1].cap
        and ws[1].start - head.end <= 1
    ):  # fmt: skip
        head = ws[1]
    if head.cap and head.low not in lx.EVENT_NOUNS:
        return None
    if head.low in lx.NOT_NOUNS or head.low in lx.DETERMINERS or head.low in _VERBISH:
        return None
    if _is_verb_form(head.low) or head.low.endswith("ly"):
        return None
    if head.low.endswith("ing") and head.low not in lx.EVENT_NOUNS and not (
        len(ws) > 1 and _compound_noun(ws[0], ws[1])
    ):
        return None  # "on Friday saying ...", unless a noun follows ("Monday's closing price")
    last = head
    for w in ws[1:3]:  # a compound noun: "the 1995 peace accord"
        if w.start - last.end > 1 or w.cap or w.low in lx.NOT_NOUNS or _is_verb_form(w.low):
            break
        last = w
    return last.end


def _compound_noun(head: Word, w: Word) -> bool:
    """Whether `w` goes on the noun `head` begins ("closing price", "trading day")."""
    return (
        w.start - head.end <= 1 and not w.cap and w.low not in lx.NOT_NOUNS
        and w.low not in lx.DETERMINERS and w.low not in _VERBISH
        and w.low not in lx.PARTICIPLE_PREPOSITIONS and not _is_verb_form(w.low)
        and not w.low.endswith("ly")
    )  # fmt: skip


def _relative_end(an: Analysis, end: int, unit: _Unit) -> int:
    """The end of a noun phrase with its "of ..." complement and a restrictive relative
    clause ("the January 1998 bombing of a clinic that killed an officer"): they belong
    to the noun's happening."""
    text = an.text
    hole = next((h for h in unit.holes if h.start >= end), None)
    stop = hole.start if hole is not None else unit.end
    ws = an.words(end, stop)
    if not ws:
        return end
    if ws[0].low in ("of", "that", "which", "who") and ws[0].start - end <= 2:
        comma = text.find(",", end, stop)
        return comma if comma >= 0 else stop
    # "the Feb. 23 accord signed by Kofi Annan": a reduced relative tells the noun's
    # happening.
    if (
        len(ws) > 1 and ws[0].start - end <= 1 and is_participle(ws[0].low)
        and _opens_participle_phrase(ws[1])
    ):  # fmt: skip
        comma = text.find(",", end, stop)
        return comma if comma >= 0 else stop
    # "the 1991 agreement between the two companies, which defined the context": a short
    # phrase, then a relative clause of the noun.
    if ws[0].low in lx.NOUN_PHRASE_PREPOSITIONS and ws[0].start - end <= 2:
        limit = hole.end if hole is not None else stop
        comma = text.find(",", end, limit)
        rel = an.words(comma + 1, limit)[:1] if comma >= 0 else []
        phrase = an.words(end, comma) if comma >= 0 else []
        if (
            rel and rel[0].low in ("which", "who") and len(phrase) <= RELATIVE_PHRASE_WORDS
            and not an.groups(end, comma)
        ):  # fmt: skip
            after = text.find(",", rel[0].end, limit)
            return after if after >= 0 else limit
    return end


def _is_verb_form(w: str) -> bool:
    return (
        w in lx.IRREGULAR_PAST or w in lx.PRESENT_VERBS or w in _VERBISH
        or (w.endswith("ed") and w not in lx.NOT_VERBS_ED and w not in lx.EVENT_NOUNS)
    )  # fmt: skip


def _range_end(an: Analysis, sub: _Unit, at: int, offset: int) -> bool:
    """Whether a time at `at` closes the range the aside's last time opens ("between 2017
    and 2019")."""
    t_end = max(t.end for t, _ in sub.timexes) - offset
    lead = an.words(max(sub.start, t_end - 40), t_end)
    return (
        an.text[t_end:at].strip().lower() in lx.RANGE_TO
        and any(w.low in lx.RANGE_FROM for w in lead[-4:])
    )


def _comparison_base(an: Analysis, at: int, floor: int) -> int | None:
    """Where the figure a clause compares with starts, when the time at `at` ends it (see
    lexicon.COMPARISON_BASE_CUES): a cue, then a figure with a number and no verb, then
    only figure words up to the time. That time dates the figure, not the clause."""
    ws = an.words(max(floor, at - 90), at)
    text = an.text
    for i in range(len(ws) - 2, 0, -1):
        # "larger than the move the bank had signalled at its meeting on June 9": the
        # thing compared with, a noun phrase after a comparative's "than".
        if (
            ws[i].low == "than" and ws[i + 1].low in lx.NOUN_DETERMINERS
            and (ws[i - 1].low in lx.COMPARATIVES or _comparative(ws[i - 1].low))
            and "," not in text[ws[i].end : at] and len(ws) - i <= COMPARED_WORDS
        ):  # fmt: skip
            return ws[i + 1].start
    for i in range(len(ws) - 1, -1, -1):
        cue = next((c for c in lx.COMPARISON_BASE_CUES
                    if [w.low for w in ws[i : i + len(c)]] == list(c)), None)  # fmt: skip
        if cue is None:
            continue
        after = ws[i + len(cue) - 1].end
        figure = text[after:at]
        between = ws[i + len(cue) :]
        if cue == ("from",) and any(w.low == "to" for w in between):
            return None  # "rose from $93 million in 1988 to $120 million this year"
        if (
            len(between) <= COMPARED_PERIOD_WORDS and not an.groups(after, at)
            and (cue in lx.PERIOD_COMPARISON_CUES
                 or (cue == ("from",) and i > 0 and ws[i - 1].low in lx.CHANGE_WORDS))
        ):  # fmt: skip
            # "an improvement from 2008", "rose 43% compared to the same period last
            # year": the time itself is what the clause is compared with.
            return after + len(figure) - len(figure.lstrip())
        if cue == ("from",) and _figure_start(figure)[:1] not in _FIGURE_OPENERS:
            return None
        last_digit = max((k for k, ch in enumerate(figure) if ch.isdigit()), default=-1)
        if last_digit < 0 or any(g.finite for g in an.groups(after, at)):
            return None
        tail = an.words(after + last_digit + 1, at)
        if not all(w.low in lx.AMOUNT_WORDS for w in tail):
            return None
        return after + len(figure) - len(figure.lstrip())
    return None


_FIGURE_OPENERS = frozenset("$\u00a3\u20ac0123456789")
_LEAD_WORD = re.compile(r"([A-Za-z]+)\s+")


def _result_period(an: Analysis, at: int, floor: int) -> int | None:
    """Where a company's result starts when the time at `at` is the period it is for ("a
    $648.2 million loss for the third quarter"), with no verb between: the period dates
    the result, not the clause that tells of it."""
    ws = an.words(max(floor, at - 60), at)
    if ws and ws[-1].low in lx.NOUN_DETERMINERS:
        ws = ws[:-1]
    if len(ws) < 2 or ws[-1].low != "for" or an.groups(ws[-2].start, at):
        return None
    for i in range(len(ws) - 2, max(-1, len(ws) - 2 - RESULT_WORDS_BACK), -1):
        if ws[i].low in lx.RESULT_WORDS:
            if an.groups(ws[i].start, ws[-1].start):
                return None
            # Back over its figure ("a $648.2 million loss"), to its determiner.
            k = i
            while k > 0 and ws[k - 1].low in lx.AMOUNT_WORDS and "," not in an.text[
                ws[k - 1].end : ws[k].start
            ]:
                k -= 1
            if k > 0 and ws[k - 1].low in lx.NOUN_DETERMINERS:
                k -= 1
            return ws[k].start
    return None


# How many words before "for" a result noun may stand ("a $648.2 million loss for").
RESULT_WORDS_BACK = 3


def _figure_start(figure: str) -> str:
    """A figure's text from its number on, past the words that hedge it ("fewer than
    100,000", "about $3 million")."""
    rest = figure.lstrip()
    while (m := _LEAD_WORD.match(rest)) is not None:
        if m.group(1).lower() not in lx.FIGURE_APPROXIMATORS:
            break
        rest = rest[m.end() :]
    return rest
# How far before a "since" clause a superlative makes it a comparison (in words).
SUPERLATIVE_WORDS = 6
# How many words may stand between a comparison's cue and its time ("the same period").
COMPARED_PERIOD_WORDS = 3
# How many words a compared noun phrase may run to its time.
COMPARED_WORDS = 16


def _comparative(w: str) -> bool:
    """An adjective's comparative ("larger", "higher"), by its ending."""
    return len(w) > 4 and w.endswith("er") and w not in lx.NOT_COMPARATIVES


def _before_predicate(an: Analysis, noun_end: int, main: VerbGroup | None) -> bool:
    """Whether a subject's noun ends right before its predicate ("That 1978 resolution
    calls"), not in a phrase after the time ("The incidents of Aug. 7 underscore")."""
    return main is not None and noun_end <= main.start and len(an.words(noun_end, main.start)) <= 1


def _bounding_possessive(an: Analysis, t: TimexLike, offset: int) -> bool:
    """Whether the time is a possessive after "after"/"before" ("collapsed after Friday's
    vote"): the happening is told as close to the noun's, and shares its day."""
    at, end = t.start - offset, t.end - offset
    ws = an.words(max(0, at - 14), at)
    return (
        an.text.startswith(("'s", "\u2019s"), end) and bool(ws)
        and ws[-1].low in lx.BOUND_AFTER | lx.BOUND_BEFORE
    )  # fmt: skip


def _locating(an: Analysis, at: int, floor: int, main: VerbGroup | None) -> bool:
    """Whether the noun phrase a time opens locates the clause's own happening ("injured
    in the 1998 bombing", "at the May 2 ceremony"): then the time dates both. Not when
    the preposition hangs on a happening or a role ("charged him with murder in the 1995
    shooting", "his role in the 1998 bombing"), unless a light verb makes that noun the
    clause's own ("took part in the 1996 games")."""
    ws = an.words(max(floor, at - 30), at)
    determiner = bool(ws) and ws[-1].low in lx.DETERMINERS - lx.LOCATING_PREPOSITIONS
    if determiner:
        ws = ws[:-1]
    if not ws or ws[-1].low not in lx.LOCATING_PREPOSITIONS:
        return False
    noun = ws[-2].low if len(ws) > 1 else ""
    light = main is not None and main.head in lx.LIGHT_VERBS
    return (
        not determiner or light or (noun not in lx.EVENT_NOUNS and noun not in lx.RELATIONAL_NOUNS)
    )


def _determiner_before(an: Analysis, at: int, floor: int) -> int:
    """The start of the determiner right before `at` ("the", "that", "its"), else `at`."""
    ws = an.words(max(floor, at - 12), at)
    if ws and ws[-1].low in lx.NOUN_DETERMINERS:
        return ws[-1].start
    return at


def _noun_like(w: Word) -> bool:
    """Whether a word can end the noun phrase a reduced relative follows."""
    return not (
        w.low.endswith("ly") or w.low in _VERBISH or w.low in lx.DETERMINERS
        or w.low in lx.SUBJECT_PRONOUNS or w.low in lx.NOT_NOUNS
    )  # fmt: skip


def _opens_participle_phrase(w: Word) -> bool:
    """Whether a word after a participle opens its phrase (a preposition, an adverb)."""
    return w.low in lx.PARTICIPLE_PREPOSITIONS or w.low.endswith("ly")


def _words_between(ws: list[Word], a: int, b: int) -> int:
    return sum(1 for w in ws if a <= w.start < b)


def _word_before(ws: list[Word], at: int) -> Word | None:
    prev = None
    for w in ws:
        if w.start >= at:
            return prev
        prev = w
    return prev


def _noun_phrase_start(ws: list[Word], noun_at: int) -> int:
    """The start of the noun phrase ending with the word at `noun_at` (back to its
    determiner, at most four words)."""
    idx = next(i for i, w in enumerate(ws) if w.start == noun_at)
    for j in range(idx, max(-1, idx - 5), -1):
        if ws[j].low in lx.NOUN_DETERMINERS:
            return ws[j].start
    return noun_at


def _led(
    an: Analysis, own: Own | None, offset: int, timexes: list[tuple[TimexLike, Interval]]
) -> Own | None:
    """The time with the word that leads it ("since Monday": a span from Monday), and the
    end of the range it opens ("from 2018 to 2022", "between May and July")."""
    if own is None or own.start is None or own.end is None:
        return own
    before = an.words(max(0, own.start - offset - 60), own.start - offset)
    lead_at = len(before) - 1
    while lead_at > 0 and before[lead_at].low in lx.LEAD_QUALIFIERS:
        lead_at -= 1  # "until at least Friday": the lead is "until"
    if before:
        own.lead = before[lead_at].low
    if own.lead in lx.BOUND_AFTER | lx.BOUND_BEFORE and an.text.startswith(
        ("'s", "\u2019s"), own.end - offset
    ):
        own.lead = ""  # "after Friday's vote": the time is the vote's, not a bound
    if _compared_since(before, lead_at):
        return None  # "the worst day since April": a comparison, not the clause's time
    if own.lead in lx.RANGE_FROM:
        for t, span in timexes:
            between = an.text[own.end - offset : max(own.end - offset, t.start - offset)]
            if t.start >= own.end and between.strip().lower() in lx.RANGE_TO:
                if span.end > own.span.start:
                    own.upto = span
                break
    return own


def _compared_since(before: list[Word], lead_at: int) -> bool:
    """Whether the "since" a time follows opens a comparison, not a span: after a
    superlative ("the worst day since April", "its biggest fall since the September 11,
    2001, attacks") or a noun's "not seen" ("lows not seen since October 1982"; "he has
    not been seen since Friday" is a span)."""
    at = lead_at
    if 0 < at < len(before) and before[at].low in lx.NOUN_DETERMINERS:
        at -= 1  # "since the September 11 attacks"
    if not 0 <= at < len(before) or before[at].low not in lx.SPAN_FROM:
        return False
    if any(_superlative(w.low) for w in before[max(0, at - SUPERLATIVE_WORDS) : at]):
        return True
    k = at - 1
    if k < 1 or before[k].low not in lx.UNSEEN_PARTICIPLES:
        return False
    k -= 1
    while k > 0 and before[k].low in lx.NEGATIONS:
        k -= 1
    return before[k].low not in _VERBISH and _noun_like(before[k])


def _superlative(w: str) -> bool:
    if w in lx.SUPERLATIVES:
        return True
    return len(w) > 4 and w.endswith("est") and w not in lx.NOT_SUPERLATIVES


def _own(t: TimexLike, span: Interval) -> Own:
    return Own(t.value, t.type, span, Anchor(t.anchor), t.text, t.start, t.end, mod=t.mod)


def _pick(unit: _Unit, offset: int, tense: Tense) -> Own | None:
    """The unit's own time: see the module docstring (rule 5)."""
    best: tuple[TimexLike, Interval] | None = None
    best_key: tuple[int, int, int, int] = (2, 99, 0, 0)
    verb_at = unit.verb.head_start if unit.verb is not None else unit.start
    for t, span in unit.timexes:
        if TimexValue.parse(t.value).is_reference and not _agrees(t.value, tense):
            continue  # "well into the future" does not date a present clause
        key = (
            1 if TimexValue.parse(t.value).is_reference else 0,
            GRANULARITY_RANK.get(span.granularity, 9),
            abs(t.start - offset - verb_at),
            t.start,
        )
        if best is None or key < best_key:
            best, best_key = (t, span), key
    return None if best is None else _own(*best)


def _agrees(value: str, tense: Tense) -> bool:
    if value == "PAST_REF":
        return tense == "past"
    if value == "FUTURE_REF":
        return tense == "future"
    return True


# --- merging ------------------------------------------------------------------------------


def _side(own: Own, dct: dt.date) -> Tense:
    """Which side of publication a time lies on."""
    if own.span.end <= dct:
        return "past"
    if own.span.start > dct:
        return "future"
    return "present"


# Tenses of two untimed coordinated clauses that make them two entries.
_APART = ({"past", "future"}, {"present", "future"})


def _clashes(tense: Tense, own: Own, dct: dt.date) -> bool:
    """An untimed clause of `tense` is not dated by a time on the other side of publication."""
    side = _side(own, dct)
    if tense == "present":
        return side == "past"
    if tense == "future":
        return side == "past"
    if tense == "past":
        return side == "future"
    return False


def _merge(
    an: Analysis, units: list[_Unit], quotes: list[tuple[int, int]], dct: dt.date,
    lags: Sequence[TimexLike], offset: int,
) -> list[Segment]:
    text = an.text
    groups_: list[list[_Unit]] = []
    times: list[Own | None] = []  # the time that groups: a clause's own, or its report's
    subordinate_asides: set[int] = set()  # groups that bound the one before (since, after ...)
    for unit in units:
        key = unit.own if unit.own is not None else unit.report.own if unit.report else None
        if groups_ and key is not None and _past_relative_of_now(an, unit, groups_[-1], dct):
            # "Kopp is a suspect in sniper shootings that injured doctors in November":
            # the relative tells of its happening noun, which it takes along.
            unit.start = _happening_head(an, groups_[-1][-1].start, unit.start)
            groups_.append([unit])
            times.append(key)
            subordinate_asides.add(len(groups_) - 1)
            continue
        if groups_ and (unit.time_aside or (key is not None and _place_relative(an, unit))):
            # An aside on the time before it, or a dated "where" clause of a place ("on the
            # shore of Niquero, where the Granma landed in 1956"): an entry of its own,
            # which does not date the clause before it.
            groups_.append([unit])
            times.append(key)
            subordinate_asides.add(len(groups_) - 1)
            continue
        if groups_:
            cur = times[-1]
            if all(u.verb is None and u.report is not None for u in groups_[-1]):
                groups_[-1].append(unit)  # a frame ("The ministry said on Monday") and what it says
                times[-1] = unit.own or cur
                continue
            if key is not None:
                if (
                    cur is None
                    and not (
                        unit.coordinated
                        and (
                            any(_clashes(u.tense, key, dct) for u in groups_[-1])
                            or not _shares_subject(an, unit)
                        )
                    )
                    and not _subordinate_saying(text, unit)
                ):
                    bound, bounding = _bounding_clause(an, unit, groups_[-1])
                    if bound and bounding is not None:
                        # "Fighting has continued since the talks broke down on Feb. 2",
                        # "a second death after a woman died on Wednesday": the clause
                        # before lasts from that time on, or lies after or before it; the
                        # subordinate clause is an entry of its own, an aside on its day.
                        bounded = next(
                            (u for u in groups_[-1] if u.verb is not None and u.verb.finite),
                            groups_[-1][0],
                        )
                        if bound != "compared":  # a comparison says nothing of when
                            bounded.own = dataclasses.replace(bounding, lead=bound)
                        times[-1] = key
                        groups_.append([unit])
                        times.append(key)
                        subordinate_asides.add(len(groups_) - 1)
                        continue
                    groups_[-1].append(unit)  # leading untimed clauses take the time that follows
                    times[-1] = key
                    continue
                if cur is not None and cur.value == key.value:
                    groups_[-1].append(unit)
                    continue
            elif not (
                unit.coordinated
                and cur is not None
                and (_clashes(unit.tense, cur, dct) or _own_statement(an, unit))
            ) and not (
                # "Fighters are on their way, while Massoud has said ...", "..., but one
                # of his aides said ...": a coordinated saying of its own does not report
                # the clause before it.
                unit.coordinated and unit.report is not None
                and all(u.report is not unit.report for u in groups_[-1])
            ) and not (
                # "said his group would attend but accused the army of ...", "the rate
                # hasn't yet been fixed, but will be set at 8%": untimed clauses on either
                # side of publication, or now and after it, are two entries; so are a
                # past and a present one with subjects of their own ("more shipments are
                # expected, but the first batch contained swabs").
                unit.coordinated and cur is None
                and (
                    {unit.tense, groups_[-1][0].tense} in _APART
                    or (
                        {unit.tense, groups_[-1][0].tense} == {"past", "present"}
                        and not _shares_subject(an, unit)
                    )
                )
            ):  # fmt: skip
                groups_[-1].append(unit)
                continue
        groups_.append([unit])
        times.append(key)
    owns = [next((u.own for u in g if u.own is not None), None) for g in groups_]
    out: list[Segment] = []
    for index, (group, own) in enumerate(zip(groups_, owns, strict=True)):
        a, b = cl.trim(text, group[0].start, group[-1].end)
        # The clause that carries the time, else the first after an opening condition.
        cond = _condition_end(an, group[0].start, group[-1].end)
        lead = next((u for u in group if u.own is own and own is not None), None) or next(
            (u for u in group if cond is None or u.start > cond), group[0]
        )
        verb = lead.verb or next((u.verb for u in group if u.verb is not None), None)
        report = next((u.report for u in group if u.report is not None), None)
        ws = an.words(a, b)
        quoted = bool(quotes) and _quoted_share(a, b, quotes) > 0.5
        # What a source attests ("fighting is underway, according to Tolo News") is a
        # happening or a state; what someone says or believes is a statement.
        claimed = report is not None and report.verb.head not in lx.SOURCE_FRAMES
        kind = classify(verb, ws, quoted=quoted, report=claimed)
        if kind is Kind.STATE and own is not None and own.span.start > dct and (
            verb is None or verb.tense == "present"
        ):
            kind = Kind.PLANNED  # a schedule in the present: "the final takes place Sunday"
        tense = verb.timeline_tense if verb is not None else "none"
        if report is not None and verb is None:
            tense = report.verb.timeline_tense
        seg = Segment(a, b, own, tense, kind, report=report, verb=verb, words=ws,
                      aside=index in subordinate_asides,
                      event_lag=_event_lag(an, ws, verb, lags, offset))  # fmt: skip
        seg.continues = _continues(ws, first=not out)
        if own is None:
            seg.narrative_at = _narrative_cue(text, group)
        out.append(seg)
        for unit in group:
            for i, sub in enumerate((*unit.holes, *unit.embedded)):
                if sub.own is None:
                    is_hole = i < len(unit.holes)
                    if is_hole and (aside := _untimed_aside(an, sub, tense)) is not None:
                        out.append(aside)
                    continue
                if own is not None and sub.own.span[:2] == own.span[:2]:
                    continue
                if own is None and TimexValue.parse(sub.own.value).is_reference:
                    continue  # "currently" in an aside says nothing new about the date
                ha, hb = cl.trim(text, sub.start, sub.end)
                sub_ws = an.words(ha, hb)
                sub_kind = classify(sub.verb, sub_ws, quoted=False, report=False)
                if sub.verb is None and sub_kind is Kind.STATE and _names_happening(sub_ws):
                    sub_kind = Kind.OCCURRENCE  # "the bombing of the embassy on May 2"
                sub_tense = sub.tense
                if sub.verb is not None and sub.verb.infinitive and sub_kind in (
                    Kind.OCCURRENCE, Kind.STATE
                ):
                    intent = unit.verb is not None and unit.verb.head in lx.INTENT_VERBS
                    # "had expected the bank to move this week": a plan the past
                    # perfect says was overtaken keeps its whole time
                    overtaken = intent and unit.verb is not None and unit.verb.perfect and (
                        unit.verb.tense == "past"
                    )
                    if overtaken:
                        sub_kind = Kind.PLANNED
                    elif sub.own.span.start > dct:
                        sub_kind = Kind.PLANNED  # "expect more routes to open next month"
                    elif sub.own.span.end > dct + DAY and (
                        unit.tense in ("present", "future") or intent
                    ):
                        # "plans to hold talks later this month", "ordered both sides to
                        # file briefs by the end of the month": the part still ahead
                        sub_kind, sub_tense = Kind.PLANNED, "future"
                elif sub_kind in (Kind.OCCURRENCE, Kind.STATE) and sub.own.span.start > dct:
                    # "moved the hearing to Jan. 14", "a march planned for Saturday": what
                    # lies wholly after publication has not happened yet
                    sub_kind = Kind.PLANNED
                out.append(Segment(ha, hb, sub.own, sub_tense, sub_kind, aside=True,
                                   verb=sub.verb, words=sub_ws))  # fmt: skip
    out.sort(key=lambda s: (s.start, -s.end))
    return out


def _names_happening(ws: list[Word]) -> bool:
    """Whether a verbless phrase names a happening: a happening noun ("the 1995 shooting"),
    or a participle after its noun ("the Feb. 23 accord signed by ...")."""
    return any(
        w.low in lx.EVENT_NOUNS
        or (0 < i < len(ws) - 1 and is_participle(w.low) and _opens_participle_phrase(ws[i + 1]))
        for i, w in enumerate(ws)
    )


def _place_relative(an: Analysis, unit: _Unit) -> bool:
    """Whether a clause opens with "where", after a comma or a noun: a relative of a place."""
    ws = _opening(an, unit.start, unit.end)
    return bool(ws) and ws[0].low in lx.PLACE_RELATIVES


def _past_relative_of_now(an: Analysis, unit: _Unit, before: list[_Unit], dct: dt.date) -> bool:
    """Whether a dated clause is a past relative of a noun in a clause in the present
    ("The company owns a plant | that opened in 1995"): the time is the relative's, the
    owning is now."""
    ws = _opening(an, unit.start, unit.end)
    return (
        bool(ws) and ws[0].low in lx.RESTRICTIVE_RELATIVES and unit.tense == "past"
        and unit.own is not None and unit.own.span.end <= dct
        and bool(before) and before[-1].tense == "present"
        and not any(g.reporting for g in an.groups(before[0].start, unit.start))
    )  # fmt: skip


def _happening_head(an: Analysis, floor: int, at: int) -> int:
    """Where a relative at `at` starts with its noun phrase when that names a happening
    ("sniper shootings that injured ..."), else `at`."""
    ws = an.words(floor, at)
    if not ws or ws[-1].low not in lx.EVENT_NOUNS:
        return at
    start = ws[-1].start
    for w in reversed(ws[-4:-1]):  # back over its modifiers, to a determiner at most
        if not _noun_like(w) and w.low not in lx.NOUN_DETERMINERS:
            break
        start = w.start
        if w.low in lx.NOUN_DETERMINERS:
            break
    return start


def _untimed_aside(an: Analysis, hole: _Unit, tense: Tense) -> Segment | None:
    """A non-restrictive relative clause with no time of its own whose tense puts it on
    another side of publication than its clause ("James Bacon, who has directed the
    group, will retire": the directing is before publication, the retiring after; "the
    deal, which will involve a $20 million investment, was struck"): an entry of its
    own, dated by its tense and the story."""
    ws = an.words(hole.start, hole.end)
    if not ws or ws[0].low not in cl.RELATIVE_OPENERS:
        return None
    # The relative's own predicate: the first finite verb after its pronoun.
    verb = next((g for g in an.groups(hole.start, hole.end) if g.finite), None)
    if verb is None or verb.reporting:
        return None
    own_tense = verb.timeline_tense
    # A present aside is a standing fact ("Baghlan, which borders Panjshir"), no happening
    # for a timeline: it stays with its clause.
    if own_tense == tense or own_tense == "present" or tense == "none":
        return None
    a, b = cl.trim(an.text, hole.start, hole.end)
    kind = classify(verb, ws, quoted=False, report=False)
    return Segment(a, b, None, own_tense, kind, aside=True, verb=verb, words=ws)


def _bounding_clause(an: Analysis, unit: _Unit, before: list[_Unit]) -> tuple[str, Own | None]:
    """The lead ("since", "after", "before") of a subordinate clause that bounds the
    clause before it, and the time it bounds it by, else ("", None): a "since" clause of a
    perfect or ongoing clause, an "after" or "before" clause that tells a happening in the
    past, or a dated saying ("rose after OPEC said on Sunday it would ..."); "compared"
    for a "since" clause of a superlative, which is an entry apart and bounds nothing."""
    ws = _opening(an, unit.start, unit.end)
    main = before[0].verb
    if unit.coordinated or not ws or main is None or unit.verb is None:
        return "", None
    lead = ws[0].low
    if lead in lx.SPAN_FROM:
        near = an.words(max(before[0].start, unit.start - 60), unit.start)
        if any(_superlative(w.low) for w in near[-SUPERLATIVE_WORDS:]):
            return "compared", unit.own  # "the most senior prosecution since Ruto took office"
        ongoing = main.perfect or main.progressive or main.tense == "present"
        return (lead, unit.own) if ongoing else ("", None)
    near = an.words(max(0, unit.start - 20), unit.start)
    if (near and near[-1].low in lx.CLOSE_AFTER) or lead not in lx.BOUND_AFTER | lx.BOUND_BEFORE:
        return "", None  # "shot shortly after he returned home on Oct. 23": the same time
    if unit.own is not None and unit.verb.finite and unit.tense == "past":
        return lead, unit.own  # a happening told in the past bounds the clause before it
    report = unit.report
    if report is not None and report.own is not None and report.verb.timeline_tense == "past":
        return lead, report.own  # the saying is the happening
    return "", None


def _shares_subject(an: Analysis, unit: _Unit) -> bool:
    """Whether a coordinated clause goes on with the subject before it ("and seized a car
    on Friday"), rather than a statement of its own (", and polls published at the
    weekend put ..."): only the first shares its time with an untimed clause before it."""
    ws = [w for w in an.words(unit.start, unit.end) if w.low not in _COORDINATORS]
    return unit.verb is not None and bool(ws) and ws[0].start >= unit.verb.start


# The words of the coordinating cues ("and", "and then", "but", "while" ...), which a
# coordinated clause opens with before its subject.
_COORDINATORS = frozenset(w for cue in cl.COORDINATING_CUES for w in cue.split() if w.isalpha())


def _own_statement(an: Analysis, unit: _Unit) -> bool:
    """A coordinated clause with its own subject that does not go on with the story in a
    plain past (", and the EU has pledged to ..."): it takes no time from the one before."""
    return not _shares_subject(an, unit) and (unit.verb is None or not unit.verb.goes_on)


def _subordinate_saying(text: str, unit: _Unit) -> bool:
    """A subordinate clause whose only time is its saying's ("Tesla rose after the
    carmaker said over the weekend that ..."): it dates no clause before it."""
    if unit.own is not None or unit.report is None or unit.coordinated:
        return False
    first = text[unit.start : unit.start + 16].split(" ", 1)[0].lower()
    return first in cl.FRONT_SUBORDINATORS


def _continues(ws: list[Word], *, first: bool) -> bool:
    """Whether an entry goes on with the story of the sentence before: it opens the
    sentence with a subject pronoun ("He said ..."), or says it adds to it ("also")."""
    if not ws:
        return False
    if first and ws[0].low in lx.CONTINUING_PRONOUNS:
        return True
    return any(w.low in lx.CONTINUING_WORDS for w in ws[:8])


def _narrative_cue(text: str, group: list[_Unit]) -> int | None:
    """Where the group says it follows the previous time ("then", "later"), if it does."""
    for unit in group:
        at = narrative_cue(text, unit.start, unit.end)
        if at is not None and not any(h.start <= at < h.end for h in unit.holes):
            return at
    return None


def narrative_cue(text: str, a: int, b: int) -> int | None:
    low = text[a:b].lower()
    best: int | None = None
    for cue in lx.NARRATIVE_CUES:
        i = low.find(cue)
        while i >= 0:
            before_ok = i == 0 or not low[i - 1].isalnum()
            end = i + len(cue)
            after_ok = end >= len(low) or not low[end].isalnum()
            if before_ok and after_ok:
                if best is None or a + i < best:
                    best = a + i
                break
            i = low.find(cue, i + 1)
    return best
