"""The story's time through an article: what an entry without a time of its own refers to.

An entry with no time of its own takes the time its passage is about when the text
links them (`timing.of_segment` does the rest by tense):
- a narrative cue ("then", "later", "at the time") in the same paragraph: the
  paragraph's latest stated time;
- a sentence that goes on with the one before ("He said ...", "Shares also fell"):
  the same, when that time is not after publication;
- a past happening in a paragraph about a day on or before publication, or right after
  a sentence that dated one ("Du Pont rose 2.50 yesterday. Seagram closed at"): that day;
- an anaphor naming a happening the article dated before ("The bombing set off weeks
  of protests" after "the embassy was bombed on May 2, 2019"): that happening's time,
  or only after it for a consequence ("set off", "sparked": it lies after the bombing).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from timeline.dating import lexicon as lx
from timeline.dating import timing
from timeline.dating.sentence import EventLag, Own, Segment, counted_from
from timeline.models import Anchor, Certainty, Kind

# How many words into an entry an anaphor ("the bombing") may sit and still be its subject.
ANAPHOR_WORDS = 4
# How many words into an entry a narrative cue ("Later, ...", "And then ...") may sit and
# still link the entry to the story.
CUE_OPENING_WORDS = 3
_SUFFIXES = ("ings", "ing", "ions", "ion", "ments", "ment", "ed", "es", "s")
_DEMONSTRATIVES = frozenset({"the", "that", "this", "those", "these"})


def stem(word: str) -> str:
    """A crude stem that lets "bombing" find "bombed" and "attacks" find "attack"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def happening_key(word: str) -> str:
    """What a word names, for finding the same happening told in other words ("the
    slaying" ... "10 days before the murder"): its class in lexicon.SAME_HAPPENING, else
    its stem."""
    return lx.HAPPENING_CLASS.get(word, stem(word))


