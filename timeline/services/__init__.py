"""The application services, written against the ports (`timeline.ports`) only.

`Writer` ingests and retracts (and makes its writes visible: read-your-writes),
`Reader` queries, `Operator` reports and maintains; `Projector` is the loop that
applies the log to the projection, for all three and for the workers' jobs.
"""

from timeline.services.operator import Operator
from timeline.services.projector import Projector
from timeline.services.reader import Reader
from timeline.services.writer import ArticleInput, Writer

__all__ = ["ArticleInput", "Operator", "Projector", "Reader", "Writer"]
