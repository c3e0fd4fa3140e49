"""Ingest on workers (`Timeline.writer.ingest(..., workers=True)`, what `timeline ingest
--workers` runs): articles/s with 1 and 2 real worker processes (`timeline worker`,
started and registered before the clock starts), against an ingest in this process of
the same documents (the ceiling: one process, no queue)."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import time

from bench import data
from bench.common import Figure, bench_env, log
from bench.context import Ctx
from bench.rq_run import TIMELINE
from timeline import ArticleInput

QUEUE = "bench-dist"


def _inputs() -> tuple[list[ArticleInput], dt.date]:
    docs = data.documents()
    inputs = [ArticleInput(d.name, text=d.text, published=d.published, source_name="TempEval-3")
              for d in docs]  # fmt: skip
    return inputs, docs[0].published


def _drop(ctx: Ctx, pattern: str) -> None:
    r = ctx.server.client()
    for k in r.scan_iter(match=pattern):
        r.delete(k)


def run(ctx: Ctx) -> None:
    inputs, today = _inputs()
    settings = ctx.settings(queue_name=QUEUE)
    from timeline import Timeline

    def timeline(name: str) -> Timeline:
        return Timeline.connect(name=name, settings=settings, announce=False)

    t0 = time.perf_counter()
    local = timeline("dist-local").writer.ingest(inputs, today=today)
    local_rate = len(inputs) / (time.perf_counter() - t0)
    assert all(r.status == "added" for r in local)
    rates: dict[int, float] = {}
    for workers in (1, 2) if ctx.quick else (1, 2, 4):
        log(f"distributed: {workers} worker(s)")
        env = bench_env(TIMELINE_REDIS_URL=ctx.server.url, TIMELINE_QUEUE_NAME=QUEUE)
        procs = [subprocess.Popen([TIMELINE, "worker", "--name", f"bd-{workers}-{i}"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for i in range(workers)]  # fmt: skip
        try:
            tl = timeline(f"dist-{workers}")
            while tl.backend.jobs.live_workers() < workers:
                time.sleep(0.05)
            t0 = time.perf_counter()
            results = tl.writer.ingest(inputs, today=today, workers=True)
            rates[workers] = len(inputs) / (time.perf_counter() - t0)
            assert [r.status for r in results] == ["added"] * len(inputs)
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:  # a job still running: the figure is taken
                    p.kill()
                    p.wait()
    _drop(ctx, "{timeline:dist-*")
    ctx.facts["worker_article_rate"] = rates[1]
    for workers, rate in rates.items():
        ctx.add(Figure(
            "distributed", f"ingest --workers, {workers} worker(s), {len(inputs)} articles",
            rate, "articles/s", ceiling=rates[1] * workers if workers > 1 else local_rate,
            ceiling_name=(f"{workers}x one worker" if workers > 1
                          else "ingest in one process, no queue"),
            goal_text=">= 1.8x one worker" if workers == 2 else "-",
            goal=(lambda v, c: v >= 0.9 * c) if workers == 2 else None,
            note=f"in-process ingest {local_rate:.0f} articles/s; "
                 f"{2 if workers == 1 else workers} cores shared with the server",
        ))  # fmt: skip
    ctx.tables["Ingest on workers (timeline ingest --workers)"] = (
        ["workers", "articles/s", "speed-up vs 1"],
        [[str(w), f"{r:.0f}", f"{r / rates[1]:.2f}"] for w, r in rates.items()],
    )