class Discourse:
    """The state a reader keeps while reading an article, from its first entry on."""

    def __init__(self, dct: dt.date) -> None:
        self.dct = dct
        self.story: timing.EventTime | None = None  # the paragraph's latest stated time
        self.previous: timing.EventTime | None = None  # the story of the paragraph before
        # A day the sentence before stated (for the one that follows it), and this one's.
        self.recent: timing.EventTime | None = None
        self._stated: timing.EventTime | None = None
        # Happenings the article has dated so far: stem of a word naming one -> its time.
        self.mentions: dict[str, timing.EventTime] = {}
        # Those of them whose time is surely the happening's own (`record`).
        self.happenings: dict[str, timing.EventTime] = {}
        # The paragraph's latest span with an end ("fixed until Dec. 31"), for a clause
        # that a cue puts after it ("Thereafter, ...").
        self.until: timing.EventTime | None = None
        # The trading day of the latest dated price move ("The index tumbled 5.39 to
        # 452.76 on Friday"), which undated moves later in a market report share.
        self.trading_day: timing.EventTime | None = None
        # The period of the latest dated move of a company's results ("profit fell 20% in
        # the April-June quarter"), which undated moves of results later share.
        self.results_period: timing.EventTime | None = None

    def new_sentence(self) -> None:
        # The day the sentence before stated of its own happening, for the next one.
        self.recent, self._stated = self._stated, None

    def new_paragraph(self) -> None:
        # A paragraph that goes on with a pronoun ("They refused ...") still continues
        # the story of the one before; nothing else carries a time across paragraphs.
        self.previous = self.story or self.previous
        self.story = self.until = None

    def time_of(self, seg: Segment, text: str, offset: int) -> timing.EventTime:
        """The time of an entry of the sentence `text` (at body offset `offset`)."""
        cue: str | None = None
        cue_at: int | None = None
        story = self.story
        if seg.narrative_at is not None and (self.story or self.until) is not None:
            cue_at = offset + seg.narrative_at
            cue = _cue_text(text, seg.narrative_at)
            if self.story is None and cue.lower() in lx.AFTER_CUES:
                story = self.until  # "fixed until Dec. 31. Thereafter, ..."
            elif self.story is None:
                cue = cue_at = None
        if seg.event_lag is not None and (seg.own is None or _clock_only(seg.own)):
            found = self._counted_from(seg.event_lag, offset)
            if found is not None:
                return found
        if seg.own is None and cue is None and seg.tense == "past":
            found = self._anaphor(seg, text, offset)
            if found is not None:
                return found
        if story is None and seg.continues:
            story = self.previous
        # A cue inside the entry ("signed them and then held them aloft") orders its own
        # parts; one that opens it ("Later they moved on") links it to the story.
        opening = seg.narrative_at is not None and any(
            w.start == seg.narrative_at for w in seg.words[:CUE_OPENING_WORDS]
        )
        day = self._story_day(seg, text, cued=cue is not None or opening)
        if day is not None:
            return timing.narrative(day, None, None, None)
        return timing.of_segment(seg, self.dct, story, cue, cue_at)

    def _story_day(self, seg: Segment, text: str, *, cued: bool) -> timing.EventTime | None:
        """The time a past happening with no time of its own shares: the time its
        paragraph is about ("Police arrested six men on Friday. ... A bomb landed in a
        yard"; "Profit fell in the third quarter. Sales rose to $3 million"), or else the
        day the sentence right before it dated ("Du Pont rose 2.50 yesterday. Seagram
        closed at"), when that time ends by publication. A perfect ("has resisted",
        "had diverted") looks further back than the story's time."""
        if not (
            seg.own is None and not cued and seg.tense == "past"
            and seg.kind is Kind.OCCURRENCE and (seg.report is None or seg.report.own is None)
        ):  # fmt: skip
            return None  # a dated report dates what it reports ("said Friday they found")
        if seg.verb is None or not seg.verb.goes_on:
            return None  # only a plain past goes on with the story
        if _known_not_after(self.story, self.dct):
            return self.story
        if _a_day_not_after(self.recent, self.dct):
            return self.recent
        if _a_day_not_after(self.trading_day, self.dct) and _price_move(seg, text):
            return self.trading_day  # "... on Friday. [...] Intel eased 1/8 to 31 7/8."
        if _known_not_after(self.results_period, self.dct) and _results_move(seg):
            return self.results_period  # "... in the quarter. [...] Revenue rose 4%."
        return None

    def record(self, seg: Segment, time: timing.EventTime, text: str) -> None:
        """Remember an entry's time: the story moves on, its happenings can be referred to."""
        if seg.own is not None and time.certainty is Certainty.SPAN and time.end is not None:
            self.until = time
        if _a_day_not_after(time, self.dct) and _price_move(seg, text):
            self.trading_day = time
        if _known_not_after(time, self.dct) and _results_move(seg):
            self.results_period = time
        if seg.own is None or not time.is_known:
            return
        # A past perfect that goes back before the story's time is a flashback.
        flashback = (
            seg.verb is not None and seg.verb.perfect and seg.verb.tense == "past"
            and self.story is not None and self.story.start is not None
            and time.end is not None and time.end <= self.story.start
        )  # fmt: skip
        # A relative clause cut from its sentence ("... inflation that reached 8.6% in
        # June") tells of its noun, not the story.
        relative = (
            seg.start > 0 and bool(seg.words) and seg.words[0].low in lx.RESTRICTIVE_RELATIVES
        )
        if not seg.aside and not flashback and not relative and not (
            seg.kind is Kind.PLANNED and time.end is not None and time.end > self.dct
        ):
            # Asides (the 1980s of a father) do not move the story, nor do plans for a time
            # not yet past (what happened next did not happen when something is due), nor
            # a flashback ("Draghi resigned on Thursday. A day earlier, three parties had
            # boycotted a vote"): the story goes on at its own time.
            self.story = time
            self._stated = time
        for i, w in enumerate(seg.words):
            head = seg.verb is not None and w.start == seg.verb.head_start
            if w.low in lx.EVENT_NOUNS or head:
                self.mentions[stem(w.low)] = time
            # What the time is surely the time of: the predicate, or the happening noun a
            # verbless phrase opens with ("the Oct. 23 slaying of ..."); a lag counts
            # only from those ("10 days before the slaying").
            if head or (seg.verb is None and w.low in lx.EVENT_NOUNS and i < ANAPHOR_WORDS):
                self.happenings[happening_key(w.low)] = time

    def _counted_from(self, lag: EventLag, offset: int) -> timing.EventTime | None:
        """ "10 days before the murder", when the article dated the murder: that time,
        moved by the lag and as precise as it (see `sentence._lagged_time`)."""
        known = self.happenings.get(happening_key(lag.noun))
        if known is None or known.start is None or known.end is None or not known.is_known:
            return None
        counted = counted_from(
            known.start, known.end, lag.amount, lag.granularity, lag.sign, self.dct
        )
        if counted is None:
            return None
        value, span = counted
        return timing.EventTime(
            value.text, span.start, span.end, Certainty.KNOWN, Anchor.NARRATIVE, "DATE",
            None, offset + lag.start, offset + lag.end,
        )  # fmt: skip

    def _anaphor(self, seg: Segment, text: str, offset: int) -> timing.EventTime | None:
        ws = seg.words
        for i, w in enumerate(ws[: ANAPHOR_WORDS + 1]):
            if w.low not in lx.EVENT_NOUNS or i == 0 or ws[i - 1].low not in _DEMONSTRATIVES:
                continue
            known = self.mentions.get(stem(w.low))
            if known is None or known.end is None or known.end > self.dct + timing.DAY:
                continue
            at = ws[i - 1].start
            cue = text[at : w.end]
            low = text[seg.start : seg.end].lower()
            if known.start is not None and any(c in low for c in lx.CONSEQUENCE_CUES):
                after = timing.by_tense("past", self.dct, lower=known.start)
                return replace(after, anchor=Anchor.NARRATIVE, text=cue,
                               time_start=offset + at, time_end=offset + w.end)  # fmt: skip
            return timing.narrative(known, cue, offset + at, offset + w.end)
        return None


