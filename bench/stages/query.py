"""Figure 4: `timeline show --since X --limit 50`, as a user runs it and through the API.

CLI figures are wall time of the installed `timeline` script in a subprocess
(interpreter start included), median of N; their ceiling is the interpreter
alone (`python -c pass`). API figures are `Timeline.show` in this process,
median of many; their ceiling is the same window read with bare redis-py (one
pipelined ZRANGEBYSCORE per index, then one pipelined XRANGE per event).
"""

from __future__ import annotations

import datetime as dt
import heapq
import subprocess
import time
from typing import Any

import redis

from bench.common import PYTHON, Figure, bench_env, log, median_time
from bench.context import Ctx
from bench.rq_run import TIMELINE
from timeline import ordering
from timeline.backend.keys import Keys
from timeline.temporal.interval import MAX_DAYS

SINCE = dt.date(1998, 1, 1)
LIMIT = 50
# Issue 13's goal for `timeline show --limit 50`: at most 150 ms wall, and at most 100 ms
# more than the interpreter alone (`python -c pass`, the ceiling, measured in the same run).
CLI_GOAL = "<= 150 ms, <= 100 ms over python -c pass"


def cli_goal(value: float, ceiling: float | None) -> bool:
    return value <= 150 and ceiling is not None and value - ceiling <= 100


def _wall(cmd: list[str], env: dict[str, str], n: int) -> float:
    def once() -> None:
        done = subprocess.run(cmd, env=env, capture_output=True)
        if done.returncode:
            raise RuntimeError(f"{cmd} failed: {done.stderr.decode()[-500:]}")

    # A command that takes seconds (a merged query on a dense timeline) gets 3 repeats.
    t0 = time.perf_counter()
    once()
    return median_time(once, n if time.perf_counter() - t0 < 2 else 3, warmup=0)


def bare_window(r: redis.Redis, name: str, since: dt.date, limit: int) -> list[Any]:
    """The first `limit` events since `since` read with bare redis-py, as stored (the
    ceiling of every window read): one pipelined ZRANGEBYSCORE per index, then one
    pipelined XRANGE per event."""
    keys = Keys(name)
    pk = keys.projection(int(r.get(keys.generation) or 0))
    lo = since.toordinal()
    with r.pipeline(transaction=False) as pipe:
        for g in ordering.GRANULARITIES:
            pipe.zrangebyscore(pk.order(g), f"({lo - MAX_DAYS[g]}", "+inf", start=0,
                               num=limit * 2, withscores=True)  # fmt: skip
        pages = pipe.execute()
    found = [(int(s), m) for page in pages for m, s in page if int(m.split("|")[2]) > lo]
    with r.pipeline(transaction=False) as pipe:
        for _, m in heapq.nsmallest(limit, found):
            sid = m.rsplit("|", 1)[1]
            pipe.xrange(keys.log, sid, sid)
        return list(pipe.execute())


def raw_window(ctx: Ctx, name: str) -> int:
    """The first LIMIT events since SINCE with bare redis-py; returns how many."""
    return len(bare_window(ctx.server.client(), name, SINCE, LIMIT))


def run(ctx: Ctx) -> None:
    names = []
    for i, size in enumerate(ctx.sizes.queries):
        name = "big" if size == ctx.sizes.big else f"q{size}"
        ctx.load(name, size, seed=1 if name == "big" else 10 + i)
        tl = ctx.timeline(name)
        if tl.backend.projection.checkpoint() != tl.backend.store.version():
            log(f"query: projecting {name} in process")
            tl.operator.project()
        names.append(name)
    env = bench_env(TIMELINE_REDIS_URL=ctx.server.url)
    n_cli = ctx.sizes.repeats
    n_api = 30 if ctx.quick else 100
    start = _wall([PYTHON, "-c", "pass"], env, n_cli)
    cli: dict[str, float] = {}
    api: dict[str, float] = {}
    api_merged: dict[str, float] = {}
    for name in names:
        events = ctx.loaded[name].events
        cmd = [TIMELINE, "show", "--since", SINCE.isoformat(), "--limit", str(LIMIT),
               "--timeline", name]  # fmt: skip
        log(f"query: {name}")
        cli[name] = _wall(cmd, env, n_cli)
        tl = ctx.timeline(name)
        got = tl.reader.show(since=SINCE, limit=LIMIT, merge=False)
        assert len(got) == LIMIT, f"{name}: the window holds only {len(got)} events"
        api[name] = median_time(lambda tl=tl: tl.reader.show(since=SINCE, limit=LIMIT, merge=False),
                                n_api, warmup=3)  # fmt: skip
        # A merged query can take seconds on a dense timeline: fewer repeats then.
        t0 = time.perf_counter()
        tl.reader.show(since=SINCE, limit=LIMIT, merge=True)
        n_merged = max(5, min(n_api, int(10 / max(time.perf_counter() - t0, 1e-3))))
        merged = median_time(lambda tl=tl: tl.reader.show(since=SINCE, limit=LIMIT, merge=True),
                             n_merged, warmup=0)  # fmt: skip
        api_merged[name] = merged
        raw = median_time(lambda name=name: raw_window(ctx, name), n_api, warmup=3)
        ctx.add(Figure(
            "query", f"CLI show --since --limit 50, {events:,} events", cli[name] * 1000, "ms",
            ceiling=start * 1000, ceiling_name="python -c pass", higher_is_better=False,
            goal_text=CLI_GOAL, goal=cli_goal, note=f"median of {n_cli}",
        ))  # fmt: skip
        ctx.add(Figure(
            "query", f"API show(merge=False), {events:,} events", api[name] * 1000, "ms",
            ceiling=raw * 1000, ceiling_name="bare redis-py window", higher_is_better=False,
            goal_text="<= 5 ms", goal=lambda v, c: v <= 5, note=f"median of {n_api}",
        ))  # fmt: skip
        ctx.add(Figure(
            "query", f"API show(merge=True), {events:,} events", merged * 1000, "ms",
            ceiling=raw * 1000, ceiling_name="bare redis-py window", higher_is_better=False,
            goal_text="<= 10 ms", goal=lambda v, c: v <= 10, note=f"median of {n_merged}",
        ))  # fmt: skip
    small, large = names[0], names[-1]
    sizes = f"{ctx.loaded[large].events:,} vs {ctx.loaded[small].events:,} events"
    # Issue 13 holds the API's reads, merged and unmerged, to "1M within 10 % of 10k"; the
    # CLI's figure is shown for comparison, its goal is the wall time above.
    for label, times, goal in (("CLI", cli, False), ("API unmerged", api, True),
                               ("API merged", api_merged, True)):  # fmt: skip
        ctx.add(Figure(
            "query", f"{label} query time, {sizes}", times[large] * 1000, "ms",
            ceiling=times[small] * 1000, ceiling_name="same query, smallest timeline",
            higher_is_better=False, goal_text="within 10%" if goal else "",
            goal=(lambda v, c: c is not None and v <= 1.1 * c) if goal else None,
        ))  # fmt: skip
    help_ms = _wall([TIMELINE, "--help"], env, n_cli) * 1000
    ctx.add(Figure(
        "query", "timeline --help", help_ms, "ms", ceiling=start * 1000,
        ceiling_name="python -c pass", higher_is_better=False,
        goal_text="<= 60 ms", goal=lambda v, c: v <= 60, note=f"median of {n_cli}",
    ))  # fmt: skip
    ctx.facts["interpreter_ms"] = start * 1000
