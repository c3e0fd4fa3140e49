"""Shared pieces of the benchmark: figures, timing helpers, paths.

A figure is always printed with its ceiling (measured in the same run, on the
same server) and the ratio, so that a slow machine does not read as a regression.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"  # gitignored: caches, server dirs, raw results
SHARED = ROOT.parent / "shared"
PYTHON = sys.executable


@dataclass
class Figure:
    """One measured figure against its ceiling.

    `higher_is_better` decides how the ratio reads: for a rate, value/ceiling
    (1.0 = as fast as the ceiling); for a time, ceiling/value likewise. `goal`
    is a predicate over (value, ceiling) with a human-readable text.
    """

    stage: str
    name: str
    value: float
    unit: str
    ceiling: float | None = None
    ceiling_name: str = ""
    higher_is_better: bool = True
    goal_text: str = ""
    goal: Callable[[float, float | None], bool] | None = None
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.ceiling is None or self.ceiling == 0 or self.value == 0:
            return None
        if self.higher_is_better:
            return self.value / self.ceiling
        return self.ceiling / self.value

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        return bool(self.goal(self.value, self.ceiling))

    def cells(self) -> list[str]:
        ratio = self.ratio
        met = self.met
        return [
            self.stage,
            self.name,
            f"{fmt(self.value)} {self.unit}",
            f"{fmt(self.ceiling)} {self.unit} ({self.ceiling_name})"
            if self.ceiling is not None
            else "-",
            f"{ratio:.2f}" if ratio is not None else "-",
            self.goal_text or "-",
            {True: "met", False: "MISSED", None: "-"}[met],
            self.note,
        ]

    def line(self) -> str:
        c = self.cells()
        ceiling = f" | ceiling {c[3]} | ratio {c[4]}" if self.ceiling is not None else ""
        goal = f" | goal {c[5]}: {c[6]}" if self.goal is not None else ""
        note = f" | {self.note}" if self.note else ""
        return f"[{c[0]}] {c[1]}: {c[2]}{ceiling}{goal}{note}"


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def median_time(fn: Callable[[], object], n: int, *, warmup: int = 1) -> float:
    """Median wall seconds of `n` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def log(msg: str) -> None:
    """Progress on stderr, so that stdout holds only the figures."""
    print(f"  .. {msg}", file=sys.stderr, flush=True)


def bench_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: ours minus every TIMELINE_* setting, plus `extra`.

    Settings another engineer exported must not leak into a measured command; nor
    PYTHONDONTWRITEBYTECODE, which makes every run compile the project's modules anew
    (an installed program has its bytecode: the first, unmeasured run writes it)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TIMELINE_") and k != "PYTHONDONTWRITEBYTECODE"}  # fmt: skip
    env.update(extra)
    return env
