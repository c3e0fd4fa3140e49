"""An entry's time: known, bounded by publication and the story, or a span.

A careful reader dates what the text dates and bounds what it does not:
- a stated time is **known** ("on Friday": that day), unless the tense says only part
  of it can hold ("prices rose this year", published 13 February: 1 January to 12
  February, a bounded time whose value stays 1998);
- a clause with no time of its own takes the story's time when the text links them
  ("then", "later"), else its tense **bounds** it: a past happening lies before
  publication, a future one after it, a present one is the publication day's; a
  saying in the plain past ("police said") is the publication day's news.

The value of a bounded time is the coarsest one its bounds allow: PAST_REF or
FUTURE_REF when publication is its only bound (TimeML's convention), else the
calendar period that holds both bounds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from timeline.dating import lexicon as lx
from timeline.dating.sentence import Own, Segment
from timeline.dating.verbs import Tense, VerbGroup
from timeline.models import Anchor, Certainty, Kind, Reported
from timeline.temporal.value import TimexValue

DAY = dt.timedelta(days=1)
# Punctuation around a reporting frame that is no part of it (", police said.").
_FRAME_TRIM = " ,;:.!?\"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True, slots=True)
class EventTime:
    value: str
    start: dt.date | None
    end: dt.date | None
    certainty: Certainty
    anchor: Anchor
    timex_type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"
    text: str | None = None  # the expression that gave it, and its body offsets
    time_start: int | None = None
    time_end: int | None = None

    @property
    def is_known(self) -> bool:
        return self.certainty is Certainty.KNOWN


def publication_day(dct: dt.date) -> EventTime:
    return EventTime(dct.isoformat(), dct, dct + DAY, Certainty.KNOWN, Anchor.PUBLICATION)


def bounded(
    lo: dt.date | None, hi: dt.date | None, dct: dt.date, anchor: Anchor = Anchor.PUBLICATION
) -> EventTime:
    """A time the text only bounds: it lies in [lo, hi); None is an open side."""
    return EventTime(_bounds_value(lo, hi, dct), lo, hi, Certainty.BOUNDED, anchor)


def _bounds_value(lo: dt.date | None, hi: dt.date | None, dct: dt.date) -> str:
    if lo is not None and hi is not None and (value := TimexValue.enclosing(lo, hi)):
        return value.text
    # Publication is the only bound, or the bounds hold no calendar period.
    return "PAST_REF" if hi is not None and hi <= dct + DAY else "FUTURE_REF"


def by_tense(
    tense: Tense, dct: dt.date, *, lower: dt.date | None = None, upper: dt.date | None = None
) -> EventTime:
    """The time of a clause that names none: bounded by publication as its tense says."""
    if tense == "past":
        end = dct if upper is None else min(dct, upper)
        start = lower if lower is not None and lower < end else None
        return bounded(start, end, dct)
    if tense == "future":
        start = dct + DAY if lower is None else max(dct + DAY, lower)
        return bounded(start, upper if upper is not None and upper > start else None, dct)
    return publication_day(dct)


def stated(own: Own, tense: Tense, dct: dt.date, anchor: Anchor | None = None) -> EventTime:
    """The time a written expression gives a clause of `tense`."""
    base = EventTime(
        own.value, own.span.start, own.span.end, Certainty.KNOWN, anchor or own.anchor,
        own.timex_type, own.text, own.start, own.end,
    )  # fmt: skip
    if own.value == "PRESENT_REF":
        return replace(base, value=dct.isoformat(), start=dct, end=dct + DAY)
    if TimexValue.parse(own.value).is_reference:
        side: Tense = "past" if own.value == "PAST_REF" else "future"
        t = by_tense(side, dct)
        return replace(base, value=t.value, start=t.start, end=t.end, certainty=t.certainty)
    start, end = own.span.start, own.span.end
    if own.upto is not None:  # "served from 2018 to 2022": all of the range
        enclosing = TimexValue.enclosing(start, own.upto.end)
        value = own.value if enclosing is None else enclosing.text
        return replace(base, value=value, end=own.upto.end, certainty=Certainty.SPAN)
    if own.lead in lx.SPAN_FROM:  # "has been closed since Monday": from Monday on
        return replace(base, end=None, certainty=Certainty.SPAN)
    if own.lead in lx.SPAN_TO or (own.lead in lx.SPAN_TO_DAY and end - start == DAY):
        # "will run until March", "funds the government through Nov. 17": up to its end
        return replace(base, start=None, certainty=Certainty.SPAN)
    if own.timex_type == "DATE" and own.lead in lx.BOUND_AFTER:
        # "redeemable after the end of 1994": some time after it, before publication for
        # a past happening
        upper = dct if tense == "past" else None
        if upper is None or end < upper:
            return replace(base, value=_bounds_value(end, upper, dct), start=end, end=upper,
                           certainty=Certainty.BOUNDED)  # fmt: skip
        if end <= dct + DAY:
            # After the day before publication, and told by it: the publication day
            # ("the second death after a woman died on Wednesday", published Thursday).
            return replace(base, value=dct.isoformat(), start=dct, end=dct + DAY)
    if own.timex_type == "DATE" and own.lead in lx.BOUND_BEFORE:
        # "left before March": some time before it; "could be signed before the end of
        # March": before its end, and after publication when it lies ahead
        upper = end if own.mod == "END" else start
        if tense == "past":
            upper = min(upper, dct)
        lower = dct + DAY if tense == "future" and upper > dct + DAY else None
        return replace(base, value=_bounds_value(lower, upper, dct), start=lower, end=upper,
                       certainty=Certainty.BOUNDED)  # fmt: skip
    # A longer time around publication: the tense says which part of it can hold.
    if end - start > DAY and start <= dct < end:
        if tense == "past" and start < dct:
            return replace(base, end=dct, certainty=Certainty.BOUNDED)
        if tense == "future":
            return replace(base, start=dct + DAY, certainty=Certainty.BOUNDED)
    return base


def narrative(story: EventTime, cue: str | None, start: int | None, end: int | None) -> EventTime:
    """The story's time, carried to a clause that says it follows it ("then"), or a span
    from it on ("since then")."""
    carried = replace(story, anchor=Anchor.NARRATIVE, text=cue, time_start=start, time_end=end)
    if cue is not None and cue.lower() in lx.SPAN_CUES and story.start is not None:
        return replace(carried, end=None, certainty=Certainty.SPAN)
    return carried


def after_story(
    story: EventTime, tense: Tense, dct: dt.date, cue: str, start: int | None, end: int | None
) -> EventTime:
    """A clause a cue puts after the story's time ("thereafter", "afterwards"): bounded
    below by the story's end, and by publication as its tense says."""
    lower = story.end if story.end is not None else story.start
    side: Tense = "future" if tense == "future" else "past"
    t = by_tense(side, dct, lower=lower)
    return replace(t, anchor=Anchor.NARRATIVE, text=cue, time_start=start, time_end=end)


