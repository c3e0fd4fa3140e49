"""Figure 6: what the embedded server adds to a command.

`timeline status` wall time, as a subprocess: cold (no server: a fresh
TIMELINE_DATA_DIR, so the command starts the server), warm (it is running), and
against this run's plain server over TCP (the ceiling: no embedded server at all).
The embedded servers started here are stopped with `timeline server stop`.

And what its append-only file costs an ingest (group commit, issue 11): `timeline
ingest DIR` of 5,000 small articles (1,000 with --quick) on the embedded default
(AOF on, every group of articles waits for its fsync) against the same ingest on
this run's server with persistence off (the ceiling), interleaved, best of each.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import Figure, bench_env, log, median_time
from bench.context import Ctx
from bench.rq_run import TIMELINE


def _status(env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([TIMELINE, "status", "--timeline", "emb"], env=env, capture_output=True)
    wall = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(f"timeline status failed: {done.stderr.decode()[-500:]}")
    return wall


_WHEN = ["on Monday", "last week", "on Aug. 15", "in 2019", "yesterday", "on March 3, 2020"]
_WHAT = ["the council voted to close the bridge", "officials announced new tariffs",
         "the company reported its earnings", "rebels took the northern valley"]  # fmt: skip


def _articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        rng = random.Random(i)
        text = f"Report number {i}\n\n{rng.choice(_WHEN).capitalize()}, {rng.choice(_WHAT)}.\n"
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


def _ingest(env: dict[str, str], folder: Path, timeline: str) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(
        [TIMELINE, "ingest", str(folder), "--published", "2021-08-22", "--timeline", timeline],
        env=env, capture_output=True,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(f"timeline ingest failed: {done.stderr.decode()[-500:]}")
    return wall


def _ingest_figure(ctx: Ctx) -> None:
    count = 1_000 if ctx.quick else 5_000
    rounds = 2
    work = Path(tempfile.mkdtemp(prefix="tlbg-", dir="/tmp"))
    try:
        _articles(work / "articles", count)
        aof, plain = [], []
        for i in range(rounds):  # interleaved: the machine's load moves both alike
            log(f"embedded: ingest of {count:,} articles, AOF on, round {i + 1}")
            data_dir = work / f"data{i}"
            data_dir.mkdir(mode=0o700)
            env = bench_env(TIMELINE_DATA_DIR=str(data_dir))
            try:
                subprocess.run([TIMELINE, "status"], env=env, capture_output=True, check=True)
                aof.append(_ingest(env, work / "articles", "gc"))
            finally:
                subprocess.run([TIMELINE, "server", "stop"], env=env, capture_output=True)
            log(f"embedded: ingest of {count:,} articles, persistence off, round {i + 1}")
            name = f"gc{i}"
            plain.append(_ingest(bench_env(TIMELINE_REDIS_URL=ctx.server.url), work / "articles",
                                 name))  # fmt: skip
            tl = ctx.timeline(name)
            r = tl.backend.connections.store
            keys = list(r.scan_iter(match=f"{{timeline:{name}}}*"))
            r.delete(*keys, f"timeline:pending:{name}")
            r.srem("timeline:names", name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best_aof, best_plain = min(aof), min(plain)
    ctx.add(Figure(
        "embedded", f"ingest of {count:,} small articles, embedded server (AOF on)",
        count / best_aof, "articles/s",
        ceiling=count / best_plain, ceiling_name="same ingest, persistence off",
        goal_text=">= 0.8x", goal=lambda v, c: c is not None and v >= 0.8 * c,
        note=f"{best_aof:.1f} s vs {best_plain:.1f} s (CLI wall, best of {rounds}, interleaved; "
        f"all {'/'.join(f'{t:.1f}' for t in aof)} vs {'/'.join(f'{t:.1f}' for t in plain)} s)",
    ))  # fmt: skip


def run(ctx: Ctx) -> None:
    _ingest_figure(ctx)
    n = ctx.sizes.repeats
    n_cold = 3 if ctx.quick else 5
    cold = []
    log(f"embedded: {n_cold} cold starts")
    for _ in range(n_cold):
        data_dir = Path(tempfile.mkdtemp(prefix="tlbe-", dir="/tmp"))
        env = bench_env(TIMELINE_DATA_DIR=str(data_dir))
        try:
            cold.append(_status(env))
        finally:
            subprocess.run([TIMELINE, "server", "stop"], env=env, capture_output=True)
            shutil.rmtree(data_dir, ignore_errors=True)
    data_dir = Path(tempfile.mkdtemp(prefix="tlbe-", dir="/tmp"))
    env = bench_env(TIMELINE_DATA_DIR=str(data_dir))
    try:
        _status(env)  # starts it
        warm = median_time(lambda: _status(env), n)
    finally:
        subprocess.run([TIMELINE, "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    tcp = median_time(lambda: _status(bench_env(TIMELINE_REDIS_URL=ctx.server.tcp_url)), n)
    cold_med = statistics.median(cold)
    ctx.add(Figure(
        "embedded", "timeline status, embedded server warm", warm * 1000, "ms",
        ceiling=tcp * 1000, ceiling_name="plain server over TCP", higher_is_better=False,
        goal_text="adds < 150 ms", goal=lambda v, c: c is not None and v - c < 150,
        note=f"adds {1000 * (warm - tcp):+.0f} ms; median of {n}",
    ))  # fmt: skip
    ctx.add(Figure(
        "embedded", "timeline status, embedded server cold", cold_med * 1000, "ms",
        ceiling=tcp * 1000, ceiling_name="plain server over TCP", higher_is_better=False,
        note=f"adds {1000 * (cold_med - tcp):+.0f} ms (server start); median of {n_cold}",
    ))  # fmt: skip
