"""Figure 5: Redis memory per event of the big timeline (log + projection + store
hashes), by MEMORY USAGE with every element sampled, against the events' records as
the store appends them (compact JSON from schema 3 on, without the texts their article's
head holds from schema 4 on)."""

from __future__ import annotations

from bench.common import Figure, log
from bench.context import Ctx
from bench.stages.projection import timed_workers


def run(ctx: Ctx) -> None:
    big = ctx.load("big", ctx.sizes.big, seed=1)
    tl = ctx.timeline("big")
    if tl.backend.projection.checkpoint() != tl.backend.store.version():
        timed_workers(ctx, ["big"], 1)
    r = ctx.server.client()
    log("memory: MEMORY USAGE ... SAMPLES 0 over the big timeline's keys")
    parts: dict[str, int] = {}
    for key in r.scan_iter(match="{timeline:big}:*", count=1000):
        if r.type(key) == "none" or r.ttl(key) > 0:  # a swapped-out generation expiring
            continue
        kind = "log" if key.endswith(":log") else key.split(":", 2)[-1]
        parts[kind] = parts.get(kind, 0) + int(r.memory_usage(key, samples=0) or 0)
    total = sum(parts.values())
    per_event = total / big.events
    json_per_event = big.payload_bytes / big.events
    order = sum(v for k, v in parts.items() if ":order:" in k)
    ctx.facts["bytes_per_event"] = per_event
    ctx.add(Figure(
        "memory", f"Redis bytes per event at {big.events:,} events", per_event, "B/event",
        ceiling=json_per_event, ceiling_name="stored event record size",
        higher_is_better=False, goal_text="<= 450 B/event", goal=lambda v, c: v <= 450,
        note=f"log {parts.get('log', 0) / big.events:.0f} B, indexes {order / big.events:.0f} B, "
             f"total {total / 2**20:,.0f} MiB; ratio = record/Redis",
    ))  # fmt: skip
