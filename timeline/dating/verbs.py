"""Verb groups of a clause: where its predicates are and what tense and mood they carry.

No part-of-speech tagger: the word tables of `timeline.dating.lexicon` and a few
shapes ("-ed" after a noun, a word after a subject pronoun, "to" before a verb) are
enough to tell a clause's finite predicate, its tense ("has seized" is past for a
timeline: it happened before publication), whether it looks ahead ("will", "is
expected to"), is negated, or reports a saying.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from timeline.dating import lexicon as lx
from timeline.temporal.tables import ADJECTIVE_ED_ADVERBS

Tense = Literal["past", "present", "future", "none"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_CLITICS = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_PRONOUN_STEMS = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "that", "there", "who", "what", "here"}
)
AUXILIARIES = _AUX = (
    lx.FUTURE_AUX | lx.MODAL_AUX | lx.BE_PRESENT | lx.BE_PAST | lx.BE_OTHER | lx.HAVE_PRESENT
    | lx.HAVE_PAST | lx.DO_PRESENT | lx.DO_PAST
)  # fmt: skip


class Word(NamedTuple):
    start: int  # offsets in the text scanned
    end: int
    low: str  # lower case, apostrophes plain
    cap: bool  # written with a capital


@dataclass(frozen=True, slots=True)
class VerbGroup:
    """A run of auxiliaries and a verb ("has not yet been seen"), or an infinitive."""

    start: int
    end: int
    head: str  # the last verb word, lower case
    head_start: int
    tense: Tense  # of the first tensed word; "none" for an infinitive or participle
    perfect: bool = False  # has/had + participle
    progressive: bool = False  # be + -ing
    passive: bool = False  # be + participle
    future: bool = False  # will, shall, going to, is to, is expected to ...
    modal: bool = False  # would, could, may ...
    negated: bool = False
    infinitive: bool = False  # "to" + verb: no tense of its own
    intent: bool = False  # "plans to", "wants to": a plan held at the group's own time
    head_modal: str = ""  # the modal auxiliary that opens the group, if one does
    still: bool = False  # "still", "yet" in or right before the group ("still haven't")
    act: bool = False  # a reporting verb before the object of an act ("declared a dividend")
    # Where a frame that someone holds ends ("is expected", "is due", "plans" before "to"):
    # the expecting or planning is dated when held, its infinitive lies ahead. 0: none.
    frame_end: int = 0

    @property
    def finite(self) -> bool:
        return self.tense != "none"

    @property
    def looks_ahead(self) -> bool:
        return self.future or (self.modal and not self.hedged) or self.intent

    @property
    def hedged(self) -> bool:
        """A modal that hedges a judgment now ("would seem to be"), not one ahead."""
        return self.modal and self.head in lx.HEDGED_VERBS and not self.perfect

    @property
    def goes_on(self) -> bool:
        """A simple past ("rose", "was seized"): one that can go on with the story's time,
        which a perfect ("has risen", "had diverted") looks further back than."""
        return self.tense == "past" and not self.perfect and not self.modal

    @property
    def reporting(self) -> bool:
        if self.passive and self.head not in lx.PASSIVE_REPORTING:
            return False  # "was admitted to hospital", "was denied bail"
        return self.head in lx.REPORTING_VERBS and not self.act

    @property
    def refusal(self) -> bool:
        """A negated modal that refuses now ("would not comment", "could not be
        reached"), not one that denies a happening ahead ("would not give more aid")."""
        return (
            self.negated and not self.perfect and self.head_modal in lx.REFUSING_MODALS
            and (
                self.head_modal not in lx.FUTURE_DENYING_MODALS
                or self.head in lx.REFUSED_VERBS or self.passive or self.head == "be"
            )  # "would not be more fair": a judgment now
        )  # fmt: skip

    @property
    def timeline_tense(self) -> Tense:
        """The tense that places the group against publication: perfects are past."""
        if self.modal and (
            self.refusal or self.head_modal in lx.PRESENT_MODALS
            or self.hedged
        ):  # fmt: skip
            # "would not comment", "can get", "would seem to be": a refusal, an ability, a
            # judgment hedged now
            return "present"
        if self.future or (self.modal and not self.perfect):
            return "future"  # "will leave", "could head for": ahead of the telling
        if self.perfect and self.tense == "present" and self.negated and self.still:
            return "present"  # "still haven't been obtained": not happened as of now
        if (self.perfect and self.tense == "present") or self.modal:
            return "past"  # "has left", "would have left"
        return self.tense


def words(text: str, a: int = 0, b: int | None = None) -> list[Word]:
    """The words of text[a:b], clitics split ("he's" -> "he", "'s")."""
    chunk = text[a:b] if a or b is not None else text
    out: list[Word] = []
    append = out.append
    new = tuple.__new__
    find = chunk.find
    pos = 0
    for raw in _WORD.findall(chunk):
        start = find(raw, pos)
        pos = start + len(raw)
        low = raw.lower()
        if "'" in low or "\u2019" in low:
            low = low.replace("\u2019", "'")
            split = next((c for c in _CLITICS if low.endswith(c)), None)
            if split is not None and low[: -len(split)] in _PRONOUN_STEMS:
                cut = a + pos - len(split)
                append(new(Word, (a + start, cut, low[: -len(split)], raw[0].isupper())))
                append(new(Word, (cut, a + pos, split, False)))
                continue
        append(new(Word, (a + start, a + pos, low, raw[0].isupper())))
    return out


def is_participle(w: str) -> bool:
    return _irregular(w) or _is_ed(w)


@functools.cache
def _irregular(w: str) -> bool:
    """An irregular past or participle, prefixed or not ("taken", "retaken")."""
    forms = lx.IRREGULAR_PARTICIPLES | lx.IRREGULAR_PAST
    if w in forms:
        return True
    return any(
        w.startswith(p) and len(w) - len(p) >= 3 and w[len(p) :] in forms
        for p in lx.VERB_PREFIXES
    )


def _is_ed(w: str) -> bool:
    return (
        w.endswith("ed") and len(w) > 3 and w not in lx.NOT_VERBS_ED and "-" not in w
        and not _un_adjective(w)
    )  # fmt: skip


def _un_adjective(w: str) -> bool:
    """An "un-...-ed" word is an adjective ("unrealized gains", "an unnamed official"),
    but for the few verbs that begin so ("unveiled", "unearthed", "understood")."""
    return (
        w.startswith("un") and len(w) > 7 and not w.startswith(lx.UN_VERB_PREFIXES)
        and w not in lx.UN_ED_VERBS
    )  # fmt: skip


def _tense_of(w: str) -> Tense:
    if w in lx.FUTURE_AUX:
        return "future"
    if w in lx.BE_PAST or w in lx.HAVE_PAST or w in lx.DO_PAST or w in lx.IRREGULAR_PAST:
        return "past"
    if w in lx.MODAL_AUX:
        return "present"  # the modal flag carries the mood
    if w in lx.BE_OTHER:
        return "none"
    if _is_ed(w):
        return "past"
    return "present"


def groups(text: str, a: int = 0, b: int | None = None) -> list[VerbGroup]:
    """The verb groups of text[a:b], in order."""
    ws = words(text, a, b)
    return list(_groups(ws))


class Analysis:
    """The words and verb groups of one sentence, found once and looked up by range."""

    __slots__ = ("_group_starts", "_starts", "groups_", "text", "words_")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words_ = words(text)
        self._starts = [w.start for w in self.words_]
        self.groups_ = list(_groups(self.words_))
        self._group_starts = [g.start for g in self.groups_]

    def words(self, a: int, b: int) -> list[Word]:
        """The words that lie within text[a:b]."""
        i = bisect.bisect_left(self._starts, a)
        j = bisect.bisect_left(self._starts, b, i)
        out = self.words_[i:j]
        return out[:-1] if out and out[-1].end > b else out

    def groups(self, a: int, b: int) -> list[VerbGroup]:
        """The verb groups that begin within text[a:b] and end by b."""
        i = bisect.bisect_left(self._group_starts, a)
        j = bisect.bisect_left(self._group_starts, b, i)
        return [g for g in self.groups_[i:j] if g.end <= b]


# Word shapes, as bits, found once per distinct word (functools.cache).
_AUXW, _VERB, _ED, _PART, _ING, _NEG, _ADV, _BARE, _DOMOD, _DET, _BASE = (1 << i for i in range(11))


@functools.cache
def _shape(low: str) -> int:
    bits = 0
    if low in _AUX:
        bits |= _AUXW
    if low in lx.IRREGULAR_PAST or low in lx.PRESENT_VERBS:
        bits |= _VERB
    if _is_ed(low):
        bits |= _ED
    if is_participle(low):
        bits |= _PART
    if low.endswith("ing"):
        bits |= _ING
    if low in lx.NEGATIONS:
        bits |= _NEG
    if low in lx.GROUP_ADVERBS:
        bits |= _ADV
    if low in lx.DO_PRESENT or low in lx.DO_PAST or low in lx.MODAL_AUX or low in lx.FUTURE_AUX:
        bits |= _DOMOD
    if low in lx.DETERMINERS:
        bits |= _DET
    # "they want", "we need": a word that may be a verb after a subject pronoun.
    if (
        low.isalpha() and len(low) > 2 and low not in lx.NOT_NOUNS and low not in lx.DETERMINERS
        and low not in lx.GROUP_ADVERBS and not low.endswith("ly")
    ):  # fmt: skip
        bits |= _BARE
    # "to fight", "to retake": a word after "to" that can be a verb.
    if low == "be" or (
        low not in lx.DETERMINERS and low not in lx.SUBJECT_PRONOUNS
        and not low.endswith("ing") and low not in lx.NOT_BASE_VERBS
        and not low.endswith(lx.NOUN_SUFFIXES)
    ):  # fmt: skip
        bits |= _BASE
    return bits


def low_s(w: str) -> bool:
    """A word that may be a present verb by its ending ("condemns", "warns")."""
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "ics"))


