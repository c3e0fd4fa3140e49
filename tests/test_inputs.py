"""Article inputs as newsrooms write them: Markdown, YAML front matter, HTML pages whose
date only the page's metadata gives, bylines and datelines (issue 14, item 2).

Every article here is written for the test, in the style of a wire report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.article import find_published, parse_article
from timeline.errors import InputError
from timeline.extract import extract
from timeline.sources import read_source

LIMIT = 1_000_000
TODAY = dt.date(2026, 12, 1)

WIRE_MD = """\
# Ceasefire talks resume in Khartoum

**On Thursday** the two delegations met again in Khartoum, [officials](https://example.org/a) said.

> "We came to sign, not to talk," one negotiator said.

- The army's delegation arrived *on Wednesday*.
- The RSF delegation arrived on Thursday morning.

## Background

The talks had stalled in February over the ceasefire lines.

```
<script>alert(1)</script>
```
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def body_of(path: Path) -> tuple[str, str]:
    source = read_source(str(path), LIMIT)
    parsed = parse_article(source.text)
    return parsed.title, parsed.body


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_markup_never_reaches_the_text(tmp_path: Path) -> None:
    title, body = body_of(write(tmp_path, "talks.md", WIRE_MD))
    assert title == "Ceasefire talks resume in Khartoum"  # the first heading
    for markup in ("#", "**", "*on", "[officials]", "](", "> ", "- The", "```", "<script"):
        assert markup not in body, markup
    assert "On Thursday the two delegations met again in Khartoum, officials said." in body
    assert '"We came to sign, not to talk," one negotiator said.' in body
    assert "The army's delegation arrived on Wednesday." in body
    assert "Background" not in body  # a section heading is page structure, not an event


def test_markdown_events_are_dated_and_the_heading_is_no_event(tmp_path: Path) -> None:
    path = write(tmp_path, "talks.md", "---\npublished: 2024-03-23\n---\n" + WIRE_MD)
    source = read_source(str(path), LIMIT)
    ex = extract(source.text, published=source.meta.published, today=TODAY)
    texts = [e.text for e in ex.events]
    assert not any("Ceasefire talks resume" in t for t in texts)
    met = next(e for e in ex.events if e.text.startswith("On Thursday the two"))
    assert met.value == "2024-03-21"
    arrived = next(e for e in ex.events if "army's delegation arrived" in e.text)
    assert arrived.value == "2024-03-20"


def test_markdown_without_a_heading_keeps_its_first_line_as_title(tmp_path: Path) -> None:
    text = "Flood waters recede in Sennar\nThe Blue Nile fell by a metre on Monday.\n"
    title, body = body_of(write(tmp_path, "flood.md", text))
    assert title == "Flood waters recede in Sennar"
    assert body.strip() == "The Blue Nile fell by a metre on Monday."


# --- front matter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("published: 2024-01-31", dt.date(2024, 1, 31)),
        # A datetime with its offset: the day its readers saw, not the UTC day after.
        ("published: 2024-01-31T23:15:00-05:00", dt.date(2024, 1, 31)),
        ('published: "2024-01-31T23:15:00-05:00"', dt.date(2024, 1, 31)),
        ('published: "Jan 31, 2024"', dt.date(2024, 1, 31)),
        ("published: Wednesday, 31 January 2024", dt.date(2024, 1, 31)),
        ("date: 2024-01-31", dt.date(2024, 1, 31)),  # Hugo's and Jekyll's key
        ("date: 2024-01-31 08:30:00 +0100", dt.date(2024, 1, 31)),
        ("updated: 2024-02-02", dt.date(2024, 2, 2)),  # only when nothing says published
    ],
)
def test_front_matter_dates_in_every_shape(tmp_path: Path, line: str, day: dt.date) -> None:
    text = f"---\ntitle: Power restored in Port Sudan\n{line}\n---\nCrews worked all night.\n"
    source = read_source(str(write(tmp_path, "power.md", text)), LIMIT)
    assert source.meta.published == day
    assert source.meta.title == "Power restored in Port Sudan"


def test_front_matter_names_of_source_and_url(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 'Port reopens: ships queue'\npublisher: Red Sea Courier\n"
        "canonical: https://courier.example/port\ndate: 2024-02-01\n"
        "published: 2024-01-31\ntags: [port, shipping]\n---\nThe port reopened on Tuesday.\n"
    )
    meta = read_source(str(write(tmp_path, "port.txt", text)), LIMIT).meta
    assert meta.title == "Port reopens: ships queue"  # a colon inside quotes is no key
    assert meta.source == "Red Sea Courier"
    assert meta.url == "https://courier.example/port"
    assert meta.published == dt.date(2024, 1, 31)  # published wins over date


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("published: soon", "is not a date I can read"),
        ("published: 2024-02-30", "is not a date I can read"),
        ("title: [unclosed", "is not valid YAML"),
        ("- a list", "must be `key: value` lines"),
    ],
)
def test_bad_front_matter_is_one_clear_error(tmp_path: Path, front: str, message: str) -> None:
    path = write(tmp_path, "bad.md", f"---\n{front}\n---\nThe port reopened on Tuesday.\n")
    with pytest.raises(InputError, match=message):
        read_source(str(path), LIMIT)


