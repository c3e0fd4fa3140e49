"""Run the benchmarks: one line per figure on stdout, then a summary line.

    python -m bench               # full sizes (1M events); writes BENCHMARKS.md
    python -m bench --quick       # reduced sizes, under 3 minutes
    python -m bench --only projection --only query
    python bench/run.py --quick --write

Every figure is printed with its ceiling, measured in the same run on the same
(private) server, and the ratio. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # `python bench/run.py`: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import capacity, data
from bench.common import ROOT, Figure
from bench.context import FULL, QUICK, Ctx
from bench.servers import BenchServer

# In run order; a stage loads the timelines it needs, so any one runs alone.
STAGES = ("tagger", "append", "distributed", "projection", "memory", "rebuild", "query",
          "embedded", "cluster")  # fmt: skip
NEEDS_DATA = frozenset(STAGES) - {"embedded"}
BENCHMARKS = ROOT / "BENCHMARKS.md"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(server: BenchServer) -> dict[str, str]:
    return {
        "CPU": cpu_model(),
        "cores": str(os.cpu_count()),
        "Python": platform.python_version(),
        "server": f"{server.version()} ({server.binary}), private, persistence off, unix socket",
        "OS": platform.platform(),
        # A shared machine's load moves every figure; the ceilings, measured beside them,
        # less so.
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def write_markdown(ctx: Ctx, info: dict[str, str], command: str, seconds: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run.py` from its last run; do not edit by hand.",
        "Every figure has its ceiling, measured in the same run on the same server, and",
        "the ratio (1.00 = as good as the ceiling; for times and bytes, ceiling/value).",
        "",
        f"- command: `{command}`",
        f"- date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, run time {seconds / 60:.1f} min",
    ]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "| stage | figure | value | ceiling | ratio | goal | status | note |",
              "| --- | --- | ---: | ---: | ---: | --- | --- | --- |"]  # fmt: skip
    for f in ctx.figures:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in f.cells()) + " |")
    for title, (header, rows) in ctx.tables.items():
        lines += ["", f"## {title}", "", "| " + " | ".join(header) + " |",
                  "|" + " --- |" * len(header)]  # fmt: skip
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    if (rows := capacity.table(ctx.facts)) is not None:
        header, body = rows
        lines += ["", "## Capacity on paper", "", (capacity.__doc__ or "").strip(), "",
                  "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]  # fmt: skip
        lines += ["| " + " | ".join(r) + " |" for r in body]
        lines += ["", capacity.summary(ctx.facts)]
    lines += ["", "## Workload", "", (data.__doc__ or "").strip(), ""]
    BENCHMARKS.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="reduced sizes (under 3 minutes)")
    ap.add_argument("--only", action="append", choices=STAGES, metavar="STAGE",
                    help=f"run only this stage (repeatable): {', '.join(STAGES)}")  # fmt: skip
    ap.add_argument("--write", action=argparse.BooleanOptionalAction, default=None,
                    help="write BENCHMARKS.md (default: on for a full run)")  # fmt: skip
    args = ap.parse_args(argv)
    stages = [s for s in STAGES if not args.only or s in args.only]
    write = args.write if args.write is not None else not args.quick and not args.only
    try:
        data.check_data()
    except data.MissingData as exc:
        skipped = [s for s in stages if s in NEEDS_DATA]
        print(f"skipped {', '.join(skipped)}: {exc}", flush=True)
        stages = [s for s in stages if s not in NEEDS_DATA]
    command = "python -m bench" + "".join(f" {a}" for a in (argv or sys.argv[1:]))
    server = BenchServer().start()
    ctx = Ctx(quick=args.quick, sizes=QUICK if args.quick else FULL, server=server)
    failed: list[str] = []
    t0 = time.perf_counter()
    try:
        info = machine(server)
        print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
        for stage in stages:
            try:
                importlib.import_module(f"bench.stages.{stage}").run(ctx)
            except Exception as exc:  # a broken stage must not hide the others' figures
                failed.append(stage)
                print(f"[{stage}] FAILED: {type(exc).__name__}: {exc}", flush=True)
                traceback.print_exc(file=sys.stderr)
    finally:
        server.stop()
    seconds = time.perf_counter() - t0
    if write:
        write_markdown(ctx, info, command, seconds)
    print(summary(ctx.figures, failed, seconds, write), flush=True)
    return 1 if failed else 0


def summary(figures: list[Figure], failed: list[str], seconds: float, wrote: bool) -> str:
    goals = [f for f in figures if f.met is not None]
    missed = [f"{f.stage}: {f.name}" for f in goals if not f.met]
    text = (f"summary: {len(figures)} figures, {len(goals) - len(missed)}/{len(goals)} goals met"
            f" in {seconds:.0f} s")  # fmt: skip
    if missed:
        text += "; missed: " + "; ".join(missed)
    if failed:
        text += "; FAILED stages: " + ", ".join(failed)
    if wrote:
        text += f"; wrote {BENCHMARKS.name}"
    return text


if __name__ == "__main__":
    raise SystemExit(main())
