"""What a newsroom does with a timeline: revisions, retractions, merging, filters,
folders of articles with metadata. On a real server, through the service API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.factories import projection_snapshot
from timeline import ArticleInput, Timeline
from timeline.errors import InputError, UsageError
from timeline.models import Kind

DAY = dt.date(2021, 8, 22)


def _ingest(tl: Timeline, name: str, text: str, **kw: object) -> str:
    [result] = tl.writer.ingest([ArticleInput(name, text=text, published=DAY, **kw)])  # type: ignore[arg-type]
    return result.status


BRIDGE_V1 = """Council closes bridge | City | The Courier

The city council closed the Elm Street bridge on Friday after inspectors found cracks.
"""
BRIDGE_V2 = """Council closes bridge | City | The Courier

The city council closed the Elm Street bridge on Thursday after inspectors found cracks.
Repairs will start next month.
"""


def test_a_changed_text_with_the_same_url_is_a_revision(timeline: Timeline) -> None:
    url = "https://courier.example/bridge"
    assert _ingest(timeline, "v1", BRIDGE_V1, url=url) == "added"
    assert [e.value for e in timeline.reader.show(merge=False)] == ["2021-08-20"]
    assert _ingest(timeline, "v2", BRIDGE_V2, url=url) == "revised"
    values = [e.value for e in timeline.reader.show(merge=False)]
    assert values == ["2021-08-19", "2021-09"]
    types = [entry.type for entry in timeline.reader.log(100)]
    assert types.count("ArticleIngested") == 1 and types.count("ArticleRevised") == 1
    projected = projection_snapshot(timeline)
    timeline.operator.rebuild()
    assert projection_snapshot(timeline) == projected
    # The same revision again is a duplicate; the first text again is a known article.
    assert _ingest(timeline, "v2", BRIDGE_V2, url=url) == "duplicate"


def test_same_title_and_source_without_url_is_a_revision(timeline: Timeline) -> None:
    assert _ingest(timeline, "v1", BRIDGE_V1) == "added"
    assert _ingest(timeline, "v2", BRIDGE_V2) == "revised"
    other_source = BRIDGE_V2.replace("The Courier", "The Herald")
    assert _ingest(timeline, "v3", other_source) == "added"


def test_retract_by_prefix_and_by_url(timeline: Timeline, seed_text: str) -> None:
    _ingest(timeline, "seed", seed_text)
    _ingest(timeline, "bridge", BRIDGE_V1, url="https://courier.example/bridge")
    seed_id = next(e.article.id for e in timeline.reader.show(limit=100) if "Taliban" in e.text)
    assert timeline.writer.retract(seed_id[:8], reason="test") == seed_id
    assert all(e.article.id != seed_id for e in timeline.reader.show(limit=100))
    timeline.writer.retract("https://courier.example/bridge")
    assert timeline.reader.show(limit=100) == []
    assert timeline.reader.log(1)[0].type == "ArticleRetracted"
    with pytest.raises(UsageError, match="No article"):
        timeline.writer.retract("ffffffffff")


REPORT_A = """Taliban retake Banu | Asia | Al Jazeera

The Taliban recaptured Banu district in Baghlan province on Saturday, officials said.
Separately, the health ministry opened a clinic in Herat on Saturday.
"""
REPORT_B = """Banu falls again to the Taliban | World | Reuters

