"""timeline: turn news articles into an ordered, queryable timeline of dated events.

    from timeline import ArticleInput, Query, Timeline

    tl = Timeline.connect()                      # the settings' Redis, or the embedded one
    tl.writer.ingest([ArticleInput("story.txt")])
    for entry in tl.reader.show(Query(since="Friday")):
        print(entry.start, entry.text)

The names below are imported on first use, so that `import timeline` (and
`timeline --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from timeline.app import Timeline
    from timeline.errors import (
        ConcurrencyError,
        InputError,
        QueryError,
        ServerUnavailable,
        StoreError,
        TimelineError,
        UsageError,
    )
    from timeline.models import (
        ArticleRef,
        IngestResult,
        Report,
        Status,
        TimelineEntry,
        TimelineSummary,
    )
    from timeline.query import Query
    from timeline.services import ArticleInput, Operator, Reader, Writer

_EXPORTS = {
    "Timeline": "timeline.app",
    "ArticleInput": "timeline.services",
    "Writer": "timeline.services",
    "Reader": "timeline.services",
    "Operator": "timeline.services",
    "Query": "timeline.query",
    "ArticleRef": "timeline.models",
    "IngestResult": "timeline.models",
    "Report": "timeline.models",
    "Status": "timeline.models",
    "TimelineEntry": "timeline.models",
    "TimelineSummary": "timeline.models",
    "TimelineError": "timeline.errors",
    "UsageError": "timeline.errors",
    "InputError": "timeline.errors",
    "QueryError": "timeline.errors",
    "StoreError": "timeline.errors",
    "ServerUnavailable": "timeline.errors",
    "ConcurrencyError": "timeline.errors",
}

__all__ = [
    "ArticleInput",
    "ArticleRef",
    "ConcurrencyError",
    "IngestResult",
    "InputError",
    "Operator",
    "Query",
    "QueryError",
    "Reader",
    "Report",
    "ServerUnavailable",
    "Status",
    "StoreError",
    "Timeline",
    "TimelineEntry",
    "TimelineError",
    "TimelineSummary",
    "UsageError",
    "Writer",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")