def of_segment(
    seg: Segment, dct: dt.date, story: EventTime | None, cue: str | None, cue_at: int | None
) -> EventTime:
    """The time of one entry, given the story's time so far in its paragraph."""
    tense = seg.tense
    if seg.kind is Kind.STATEMENT:
        # A statement is dated by its saying; a quote with no frame, by the report of it.
        if seg.report is not None:
            tense = saying_tense(seg.report.verb)
        elif seg.verb is None or not seg.verb.reporting:
            tense = "present"
        else:
            tense = saying_tense(seg.verb)
    if seg.own is not None:
        return stated(seg.own, tense, dct)
    report = seg.report
    if report is not None and report.own is not None and _holds_when_said(seg):
        # What holds when it is said, dated by its saying, whatever cue the content has
        # ("Engineers had warned in 2019 that ... and then ...", "said on Wednesday she
        # was following the situation").
        said = stated(report.own, report.verb.timeline_tense, dct)
        return replace(said, anchor=Anchor.NARRATIVE)
    if cue is not None and story is not None and not _now_after_past_story(tense, story, cue, dct):
        end = None if cue_at is None else cue_at + len(cue)
        if cue.lower() in lx.AFTER_CUES:
            return after_story(story, tense, dct, cue, cue_at, end)
        return narrative(story, cue, cue_at, end)
    if seg.report is not None and seg.report.own is not None:
        said = stated(seg.report.own, seg.report.verb.timeline_tense, dct)
        if tense == "past":
            return by_tense("past", dct, upper=said.end)  # what was said had happened
        if tense == "future":
            return by_tense("future", dct, lower=said.start)
        return replace(said, anchor=Anchor.NARRATIVE)
    if (
        tense == "past" and seg.continues and story is not None and not_after(story, dct)
        and (seg.report is None or _one_day(story))
    ):  # fmt: skip
        # "He said ...": the story goes on, in a plain past; what a saying that goes on
        # with it reports in a perfect ("He said they had lied") happened before it. A
        # saying goes on with the day of one before it, not with a period a report named
        # ("a loss for the three months to September. She said ...").
        if seg.verb is not None and seg.verb.goes_on:
            return narrative(story, None, None, None)
        if seg.report is not None and seg.report.verb.goes_on:
            return replace(by_tense("past", dct, upper=story.end), anchor=Anchor.NARRATIVE)
    return by_tense(tense, dct)


