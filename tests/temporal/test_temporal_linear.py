"""No pattern of the tagger may take super-linear time, on any input."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import patterns, tag
from timeline.temporal.rules import RULES

DCT = dt.date(2021, 8, 22)

# Fragments that partially match many families: a scanner that backtracks
# would blow up on long runs of them.
FRAGMENTS = [
    "the ", "the", " ", "  ", "\n", "1", "9", "19", "2021", "-", "'", "'8", "s", ".", ",",
    "May ", "August ", "Aug. ", "last ", "next ", "this ", "early ", "mid-", "late ",
    "twenty-", "two ", "a ", "few ", "years ", "days", "ago", "later", "earlier ", "Friday ",
    "morning", "quarter", "third", "-quarter", "p.m.", "a.m.", ":", "30", "/", "of ", "fiscal ",
    "Q", "3", "1/2", "said ", "will ", "ed ", "every ", "th", "century", "spring ",
]  # fmt: skip


@settings(deadline=timedelta(milliseconds=3000), max_examples=60)
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40), reps=st.integers(1, 1500)
)
def test_adversarial_input_is_fast(parts: list[str], reps: int) -> None:
    text = ("".join(parts) * reps)[:50_000]
    found = tag(text, DCT)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    "text",
    [
        "1" * 50_000,
        " " * 50_000,
        "the " * 12_500,
        "August " * 7_000,
        "twenty-" * 7_000,
        "last last " * 5_000,
        "a" * 50_000,
        "ed " * 16_000,
        "'" * 50_000,
        "1990s " * 8_000,
        "May 1, 2020, " * 4_000,
        "1, " * 16_000,  # a list of days that never reaches its month
    ],
)
def test_long_runs_are_linear(text: str) -> None:
    # Time the whole text and a tenth of it: linear means about 10x, not 100x. CPU time,
    # after a warm-up, so that other processes on the machine do not count.
    tag(text[:100], DCT)
    t0 = time.process_time()
    tag(text[: len(text) // 10], DCT)
    small = time.process_time() - t0
    t0 = time.process_time()
    tag(text, DCT)
    big = time.process_time() - t0
    assert big < max(0.05, 30 * small), (small, big)


def test_gate_drops_no_expression() -> None:
    """The trigger-word gate only skips positions no family can start at."""
    ungated = re.compile(
        rf"(?<![\w$]){patterns.AFTER_RANGE}(?:"
        + "|".join(patterns._strip_names(patterns.expand(r.pattern)) for r in RULES)
        + rf"){patterns.END}",
        patterns.FLAGS,
    )
    texts = [
        "Three days later, fiscal 1989 and FY2020, Q3 2021, every Monday, each July, "
        "year-earlier results, the nineties, nineteen ninety-six, two thousand one, "
        "Thanksgiving Day, noon Thursday, 10 p.m. Wednesday, mid-1990s, the '80s, "
        "several years ago, a few days, about two weeks, more than a year, recently, now.",
        "On Aug. 20, 2021, 20 August 2021, August 20th, 2021-08-20, 8/20/2021, the 20th, "
        "yesterday, tonight, last week, this month, next year, two days ago, a decade ago, "
        "the past three years, Friday morning, this weekend, the third quarter, the 1980s, "
        "the 19th century, the summer of 1999, the end of the month, early 2020, 2:30 p.m., "
        "daily, currently, the next day, that week, the following month, mid-December.",
        "Net rose 12.7% to $4.5 million, or 35 cents a share, 2.5 years after 1988; at least "
        "3 1/2 hours, up to 10,000 years, more than 20 days, right now, just now, at present, "
        "New Year's Day, that morning, '82 and the '70s, 1,500 years, 5 a.m., 3Q, 0800 UTC.",
    ]
    for text in [*texts, *(r.example for r in RULES)]:
        a = [m.span() for m in patterns.case_scanner().finditer(text)]
        b = [m.span() for m in ungated.finditer(text)]
        assert a == b, text


def test_the_folded_scanner_finds_what_the_scanner_finds() -> None:
    """The lower-cased text and the case-folded scanner give the scanner's own hits, and a
    text whose lower case would move offsets is scanned as it is."""
    pats = patterns.compiled()
    texts = [
        *(r.example for r in RULES),
        "THE MEETING IS ON FRIDAY, AUG. 20, AT 2:30 P.M.; Q3 2021 and FY2020 and 0800 UTC.",
        "iPhone 3GS, iLife '11, Mid-December, Black Friday, T10:00, \u201cLast Week\u201d.",
    ]
    for text in texts:
        scanned, scanner = patterns.scan_text(pats, text)
        assert scanner is pats.folded_scanner
        a = [m.span() for m in patterns.case_scanner().finditer(text)]
        assert [m.span() for m in scanner.finditer(scanned)] == a, text
    odd = "\u0130stanbul police said on Friday."  # "İ" lower-cases to two characters
    assert patterns.scan_text(pats, odd) == (odd, patterns.case_scanner())
    assert [t.text for t in tag(odd, DCT)] == ["Friday"]


def test_first_character_dispatch_drops_no_match() -> None:
    """A rule that matches at a position is among the rules tried for its first character."""
    pats = patterns.compiled()
    texts = [r.example for r in RULES] + [
        "Three days later, fiscal 1989 and FY2020, Q3 2021, every Monday, the '80s, 3Q, "
        "year-end, 16:15 UTC, 0800 GMT, noon Thursday, Black Friday, iLife '11, single-day.",
    ]
    for text in texts:
        for pos in range(len(text)):
            tried = {n for n, _ in pats.by_first.get(text[pos].lower(), pats.any_first)}
            for name, pattern in pats.families.items():
                if (m := pattern.match(text, pos)) is not None and m.end() > pos:
                    assert name in tried, (name, text[pos:])
