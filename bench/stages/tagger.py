"""Figure 1: temporal tagger sentences per CPU-second, reusing bench/timex_eval.py."""

from __future__ import annotations

import datetime as dt
import time

from bench import data
from bench.common import Figure
from bench.context import Ctx
from bench.timex_eval import SENT_RE, load, throughput


def run(ctx: Ctx) -> None:
    data.check_data()
    docs = [d for s in data.SETS for d in load(s)]
    repeats = 3 if ctx.quick else 5
    n, rate = throughput(docs, repeats=repeats)
    # Ceiling: the same sentences through the tagger's cheapest possible pass, one
    # regex scan for a digit or capital (what any tagger must at least read).
    sentences = [s for d in docs for s in SENT_RE.split(d.text) if s and not s.isspace()]
    import re

    scan = re.compile(r"\d|[A-Z][a-z]+day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        for s in sentences:
            scan.findall(s)
        best = min(best, time.process_time() - t0)
    ctx.add(Figure(
        "tagger", "temporal tagger, TempEval-3 sentences", rate, "sentences/CPU-s",
        ceiling=len(sentences) / best, ceiling_name="one-regex scan of the same sentences",
        goal_text=">= 10,000/s per core", goal=lambda v, c: v >= 10000,
        note=f"{n} sentences, {len(docs)} documents, best of {repeats}, CPU time",
    ))  # fmt: skip
    ctx.facts["tagger_date"] = dt.date.today().isoformat()
