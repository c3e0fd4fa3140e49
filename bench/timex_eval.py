"""Score timeline.temporal.tag on TempEval-3 and MEANTIME (task A: TIMEX3 extents, types, values).

Usage:
    python bench/timex_eval.py                  # every set, the dev sets' confusion summary
    python bench/timex_eval.py --set timebank --error-set timebank --errors 40

Sets: `platinum` is the TempEval-3 test set: its score is reported, its errors are
never printed (rules are written on the dev sets only). `timebank` and `aquaint`
(TempEval-3 training data) and `meantime` (English MEANTIME, Wikinews, converted by
bench/convert_meantime.py into ../data-extra/meantime, or $TIMELINE_MEANTIME) are the
dev sets; a set whose data is absent is skipped with a message.

The metric is TE3 task A: gold and system expressions are paired one to one,
identical extents first, then largest overlap. Strict span P/R/F1 counts the
identical pairs, relaxed span P/R/F1 all pairs; value (type) F1 = relaxed F1 x
share of relaxed pairs whose value (type) is identical. Only TIMEX3 inside
<TEXT> count. Throughput is tag() over the sentences of the sets scored, best
of several repetitions, one process, CPU time.

The data lives beside the project (../shared/data/tempeval3 and ../data-extra from
the project root); it is read in place, never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import timeml  # noqa: E402
from timeline.temporal import Timex, tag  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "tempeval3"
MEANTIME = Path(os.environ.get("TIMELINE_MEANTIME", ROOT.parent / "data-extra" / "meantime"))
TE3_SETS = ("platinum", "timebank", "aquaint")
TEST_SETS = ("platinum",)
DEV_SETS = ("timebank", "aquaint", "meantime")
SETS = ("platinum", "timebank", "aquaint", "meantime")
FOLDERS: dict[str, Path] = {**{s: DATA / s for s in TE3_SETS}, "meantime": MEANTIME}
# Published figures of HeidelTime (TempEval-3 overview, UzZaman et al. 2013, task A,
# HeidelTime-t on platinum), printed beside ours: strict F1, relaxed F1, value F1.
HEIDELTIME: dict[str, tuple[float, float, float]] = {"platinum": (0.8134, 0.9030, 0.7761)}
CAVEATS: dict[str, str] = {
    "meantime": "MEANTIME: the annotated first six sentences only, text rebuilt from tokens,"
    " dateline scored, NewsReader guidelines (bench/convert_meantime.py)",
}

SENT_RE = re.compile(r"(?<=[.!?])[\"'\u201d]?\s+(?=[\"\u201c]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class Doc:
    name: str
    dct: dt.date
    text: str
    gold: list[Gold]


@dataclass(slots=True)
class Score:
    n_gold: int = 0
    n_sys: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    wrong_value: Counter[str] = field(default_factory=Counter)
    wrong_extent: Counter[str] = field(default_factory=Counter)
    # Error counts by kind: the gold TIMEX type for a miss, the tagger's rule otherwise.
    kinds: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, error: str, kind: str) -> None:
        self.kinds.setdefault(kind, Counter())[error] += 1

    def merge(self, other: Score) -> None:
        for name in ("n_gold", "n_sys", "strict", "relaxed", "value_ok", "type_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("missed", "spurious", "wrong_value", "wrong_extent"):
            getattr(self, name).update(getattr(other, name))
        for kind, counts in other.kinds.items():
            self.kinds.setdefault(kind, Counter()).update(counts)


def parse(path: Path) -> Doc:
    """Raw text of <TEXT> with the gold TIMEX3 offsets, and the DCT (bench.timeml)."""
    doc = timeml.read(path)
    gold = [
        Gold(t.start, t.end, t.text, t.attrs.get("type", ""), t.attrs.get("value", ""))
        for t in doc.timexes
    ]
    return Doc(doc.name, doc.dct, doc.text, gold)


def pair(gold: list[Gold], ours: list[Timex]) -> list[tuple[Gold, Timex]]:
    """One-to-one pairs: identical extents first, then largest overlap."""
    pairs: list[tuple[Gold, Timex]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    by_span = {(s.start, s.end): j for j, s in enumerate(ours)}
    for i, g in enumerate(gold):
        j = by_span.get((g.start, g.end))
        if j is not None and j not in used_s:
            pairs.append((g, ours[j]))
            used_g.add(i)
            used_s.add(j)
    overlaps = sorted(
        (
            (-(min(g.end, s.end) - max(g.start, s.start)), i, j)
            for i, g in enumerate(gold)
            if i not in used_g
            for j, s in enumerate(ours)
            if j not in used_s and min(g.end, s.end) > max(g.start, s.start)
        ),
    )
    for _, i, j in overlaps:
        if i in used_g or j in used_s:
            continue
        pairs.append((gold[i], ours[j]))
        used_g.add(i)
        used_s.add(j)
    return pairs


def score_docs(docs: list[Doc]) -> Score:
    sc = Score()
    for doc in docs:
        ours = tag(doc.text, doc.dct)
        sc.n_gold += len(doc.gold)
        sc.n_sys += len(ours)
        pairs = pair(doc.gold, ours)
        paired_g = {(g.start, g.end) for g, _ in pairs}
        paired_s = {(s.start, s.end) for _, s in pairs}
        for g, s in pairs:
            sc.relaxed += 1
            if (g.start, g.end) == (s.start, s.end):
                sc.strict += 1
            else:
                sc.wrong_extent[f"{g.text!r} -> {s.text!r}"] += 1
                sc.count("extent", s.rule)
            if g.value == s.value:
                sc.value_ok += 1
            else:
                sc.wrong_value[f"{g.text!r} gold {g.value} ours {s.value}"] += 1
                sc.count("wrong value", s.rule)
            sc.type_ok += g.type == s.type
        for g in doc.gold:
            if (g.start, g.end) not in paired_g:
                sc.missed[f"{g.text.lower()!r} ({g.type} {g.value})"] += 1
                sc.count("missed", g.type)
        for s in ours:
            if (s.start, s.end) not in paired_s:
                sc.spurious[f"{s.text.lower()!r} ({s.type} {s.value})"] += 1
                sc.count("spurious", s.rule)
    return sc


def prf(hits: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = hits / n_sys if n_sys else 0.0
    r = hits / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, sc: Score) -> str:
    sp, sr, sf = prf(sc.strict, sc.n_sys, sc.n_gold)
    rp, rr, rf = prf(sc.relaxed, sc.n_sys, sc.n_gold)
    value_f = rf * (sc.value_ok / sc.relaxed) if sc.relaxed else 0.0
    type_f = rf * (sc.type_ok / sc.relaxed) if sc.relaxed else 0.0
    line = (
        f"{name:<9} gold {sc.n_gold:>5} sys {sc.n_sys:>5} | "
        f"strict P {sp:.4f} R {sr:.4f} F1 {sf:.4f} | "
        f"relaxed P {rp:.4f} R {rr:.4f} F1 {rf:.4f} | value F1 {value_f:.4f} | type F1 {type_f:.4f}"
    )
    if name in HEIDELTIME:
        h_strict, h_relaxed, h_value = HEIDELTIME[name]
        line += (
            f"\n{'':<9} HeidelTime (published, TE3): strict F1 {h_strict:.4f}"
            f" | relaxed F1 {h_relaxed:.4f} | value F1 {h_value:.4f}"
        )
    return line


ERROR_KINDS = ("missed", "spurious", "wrong value", "extent")


def print_summary(title: str, sc: Score) -> None:
    """Error counts by kind: gold TIMEX type for misses, the tagger's rule for the rest."""
    print(f"\n{title}: errors by kind (missed: gold type; others: the rule that tagged it)")
    print(f"  {'kind':<14}" + "".join(f"{k:>12}" for k in ERROR_KINDS) + f"{'total':>8}")
    rows = sorted(sc.kinds.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for kind, counts in rows:
        cells = "".join(f"{counts[k]:>12}" for k in ERROR_KINDS)
        print(f"  {kind or '?':<14}{cells}{sum(counts.values()):>8}")


def print_errors(name: str, sc: Score, n: int) -> None:
    for title, counter in (
        ("missed (gold not found)", sc.missed),
        ("spurious (not in gold)", sc.spurious),
        ("wrong value", sc.wrong_value),
        ("extent differs (relaxed but not strict)", sc.wrong_extent),
    ):
        total = sum(counter.values())
        print(f"\n[{name}] {title}: {total}")
        for key, count in counter.most_common(n):
            print(f"  {count:>3}  {key}")


def throughput(docs: list[Doc], repeats: int = 5) -> tuple[int, float]:
    """Sentences per CPU-second through tag(), best of `repeats`.

    CPU time of this process, not wall time: per-core throughput, and stable
    when other processes share the machine."""
    sentences = [
        (s, doc.dct) for doc in docs for s in SENT_RE.split(doc.text) if s and not s.isspace()
    ]
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        for s, d in sentences:
            tag(s, d)
        best = min(best, time.process_time() - t0)
    return len(sentences), len(sentences) / best


def load(name: str) -> list[Doc]:
    folder = FOLDERS.get(name, DATA / name)
    files = sorted(folder.glob("*.tml"))
    if not files:
        sys.exit(f"no .tml files in {folder}: the TempEval-3 data is expected at {DATA}")
    return [parse(p) for p in files]


def available(name: str) -> bool:
    return any(FOLDERS[name].glob("*.tml"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--set", choices=SETS, action="append", help="repeatable; default: all")
    ap.add_argument("--errors", type=int, default=15, help="error groups to show per kind")
    ap.add_argument(
        "--error-set", choices=DEV_SETS, default="timebank",
        help="whose errors to show (dev sets only: platinum is a test set)",
    )  # fmt: skip
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"TempEval-3 data not found at {DATA} (expected ../shared/data/tempeval3)")
    names: list[str] = []
    for name in args.set or list(SETS):
        if available(name):
            names.append(name)
        elif name == "meantime":
            print(
                f"meantime: skipped, no .tml in {MEANTIME} (convert it with"
                " bench/convert_meantime.py, or set TIMELINE_MEANTIME)"
            )
        else:
            sys.exit(f"no .tml files in {FOLDERS[name]}: the TempEval-3 data is expected at {DATA}")
    loaded = {name: load(name) for name in names}
    scores = {name: score_docs(docs) for name, docs in loaded.items()}
    for name in names:
        print(report(name, scores[name]))
        if name in CAVEATS:
            print(f"{'':<9} caveats: {CAVEATS[name]}")
    # Throughput on the TempEval-3 sentences, the mix the bench's figure has always used.
    te3_docs = [d for name, docs in loaded.items() if name in TE3_SETS for d in docs]
    if te3_docs:
        n, rate = throughput(te3_docs)
        print(f"throughput: {rate:,.0f} sentences/s per core ({n} TempEval-3 sentences,"
              " CPU time, best of 5)")  # fmt: skip
    dev = [name for name in names if name in DEV_SETS]
    if dev:
        total = Score()
        for name in dev:
            total.merge(scores[name])
        print_summary("dev sets (" + " + ".join(dev) + ")", total)
    if args.errors > 0 and args.error_set in scores:
        print_errors(args.error_set, scores[args.error_set], args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
