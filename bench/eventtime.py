"""Score event dating: does each event of an article land on the day it happened?

Usage:
    python bench/eventtime.py                    # timebank + aquaint (dev), platinum (test)
    python bench/eventtime.py --errors 30        # and the dev sets' errors, by category
    python bench/eventtime.py --eventtime PATH   # also the TimeBank-EventTime corpus (test)

Gold, from the TimeML annotation in ../shared/data/tempeval3: every <EVENT> linked by
a <TLINK> to a DATE/TIME <TIMEX3> (or to the creation time) gets
- a gold **day** when a link says the event lies within a time of one day
  (IS_INCLUDED, DURING, SIMULTANEOUS, IDENTITY);
- else a gold **window** from the links' bounds: BEFORE a time ends the window at its
  start, AFTER starts it after its end, inclusion in a longer time bounds both sides.
Links that contradict each other drop the event.

An event is scored by the project event whose text span holds its word (the innermost
when spans nest; the reported part of an entry when the word is in it): a gold day is
right when the project's time is exactly that day; a gold window when the project's
interval (its bounds, open sides included) lies inside the window.

Baselines, scored the same way: "publication" dates every event on the publication
day; "nearest" takes the time expression of the event's sentence nearest to its word
(the project's tagger), else the publication day.

The TimeBank-EventTime corpus (Reimers, Dehghani and Gurevych, ACL 2016: every event of
36 TimeBank articles annotated with its day or the window it lies in) is a test set
like platinum: pass the path of its `event-times_normalized.tab` (from the public
repository racerandom/Eventime, file data/event-times_normalized.tab) with --eventtime.
Its errors are never printed. The data is read in place, never copied into the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.timeml import TimeMLDoc, read  # noqa: E402
from timeline.extract import extract  # noqa: E402
from timeline.models import Certainty, Event  # noqa: E402
from timeline.temporal import tag  # noqa: E402
from timeline.temporal.value import TimexValue  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "tempeval3"
DEV_SETS = ("timebank", "aquaint")
TEST_SETS = ("platinum",)
# English MEANTIME (Wikinews; bench/convert_meantime.py writes its events and TLINKs): a
# third dev set, read from outside the project when it is there.
MEANTIME = Path(os.environ.get("TIMELINE_MEANTIME", ROOT.parent / "data-extra" / "meantime"))
DEFAULT_EVENTTIME = ROOT.parent / "data-extra" / "eventtime" / "event-times_normalized.tab"
DAY = dt.timedelta(days=1)
GOALS = {"day": 0.92, "other_day": 0.65, "window": 0.70}

INVERSE = {
    "BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE",
    "INCLUDES": "IS_INCLUDED", "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY",
    "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY", "ENDED_BY": "ENDS", "DURING": "DURING_INV",
    "DURING_INV": "DURING", "SIMULTANEOUS": "SIMULTANEOUS", "IDENTITY": "IDENTITY",
}  # fmt: skip
WITHIN = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS", "IDENTITY"})


# ------------------------------------------------------------------ gold


@dataclass(slots=True)
class Gold:
    """One event word and when it happened: a day, or a window [lo, hi) (None: open)."""

    doc: str
    eid: str
    start: int
    end: int
    word: str
    cls: str
    day: dt.date | None = None
    lo: dt.date | None = None
    hi: dt.date | None = None

    @property
    def kind(self) -> str:
        return "day" if self.day is not None else "window"


@dataclass(slots=True)
class Article:
    name: str
    dct: dt.date
    text: str  # the body the project reads (gold offsets point into it)
    gold: list[Gold]


def tlink_gold(doc: TimeMLDoc) -> list[Gold]:
    """The gold day or window of every event a TLINK ties to a placeable time."""
    # Each time's interval; a vague reference is open on its far side: PAST_REF
    # ("recently") is some time before the creation day, FUTURE_REF after it.
    Bounds = tuple[dt.date | None, dt.date | None]
    times: dict[str, Bounds] = {doc.dct_tid: (doc.dct, doc.dct + DAY)}
    for t in doc.timexes:
        if t.attrs.get("type") not in ("DATE", "TIME"):
            continue
        value = t.attrs.get("value", "")
        if value == "PAST_REF":
            times[t.attrs["tid"]] = (None, doc.dct)
        elif value == "FUTURE_REF":
            times[t.attrs["tid"]] = (doc.dct + DAY, None)
        elif (span := TimexValue.parse(value).interval(doc.dct)) is not None:
            times[t.attrs["tid"]] = (span.start, span.end)
    event_of = {i: a.get("eventID", "") for i, a in doc.instances.items()}
    constraints: dict[str, list[tuple[str, Bounds]]] = {}
    for link in doc.tlinks:
        rel = link.get("relType", "")
        if "eventInstanceID" in link and "relatedToTime" in link:
            ei, tid = link["eventInstanceID"], link["relatedToTime"]
        elif "timeID" in link and "relatedToEventInstance" in link:
            ei, tid, rel = link["relatedToEventInstance"], link["timeID"], INVERSE.get(rel, "")
        else:
            continue
        if tid in times and ei in event_of:
            constraints.setdefault(event_of[ei], []).append((rel, times[tid]))
    out = []
    for ev in doc.events:
        eid = ev.attrs.get("eid", "")
        lo: dt.date | None = None
        hi: dt.date | None = None
        usable = False
        for rel, (t_start, t_end) in constraints.get(eid, []):
            if rel in WITHIN:
                lo = _later(lo, t_start)
                hi = _earlier(hi, t_end)
            elif rel in ("BEFORE", "IBEFORE") and t_start is not None:
                hi = _earlier(hi, t_start)
            elif rel in ("AFTER", "IAFTER") and t_end is not None:
                lo = _later(lo, t_end)
            else:
                continue
            usable = True
        if not usable or (lo is not None and hi is not None and lo >= hi):
            continue  # no placing link, or links that contradict each other
        g = Gold(doc.name, eid, ev.start, ev.end, ev.text, ev.attrs.get("class", ""))
        if lo is not None and hi is not None and hi - lo == DAY:
            g.day = lo
        else:
            g.lo, g.hi = lo, hi
        out.append(g)
    return out


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else min(a, b)


_EVENTTIME_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EVENTTIME_WINDOW = re.compile(r"(?:after(\d{4}-\d{2}-\d{2}))?(?:before(\d{4}-\d{2}-\d{2}))?")


def eventtime_gold(path: Path, docs: dict[str, TimeMLDoc]) -> list[Article]:
    """The TimeBank-EventTime corpus's single-day events (multi-day ones are not scored).

    `afterX` and `beforeY` exclude X and Y: the event lies in [X + 1 day, Y).
    """
    by_doc: dict[str, list[Gold]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 8 or cols[3] != "event":
            continue
        name, eid, value = cols[0], cols[4], cols[7]
        doc = docs.get(name)
        if doc is None:
            continue
        ev = next((e for e in doc.events if e.attrs.get("eid") == eid), None)
        if ev is None:
            continue
        g = Gold(name, eid, ev.start, ev.end, ev.text, ev.attrs.get("class", ""))
        if _EVENTTIME_DAY.fullmatch(value):
            g.day = dt.date.fromisoformat(value)
        elif value and (m := _EVENTTIME_WINDOW.fullmatch(value)) and (m[1] or m[2]):
            g.lo = dt.date.fromisoformat(m[1]) + DAY if m[1] else None
            g.hi = dt.date.fromisoformat(m[2]) if m[2] else None
        else:
            continue  # multi-day (beginPoint=...), several windows, or n/a
        by_doc.setdefault(name, []).append(g)
    return [Article(n, docs[n].dct, docs[n].text, gs) for n, gs in sorted(by_doc.items())]


# ------------------------------------------------------------------ answers


@dataclass(frozen=True, slots=True)
class Answer:
    """What a system says of one event: the interval it lies in (None: open side)."""

    lo: dt.date | None
    hi: dt.date | None
    known: bool  # a stated time (day, week ...), not bounds
    category: str = ""  # why, for the error report

    def right(self, g: Gold) -> bool:
        if g.day is not None:
            return self.known and self.lo == g.day and self.hi == g.day + DAY
        lo_ok = g.lo is None or (self.lo is not None and self.lo >= g.lo)
        hi_ok = g.hi is None or (self.hi is not None and self.hi <= g.hi)
        return lo_ok and hi_ok


System = Callable[[Article], list[Answer | None]]


def _covering(events: Sequence[Event], pos: int) -> Event | None:
    best: Event | None = None
    for e in events:
        if e.char_start <= pos < e.char_end and (
            best is None or e.char_end - e.char_start < best.char_end - best.char_start
        ):
            best = e
    return best


def _answer_of(e: Event, pos: int) -> Answer:
    """The entry's time, or its report's when the word is in the reporting words."""
    r = e.reported
    if r is not None and r.char_start <= pos < r.char_end:
        return Answer(r.start, r.end, r.certainty is Certainty.KNOWN, "reporting")
    return Answer(e.start, e.end, e.certainty is Certainty.KNOWN, str(e.anchor))


def project(article: Article) -> list[Answer | None]:
    """The project's extraction, as `timeline ingest` runs it on the article."""
    text = f"{article.name}\n{article.text}"  # a title line, then the body as annotated
    events = extract(text, published=article.dct, today=article.dct).events
    out: list[Answer | None] = []
    for g in article.gold:
        e = _covering(events, g.start)
        out.append(None if e is None else _answer_of(e, g.start))
    return out