# After a price verb: a figure it moved to or stands at ("4 5/8 to 112 5/8", "at $23.25",
# "5.39, or 1.2% to 452.76").
_PRICE_FIGURE = re.compile(
    r"[\s\d$.,/%]{0,24}(?:" + "|".join(lx.FIGURE_ALTERNATIVES) + r"\s[\d.]+%\s*)?(?:"
    + "|".join(lx.FIGURE_TARGETS) + r")\s+\$?\d"
)


def _move(seg: Segment) -> tuple[bool, bool]:
    """Whether the entry is a plain past move ("rose", "eased"), and whether what moved is
    a company's results ("Net income fell 37%") rather than a price or an index."""
    verb = seg.verb
    if verb is None or verb.head not in lx.PRICE_MOVES or not verb.goes_on:
        return False, False
    return True, any(w.low in lx.RESULT_WORDS for w in seg.words if w.end <= verb.start)


def _price_move(seg: Segment, text: str) -> bool:
    """A move of a price or an index to a figure ("Intel eased 1/8 to 31 7/8",
    "Primerica closed at $28.25"); results move over the period reported."""
    moved, results = _move(seg)
    verb = seg.verb
    return moved and not results and verb is not None and (
        _PRICE_FIGURE.match(text, verb.end, seg.end) is not None
    )


def _results_move(seg: Segment) -> bool:
    """A move of a company's results ("Revenue rose 4% to 11.8 trillion yen")."""
    moved, results = _move(seg)
    return moved and results


def _known_not_after(t: timing.EventTime | None, dct: dt.date) -> bool:
    return t is not None and t.is_known and t.start is not None and timing.not_after(t, dct)


def _a_day_not_after(t: timing.EventTime | None, dct: dt.date) -> bool:
    if t is None or t.start is None or t.end is None:
        return False
    return t.end - t.start == timing.DAY and _known_not_after(t, dct)


def _cue_text(text: str, at: int) -> str:
    low = text[at : at + 40].lower()
    cue = next((c for c in sorted(lx.NARRATIVE_CUES, key=len, reverse=True) if low.startswith(c)),
               low.split(" ", 1)[0])  # fmt: skip
    return text[at : at + len(cue)]


def _clock_only(own: Own) -> bool:
    """A clock time the text gives no day for ("at 6 a.m."), which a lag may date."""
    return own.timex_type == "TIME" and own.anchor is not Anchor.EXPLICIT
