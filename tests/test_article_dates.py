"""Whole articles, dated as a careful reader would: each row names a phrase of one entry
and the time that entry must get (a value, or bounds). The articles are wire-style
reports written for these tests (tests/data/articles); each exercises rules together
that the rule tests of test_dating.py take one by one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.extract import extract
from timeline.models import Certainty, Event, Kind

ARTICLES = Path(__file__).parent / "data" / "articles"
PUBLISHED = {
    "floods.txt": dt.date(2023, 5, 17),  # a Wednesday
    "bank-run.txt": dt.date(2023, 3, 30),  # a Thursday, three weeks after the story
    "stocks.txt": dt.date(2024, 6, 10),  # a Monday
    "voting-law.txt": dt.date(2024, 10, 23),  # a Wednesday
}


def _events(name: str) -> list[Event]:
    text = (ARTICLES / name).read_text()
    return extract(text, published=PUBLISHED[name], today=PUBLISHED[name]).events


def _entry(events: list[Event], phrase: str) -> Event:
    found = [e for e in events if phrase in e.text]
    assert found, f"no entry holds {phrase!r}"
    return min(found, key=lambda e: len(e.text))


@pytest.mark.parametrize(
    ("article", "phrase", "value"),
    [
        ("floods.txt", "Rescue crews in northern Italy on Wednesday", "2023-05-17"),
        ("floods.txt", "The rain began on Monday night", "2023-05-15TNI"),
        ("floods.txt", "A similar flood in 2014", "2014"),
        ("floods.txt", "scheduled for Sunday", "2023-05-21"),
        ("bank-run.txt", "On Wednesday, March 8", "PAST_REF"),  # what it announced: by then
        ("bank-run.txt", "Its shares fell 60% the next day", "2023-03-09"),
        ("bank-run.txt", "Regulators closed the bank on Friday morning", "2023-03-10TMO"),
        ("bank-run.txt", "Over the weekend, officials worked", "2023-W10-WE"),
        ("bank-run.txt", "Two days later, another regional lender failed", "2023-03-14"),
        ("stocks.txt", "Wall Street closed sharply lower on Monday", "2024-06-10"),
        ("stocks.txt", "It was the worst day for the Nasdaq since April", "2024-06-10"),
        ("stocks.txt", "Tesla rose 1%", "2024-06-10"),
        ("stocks.txt", "Data on Friday showed", "2024-06-07"),
        ("voting-law.txt", "A federal judge on Tuesday", "2024-10-22"),
        ("voting-law.txt", "passed by the Republican-led legislature in April", "2024-04"),
        ("voting-law.txt", "We will take this to the 11th Circuit", "2024-10-22TEV"),
        ("voting-law.txt", "is set for Thursday", "2024-10-24"),
    ],
)  # fmt: skip
def test_an_entry_of_a_whole_article_gets_its_time(article: str, phrase: str, value: str) -> None:
    assert _entry(_events(article), phrase).value == value


def test_the_cancelling_of_a_race_scheduled_for_sunday_is_not_sunday() -> None:
    cancelled = _entry(_events("floods.txt"), "was cancelled")
    assert cancelled.time_text is None and cancelled.certainty is Certainty.BOUNDED


def test_what_has_gone_on_since_then_is_a_span_from_the_story() -> None:
    lent = _entry(_events("bank-run.txt"), "Since then, the central bank has lent")
    assert lent.certainty is Certainty.SPAN and lent.start == dt.date(2023, 3, 14)


def test_a_plan_of_next_week_is_planned_after_publication() -> None:
    meeting = _entry(_events("floods.txt"), "will hold an emergency cabinet meeting next week")
    assert meeting.kind is Kind.PLANNED and meeting.value == "2023-W21"
