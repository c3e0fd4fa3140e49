"""The tagger's output record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Anchoring = Literal["explicit", "relative", "narrative"]


@dataclass(frozen=True, slots=True)
class Timex:
    """One TIMEX3: its extent in the tagged text and its normalized value.

    `start`/`end` are character offsets (end exclusive) of the expression without
    its governing preposition ("on Friday" -> "Friday"). `anchor` says what the
    value was resolved against: nothing (explicit), the document date
    (relative), or an earlier time in the same text (narrative).
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None
    anchor: Anchoring = "explicit"
    # The tagger's rule that found it (benchmarks count errors by rule).
    rule: str = ""
