"""Cross-article merging: one timeline entry per happening, with all its reports.

Two events are the same happening when they carry the same dates, their numbers
agree ("district 20" is not "district 21") and their clauses share enough content:
names (capitalized words) and content words. A
report joins the first happening of its day, in timeline order, whose first
report it resembles. Comparing with that one report, not with every member,
keeps a chain of look-alikes from drifting away from what was first reported,
and keeps a dense day (a thousand reports) to one comparison per candidate.
Merging is done on the ordered events a query reads from the projection, so it
is deterministic, never depends on the order in which articles arrived, and is
rebuilt with the projection for free.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator

from timeline.models import Report, TimelineEntry
from timeline.ordering import sort_day

# Function words and reporting verbs carry no identity of a happening.
_STOPWORDS = """a an the and or but of in on at to for from by with as into onto over under about
    after before during since until than then that this these those there here it its they
    them their he she his her him we our you your i is are was were be been being has have
    had do does did will would shall should can could may might must not no nor so such
    said says say told tells according reported reports report also which who whom whose
    what when where while why how all any both each few more most other some one two three
    four five six seven eight nine ten monday tuesday wednesday thursday friday saturday
    sunday today yesterday tomorrow week weeks month months year years day days last next
    earlier later ago"""
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# A number as written: "20", "1,700", "2.5" (thousands separators dropped).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Content similarity (0-100, rapidfuzz token-set ratio over content words) needed, and
# the share of the smaller clause's names that the other must contain.
MIN_SIMILARITY = 60
MIN_NAME_OVERLAP = 0.5


class _Profile:
    """What a clause says, for comparing it with others: computed once per entry."""

    __slots__ = ("article", "content", "dates", "entry", "names", "numbers", "words")

    def __init__(self, entry: TimelineEntry) -> None:
        words = _WORD.findall(entry.text)
        lowered = [w.lower() for w in words]
        content = {w for w in lowered if len(w) > 2 and w not in STOPWORDS}
        self.entry = entry
        # Plain copies of what every comparison reads.
        self.article = entry.article.id
        self.dates = (entry.start, entry.end, entry.certainty)
        self.words = content
        self.numbers = frozenset(n.replace(",", "") for n in _NUMBER.findall(entry.text))
        self.content = " ".join(sorted(content))
        # Names: capitalized words past the clause's first.
        self.names = frozenset(
            low for i, (w, low) in enumerate(zip(words, lowered, strict=True))
            if i > 0 and w[0].isupper() and low not in STOPWORDS
        )  # fmt: skip


def _similar(a: _Profile, b: _Profile) -> bool:
    if a.article == b.article or a.dates != b.dates:
        return False
    if a.numbers and b.numbers and not (a.numbers <= b.numbers or b.numbers <= a.numbers):
        return False  # one report's numbers must all be in the other's
    if a.names and b.names:
        shared = len(a.names & b.names) / min(len(a.names), len(b.names))
        if shared < MIN_NAME_OVERLAP:
            return False
    return _token_set_ratio()(a.content, b.content) >= MIN_SIMILARITY


@functools.cache
def _token_set_ratio() -> Callable[..., float]:
    """rapidfuzz's scorer, loaded only once two reports get this far: `show` starts faster."""
    from rapidfuzz.fuzz import token_set_ratio

    return token_set_ratio


def merge(entries: Iterable[TimelineEntry]) -> Iterator[TimelineEntry]:
    """Entries with reports of the same happening folded into the earliest report.

    `entries` must come in timeline order (all events of one start day together).
    Each day's events are compared with each other only, so the cost is per day.
    """
    return (merged for _, merged in merge_led(entries))


def merge_led(entries: Iterable[TimelineEntry]) -> Iterator[tuple[TimelineEntry, TimelineEntry]]:
    """`merge`'s entries, each with the report that leads its group: the first of them in
    timeline order, where the group stands (a paged read continues after it)."""
    day: list[TimelineEntry] = []
    current: dt.date | None = None
    for entry in entries:
        at = sort_day(entry.start, entry.end)
        if day and at != current:
            yield from _merge_day(day)
            day = []
        current = at
        day.append(entry)
    yield from _merge_day(day)


def _merge_day(entries: list[TimelineEntry]) -> Iterator[tuple[TimelineEntry, TimelineEntry]]:
    if len(entries) == 1:  # most days of most windows: nothing to compare
        yield entries[0], entries[0]
        return
    groups: list[list[_Profile]] = []  # the first member is the one compared with
    articles: list[set[str]] = []  # per group: one report per article at most
    # Only groups whose first report shares a content word can hold an entry's happening.
    by_word: dict[str, set[int]] = {}
    for entry in entries:
        profile = _Profile(entry)
        candidates = sorted({g for w in profile.words for g in by_word.get(w, ())})
        for g in candidates:
            if profile.article not in articles[g] and _similar(profile, groups[g][0]):
                groups[g].append(profile)
                articles[g].add(profile.article)
                break
        else:
            for w in profile.words:
                by_word.setdefault(w, set()).add(len(groups))
            groups.append([profile])
            articles.append({profile.article})
    for group in groups:
        members = [p.entry for p in group]
        first, *rest = sorted(members, key=lambda e: (e.article.published, e.article.id, e.id))
        if not rest:
            yield members[0], first
            continue
        reports = [
            Report(id=e.id, text=e.text, time_text=e.time_text, article=e.article) for e in rest
        ]
        # The group stands where its first member stood in the timeline order.
        yield members[0], first.model_copy(update={"reports": reports})