def publication(article: Article) -> list[Answer | None]:
    d = article.dct
    return [Answer(d, d + DAY, True, "publication") for _ in article.gold]


_SENTENCE = re.compile(r"(?<=[.!?])[\"'\u201d]?\s+(?=[\"\u201c]?[A-Z0-9])|\n\s*\n")


def nearest(article: Article) -> list[Answer | None]:
    """The sentence's time expression nearest to the event word, else publication."""
    bounds = [0] + [m.end() for m in _SENTENCE.finditer(article.text)] + [len(article.text)]
    timexes = tag(article.text, article.dct)
    d = article.dct
    out: list[Answer | None] = []
    for g in article.gold:
        i = max(j for j, b in enumerate(bounds) if b <= g.start)
        lo, hi = bounds[i], bounds[min(i + 1, len(bounds) - 1)]
        best = None
        for t in timexes:
            if lo <= t.start < hi and (span := TimexValue.parse(t.value).interval(d)) is not None:
                dist = abs(t.start - g.start)
                if best is None or dist < best[0]:
                    best = (dist, span)
        if best is None:
            out.append(Answer(d, d + DAY, True, "publication"))
        else:
            out.append(Answer(best[1].start, best[1].end, True, "timex"))
    return out


# ------------------------------------------------------------------ scoring


