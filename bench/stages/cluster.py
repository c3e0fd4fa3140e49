"""Figure 8: projection on a real 3-master Redis Cluster, 1, 2 and 4 workers over
4 timelines (store on the cluster, queue on this run's plain server)."""

from __future__ import annotations

import os

from bench import data
from bench.common import Figure, fmt, log
from bench.context import Ctx, reset_projection
from bench.rq_run import run_workers
from bench.servers import cluster_module
from timeline import Timeline

TIMELINES = [f"cl-{i}" for i in range(4)]
WORKERS = (1, 2, 4)


def run(ctx: Ctx) -> None:
    cluster = cluster_module().LocalCluster(ctx.server.binary).start()
    try:
        _run(ctx, cluster.url)
    finally:
        cluster.stop()


def _run(ctx: Ctx, url: str) -> None:
    settings = ctx.settings(redis_url=url, redis_cluster=True, queue_url=ctx.server.url)
    total = records = 0
    for i, name in enumerate(TIMELINES):
        tl = Timeline.connect(name=name, settings=settings, announce=False)
        log(f"cluster: loading {name}, {ctx.sizes.cluster:,} events")
        for art in data.articles(ctx.sizes.cluster, seed=20 + i):
            tl.backend.store.append_article(art.id, art.records)
            total += art.events
            records += len(art.records)
    store = Timeline.connect(name=TIMELINES[0], settings=settings, announce=False)
    r = store.backend.connections.store
    env = {"TIMELINE_REDIS_URL": url, "TIMELINE_REDIS_CLUSTER": "true",
           "TIMELINE_QUEUE_URL": ctx.server.url}  # fmt: skip
    rates: dict[int, float] = {}
    rows = []
    for k in WORKERS:
        for name in TIMELINES:
            reset_projection(r, name)
        log(f"cluster: {k} worker(s)")
        wr = run_workers(ctx.server.client(decode=False), TIMELINES, k, env,
                         queue_name=f"bench-cl-{os.getpid()}")  # fmt: skip
        applied = sum(wr.results)
        if applied != records:  # every round must project every record again, from 0-0
            raise RuntimeError(
                f"cluster: {k} worker(s) applied {applied:,} of {records:,} records"
            )
        rates[k] = total / wr.span
        rows.append([str(k), fmt(rates[k]), f"{rates[k] / rates[1]:.2f}",
                     f"{wr.span:.1f}", f"{wr.wall:.1f}"])  # fmt: skip
    cores = os.cpu_count() or 1
    ctx.tables["Cluster projection scaling (3 masters, 4 timelines)"] = (
        ["workers", "events/s", "speed-up vs 1", "jobs span s", "wall incl. start-up s"], rows,
    )  # fmt: skip
    for k in WORKERS:
        ctx.add(Figure(
            "cluster", f"{k} worker(s), 4 timelines, {total:,} events", rates[k], "events/s",
            ceiling=min(k, cores) * rates[1],
            ceiling_name=f"{min(k, cores)}x one worker (linear to {cores} cores)",
            note=f"single-server 1 worker: {fmt(ctx.facts['worker_rate'])} events/s"
            if "worker_rate" in ctx.facts else "",
        ))  # fmt: skip
