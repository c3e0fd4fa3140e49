"""Key names. Every key of one timeline shares the hash tag `{timeline:NAME}`, so
all of a timeline's keys live in one Redis Cluster slot and every script stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass

from timeline.ordering import INDEXES
from timeline.ports import check_name

__all__ = ["PROJECTION_FORMAT", "TIMELINES", "Keys", "ProjectionKeys", "check_name"]

# The layout of the projection's keys and members (lua/project.lua). Bump it when the
# layout changes, or when a change of `timeline.ordering.place` changes where events
# stand: the new keys start empty, and the next write (or a worker's job, or `timeline
# rebuild`) builds them from the log, the source of truth; until then `show` says the
# projection lags.
PROJECTION_FORMAT = 3


@dataclass(frozen=True)
class ProjectionKeys:
    prefix: str

    @property
    def checkpoint(self) -> str:
        return f"{self.prefix}:checkpoint"

    @property
    def articles(self) -> str:
        return f"{self.prefix}:articles"

    def order(self, granularity: str) -> str:
        return f"{self.prefix}:order:{granularity}"

    def all(self) -> list[str]:
        return [self.checkpoint, self.articles] + [self.order(g) for g in INDEXES]


@dataclass(frozen=True)
class Keys:
    name: str

    @property
    def tag(self) -> str:
        return f"{{timeline:{self.name}}}"

    @property
    def log(self) -> str:
        """The event log: a stream, the source of truth."""
        return f"{self.tag}:log"

    @property
    def article_ids(self) -> str:
        """Hash article id -> stream id of its ArticleIngested record (idempotency)."""
        return f"{self.tag}:article-ids"

    @property
    def identities(self) -> str:
        """Hash article identity (URL, or title and source) -> its current article id."""
        return f"{self.tag}:identities"

    @property
    def withdrawn(self) -> str:
        """Hash article id -> position of the record that took it off the timeline (its
        retraction, or the revision that replaced it); an ingest of it brings it back."""
        return f"{self.tag}:withdrawn"

    @property
    def fetched(self) -> str:
        """Hash URL -> JSON of the validators (ETag, Last-Modified) it last answered with."""
        return f"{self.tag}:fetched"

    @property
    def generation(self) -> str:
        """Which generation of the projection `show` reads; rebuild swaps it."""
        return f"{self.tag}:generation"

    @property
    def generation_counter(self) -> str:
        return f"{self.tag}:generation-counter"

    @property
    def committed(self) -> str:
        """The write a group commit's fsync wait goes after (`RedisEventLog.confirm`)."""
        return f"{self.tag}:committed"

    @property
    def rebuilds(self) -> str:
        """Hash generation -> "host pid time" of the rebuild filling it (refreshed each
        batch): a generation whose rebuild died is an orphan, removed by the next one."""
        return f"{self.tag}:rebuilds"

    def projection(self, generation: int) -> ProjectionKeys:
        return ProjectionKeys(f"{self.tag}:v{PROJECTION_FORMAT}:p{generation}")


# Registry of timeline names, outside any one timeline's slot; for `timeline timelines`.
TIMELINES = "timeline:names"
