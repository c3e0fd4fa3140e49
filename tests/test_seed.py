"""The seed article (../shared/seed) yields the events its expected.json lists."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from timeline.article import parse_article
from timeline.extract import Extraction, extract
from timeline.models import Anchor, Certainty, Kind

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
TODAY = dt.date(2026, 1, 15)


def _load() -> tuple[str, dict[str, Any]]:
    text_path, expected_path = SEED / "panjshir.txt", SEED / "expected.json"
    if not text_path.is_file() or not expected_path.is_file():
        pytest.skip(f"seed article not found: expected {text_path} and {expected_path}")
    expected: dict[str, Any] = json.loads(expected_path.read_text(encoding="utf-8"))
    return text_path.read_text(encoding="utf-8"), expected


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any], Extraction]:
    text, expected = _load()
    published = dt.date.fromisoformat(expected["published"])
    return text, expected, extract(text, published=published, today=TODAY)


def _entries() -> list[dict[str, str]]:
    try:
        _, expected = _load()
    except pytest.skip.Exception:
        return [{"contains": "(seed missing)"}]
    entries: list[dict[str, str]] = expected["events"]
    return entries


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["contains"][:40])
def test_seed_event(entry: dict[str, str], seed: tuple[str, dict[str, Any], Extraction]) -> None:
    _, _, ex = seed
    matching = [e for e in ex.events if entry["contains"] in e.text]
    assert matching, f"no event contains {entry['contains']!r}"
    if "value" in entry:
        got = [e.value for e in matching]
        assert entry["value"] in got, f"{entry['contains']!r}: values {got}"
    if "not_value" in entry:
        for e in matching:
            assert not e.value.startswith(entry["not_value"]), (
                f"{entry['contains']!r} carries {e.value}"
            )


def test_seed_last_paragraph_is_three_events_in_order(
    seed: tuple[str, dict[str, Any], Extraction],
) -> None:
    _, _, ex = seed
    last = max(e.paragraph for e in ex.events)
    evs = [e for e in ex.events if e.paragraph == last]
    assert [e.value for e in evs] == ["2021-08-20", "2021-08-21", "2021-08-22"]
    assert {e.sentence for e in evs} == {0}
    assert [e.clause for e in evs] == [0, 1, 2]


def test_seed_article_record(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, expected, ex = seed
    assert ex.article.title.startswith("Taliban says hundreds of fighters")
    assert ex.article.source == "Al Jazeera"
    assert ex.article.published == dt.date.fromisoformat(expected["published"])
    assert ex.article.published_from == "given"
    # Same text, same id; the id does not depend on the publication date.
    again = extract(text, published=dt.date(2021, 8, 23), today=TODAY)
    assert again.article.id == ex.article.id
    assert [e.id for e in again.events] == [e.id for e in ex.events]


def test_seed_without_date_is_assumed(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, _, _ = seed
    ex = extract(text, today=TODAY)
    assert ex.article.published_from == "assumed"
    assert ex.article.published == TODAY


def test_seed_provenance(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, _, ex = seed
    body = parse_article(text).body
    paragraphs = parse_article(text).paragraphs
    for e in ex.events:
        assert body[e.char_start : e.char_end] == e.text
        p = paragraphs[e.paragraph]
        assert p.start <= e.char_start < e.char_end <= p.end
        if e.anchor is Anchor.PUBLICATION:
            # No time of its own: the publication day, or bounded by it (never a date
            # the text does not give).
            published = ex.article.published
            if e.certainty is Certainty.KNOWN:
                assert (e.value, e.start) == (published.isoformat(), published)
            else:
                assert e.value in ("PAST_REF", "FUTURE_REF")
                assert published in (e.end, e.start - dt.timedelta(days=1) if e.start else None)
    # Every sentence of every paragraph is covered by some event.
    covered = {(e.paragraph, e.sentence) for e in ex.events}
    assert covered == {(p.index, i) for p in paragraphs for i in range(len(p.sentences))}


def test_seed_quotes_are_statements(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    _, _, ex = seed
    quotes = [e for e in ex.events if e.text.startswith("\u201c") and e.time_text is None]
    assert quotes, "the seed's undated quotes"
    for e in quotes:
        assert e.kind is Kind.STATEMENT, e.text
    # The three dated happenings of the last paragraph stay happenings.
    last = max(e.paragraph for e in ex.events)
    assert {e.kind for e in ex.events if e.paragraph == last} <= {Kind.OCCURRENCE, Kind.STATE}
