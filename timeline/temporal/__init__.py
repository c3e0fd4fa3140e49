"""Temporal expressions: recognition and TIMEX3 normalization.

`tag` and `Timex` load on first use: compiling the tagger's patterns takes a
while, and commands that only read the timeline never need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Through the interval module: loading it binds the package attribute `interval` to the
# module, and this import then binds it to the function, for good.
from timeline.temporal.interval import Interval, interval
from timeline.temporal.value import TimexValue

if TYPE_CHECKING:
    from timeline.temporal.tagger import tag
    from timeline.temporal.timex import Timex

__all__ = ["Interval", "Timex", "TimexValue", "interval", "tag"]


def __getattr__(name: str) -> Any:
    if name == "tag":
        from timeline.temporal.tagger import tag

        return tag
    if name == "Timex":
        from timeline.temporal.timex import Timex

        return Timex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
