"""Cross-article merging on entries built by hand: who joins which happening."""

from __future__ import annotations

import datetime as dt

from timeline.merge import merge
from timeline.models import Anchor, ArticleRef, TimelineEntry

FRIDAY = dt.date(2021, 8, 20)


def entry(n: int, text: str, *, article: int | None = None, start: dt.date = FRIDAY,
          days: int = 1) -> TimelineEntry:  # fmt: skip
    """Report `n`, from its own article unless `article` says otherwise."""
    a = n if article is None else article
    return TimelineEntry(
        id=f"{a:016x}-{n:05d}-000-00", value=start.isoformat(), start=start,
        end=start + dt.timedelta(days=days), text=text, time_text="on Friday",
        anchor=Anchor.RELATIVE, paragraph=0, sentence=0, clause=0, timex_type="DATE",
        article=ArticleRef(id=f"{a:032x}", title=f"Article {a}", source=f"Wire {a}",
                           published=FRIDAY + dt.timedelta(days=1 + a % 3)),
    )  # fmt: skip


SEIZED = "Anti-Taliban fighters seized the Banu district in Baghlan province on Friday"
SEIZED_TOO = "Fighters opposed to the Taliban seized Banu district of Baghlan province on Friday"
CLINIC = "A new clinic opened in Kabul on Friday"


def test_two_reports_of_one_happening_become_one_entry_with_both_sources() -> None:
    [banu, clinic] = list(merge([entry(1, SEIZED), entry(2, SEIZED_TOO), entry(3, CLINIC)]))
    # The earliest published report leads; the other is credited.
    assert banu.article.source == "Wire 1" and banu.text == SEIZED
    assert [r.article.source for r in banu.reports] == ["Wire 2"]
    assert clinic.text == CLINIC and clinic.reports == []


def test_one_article_never_merges_with_itself() -> None:
    merged = list(merge([entry(1, SEIZED), entry(2, SEIZED, article=1)]))
    assert len(merged) == 2


def test_other_dates_are_another_happening() -> None:
    week = entry(2, SEIZED, days=7)
    saturday = entry(3, SEIZED, start=FRIDAY + dt.timedelta(days=1))
    merged = list(merge([entry(1, SEIZED), week, saturday]))
    assert len(merged) == 3


def test_reports_whose_numbers_disagree_are_other_happenings() -> None:
    twenty = "Police closed polling stations in district 20 of Kabul on Friday"
    merged = list(merge([
        entry(1, twenty), entry(2, twenty.replace("20", "21")), entry(3, twenty.replace("20", "1")),
        entry(4, "Police closed all polling stations in district 20 of Kabul on Friday at 10"),
    ]))  # fmt: skip
    assert [len(m.reports) for m in merged] == [1, 0, 0]  # only the two of district 20 merge
    assert [r.article.source for r in merged[0].reports] == ["Wire 4"]


def test_a_report_is_compared_with_the_first_report_of_a_happening_only() -> None:
    """A chain of look-alikes does not drift: C resembles B, which joined A, but not A."""
    a = "Fighters seized the Banu district in Baghlan province"
    b = "Fighters seized the Banu district and the Deh Salah district in Baghlan province"
    c = "Fighters seized the Deh Salah district and burned the Deh Salah market"
    assert len(list(merge([entry(2, b), entry(3, c)]))) == 1  # B and C alike
    assert len(list(merge([entry(1, a), entry(3, c)]))) == 2  # A and C not
    merged = list(merge([entry(1, a), entry(2, b), entry(3, c)]))
    assert [len(e.reports) for e in merged] == [1, 0]
    assert merged[1].text == c


def test_a_dense_day_groups_each_happening_once() -> None:
    """A thousand reports on one day, five happenings among them, each from its own article."""
    texts = [SEIZED, CLINIC, "Floods cut the road from Kabul to Jalalabad",
             "The central bank froze accounts of former ministers",
             "Schools reopened for boys in Herat province"]  # fmt: skip
    entries = [entry(n, texts[n % len(texts)]) for n in range(1000)]
    merged = list(merge(entries))
    assert sorted(len(e.reports) + 1 for e in merged) == [200] * 5
    assert {e.text for e in merged} == set(texts)