# --- HTML -----------------------------------------------------------------------------------


def test_an_html_date_only_the_page_metadata_gives(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Khartoum talks resume</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2024-03-22T08:00:00+02:00"}</script></head><body><article>'
        "<h1>Khartoum talks resume</h1><p>Negotiators met again on Thursday in Khartoum "
        "to resume the talks, officials said.</p><p>The talks had stalled in February "
        "after a dispute over the ceasefire lines.</p></article></body></html>"
    )
    source = read_source(str(write(tmp_path, "talks.html", page)), LIMIT)
    assert source.meta.published == dt.date(2024, 3, 22)
    ex = extract(source.text, published=source.meta.published, today=TODAY)
    assert any(e.value == "2024-03-21" and "met again" in e.text for e in ex.events)


# --- bylines and datelines ------------------------------------------------------------------


@pytest.mark.parametrize(
    "byline",
    [
        "By Amina Yusuf",
        "By Amina Yusuf and John Roe, Staff Writers",
        "By Amina Yusuf | Northwind",
        "By Amina Yusuf Published: 2 hours ago Updated 35 minutes ago",
        "Updated 35 minutes ago",
    ],
)
def test_a_byline_is_metadata_not_an_event(byline: str) -> None:
    text = f"Bridge reopens in Omdurman\n\n{byline}\n\nThe bridge reopened on Friday.\n"
    ex = extract(text, published=dt.date(2024, 3, 23), today=TODAY)
    assert [e.text for e in ex.events] == ["The bridge reopened on Friday."]


def test_prose_that_opens_with_by_stays_an_event() -> None:
    text = "Bridge taken\n\nBy Tuesday, Sudan Army Forces held the bridge.\n"
    ex = extract(text, published=dt.date(2024, 3, 23), today=TODAY)
    assert [e.text for e in ex.events] == ["By Tuesday, Sudan Army Forces held the bridge."]


def test_a_dateline_without_a_year_takes_the_year_of_the_other_dates() -> None:
    text = (
        "Talks resume\n\nKHARTOUM, March 21 (Northwind) - Negotiators met again on Friday, "
        "a week after the talks of March 14, 2024 broke down.\n"
    )
    found = find_published(text, today=TODAY)
    assert found is not None and found.day == dt.date(2024, 3, 21)
    assert found.assumed is not None and "gives no year" in found.assumed
    ex = extract(text, today=TODAY)
    assert ex.article.published == dt.date(2024, 3, 21) and ex.assumed == found.assumed
    friday = next(e for e in ex.events if "met again" in e.text)
    assert friday.value == "2024-03-15"  # the Friday before the dateline's day, in 2024


def test_a_dateline_without_a_year_takes_the_year_its_weekday_fits() -> None:
    text = (
        "Stocks slide\n\nNEW YORK, Oct. 14 (Northwind) - U.S. stocks fell sharply on Tuesday "
        "as worries about regional lenders resurfaced.\n\nLast year a string of bank "
        "failures rattled markets. Silicon Valley Bank collapsed on March 10, 2023.\n"
    )
    found = find_published(text, today=TODAY)
    # 14 October was a Tuesday in 2025: the first such year from the article's 2023 on.
    assert found is not None and found.day == dt.date(2025, 10, 14)
    assert found.assumed is not None and "Tuesday" in found.assumed
    ex = extract(text, today=TODAY)
    assert next(e for e in ex.events if "fell sharply" in e.text).value == "2025-10-14"


def test_a_dateline_without_any_year_says_what_it_assumed() -> None:
    text = "Talks resume\n\nKHARTOUM, March 21 (Northwind) - Negotiators met again.\n"
    found = find_published(text, today=TODAY)
    assert found is not None and found.day == dt.date(2026, 3, 21)
    assert found.assumed is not None and "latest such day" in found.assumed
    # A stated date needs no assumption.
    stated = find_published("Talks\n\nPublished 21 March 2024\n\nThey met.", today=TODAY)
    assert stated is not None and stated.assumed is None


def test_a_dateline_with_its_year_dates_the_article_and_is_no_event() -> None:
    text = (
        "Bridge retaken\n\nKHARTOUM, March 21, 2024 (Northwind) - Sudan's army said on "
        "Thursday it had retaken a bridge over the Nile.\n"
    )
    ex = extract(text, today=TODAY)
    assert ex.article.published == dt.date(2024, 3, 21) and ex.assumed is None
    (event,) = ex.events
    assert event.text.startswith("Sudan's army said")
    assert event.reported is not None and event.reported.value == "2024-03-21"
