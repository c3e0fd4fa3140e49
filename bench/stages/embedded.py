"""Figure 6: what the embedded server adds to a command.

`timeline status` wall time, as a subprocess: cold (no server: a fresh
TIMELINE_DATA_DIR, so the command starts the server), warm (it is running), and
against this run's plain server over TCP (the ceiling: no embedded server at all).
The embedded servers started here are stopped with `timeline server stop`.
"""

from __future__ import annotations

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


def run(ctx: Ctx) -> None:
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
