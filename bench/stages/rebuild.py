"""Figure 7: `Timeline.rebuild()` of the big timeline, in process, against the raw loop."""

from __future__ import annotations

import time

from bench.common import Figure, log
from bench.context import Ctx
from bench.stages.projection import DEFAULT_BATCH, timed_raw, timed_workers


def run(ctx: Ctx) -> None:
    big = ctx.load("big", ctx.sizes.big, seed=1)
    tl = ctx.timeline("big")
    if tl.backend.projection.checkpoint() != tl.backend.store.version():
        timed_workers(ctx, ["big"], 1)
    raw = ctx.facts.get("raw_projection_rate")
    if raw is None:
        wall, _, n = timed_raw(ctx, "big", DEFAULT_BATCH)
        raw = n / wall
    log(f"rebuild: {big.events:,} events")
    t0 = time.perf_counter()
    replayed = tl.rebuild()
    wall = time.perf_counter() - t0
    assert replayed == big.records, (replayed, big.records)
    ctx.add(Figure(
        "rebuild", f"Timeline.rebuild() of {big.events:,} events", big.events / wall,
        "events/s", ceiling=raw, ceiling_name="raw XRANGE+ZADD loop",
        goal_text=">= 100% of raw (projection goal)",
        goal=lambda v, c: c is not None and v >= c, note=f"{wall:.1f} s",
    ))  # fmt: skip
