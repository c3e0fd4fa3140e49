"""The application services, written against the ports (`timeline.ports`) only.

`Writer` ingests and retracts (and makes its writes visible: read-your-writes),
`Reader` queries, `Operator` reports and maintains; `Projector` is the loop that
applies the log to the projection, for all three and for the workers' jobs.

The names load on first use (`from timeline.services import Writer` imports the
writer's module only), so that a read does not import the write path.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.services.operator import Operator
    from timeline.services.projector import Projector
    from timeline.services.reader import Reader
    from timeline.services.writer import ArticleInput, Writer

_EXPORTS = {
    "ArticleInput": "timeline.services.writer",
    "Operator": "timeline.services.operator",
    "Projector": "timeline.services.projector",
    "Reader": "timeline.services.reader",
    "Writer": "timeline.services.writer",
}

__all__ = ["ArticleInput", "Operator", "Projector", "Reader", "Writer"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'timeline.services' has no attribute {name!r}")
