"""timeline: turn news articles into an ordered, queryable timeline of dated events."""

__version__ = "0.1.0"