Taliban fighters retook the Banu district of Baghlan on Saturday after heavy fighting,
a local commander said.
"""


def test_reports_of_one_happening_merge_into_one_entry(timeline: Timeline) -> None:
    timeline.writer.ingest([
        ArticleInput("b", text=REPORT_B, published=dt.date(2021, 8, 23)),
        ArticleInput("a", text=REPORT_A, published=DAY),
    ])  # fmt: skip
    raw = timeline.reader.show(merge=False, since="2021-08-21", until="2021-08-21")
    assert len(raw) == 3
    merged = timeline.reader.show(since="2021-08-21", until="2021-08-21")
    assert len(merged) == 2
    banu = next(e for e in merged if "Banu" in e.text)
    # The earliest report leads, the later one is listed with its source.
    assert banu.article.source == "Al Jazeera"
    assert [r.article.source for r in banu.reports] == ["Reuters"]
    clinic = next(e for e in merged if "clinic" in e.text)
    assert clinic.reports == []


def test_filters(timeline: Timeline, seed_text: str) -> None:
    timeline.writer.ingest([
        ArticleInput("seed", text=seed_text, published=DAY),
        ArticleInput("bridge", text=BRIDGE_V1, published=DAY),
    ])  # fmt: skip
    banu = timeline.reader.show(grep="banu", limit=100)
    assert banu and all("banu" in e.text.lower() for e in banu)
    titled = timeline.reader.show(grep="council closes", limit=100)
    assert titled and all(e.article.title == "Council closes bridge" for e in titled)
    assert {e.article.source for e in timeline.reader.show(source="the courier", limit=100)} == {
        "The Courier"
    }
    some = timeline.reader.show(limit=1)[0].article.id
    assert {e.article.id for e in timeline.reader.show(article=some[:10], limit=100)} == {some}
    days = timeline.reader.show(min_granularity="day", limit=100)
    assert days and all((e.end - e.start).days == 1 for e in days)
    weeks = timeline.reader.show(min_granularity="week", limit=100)
    assert any(e.value == "2021-W32" for e in weeks) and not any(e.value == "198" for e in weeks)


def test_timelines_and_stats(timeline: Timeline, seed_text: str) -> None:
    _ingest(timeline, "seed", seed_text)
    other = timeline.other(timeline.name + "-b")
    try:
        _ingest(other, "bridge", BRIDGE_V1)
        listed = {t.name: t for t in timeline.reader.timelines()}
        assert listed[timeline.name].articles == 1 and listed[other.name].events == 1
        assert listed[timeline.name].first == dt.date(1980, 1, 1)
        counts, vaguer = timeline.reader.stats("day", since="2021-08-20", as_of=DAY)
        # The publication day holds what the article states of it; its undated past
        # happenings are only bounded by it ("before 22 Aug"), and a window leaves them out.
        published_day = [e for e in timeline.reader.entries(as_of=DAY) if e.is_known
                         and e.start == dt.date(2021, 8, 22)]  # fmt: skip
        assert counts[:3] == [("2021-08-20", 1), ("2021-08-21", 1),
                              ("2021-08-22", len(published_day))]  # fmt: skip
        assert vaguer == 0
        assert timeline.reader.uncertain(since="2021-08-20", as_of=DAY) > 0
        _, vaguer = timeline.reader.stats("day", as_of=DAY)
        bounded = [e for e in timeline.reader.entries(as_of=DAY) if not e.is_known]
        assert vaguer == 2 + len(bounded)  # the 1980s, week 32 and the bounded ones
    finally:
        r = other.backend.connections.store
        r.delete(*r.keys(f"{{timeline:{other.name}}}*"))
        r.srem("timeline:names", other.name)


def test_folder_with_front_matter_sidecar_and_html(timeline: Timeline, tmp_path: Path) -> None:
    from timeline.sources import expand

    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text(BRIDGE_V1)
    (tmp_path / "one.txt.json").write_text(json.dumps(
        {"url": "https://courier.example/bridge", "published": "2021-08-22"}
    ))  # fmt: skip
    (tmp_path / "sub" / "two.md").write_text(
        "---\ntitle: Market reopens\nsource: Kabul Times\npublished: 2021-08-22\n---\n"
        "The central market reopened on Saturday after a week of closures.\n"
    )
    (tmp_path / "sub" / "three.html").write_text(
        "<html><head><title>Flights resume</title>"
        '<meta property="article:published_time" content="2021-08-22T09:00:00Z"></head>'
        "<body><nav>Home | World</nav><article><h1>Flights resume</h1>"
        "<p>Commercial flights resumed at Kabul airport on Friday for the first time in a "
        "week, airport officials said.</p><p>Airlines expect more routes to open next month"
        ".</p></article><footer>Copyright</footer></body></html>"
    )
    (tmp_path / "notes.csv").write_text("ignored,not,an,article\n")
    names = expand([str(tmp_path)])
    assert [Path(n).name for n in names] == ["one.txt", "three.html", "two.md"]
    results = timeline.writer.ingest([ArticleInput(n) for n in names])
    assert [r.status for r in results] == ["added"] * 3
    assert all(r.published == DAY and r.published_from == "given" for r in results)
    entries = timeline.reader.show(limit=100, merge=False)
    by_word = {word: next(e for e in entries if word in e.text)
               for word in ("bridge", "market", "flights")}  # fmt: skip
    assert by_word["bridge"].article.url == "https://courier.example/bridge"
    assert by_word["market"].article.source == "Kabul Times"
    assert by_word["market"].value == "2021-08-21"
    assert by_word["flights"].value == "2021-08-20"
    # "Airlines expect ... to open next month": the opening is an entry of its own.
    opening = next(e for e in entries if e.text == "to open next month")
    assert opening.value == "2021-09" and opening.kind is Kind.PLANNED
    assert by_word["flights"].article.title == "Flights resume"
    assert "Copyright" not in " ".join(e.text for e in entries)


def test_a_bad_file_among_good_ones_writes_nothing_unless_keep_going(
    timeline: Timeline, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(BRIDGE_V1)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    inputs = [ArticleInput(str(good), published=DAY), ArticleInput(str(bad), published=DAY)]
    with pytest.raises(InputError, match="nothing was written"):
        timeline.writer.ingest(inputs)
    assert timeline.backend.store.length() == 0
    results = timeline.writer.ingest(inputs, keep_going=True)
    assert [r.status for r in results] == ["added", "failed"]
    assert "binary" in (results[1].error or "")
    assert timeline.backend.store.article_count() == 1


def test_the_example_folder_merges_two_reports_of_banu(timeline: Timeline) -> None:
    """examples/baghlan: a wire story (sidecar), a Markdown story (front matter) and an
    HTML page, three sources; two of them report the recapture of Banu differently."""
    from tests.conftest import ROOT
    from timeline.sources import expand

    folder = str(ROOT / "examples" / "baghlan")
    results = timeline.writer.ingest([ArticleInput(n) for n in expand([folder])])
    assert [r.status for r in results] == ["added"] * 3
    saturday = timeline.reader.show(since="2021-08-21", until="2021-08-21", limit=100)
    banu = [e for e in saturday if "Banu" in e.text]
    assert len(banu) == 1
    assert [a.source for a in banu[0].sources] == ["Kabul Courier", "The Valley Herald"]
    # The wire's spokesman said on Saturday what the group would do: a plan, after the
    # saying, reported on Saturday; not in Saturday's window, and merged into nothing.
    (plan,) = [e for e in timeline.reader.show(limit=100) if "spokesman" in e.text]
    assert plan.kind.value == "planned" and plan.reports == []
    assert (plan.start, plan.end) == (dt.date(2021, 8, 22), None)
    assert plan.reported is not None and plan.reported.start == dt.date(2021, 8, 21)
    assert not any("spokesman" in e.text for e in saturday)
