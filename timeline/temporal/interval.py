"""From a TIMEX3 value to the interval of days it denotes: `TimexValue.interval`.

Kept as the import path of `Interval`, `interval` and `MAX_DAYS` for the modules
that place events (the projection, the extractor, the service).
"""

from __future__ import annotations

from timeline.temporal.value import MAX_DAYS, SEASONS, VAGUE_DAYS, Interval, interval

__all__ = ["MAX_DAYS", "SEASONS", "VAGUE_DAYS", "Interval", "interval"]
