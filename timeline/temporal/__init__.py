"""Temporal expressions: recognition and TIMEX3 normalization."""

from timeline.temporal.interval import Interval, interval
from timeline.temporal.tagger import tag
from timeline.temporal.timex import Timex

__all__ = ["Interval", "Timex", "interval", "tag"]