@dataclass(slots=True)
class Score:
    day: int = 0
    day_ok: int = 0
    other: int = 0  # day known, not the publication day
    other_ok: int = 0
    window: int = 0
    window_ok: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, g: Gold, a: Answer | None, dct: dt.date, context: str) -> None:
        ok = a is not None and a.right(g)
        if g.day is not None:
            self.day += 1
            self.day_ok += ok
            if g.day != dct:
                self.other += 1
                self.other_ok += ok
        else:
            self.window += 1
            self.window_ok += ok
        if not ok:
            cat = categorize(g, a, dct)
            self.errors[cat] += 1
            self.examples.setdefault(cat, []).append(
                f"{g.doc} {g.word!r} gold {_gold_text(g)} ours {_answer_text(a)}: {context}"
            )

    def ratios(self) -> tuple[float, float, float]:
        def r(a: int, b: int) -> float:
            return a / b if b else 0.0

        return (
            r(self.day_ok, self.day),
            r(self.other_ok, self.other),
            r(self.window_ok, self.window),
        )


def _gold_text(g: Gold) -> str:
    if g.day is not None:
        return g.day.isoformat()
    return f"[{g.lo or '..'}, {g.hi or '..'})"


def _answer_text(a: Answer | None) -> str:
    if a is None:
        return "no event"
    if a.known and a.lo is not None and a.hi == a.lo + DAY:
        return a.lo.isoformat()
    return f"[{a.lo or '..'}, {a.hi or '..'}){'' if a.known else ' bounded'}"


def categorize(g: Gold, a: Answer | None, dct: dt.date) -> str:
    """A coarse reason for an error, for the report."""
    if a is None:
        return "no project event holds the word"
    if a.category == "reporting":
        return "reported time wrong"
    if g.cls == "REPORTING":
        return "reporting event dated by what it reports"
    on_pub = a.known and a.lo == dct and a.hi == dct + DAY
    if g.day is not None:
        if g.day == dct:
            if a.known:
                return "publication-day event given another time"
            return "publication-day event only bounded"
        if on_pub:
            return "other-day event dated on the publication day"
        if a.known and a.lo is not None and a.hi is not None:
            if a.hi - a.lo == DAY and (a.lo - g.day).days % 7 == 0:
                return "wrong week for the right weekday"
            return "other-day event given a wrong time"
        return "other-day event only bounded"
    if on_pub:
        return "window event dated on the publication day"
    if not a.known:
        return "bounds outside the window"
    return "window event given a time outside it"


