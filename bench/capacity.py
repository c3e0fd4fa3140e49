"""Capacity on paper: the run's own per-event memory and per-core rates projected to
10M, 100M and 1B events (BENCHMARKS.md's "Capacity" section).

Nothing here is measured: it multiplies what the stages measured in the same run
(`Ctx.facts`), with two stated assumptions, so that the table moves with the code.
"""

from __future__ import annotations

import math
from typing import Any

SIZES = (10_000_000, 100_000_000, 1_000_000_000)
# A shard (one Redis/Valkey master) holds at most this much data: the usual advice is to
# keep a shard's dataset small enough to fork, copy and restart quickly.
SHARD_GIB = 25
# The time an archive's backlog is to be ingested in, for "workers needed".
BACKLOG_HOURS = 24
NEEDED = ("bytes_per_event", "append_rate", "events_per_article", "worker_article_rate",
          "worker_rate")  # fmt: skip


def table(facts: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """The section's rows, or None when a stage it needs did not run."""
    if any(k not in facts for k in NEEDED):
        return None
    b, append = facts["bytes_per_event"], facts["append_rate"]
    per_article = facts["events_per_article"]
    extract, project = facts["worker_article_rate"], facts["worker_rate"]
    rows = []
    for n in SIZES:
        gib = n * b / 2**30
        shards = max(1, math.ceil(gib / SHARD_GIB))
        articles = n / per_article
        workers = max(1, math.ceil(articles / extract / (BACKLOG_HOURS * 3600)))
        rows.append([
            f"{n:,}",
            f"{gib:,.0f} GiB",
            f"{shards:,}",
            f"{articles:,.0f}",
            f"{workers:,}",
            _duration(n / append),
            _duration(n / project),
        ])
    return (
        ["events", "memory", f"shards of {SHARD_GIB} GiB (and timelines, one a shard)",
         "articles", f"extraction workers for a {BACKLOG_HOURS} h backlog",
         "appends on one shard", "projection or rebuild of one timeline, one worker"],
        rows,
    )  # fmt: skip


def _duration(seconds: float) -> str:
    return f"{seconds / 60:,.0f} min" if seconds < 3600 else f"{seconds / 3600:,.1f} h"


def summary(facts: dict[str, Any]) -> str:
    """What saturates first, in a sentence, from the same figures."""
    b = facts["bytes_per_event"]
    per_shard = SHARD_GIB * 2**30 / b
    return (
        f"Measured in this run: {b:.0f} B per event, appends at {facts['append_rate']:,.0f} "
        f"events/s on one server, {facts['events_per_article']:.1f} events per article, "
        f"extraction at {facts['worker_article_rate']:,.0f} articles/s per worker, projection "
        f"at {facts['worker_rate']:,.0f} events/s per worker. All keys of a timeline share "
        f"one hash tag, so one timeline lives on one shard: a {SHARD_GIB} GiB shard holds "
        f"about {per_shard / 1e6:,.0f}M events, and memory of that one shard saturates first "
        f"(a 1B-event archive must be split into timelines, by source or year, each on its "
        f"shard). Extraction is the next limit (the workers column: it scales by adding "
        f"workers against the same servers), then a single timeline's projection, which one "
        f"worker does in order; appends to one shard are not the bottleneck."
    )
