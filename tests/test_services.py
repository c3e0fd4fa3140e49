"""The application's own rules, on the in-memory adapters (no server needed): what the
services decide, not how a store keeps it (tests/contract.py holds the adapters to the
ports; the Redis tests are the truth for the store, the projection and the workers)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import article_records
from timeline import ArticleInput, Query, QueryError, StoreError, Timeline, UsageError
from timeline.formats import EXPORT_FORMATS, FORMATS, Options, render
from timeline.memory import MemoryServer
from timeline.models import ArticleRetracted, ArticleRevised
from timeline.records import parse

DAY = dt.date(2021, 8, 22)
BRIDGE_V1 = """Council closes bridge | City | The Courier

The city council closed the Elm Street bridge on Friday after inspectors found cracks.
"""
BRIDGE_V2 = """Council closes bridge | City | The Courier

The city council closed the Elm Street bridge on Thursday after inspectors found cracks.
Repairs will start next month.
"""
URL = "https://courier.example/bridge"


def _ingest(tl: Timeline, name: str, text: str, **kw: str) -> str:
    [result] = tl.writer.ingest([ArticleInput(name, text=text, published=DAY, **kw)])
    return result.status


def test_a_revision_names_what_it_replaces(memory: Timeline) -> None:
    assert _ingest(memory, "v1", BRIDGE_V1, url=URL) == "added"
    first = memory.reader.show(merge=False)
    assert _ingest(memory, "v2", BRIDGE_V2, url=URL) == "revised"
    assert [e.value for e in memory.reader.show(merge=False)] == ["2021-08-19", "2021-09"]
    head = next(parse(e) for e in memory.reader.log(10) if e.type == "ArticleRevised")
    assert isinstance(head, ArticleRevised) and head.removes is not None
    assert [r.placement.member.split("|")[1] for r in head.removes] == [e.id for e in first]
    assert _ingest(memory, "v2", BRIDGE_V2, url=URL) == "duplicate"


def test_retract_by_prefix_url_or_id_names_its_removals(memory: Timeline) -> None:
    _ingest(memory, "v1", BRIDGE_V1, url=URL)
    other = """Ferry resumes | City | The Herald

