"""Temporal expressions: recognition and TIMEX3 normalization."""

from timeline.temporal.interval import Interval, interval

__all__ = ["Interval", "interval"]
