"""Figure 3: projection by real RQ workers against a raw loop.

The worker is `timeline worker --burst` in a subprocess (a forking RQ worker: the
one job a timeline gets applies its whole backlog in the work horse). Its rate
is events over the job's own time (RQ's started_at..ended_at); worker start-up
is in the note. The ceiling is the same work with nothing but redis-py: XRANGE
the log in batches, read each event record's placement (computed at ingest,
`timeline.ordering.place`), ZADD the members grouped per index through a
pipeline, no Lua, no checkpoint.
"""

from __future__ import annotations

import os
import resource
import time
from collections import defaultdict

import orjson
import redis

from bench.common import Figure, fmt, log
from bench.context import Ctx, reset_projection
from bench.rq_run import WorkerRun, run_workers
from timeline import ordering, records
from timeline.backend.keys import Keys

BATCH_SIZES = (500, 1000, 2000, 5000)
DEFAULT_BATCH = 2000  # the product default (TIMELINE_BATCH_SIZE)


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def raw_project(r: redis.Redis, name: str, batch: int) -> int:
    """Project timeline `name` into scratch keys the plainest way; returns events placed."""
    log_key = Keys(name).log
    prefix = f"bench:raw:{name}"
    after, placed = "0-0", 0
    heads: dict[str, tuple[str, str]] = {}  # position -> (article id, published)
    while True:
        rows = r.xrange(log_key, min=f"({after}", max="+", count=batch)
        if not rows:
            return placed
        groups: dict[str, list[str | int]] = defaultdict(list)
        for sid, f in rows:
            if f["type"] in ("ArticleIngested", "ArticleRevised"):
                article = orjson.loads(f["data"])["article"]
                heads[sid] = (article["id"], article["published"])
            elif f["type"] == "EventRecorded":
                # The member the projection stores (lua/project.lua): rank, the head's
                # publication date and the event id, end, position; the head n records
                # before the event (timeline.records).
                row = orjson.loads(f["data"])
                _, n, index, score, end, rank = row[:6]
                ms, _, seq = sid.partition("-")
                at = f"{ms}-{int(seq) - n}"
                if at not in heads:
                    [(_, hf)] = r.xrange(log_key, min=at, max=at)
                    article = orjson.loads(hf["data"])["article"]
                    heads[at] = (article["id"], article["published"])
                article_id, published = heads[at]
                eid = records.event_id(row, article_id)
                groups[index] += [score, f"{rank}{published}|{eid}|{end:07d}|{sid}"]
                placed += 1
        with r.pipeline(transaction=False) as pipe:
            for g, flat in groups.items():
                pipe.execute_command("ZADD", f"{prefix}:{g}", *flat)
            pipe.execute()
        after = rows[-1][0]


def drop_raw(r: redis.Redis, name: str) -> int:
    total = 0
    for g in ordering.INDEXES:  # the bounded events' indexes too
        total += int(r.zcard(f"bench:raw:{name}:{g}"))
        r.delete(f"bench:raw:{name}:{g}")
    return total


def timed_raw(ctx: Ctx, name: str, batch: int) -> tuple[float, float, int]:
    """(wall s, CPU s client+server, events) of one raw projection; scratch keys dropped."""
    r = ctx.server.client()
    s0, c0, t0 = ctx.server.cpu_seconds(), _cpu(), time.perf_counter()
    n = raw_project(r, name, batch)
    wall = time.perf_counter() - t0
    server = ctx.server.cpu_seconds() - s0
    cpu = _cpu() - c0 + server
    ctx.facts[f"raw_split_{name}"] = (cpu - server, server)
    assert drop_raw(r, name) == n
    return wall, cpu, n


def timed_workers(
    ctx: Ctx, names: list[str], workers: int, batch: int = DEFAULT_BATCH
) -> tuple[WorkerRun, float]:
    """A worker run from an empty projection; (run, CPU s workers+server)."""
    r = ctx.server.client()
    for name in names:
        reset_projection(r, name)
    s0 = ctx.server.cpu_seconds()
    run = run_workers(
        ctx.server.client(decode=False), names, workers,
        {"TIMELINE_REDIS_URL": ctx.server.url, "TIMELINE_BATCH_SIZE": str(batch)},
        queue_name=f"bench-{os.getpid()}",
    )  # fmt: skip
    server = ctx.server.cpu_seconds() - s0
    cpu = run.child_cpu + server
    ctx.facts["worker_split"] = (run.child_cpu, server)
    for name in names:
        tl = ctx.timeline(name)
        got, want = tl.backend.projection.checkpoint(), tl.backend.store.version()
        assert got == want, f"{name}: projection stopped at {got}, log ends at {want}"
    return run, cpu