The river ferry resumed service on Saturday after a week of repairs.
"""
    _ingest(memory, "ferry", other)
    ferry = next(e.article.id for e in memory.reader.show() if "ferry" in e.text)
    assert memory.writer.retract(ferry[:8], reason="test") == ferry
    record = parse(memory.reader.log(1)[0])
    assert isinstance(record, ArticleRetracted) and record.removes and record.reason == "test"
    assert memory.writer.retract(URL) != ferry
    assert memory.reader.show() == [] and memory.operator.status().events == 0
    with pytest.raises(UsageError, match="No article"):
        memory.writer.retract("ffffffffff")
    with pytest.raises(UsageError, match="at least 6 characters"):
        memory.writer.retract(ferry[:5])  # a prefix needs 6 characters


def test_one_bad_article_writes_nothing_unless_keep_going(memory: Timeline) -> None:
    inputs = [ArticleInput("good", text=BRIDGE_V1, published=DAY),
              ArticleInput("empty", text="", published=DAY)]  # fmt: skip
    with pytest.raises(UsageError, match="nothing was written"):
        memory.writer.ingest(inputs)
    assert memory.backend.store.length() == 0
    results = memory.writer.ingest(inputs, keep_going=True)
    assert [r.status for r in results] == ["added", "failed"]
    assert memory.backend.store.article_count() == 1


def test_a_write_is_visible_when_it_returns_even_if_the_workers_never_run() -> None:
    """Read-your-writes: with workers alive (here: said to be, and never running), ingest
    asks them and applies its own records itself; a read applies nothing."""
    server = MemoryServer(workers=1)
    tl = Timeline.in_memory("ryw", server=server)
    tl.backend.store.append_article(*article_records(1, events=3))  # another client's
    assert _ingest(tl, "v1", BRIDGE_V1) == "added"
    assert server.queued == ["ryw"]  # the workers were asked
    assert tl.reader.lag() == 0 and len(tl.reader.show(merge=False)) == 4
    tl.backend.store.append_article(*article_records(2, events=2))  # another client's again
    checkpoint = tl.backend.projection.checkpoint()
    assert len(tl.reader.show(merge=False)) == 4
    assert tl.operator.status().lag == 3 and tl.backend.projection.checkpoint() == checkpoint


def test_waiting_for_workers_that_never_come_is_a_clear_error() -> None:
    tl = Timeline.in_memory("wait", server=MemoryServer(workers=1))
    tl.backend.store.append_article(*article_records(1))
    tl.operator.project()
    tl.operator.wait_for_projection(0.1)  # nothing to wait for
    tl.backend.store.append_article(*article_records(2))
    with pytest.raises(StoreError, match="did not catch up"):
        tl.operator.wait_for_projection(0.1)


def test_without_workers_a_write_projects_everything(memory: Timeline) -> None:
    memory.backend.store.append_article(*article_records(1, events=3))
    _ingest(memory, "v1", BRIDGE_V1)
    assert memory.reader.lag() == 0 and memory.backend.jobs.stats().queued_jobs == 0


def test_a_query_is_parsed_once_and_says_what_is_wrong() -> None:
    q = Query(since="Friday", until="2021-08-21", as_of=DAY, min_granularity="week")
    assert q.window == (dt.date(2021, 8, 20), dt.date(2021, 8, 22))  # until is inclusive
    assert q.granularities == ("day", "week")
    assert Query(as_of="2021-08-22").as_of == DAY
    assert Query(since=DAY).window.start == DAY and Query().window == (None, None)
    with pytest.raises(QueryError, match="--since 'the blue moon' is not a time"):
        Query(since="the blue moon")
    with pytest.raises(QueryError, match="--min-granularity 'fortnight': use one of day"):
        Query(min_granularity="fortnight")
    with pytest.raises(ValueError, match="limt"):
        Query(limt=3)  # type: ignore[call-arg]


def test_filters_of_a_query(memory: Timeline) -> None:
    _ingest(memory, "v1", BRIDGE_V1, url=URL)
    _ingest(memory, "v2", BRIDGE_V2.replace("The Courier", "The Herald"))
    assert {e.article.source for e in memory.reader.show(source="the herald")} == {"The Herald"}
    assert [e.value for e in memory.reader.show(grep="REPAIRS")] == ["2021-09"]
    titled = memory.reader.show(grep="council closes")
    assert len(titled) == 3  # the grep matches titles too
    some = titled[0].article.id
    assert {e.article.id for e in memory.reader.show(article=some[:8])} == {some}
    assert memory.reader.show(min_granularity="day", merge=False)[0].value == "2021-08-19"
    page = memory.reader.show(Query(limit=1, offset=1, merge=False, reverse=True))
    assert page == memory.reader.show(merge=False, reverse=True)[1:2]
    with pytest.raises(TypeError, match="not both"):
        memory.reader.show(Query(), limit=3)


def test_stats_and_timelines(memory: Timeline) -> None:
    _ingest(memory, "v2", BRIDGE_V2)
    counts, vaguer = memory.reader.stats("day", as_of=DAY)
    assert counts == [("2021-08-19", 1)] and vaguer == 1  # "next month" is vaguer
    assert memory.reader.stats("month", Query(as_of=DAY)) == ([("2021-08", 1), ("2021-09", 1)], 0)
    other = memory.other("second")
    _ingest(other, "v1", BRIDGE_V1)
    listed = {t.name: (t.articles, t.events) for t in memory.reader.timelines()}
    assert listed == {"t-memory": (1, 2), "second": (1, 1)}


def test_every_format_is_rendered_from_one_registry(memory: Timeline) -> None:
    _ingest(memory, "v2", BRIDGE_V2)
    entries = memory.reader.show()
    assert tuple(f for f in FORMATS if f != "table") == EXPORT_FORMATS
    for fmt in FORMATS:
        assert render(entries, fmt, Options(title="Bridge")), fmt
    assert "Bridge" in render(entries, "html", Options(title="Bridge"))
    with pytest.raises(UsageError, match="No format 'pdf'"):
        render(entries, "pdf", Options())
