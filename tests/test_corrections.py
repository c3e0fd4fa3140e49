"""Corrections are events (issue 14, item 1): the same text with corrected metadata, by a
new ingest or by `timeline amend`, is a new version of the article in the log; its
events move to their new dates; a retracted article comes back when it is ingested
again; the log keeps every version, and a rebuild gives the same projection.

On the real server (the `timeline` fixture); the articles are written for the test, in
the style of wire reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories import projection_snapshot
from timeline import ArticleInput, Timeline
from timeline.errors import ConcurrencyError, InputError, UsageError
from timeline.models import ArticleRevised

FLOODS = """\
Flood waters cut off Tana River villages | Africa | Northwind Wire

GARISSA, Kenya (Northwind) - Flood waters cut off three villages along the Tana River on \
Tuesday, local officials said.

Rescue teams reached the first village on Wednesday morning after the water fell, a Red \
Cross official said.

The county government said it would open two more camps next week.
"""
# Ingested first as of a Friday a week early: "on Tuesday" is then 7 November.
WRONG, RIGHT = dt.date(2023, 11, 10), dt.date(2023, 11, 17)
URL = "https://northwind.example/2023/11/tana-floods"


@pytest.fixture
def floods(tmp_path: Path) -> Path:
    path = tmp_path / "tana-floods.txt"
    path.write_text(FLOODS, encoding="utf-8")
    return path


def _days(tl: Timeline) -> dict[str, dt.date | None]:
    """The day each event of the timeline stands on, by the first words of its text."""
    return {" ".join(e.text.split()[:3]): e.start for e in tl.reader.show(limit=100, merge=False)}


def _rebuilt_equals_incremental(tl: Timeline) -> None:
    incremental = projection_snapshot(tl)
    shown = tl.reader.show(limit=100, merge=False)
    tl.operator.rebuild()
    assert projection_snapshot(tl) == incremental
    assert tl.reader.show(limit=100, merge=False) == shown


def test_a_wrong_date_is_corrected_by_ingesting_the_file_again(
    timeline: Timeline, floods: Path
) -> None:
    [first] = timeline.writer.ingest([ArticleInput(str(floods), published=WRONG)])
    assert first.status == "added" and first.events == 3
    assert _days(timeline)["Flood waters cut"] == dt.date(2023, 11, 7)
    [same] = timeline.writer.ingest([ArticleInput(str(floods), published=WRONG)])
    assert same.status == "duplicate"
    length = timeline.backend.store.length()

    [fixed] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    assert (fixed.status, fixed.article_id, fixed.replaces) == (
        "revised", first.article_id, first.article_id
    )  # fmt: skip
    assert fixed.changes == ["published"] and fixed.events == 3
    assert timeline.backend.store.length() == length + 4  # a new head and its 3 events
    days = _days(timeline)
    assert days["Flood waters cut"] == dt.date(2023, 11, 14)  # the Tuesday before the 17th
    assert days["Rescue teams reached"] == dt.date(2023, 11, 15)
    assert len(timeline.reader.show(limit=100, merge=False)) == 3  # the old version is gone
    assert {e.article.published for e in timeline.reader.show(limit=100)} == {RIGHT}

    # The correction is idempotent, and the file's own date (none) changes nothing back.
    [again] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    [plain] = timeline.writer.ingest([ArticleInput(str(floods))])
    assert again.status == plain.status == "duplicate"
    assert plain.published == RIGHT
    assert timeline.backend.store.length() == length + 4

    article_id, history = timeline.reader.history(first.article_id[:8])
    assert article_id == first.article_id
    assert [e.type for e in history] == ["ArticleIngested", "ArticleRevised"]
    revision = ArticleRevised.model_validate_json(history[1].data)
    assert revision.replaces == first.article_id and revision.article.published == RIGHT
    assert revision.changes == ["published"] and revision.text == FLOODS
    assert len(revision.removes or []) == 3
    _rebuilt_equals_incremental(timeline)


def test_amend_corrects_date_source_and_url_without_the_file(
    timeline: Timeline, floods: Path
) -> None:
    [first] = timeline.writer.ingest([ArticleInput(str(floods), published=WRONG)])
    floods.unlink()  # amend needs only what the log keeps
    result = timeline.writer.amend(
        first.article_id or "", published=RIGHT, source="Northwind", url=URL
    )
    assert result.status == "revised" and result.changes == ["published", "source", "url"]
    days = _days(timeline)
    assert days["Flood waters cut"] == dt.date(2023, 11, 14)
    [entry] = [e for e in timeline.reader.show(limit=100) if e.text.startswith("Flood")]
    assert (entry.article.source, entry.article.url) == ("Northwind", URL)
    # The article is found by its new URL now, not by its old one.
    assert timeline.reader.history(URL)[0] == first.article_id
    assert timeline.writer.amend(URL, published=RIGHT).status == "duplicate"
    assert timeline.writer.amend(URL, title="Floods cut off Tana River villages").changes == [
        "title"
    ]
    [titled] = {e.article.title for e in timeline.reader.show(limit=100)}
    assert titled == "Floods cut off Tana River villages"
    _, history = timeline.reader.history(URL)
    assert [e.type for e in history] == ["ArticleIngested", "ArticleRevised", "ArticleRevised"]
    _rebuilt_equals_incremental(timeline)


def test_retract_then_ingest_brings_the_article_back(timeline: Timeline, floods: Path) -> None:
    [first] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    article_id = first.article_id or ""
    timeline.writer.retract(article_id, "published by mistake")
    assert timeline.reader.show(limit=100) == []
    with pytest.raises(UsageError, match="off the timeline"):
        timeline.writer.amend(article_id, published=WRONG)

    [back] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    assert (back.status, back.changes, back.events) == ("revised", ["restored"], 3)
    assert _days(timeline)["Flood waters cut"] == dt.date(2023, 11, 14)
    [known] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    assert known.status == "duplicate"
    _, history = timeline.reader.history(article_id)
    assert [e.type for e in history] == ["ArticleIngested", "ArticleRetracted", "ArticleRevised"]
    assert ArticleRevised.model_validate_json(history[2].data).removes == []
    _rebuilt_equals_incremental(timeline)
    # Retracted again, and back with a corrected date at once.
    timeline.writer.retract(article_id)
    [again] = timeline.writer.ingest([ArticleInput(str(floods), published=WRONG)])
    assert again.changes == ["published", "restored"]
    assert _days(timeline)["Flood waters cut"] == dt.date(2023, 11, 7)
    _rebuilt_equals_incremental(timeline)


def test_a_restored_text_version_replaces_the_one_that_replaced_it(timeline: Timeline) -> None:
    second = FLOODS.replace("three villages", "four villages")
    [a] = timeline.writer.ingest([ArticleInput("v1", text=FLOODS, published=RIGHT, url=URL)])
    [b] = timeline.writer.ingest([ArticleInput("v2", text=second, published=RIGHT, url=URL)])
    assert b.status == "revised" and b.replaces == a.article_id
    [back] = timeline.writer.ingest([ArticleInput("v1", text=FLOODS, published=RIGHT, url=URL)])
    assert (back.status, back.article_id, back.replaces) == ("revised", a.article_id, b.article_id)
    texts = [e.text for e in timeline.reader.show(limit=100, merge=False)]
    assert any("three villages" in t for t in texts) and not any("four" in t for t in texts)
    _rebuilt_equals_incremental(timeline)


def test_a_failed_correction_leaves_the_store_as_it_was(timeline: Timeline, floods: Path) -> None:
    [first] = timeline.writer.ingest([ArticleInput(str(floods), published=WRONG)])
    store = timeline.backend.store
    length, version = store.length(), store.version()
    with pytest.raises(InputError, match="last day a timeline can hold"):
        timeline.writer.ingest([ArticleInput(str(floods), published=dt.date(9999, 12, 31))])
    with pytest.raises(UsageError, match="Nothing to amend"):
        timeline.writer.amend(first.article_id or "")
    # A writer that read the article before another corrected it writes nothing.
    seen = store.head(first.article_id or "")
    assert seen is not None
    timeline.writer.amend(first.article_id or "", published=RIGHT)
    after = store.length()
    from timeline import records

    revision = ArticleRevised(
        article=records.head_of(seen.data).article, replaces=first.article_id or "", events=0,
        ingested_at=dt.datetime.now(dt.UTC), removes=[], changes=["published"],
    )  # fmt: skip
    with pytest.raises(ConcurrencyError):
        store.append_article(first.article_id or "", [revision], head=seen.stream_id)
    assert store.length() == after == length + 4 and version != store.version()


def test_amend_refuses_an_article_whose_text_the_log_does_not_keep(timeline: Timeline) -> None:
    from tests.factories import article_records

    article_id, recs = article_records(7, events=2)  # records as older versions wrote them
    timeline.backend.store.append_article(article_id, recs)
    with pytest.raises(UsageError, match="before texts were kept"):
        timeline.writer.amend(article_id, published=RIGHT)


def test_the_same_corrections_in_memory_show_the_same(timeline: Timeline, floods: Path) -> None:
    memory = Timeline.in_memory()
    for tl in (timeline, memory):
        [first] = tl.writer.ingest([ArticleInput(str(floods), published=WRONG)])
        tl.writer.amend(first.article_id or "", published=RIGHT, source="Northwind")
        tl.writer.retract(first.article_id or "")
        tl.writer.ingest([ArticleInput(str(floods), url=URL)])
    shown = [e.model_dump() for e in timeline.reader.show(limit=100)]
    assert shown == [e.model_dump() for e in memory.reader.show(limit=100)]
    assert {e["article"]["url"] for e in shown} == {URL} and len(shown) == 3


def test_the_cli_amends_and_shows_an_articles_history(
    env: dict[str, str], floods: Path, timeline: Timeline
) -> None:
    from timeline.cli import cli

    def run(*args: str) -> tuple[int, str, str]:
        r = CliRunner().invoke(cli, list(args), env=env, prog_name="timeline")
        return r.exit_code, r.stdout, r.stderr

    code, out, _ = run("ingest", str(floods), "--published", str(WRONG))
    assert code == 0 and "3 events added" in out
    article = out.split("article ")[-1].strip(" )\n")
    code, out, _ = run("amend", article, "--published", str(RIGHT))
    assert code == 0 and f"article {article} corrected (published): 3 events" in out
    code, out, _ = run("show", "--as-of", "2023-11-20", "--since", "2023-11-14",
                       "--until", "2023-11-14")  # fmt: skip
    assert code == 0 and "Tue 14 Nov 2023" in out and "Flood waters" in out
    code, out, _ = run("ingest", str(floods), "--published", str(RIGHT))
    assert code == 0 and "already known" in out
    code, _, err = run("retract", article)
    code, out, _ = run("ingest", str(floods), "--published", str(RIGHT))
    assert code == 0 and f"article {article} restored: 3 events" in out
    code, out, _ = run("log", "--article", article)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert "ArticleIngested  ingested: published 2023-11-10" in lines[0]
    assert "ArticleRevised   corrected (published): published 2023-11-17" in lines[1]
    assert "ArticleRetracted retracted at" in lines[2]
    assert "ArticleRevised   restored: published 2023-11-17" in lines[3]
    code, out, _ = run("log", "--article", article, "--json")
    assert [json.loads(line)["type"] for line in out.splitlines()][-1] == "ArticleRevised"
    code, out, err = run("amend", article, "--published", "2023-11-31")
    assert code == 2 and "not a date" in err and out == ""
    code, out, err = run("amend", "abc", "--published", str(RIGHT), "--json")
    assert code == 2 and json.loads(out)["code"] == "UsageError"


def test_an_article_retracted_before_the_withdrawn_state_was_kept_comes_back(
    timeline: Timeline, floods: Path
) -> None:
    """A store written by a version that kept no withdrawn hash: the projection, caught
    up with the log, says the article is off the timeline."""
    [first] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    timeline.writer.retract(first.article_id or "")
    r = timeline.backend.connections.store  # type: ignore[attr-defined]
    r.delete(timeline.backend.keys.withdrawn)  # type: ignore[attr-defined]
    with pytest.raises(UsageError, match="off the timeline"):
        timeline.writer.amend(first.article_id or "", published=WRONG)
    [back] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    assert (back.status, back.changes) == ("revised", ["restored"])
    assert len(timeline.reader.show(limit=100, merge=False)) == 3
    [known] = timeline.writer.ingest([ArticleInput(str(floods), published=RIGHT)])
    assert known.status == "duplicate"
    _rebuilt_equals_incremental(timeline)