def _groups(ws: list[Word]) -> Iterator[VerbGroup]:
    i, n = 0, len(ws)
    shapes = [_shape(w.low) for w in ws]
    while i < n:
        w, shape = ws[i], shapes[i]
        if w.low in lx.SOURCE_FRAMES and i + 1 < n and ws[i + 1].low == "to":
            # "according to diplomatic sources": a report's frame, told now, whose "to"
            # opens no infinitive
            yield VerbGroup(w.start, ws[i + 1].end, w.low, w.start, "present")
            i += 2
            continue
        if w.low == "to" and i + 1 < n and not ws[i + 1].cap and shapes[i + 1] & _BASE:
            nxt = ws[i + 1]
            if nxt.low == "be" and i + 2 < n and shapes[i + 2] & (_PART | _ED | _ING):
                # "to be called Courtaulds Textiles": the participle is the infinitive's head
                nxt = ws[i + 2]
                i += 1
            yield VerbGroup(w.start, nxt.end, nxt.low, nxt.start, "none", infinitive=True)
            i += 2
            continue
        if shape & _AUXW and w.cap and i and w.low not in _PRONOUN_STEMS:
            i += 1  # "May 2", "Will Smith": a name, not an auxiliary
            continue
        if not shape & _AUXW:
            # The word before, when nothing but a space parts them ("$3.10, called": none).
            adjacent = i > 0 and ws[i - 1].end + 1 >= w.start
            prev = ws[i - 1].low if adjacent else ""
            if w.cap and i and prev not in _PRONOUN_STEMS:
                i += 1
                continue
            prev_shape = shapes[i - 1] if adjacent else 0
            if shape & _VERB:
                ok = not prev_shape & _DET or prev == "that"
            elif shape & _ED:
                # "a still unspecified date", "the recently passed law": an adjective
                after_det = (
                    i > 1 and bool(shapes[i - 2] & _DET) and ws[i - 2].end + 1 >= ws[i - 1].start
                    and prev in ADJECTIVE_ED_ADVERBS
                )  # fmt: skip
                # After "that" it is a relative's verb ("a plant that opened in 1995").
                ok = (not prev_shape & _DET or prev == "that") and not after_det
            elif bool(shape & _BARE) and prev in lx.SUBJECT_PRONOUNS and prev != "it":
                ok = True
            elif prev in lx.RESTRICTIVE_RELATIVES and low_s(w.low):
                ok = True  # "which makes batteries", "who lives next door"
            elif i > 1 and ws[i - 1].cap:
                # "Iran condemns any acts": an -s word between a name and its object.
                ok = low_s(w.low) and i + 1 < n and ws[i + 1].low in lx.OBJECT_STARTS
            elif adjacent and (
                prev_shape & _ADV or prev.endswith(lx.SUBJECT_NOUN_SUFFIXES)
                or (
                    i > 1 and ws[i - 2].low in lx.NOUN_DETERMINERS
                    and ws[i - 2].end + 1 >= ws[i - 1].start and not low_s(prev)
                    and not prev_shape & (_AUXW | _VERB | _ED | _ING | _DET)
                )
            ):  # fmt: skip
                # "already operates an all-Airbus fleet", "settlement replaces the 1991
                # agreement", "the company foresees the need": an -s word after an adverb,
                # a singular noun or a determiner and a noun, right before its object.
                ok = (
                    low_s(w.low) and i + 1 < n and ws[i + 1].low in lx.OBJECT_STARTS
                    and ws[i + 1].start - w.end <= 1
                )  # fmt: skip
            else:
                # "and employs about 60,000", "and runs its": after "and", an -s word
                # before an object is a present verb whose subject came before.
                ok = (
                    prev == "and" and low_s(w.low)
                    and i + 1 < n and lx.opens_object(ws[i + 1].low)
                )  # fmt: skip
            if not ok:
                i += 1
                continue
        j = i
        last_shape = shape
        negated = w.low in lx.NEGATED_AUXILIARIES
        verbs = [w]
        while j + 1 < n:
            nxt, nshape = ws[j + 1], shapes[j + 1]
            if nshape & _NEG:
                # "pleaded not guilty": the plea's words, not a denial of the pleading
                nxt2 = ws[j + 2].low if j + 2 < n else ""
                negated = negated or (nxt.low != "no" and nxt2 not in lx.NOT_NEGATED_BY)
                j += 1
                continue
            if last_shape & _AUXW and (
                (nshape & _ADV or nxt.low.endswith("ly")) and not nshape & (_AUXW | _PART)
            ):
                j += 1
                continue
            if last_shape & _AUXW and (
                nshape & (_AUXW | _PART | _ING) or (last_shape & _DOMOD and not nxt.cap)
            ):
                verbs.append(nxt)
                negated = negated or nxt.low in lx.NEGATED_AUXILIARIES
                last_shape = nshape
                j += 1
                continue
            break
        yield _group(verbs, negated, ws, i, j)
        i = j + 1


