"""Figure 2: appending to the log.

- the store's real path, `EventStore.append_article` (one Lua call per article,
  model serialization included, extraction excluded), against a raw redis-py
  pipelined XADD loop of the identical payloads, same server, same run;
- `Timeline.ingest` end to end (extraction, append, in-process projection since no
  worker is alive) on the real documents, and the events/s it implies.
"""

from __future__ import annotations

import resource
import time

from bench import data
from bench.common import Figure, log
from bench.context import Ctx
from timeline import ArticleInput


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def run(ctx: Ctx) -> None:
    arts = data.articles_list(ctx.sizes.append, seed=900)
    events = sum(a.events for a in arts)
    r = ctx.server.client()
    repeats = 3
    real, raw, real_cpu, raw_cpu = [], [], [], []
    log(f"append: {events:,} events in {len(arts):,} articles, best of {repeats}")
    for i in range(repeats):
        name = f"append-{i}"
        store = ctx.timeline(name).backend.store
        s0, c0, t0 = ctx.server.cpu_seconds(), _cpu(), time.perf_counter()
        for a in arts:
            store.append_article(a.id, a.records)
        real.append(time.perf_counter() - t0)
        real_cpu.append(_cpu() - c0 + ctx.server.cpu_seconds() - s0)
        # The ceiling: the same payloads, XADDed with a pipeline per article (the same
        # grouping the store has: one round trip per article), no script, no checks.
        key = f"bench:raw-append-{i}"
        s0, c0, t0 = ctx.server.cpu_seconds(), _cpu(), time.perf_counter()
        for a in arts:
            with r.pipeline(transaction=False) as pipe:
                for rec, payload in zip(a.records, a.payloads, strict=True):
                    pipe.xadd(key, {"type": rec.type, "data": payload})
                pipe.execute()
        raw.append(time.perf_counter() - t0)
        raw_cpu.append(_cpu() - c0 + ctx.server.cpu_seconds() - s0)
        for k in r.scan_iter(match="{timeline:append-*"):
            r.delete(k)
        r.delete(key)
    ctx.add(Figure(
        "append", "EventStore.append_article (wall)", events / min(real), "events/s",
        ceiling=events / min(raw), ceiling_name="pipelined XADD, same payloads",
        goal_text=">= 60% of raw", goal=lambda v, c: c is not None and v >= 0.6 * c,
        note=f"{events:,} events, {len(arts):,} articles, best of {repeats}",
    ))  # fmt: skip
    ctx.add(Figure(
        "append", "EventStore.append_article (CPU client+server)", events / min(real_cpu),
        "events/CPU-s", ceiling=events / min(raw_cpu), ceiling_name="pipelined XADD",
        goal_text=">= 60% of raw", goal=lambda v, c: c is not None and v >= 0.6 * c,
    ))  # fmt: skip
    ctx.facts["append_rate"] = events / min(real)
    _ingest(ctx, events / min(raw))


def _ingest(ctx: Ctx, raw_rate: float) -> None:
    docs = data.documents()
    inputs = [ArticleInput(d.name, text=d.text, published=d.published, source_name="TempEval-3")
              for d in docs]  # fmt: skip
    walls, cpus, n_events = [], [], 0
    repeats = 2 if ctx.quick else 3
    for i in range(repeats):
        tl = ctx.timeline(f"ingest-{i}")
        c0, t0 = _cpu(), time.perf_counter()
        results = tl.writer.ingest(inputs, today=docs[0].published)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
        n_events = sum(x.events for x in results)
        assert all(x.status == "added" for x in results), "ingest must add every document"
    ctx.facts["events_per_article"] = n_events / len(docs)
    r = ctx.server.client()
    for k in r.scan_iter(match="{timeline:ingest-*"):
        r.delete(k)
    ctx.add(Figure(
        "append", "Timeline.ingest end to end (extract+append+project)",
        n_events / min(walls), "events/s", ceiling=raw_rate,
        ceiling_name="pipelined XADD",
        note=f"{len(docs)} documents, {n_events:,} events: {len(docs) / min(walls):.0f} "
             f"articles/s, {n_events / min(cpus):,.0f} events/CPU-s (client), best of {repeats}",
    ))  # fmt: skip
