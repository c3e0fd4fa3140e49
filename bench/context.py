"""What every stage shares: sizes, the server, timelines loaded on demand, results."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import redis

from bench import data
from bench.common import Figure, log
from bench.servers import BenchServer
from timeline import Timeline
from timeline.backend.keys import Keys
from timeline.settings import Settings


@dataclass(frozen=True)
class Sizes:
    append: int  # events appended for the append figure (real path and raw loop)
    big: int  # the large timeline: projection, memory, rebuild, largest query
    queries: tuple[int, ...]  # timelines queried (the last is `big`)
    scale: int  # events in each of the two timelines of the scaling and batch-size runs
    cluster: int  # events in each of the four cluster timelines
    repeats: int  # best-of / median-of counts for short measurements


QUICK = Sizes(append=20_000, big=50_000, queries=(10_000, 50_000), scale=20_000,
              cluster=10_000, repeats=5)  # fmt: skip
FULL = Sizes(append=100_000, big=1_000_000, queries=(10_000, 100_000, 1_000_000),
             scale=200_000, cluster=100_000, repeats=11)  # fmt: skip


@dataclass
class Loaded:
    name: str
    events: int
    records: int
    articles: int
    payload_bytes: int  # JSON of the EventRecorded records
    append_seconds: float  # wall time spent in append_article while loading


@dataclass
class Ctx:
    quick: bool
    sizes: Sizes
    server: BenchServer
    figures: list[Figure] = field(default_factory=list)
    # Extra tables for BENCHMARKS.md: title -> (header, rows).
    tables: dict[str, tuple[list[str], list[list[str]]]] = field(default_factory=dict)
    loaded: dict[str, Loaded] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)  # rates other stages compare with

    def add(self, fig: Figure) -> None:
        self.figures.append(fig)
        print(fig.line(), flush=True)

    def settings(self, **update: Any) -> Settings:
        base = Settings(redis_url=self.server.url, queue_name="bench", data_dir="/tmp/tlb-unused")
        return base.model_copy(update=update)

    def timeline(self, name: str) -> Timeline:
        return Timeline.connect(name=name, settings=self.settings(), announce=False)

    @property
    def r(self) -> redis.Redis:
        return self.server.client()

    def load(self, name: str, events: int, seed: int) -> Loaded:
        """Timeline `name` with `events` events appended by the real store path, once."""
        if name in self.loaded:
            return self.loaded[name]
        tl = self.timeline(name)
        store = tl.backend.store
        log(f"loading timeline {name}: {events:,} events")
        n_events = n_records = n_articles = size = 0
        spent = 0.0
        for art in data.articles(events, seed):
            t0 = time.perf_counter()
            store.append_article(art.id, art.records)
            spent += time.perf_counter() - t0
            n_events += art.events
            n_records += len(art.records)
            n_articles += 1
            size += sum(len(p) for p in art.payloads[1:])
        loaded = Loaded(name, n_events, n_records, n_articles, size, spent)
        self.loaded[name] = loaded
        return loaded


def reset_projection(r: redis.Redis, name: str) -> None:
    """Drop every generation of a timeline's projection: the next job starts from 0-0."""
    keys = Keys(name)
    top = int(r.get(keys.generation_counter) or 0)
    doomed = [keys.generation, keys.generation_counter]
    for gen in range(top + 1):
        doomed += keys.projection(gen).all()
    for key in doomed:  # one by one: fine on a cluster, every key shares the slot anyway
        r.delete(key)