def _now_after_past_story(tense: Tense, story: EventTime, cue: str, dct: dt.date) -> bool:
    """A present or future entry that a cue links to a past story ("... left the country
    in ruins. Meanwhile, the U.S. hopes sanctions will remain"): it holds now or lies
    ahead, not then; a span cue still runs from the story's time ("Since then, the town
    is calm")."""
    return (
        tense != "past" and cue.lower() not in lx.SPAN_CUES
        and story.end is not None and story.end <= dct
    )  # fmt: skip


def _holds_when_said(seg: Segment) -> bool:
    """A statement, a state, or a plain past progressive: what a saying reports as going
    on when it was made (the tense backshifted to the saying's)."""
    if seg.kind in (Kind.STATEMENT, Kind.STATE):
        return True
    verb = seg.verb
    return (
        seg.kind is Kind.OCCURRENCE and verb is not None and verb.progressive
        and verb.tense == "past" and not verb.perfect and not verb.modal
    )  # fmt: skip


def reported(
    seg: Segment, body: str, offset: int, dct: dt.date, time: EventTime
) -> Reported | None:
    """When the entry's report was made: its own time, else as its verb's tense says.
    With no saying, a frame held at a time ("is expected to", "plans to") is its report:
    the expecting is the frame's present; a past one is the entry's time when that is
    a known time of the past ("Last April, they planned to acquire ..."), else it lies
    before publication."""
    report = seg.report
    if report is None:
        verb = seg.verb
        if verb is None or not verb.frame_end:
            return None
        if verb.tense == "past" or verb.perfect:
            held = time if time.is_known and not_after(time, dct) else by_tense("past", dct)
        else:
            held = publication_day(dct)
        return _report_of(body, offset + verb.start, offset + verb.frame_end, held)
    tense = saying_tense(report.verb)
    t = by_tense(tense, dct) if report.own is None else stated(report.own, tense, dct)
    return _report_of(body, offset + report.start, offset + report.end, t)


def _report_of(body: str, a: int, b: int, t: EventTime) -> Reported:
    text = body[a:b].strip(_FRAME_TRIM)
    a += len(body[a:b]) - len(body[a:b].lstrip(_FRAME_TRIM))
    return Reported(
        text=text, char_start=a, char_end=a + len(text), value=t.value, start=t.start,
        end=t.end, certainty=t.certainty,
    )  # fmt: skip


def saying_tense(verb: VerbGroup) -> Tense:
    """The tense that dates a saying: news reports what was said for the day's paper, so
    a plain past saying with no time of its own ("police said") is the publication
    day's; one the text puts further back ("had said", "has long said") stays past."""
    if verb.reporting and verb.goes_on:
        return "present"
    return verb.timeline_tense


def _one_day(t: EventTime) -> bool:
    return t.start is not None and t.end is not None and t.end - t.start == DAY


def not_after(t: EventTime, dct: dt.date) -> bool:
    """Whether a time ends by the end of the publication day."""
    return t.end is not None and t.end <= dct + DAY