def score(articles: Iterable[Article], system: System, *, context: bool = True) -> Score:
    sc = Score()
    for art in articles:
        for g, a in zip(art.gold, system(art), strict=True):
            ctx = ""
            if context:
                lo = art.text.rfind("\n", 0, g.start) + 1
                ctx = " ".join(art.text[max(lo, g.start - 110) : g.end + 70].split())
            sc.add(g, a, art.dct, ctx)
    return sc


def row(name: str, sc: Score) -> str:
    d, o, w = sc.ratios()
    return (
        f"{name:<22} day {d:6.3f} ({sc.day_ok}/{sc.day})  "
        f"other-day {o:6.3f} ({sc.other_ok}/{sc.other})  "
        f"window {w:6.3f} ({sc.window_ok}/{sc.window})"
    )


def goals_line(sc: Score) -> str:
    d, o, w = sc.ratios()
    marks = [
        f"day >= {GOALS['day']}: {'met' if d >= GOALS['day'] else 'MISSED'}",
        f"other-day >= {GOALS['other_day']}: {'met' if o >= GOALS['other_day'] else 'MISSED'}",
        f"window >= {GOALS['window']}: {'met' if w >= GOALS['window'] else 'MISSED'}",
    ]
    return "  goals: " + "; ".join(marks)


def load_set(name: str, folder: Path | None = None) -> tuple[list[Article], dict[str, TimeMLDoc]]:
    folder = DATA / name if folder is None else folder
    files = sorted(folder.glob("*.tml"))
    if not files:
        sys.exit(f"no .tml files in {folder}: the TempEval-3 data is expected at {DATA}")
    docs = {p.stem: read(p) for p in files}
    arts = [Article(d.name, d.dct, d.text, tlink_gold(d)) for d in docs.values()]
    return [a for a in arts if a.gold], docs


def report(title: str, arts: list[Article], *, goals: bool) -> Score:
    print(f"\n{title}")
    ours = score(arts, project)
    for name, system in (("publication date", publication), ("nearest timex", nearest)):
        print("  " + row(name, score(arts, system, context=False)))
    print("  " + row("timeline", ours))
    if goals:
        print(goals_line(ours))
    return ours


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--errors", type=int, default=0, help="examples per error category (dev)")
    ap.add_argument("--eventtime", type=Path, default=DEFAULT_EVENTTIME,
                    help="TimeBank-EventTime's event-times_normalized.tab (test set)")  # fmt: skip
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"TempEval-3 data not found at {DATA} (expected ../shared/data/tempeval3)")
    dev: list[Article] = []
    timebank_docs: dict[str, TimeMLDoc] = {}
    for name in DEV_SETS:
        arts, docs = load_set(name)
        dev += arts
        if name == "timebank":
            timebank_docs = docs
    dev_score = report("TLINK gold, dev: " + " + ".join(DEV_SETS), dev, goals=True)
    extra = load_set("meantime", MEANTIME)[0] if any(MEANTIME.glob("*.tml")) else []
    if extra:
        extra_score = report("TLINK gold, dev: meantime (first six sentences)", extra, goals=False)
    else:
        print(f"\n(MEANTIME with TLINKs not found at {MEANTIME}: skipped; "
              "bench/convert_meantime.py writes it)")  # fmt: skip
    for name in TEST_SETS:
        report(f"TLINK gold, test: {name}", load_set(name)[0], goals=True)
    if args.eventtime.is_file():
        et = eventtime_gold(args.eventtime, timebank_docs)
        report("TimeBank-EventTime single-day events, test", et, goals=True)
    else:
        print(f"\n(TimeBank-EventTime corpus not found at {args.eventtime}: skipped)")
    if args.errors and extra:
        for cat, n in extra_score.errors.items():
            dev_score.errors[cat] += n
            dev_score.examples.setdefault(cat, []).extend(extra_score.examples[cat])
    if args.errors:
        print(f"\nErrors on the dev sets ({sum(dev_score.errors.values())}), by category:")
        for cat, n in dev_score.errors.most_common():
            print(f"\n  {n:>4}  {cat}")
            for ex in dev_score.examples[cat][: args.errors]:
                print(f"          {ex}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