def _group(
    verbs: list[Word], negated: bool, ws: list[Word], at: int, last: int
) -> VerbGroup:
    """The group of `verbs`, the words ws[at:last + 1]."""
    lows = [v.low for v in verbs]
    first, head = lows[0], lows[-1]
    tense = _tense_of(first)
    future = first in lx.FUTURE_AUX
    modal = first in lx.MODAL_AUX
    perfect = any(x in lx.HAVE_PRESENT | lx.HAVE_PAST for x in lows[:-1]) and (
        is_participle(head) or head in lx.HAVE_PAST  # "has had a good year"
    )
    progressive = head.endswith("ing") and any(x in _BE for x in lows[:-1])
    passive = is_participle(head) and any(x in _BE for x in lows[:-1])
    # "is going to", "is to", "is expected to", "plans to": the happening lies ahead.
    after = ws[last + 1].low if last + 1 < len(ws) else ""
    # "was to the house": a "to" before a noun phrase opens no infinitive.
    infinitive_after = last + 2 < len(ws) and ws[last + 2].low not in lx.DETERMINERS
    frame_end = 0
    if after == "to" and infinitive_after and (
        (head in lx.PLAN_FRAMES and any(x in _BE for x in lows[:-1]))
        or (head in _BE and len(lows) == 1)
    ):
        future = True  # "is expected to", "is going to"; not "had expected to", a hope
        if head in lx.HELD_FRAMES:
            frame_end = verbs[-1].end
    elif after == "for" and head in lx.SCHEDULE_PARTICIPLES and any(x in _BE for x in lows[:-1]):
        future = True  # "an inspection had been planned for next week": a schedule
    elif (
        head in lx.BE_PRESENT and after in lx.PLAN_FRAMES
        and last + 2 < len(ws) and ws[last + 2].low == "to"
    ):  # fmt: skip
        future = True  # "is due to start", "are likely to": a frame that is no verb
        if after in lx.HELD_FRAMES:
            frame_end = ws[last + 1].end
    intent = after == "to" and head in lx.INTENT_FRAMES
    if intent and infinitive_after:
        frame_end = verbs[-1].end
    if modal:
        frame_end = 0  # "would be expected to": a hedge, not a frame held at a time
    # "still" or "yet" inside the group or right before it ("still haven't been obtained").
    still = any(w.low in lx.NOT_YET_ADVERBS for w in ws[max(0, at - 1) : last + 1])
    act = head in lx.ACT_VERBS and not passive and lx.opens_act_object(after)
    return VerbGroup(
        verbs[0].start, verbs[-1].end, head, verbs[-1].start, tense, perfect, progressive,
        passive, future, modal, negated, intent=intent, head_modal=first if modal else "",
        still=still, act=act, frame_end=frame_end,
    )  # fmt: skip


_BE = lx.BE_PRESENT | lx.BE_PAST | lx.BE_OTHER