def run(ctx: Ctx) -> None:
    big = ctx.load("big", ctx.sizes.big, seed=1)
    n = big.events
    log(f"projection: raw loop over {n:,} events")
    raw_wall, raw_cpu, placed = timed_raw(ctx, "big", DEFAULT_BATCH)
    raw_split = ctx.facts["raw_split_big"]
    assert placed == n
    log(f"projection: 1 worker over {n:,} events")
    wr, cpu = timed_workers(ctx, ["big"], 1)
    split = ctx.facts["worker_split"]
    assert wr.results[0] == big.records, (wr.results, big.records)
    ctx.facts["raw_projection_rate"] = n / raw_wall
    ctx.facts["raw_projection_cpu_rate"] = n / raw_cpu
    ctx.facts["worker_rate"] = n / wr.span
    ctx.add(Figure(
        "projection", f"1 RQ worker, {n:,} events (job time, wall)", n / wr.span, "events/s",
        ceiling=n / raw_wall, ceiling_name="raw XRANGE+ZADD loop",
        goal_text=">= 100% of raw", goal=lambda v, c: c is not None and v >= c,
        note=f"worker process wall incl. start-up {wr.wall:.1f} s, job {wr.span:.1f} s, "
             f"raw {raw_wall:.1f} s; batch {DEFAULT_BATCH}",
    ))  # fmt: skip
    ctx.add(Figure(
        "projection", f"1 RQ worker, {n:,} events (CPU worker+server)", n / cpu,
        "events/CPU-s", ceiling=n / raw_cpu, ceiling_name="raw loop, CPU client+server",
        goal_text=">= 100% of raw", goal=lambda v, c: c is not None and v >= c,
        note=f"worker {split[0]:.1f} s + server {split[1]:.1f} s CPU (worker start-up "
             f"included); raw client {raw_split[0]:.1f} s + server {raw_split[1]:.1f} s",
    ))  # fmt: skip
    _sweep(ctx)
    _scaling(ctx)


def _sweep(ctx: Ctx) -> None:
    a = ctx.load("scale-a", ctx.sizes.scale, seed=2)
    rows = []
    best: tuple[float, int, float] | None = None
    for batch in BATCH_SIZES:
        log(f"projection: batch size {batch} over {a.events:,} events")
        wr, cpu = timed_workers(ctx, ["scale-a"], 1, batch)
        raw_wall, raw_cpu, _ = timed_raw(ctx, "scale-a", batch)
        rate, raw_rate = a.events / wr.span, a.events / raw_wall
        rows.append([str(batch), fmt(rate), fmt(raw_rate), f"{rate / raw_rate:.2f}",
                     fmt(a.events / cpu), fmt(a.events / raw_cpu)])  # fmt: skip
        if best is None or rate > best[0]:
            best = (rate, batch, raw_rate)
    ctx.tables["Projection batch size (TIMELINE_BATCH_SIZE), 1 worker"] = (
        ["batch", "worker events/s", "raw loop events/s (same batch)", "ratio",
         "worker events/CPU-s", "raw events/CPU-s"], rows,
    )  # fmt: skip
    assert best is not None
    ctx.add(Figure(
        "projection", f"best TIMELINE_BATCH_SIZE = {best[1]} ({a.events:,} events)", best[0],
        "events/s", ceiling=best[2], ceiling_name="raw loop, same batch",
        note="sizes tried: " + ", ".join(map(str, BATCH_SIZES)),
    ))  # fmt: skip


def _scaling(ctx: Ctx) -> None:
    a = ctx.load("scale-a", ctx.sizes.scale, seed=2)
    b = ctx.load("scale-b", ctx.sizes.scale, seed=3)
    total = a.events + b.events
    log(f"projection: 1 then 2 workers over 2 timelines, {total:,} events")
    one, _ = timed_workers(ctx, ["scale-a", "scale-b"], 1)
    two, _ = timed_workers(ctx, ["scale-a", "scale-b"], 2)
    cores = os.cpu_count() or 1
    ceiling = min(2, cores) * total / one.span
    ctx.add(Figure(
        "projection", "2 workers on 2 timelines", total / two.span, "events/s",
        ceiling=ceiling, ceiling_name=f"{min(2, cores)}x one worker on both",
        note=f"1 worker: {fmt(total / one.span)} events/s; {cores} cores; "
             f"jobs {', '.join(f'{s:.1f}' for s in two.job_seconds)} s",
    ))  # fmt: skip
