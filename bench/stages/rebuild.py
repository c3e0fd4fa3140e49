"""Figure 7: `Timeline.operator.rebuild()` of the big timeline, in process, against the raw loop."""

from __future__ import annotations

import resource
import time

from bench.common import Figure, log
from bench.context import Ctx
from bench.stages.projection import DEFAULT_BATCH, timed_raw, timed_workers


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def run(ctx: Ctx) -> None:
    big = ctx.load("big", ctx.sizes.big, seed=1)
    tl = ctx.timeline("big")
    if tl.backend.projection.checkpoint() != tl.backend.store.version():
        timed_workers(ctx, ["big"], 1)
    log(f"rebuild: {big.events:,} events")
    s0, c0, t0 = ctx.server.cpu_seconds(), _cpu(), time.perf_counter()
    replayed = tl.operator.rebuild()
    wall = time.perf_counter() - t0
    cpu = _cpu() - c0 + ctx.server.cpu_seconds() - s0
    assert replayed == big.records, (replayed, big.records)
    # The ceiling right after, not the projection stage's: the machine is shared and
    # its load drifts over minutes.
    log(f"rebuild: raw loop over {big.events:,} events")
    raw_wall, raw_cpu, n = timed_raw(ctx, "big", DEFAULT_BATCH)
    ctx.add(Figure(
        "rebuild", f"Timeline.operator.rebuild() of {big.events:,} events (wall)",
        big.events / wall, "events/s", ceiling=n / raw_wall,
        ceiling_name="raw XRANGE+ZADD loop, run next",
        goal_text=">= 100% of raw (projection goal)",
        goal=lambda v, c: c is not None and v >= c, note=f"{wall:.1f} s, raw {raw_wall:.1f} s",
    ))  # fmt: skip
    ctx.add(Figure(
        "rebuild", f"Timeline.operator.rebuild() of {big.events:,} events (CPU client+server)",
        big.events / cpu, "events/CPU-s", ceiling=n / raw_cpu, ceiling_name="raw loop",
        goal_text=">= 100% of raw (projection goal)",
        goal=lambda v, c: c is not None and v >= c,
    ))  # fmt: skip
