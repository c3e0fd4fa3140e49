"""Which occurrence an underspecified expression means: one rule for all of them.

"Friday", "Dec. 15", "in January", "the third quarter", "summer", "Thanksgiving",
"the 20th", "the weekend": each names a time that recurs, and the text leaves out
which occurrence. The reading is the occurrence nearest the reference time (the
document date, or the story's own time) that the tense allows: a past clause
names one that has begun, a future clause one that has not ended. `slack` is how
far an occurrence may lie on the wrong side of the reference before the tense
rules it out: news names times close to the day it is written, and a tense cue is
weaker evidence than nearness for a month and a day ("said ... payable Dec. 15").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from timeline.temporal.value import TimexValue

Tense = Literal["past", "present", "future"]


def _sides(value: TimexValue, reference: dt.date) -> tuple[int, int]:
    """Days from the reference to the occurrence's first day (ahead) and from its last
    day to the reference (behind); both <= 0 when the occurrence holds the reference."""
    span = value.interval(reference)
    if span is None:
        raise ValueError(f"{value.text} names no calendar time")
    return (span.start - reference).days, (reference - span.end).days + 1


def nearest_occurrence(
    candidates: Sequence[TimexValue], reference: dt.date, tense: Tense | None, slack: int = 0
) -> TimexValue:
    """The candidate nearest `reference` that `tense` allows.

    Candidates are occurrences of one expression, in time order (ties go to the
    earlier). A past tense rules out those that begin more than `slack` days after
    the reference, a future tense those that ended more than `slack` days before it;
    when every candidate is ruled out the nearest one is taken all the same.
    """
    best: tuple[bool, int, int] | None = None
    choice = candidates[0]
    for i, value in enumerate(candidates):
        ahead, behind = _sides(value, reference)
        wrong = (tense == "past" and ahead > slack) or (tense == "future" and behind > slack)
        key = (wrong, max(ahead, behind, 0), i)
        if best is None or key < best:
            best, choice = key, value
    return choice
