"""The composition root: a timeline's services wired to the adapters of its ports.

    tl = Timeline.connect("redis://localhost:6379/0")   # or Timeline.connect(): the settings
    tl.writer.ingest([ArticleInput("story.txt")])
    tl.reader.show(Query(since="Friday"))
    tl.operator.status()

This is the only module besides the CLI's worker and server commands that chooses
an adapter: the services see ports (`timeline.ports`) only.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from timeline.ports import Backend
from timeline.services.projector import Projector
from timeline.services.reader import Reader
from timeline.settings import Settings, load_settings

if TYPE_CHECKING:
    from timeline.memory import MemoryServer
    from timeline.services.operator import Operator
    from timeline.services.writer import Writer


class Timeline:
    """One timeline: `writer` (ingest, retract), `reader` (show, stats, log ...) and
    `operator` (status, project, rebuild), on one backend."""

    def __init__(self, backend: Backend, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings
        self.projector = Projector(backend)
        self.reader = Reader(backend)

    # The writer and the operator (and what they import) load when first used: a `show`
    # does not pay for them.
    @cached_property
    def writer(self) -> Writer:
        from timeline.services.writer import Writer

        return Writer(self.backend, self.settings, self.projector)

    @cached_property
    def operator(self) -> Operator:
        from timeline.services.operator import Operator

        return Operator(self.backend, self.settings, self.projector)

    @classmethod
    def connect(
        cls,
        url: str | None = None,
        *,
        name: str | None = None,
        settings: Settings | None = None,
        announce: bool = True,
    ) -> Timeline:
        """Open timeline `name` on the Redis at `url` (None: as the settings say)."""
        from timeline.backend import open_backend

        settings = settings or load_settings()
        if url is not None:
            settings = settings.model_copy(update={"redis_url": url})
        name = settings.timeline if name is None else name  # "" is a bad name, not the default
        return cls(open_backend(settings, name, announce=announce), settings)

    @classmethod
    def in_memory(cls, name: str = "default", *, server: MemoryServer | None = None) -> Timeline:
        """A timeline in this process's memory (`timeline.memory`): for tests of programs
        built on timeline. Nothing survives the process."""
        from timeline.memory import MemoryBackend, MemoryServer

        settings = Settings(timeline=name)
        return cls(MemoryBackend(name, server or MemoryServer(), settings.batch_size), settings)

    def other(self, name: str) -> Timeline:
        """Another timeline on the same connections."""
        return Timeline(self.backend.sibling(name), self.settings)

    @property
    def name(self) -> str:
        return self.backend.name


def run_worker(
    *, burst: bool = False, name: str | None = None, with_scheduler: bool = True
) -> bool:
    """Run a worker (`timeline worker`) on the configured queue until stopped, or until
    the queue is empty with `burst`."""
    from timeline.backend import run_worker as run

    # The extractor and its compiled patterns load once, here: RQ forks a work horse per
    # job, which inherits them instead of loading them again (an extraction job of a few
    # articles would spend most of its time there).
    from timeline.extract import extract
    from timeline.temporal.patterns import compiled

    compiled()
    del extract
    return run(load_settings(), burst=burst, name=name, with_scheduler=with_scheduler)


def embedded_server_report() -> list[tuple[str, str]]:
    """What `timeline server status` shows of the embedded server, as (label, value) rows."""
    from timeline.backend import embedded_server_report as report

    return report(load_settings())


def stop_embedded_server() -> bool:
    """Stop the embedded server (its data stays in the data dir); False if none ran."""
    from timeline.backend import stop_embedded_server as stop

    return stop(load_settings())
