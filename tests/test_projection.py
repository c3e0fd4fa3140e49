"""The projection on a real server: order, windows, rebuild == incremental, and that it
applies what the records say."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import drop_timeline
from tests.factories import article_records, fill, projection_snapshot
from timeline import Timeline, defaults, ordering, records
from timeline.backend.projection import stored_end, stored_position
from timeline.models import (
    Anchor,
    ArticleIngested,
    ArticleMeta,
    ArticleRetracted,
    Event,
    EventRecorded,
)
from timeline.ports import Applied, Positioned


def test_small_batches_equal_rebuild(timeline: Timeline) -> None:
    timeline.backend.projection.batch_size = 7  # many batches, boundaries inside articles
    fill(timeline, 20)
    timeline.operator.project()
    incremental = projection_snapshot(timeline)
    timeline.backend.projection.batch_size = 1000
    assert timeline.operator.rebuild() == 20 * 7
    assert projection_snapshot(timeline) == incremental
    assert len(incremental) > 20 * 6


def test_show_orders_by_start_then_rank_then_article(timeline: Timeline) -> None:
    fill(timeline, 10)
    timeline.operator.project()
    entries = timeline.reader.show(limit=1000, merge=False)
    assert len(entries) == 60
    keys = [(e.start, e.anchor == "publication", e.article.published, e.id) for e in entries]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    # Same answer in reverse, and paging walks the same order.
    assert timeline.reader.show(limit=1000, reverse=True, merge=False) == entries[::-1]
    pages = [
        e for off in range(0, 60, 7) for e in timeline.reader.show(limit=7, offset=off, merge=False)
    ]
    assert pages == entries


def test_window_returns_exactly_the_overlapping_events(timeline: Timeline) -> None:
    fill(timeline, 15)
    timeline.operator.project()
    everything = timeline.reader.show(limit=10_000, merge=False)
    since, until = dt.date(2021, 8, 20), dt.date(2021, 8, 21)
    got = timeline.reader.show(since=since, until=until, limit=10_000, merge=False)
    want = [e for e in everything if e.start <= until and e.end > since]
    assert got == want
    assert any(e.value == "2021" for e in got) and not any(e.value == "2021-W32" for e in got)


@pytest.mark.parametrize("budget", [1, 5, 20_000])
def test_windows_equal_a_filter_of_everything_whatever_a_page_may_read(
    timeline: Timeline, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """Pages skip, on the server, what ended before the window; a call that runs out of
    its read budget returns what it has and the next one goes on from there."""
    fill(timeline, 60)
    # In the year index, 2021s that have ended by 2022 come before years that have not.
    years = [("2021", Anchor.EXPLICIT, dt.date(2021, 1, 1), dt.date(2022, 1, 1))] * 20
    years += [("P1Y", Anchor.RELATIVE, dt.date(2021, 6, 1), dt.date(2022, 6, 1))] * 5
    append_events(timeline, years, dt.date(2021, 8, 22), article="b")
    timeline.operator.project()
    everything = timeline.reader.show(limit=10_000, merge=False)
    monkeypatch.setattr(defaults, "PAGE_BUDGET", budget)
    windows = [
        (dt.date(2021, 8, 20), dt.date(2021, 8, 21)),
        (dt.date(2021, 9, 1), None),
        (dt.date(2022, 1, 1), None),  # the year index holds 2021s that end on that day
        (None, dt.date(2021, 1, 1)),
    ]
    for since, until in windows:
        want = [
            e.id for e in everything
            if (until is None or e.start < until) and (since is None or e.end > since)
        ]  # fmt: skip
        for reverse in (False, True):
            rows = timeline.backend.projection.entries(
                since, until, indexes=ordering.INDEXES, reverse=reverse, chunk=3
            )
            got = [e.id for e in rows]
            assert got == (want[::-1] if reverse else want)
    assert len(everything) == 360 + 25


def test_retraction_removes_an_articles_events(timeline: Timeline) -> None:
    fill(timeline, 3)
    timeline.operator.project()
    victim = timeline.reader.show(limit=1, merge=False)[0].article.id
    store = timeline.backend.store
    store.append_for_article(victim, retraction(victim, store))
    timeline.operator.project()
    left = timeline.reader.show(limit=1000, merge=False)
    assert len(left) == 12 and all(e.article.id != victim for e in left)
    projected = projection_snapshot(timeline)
    timeline.operator.rebuild()
    assert projection_snapshot(timeline) == projected


def test_retracting_an_article_without_events_leaves_the_others(timeline: Timeline) -> None:
    """The store takes an article of no events from API callers; retracting it must not
    stall the projection nor touch another article's events."""
    fill(timeline, 2)
    append_events(timeline, [], dt.date(2021, 8, 22), article="c")
    store = timeline.backend.store
    store.append_for_article("c" * 32, retraction("c" * 32, store))
    fill(timeline, 3)  # seeds 0 and 1 again (known, not appended) and seed 2
    assert timeline.operator.project() == timeline.backend.store.length()
    assert len(timeline.reader.show(limit=1000, merge=False)) == 18


def test_each_batch_applies_once_and_only_to_the_live_generation(timeline: Timeline) -> None:
    """Two projectors calling one after the other apply consecutive batches, never one
    twice; a projector of a generation that is no longer live writes nothing."""
    fill(timeline, 2)  # 2 articles: 14 records
    projection = timeline.backend.projection
    projection.batch_size = 5
    r = timeline.backend.connections.store
    checkpoint = projection.keys.projection(0).checkpoint
    steps = [projection.apply_next(0) for _ in range(4)]
    assert steps == [Applied(5, "more"), Applied(5, "more"), Applied(4, "end"), Applied(0, "end")]
    assert r.get(checkpoint) == timeline.backend.store.version()
    assert projection.event_count() == 12
    r.delete(checkpoint)
    before = projection_snapshot(timeline)
    assert projection.apply_next(5) == Applied(0, "stale")  # generation 0 is the live one
    assert projection.apply_next(5, live=False) == Applied(5, "more")  # a rebuild's new one
    assert r.get(checkpoint) is None and projection_snapshot(timeline) == before
    # Records given by a caller that read them after a checkpoint that has moved: nothing.
    given = records.upcast(timeline.backend.store.read(count=5), timeline.backend.store)
    assert given == []  # of today's schema: applied by the index itself, never given
    head = records.parse(timeline.backend.store.read(count=1)[0])
    positioned = [Positioned("1-0", head)]
    assert projection.apply_records(5, "9-9", positioned, live=False) == Applied(0, "moved")


def test_span_and_empty_timeline(timeline: Timeline) -> None:
    assert timeline.reader.span() is None
    assert timeline.reader.show(merge=False) == []
    fill(timeline, 2)
    timeline.operator.project()
    first, last = timeline.reader.span() or (None, None)
    entries = timeline.reader.show(limit=100, merge=False)
    assert first == min(e.start for e in entries)
    assert last == max(e.end for e in entries) - dt.timedelta(days=1)


def test_a_read_never_writes_and_says_how_far_behind_it_is(timeline: Timeline) -> None:
    """Records appended by another client are not projected by a read: `show` reads the
    projection as it is, `lag` says how far behind it is, and a projection catches up."""
    fill(timeline, 2)
    r = timeline.backend.connections.store
    keys = sorted(r.scan_iter(match=f"*{timeline.name}*"))
    assert timeline.reader.show(limit=100, merge=False) == []
    assert timeline.reader.lag() == timeline.operator.status().lag == 14
    assert sorted(r.scan_iter(match=f"*{timeline.name}*")) == keys
    assert timeline.operator.project() == 14
    assert len(timeline.reader.show(limit=100, merge=False)) == 12
    assert timeline.reader.lag() == 0


def test_the_projection_applies_the_placements_the_records_carry(timeline: Timeline) -> None:
    """Each index member is the recorded placement with its record's position: the
    projection computes no placement of its own (nothing to keep equal)."""
    published = dt.date(2021, 8, 22)
    append_events(timeline, PLACES, published)
    timeline.operator.project()
    store = timeline.backend.store
    read = store.read(count=100)
    recorded = {
        (p.index, p.score, p.member, p.end, entry.stream_id)
        for entry, record in zip(read, records.parse_run(read), strict=True)
        if isinstance(record, EventRecorded) and (p := record.placement) is not None
    }
    r = timeline.backend.connections.store
    pk = timeline.backend.keys.projection(0)
    stored = {
        (g, int(score), member.rsplit("|", 2)[0], stored_end(member), stored_position(member))
        for g in ordering.GRANULARITIES
        for member, score in r.zrange(pk.order(g), 0, -1, withscores=True)
    }
    assert stored == recorded and len(recorded) == len(PLACES)
    assert {g for g, *_ in recorded} == set(ordering.GRANULARITIES)


# (value, anchor, start, end): every index, leap days, century years, the ends of the calendar.
PLACES = [
    ("2021-08-20", Anchor.EXPLICIT, dt.date(2021, 8, 20), dt.date(2021, 8, 21)),
    ("2021-08-20T10:00", Anchor.RELATIVE, dt.date(2021, 8, 20), dt.date(2021, 8, 21)),
    ("PRESENT_REF", Anchor.PUBLICATION, dt.date(2021, 8, 22), dt.date(2021, 8, 23)),
    ("2021-W32", Anchor.RELATIVE, dt.date(2021, 8, 9), dt.date(2021, 8, 16)),
    ("2021-08", Anchor.EXPLICIT, dt.date(2021, 8, 1), dt.date(2021, 9, 1)),
    ("PAST_REF", Anchor.NARRATIVE, dt.date(2021, 7, 23), dt.date(2021, 8, 22)),
    ("2021-Q3", Anchor.EXPLICIT, dt.date(2021, 7, 1), dt.date(2021, 10, 1)),
    ("2021-H2", Anchor.EXPLICIT, dt.date(2021, 7, 1), dt.date(2022, 1, 1)),
    ("2000", Anchor.EXPLICIT, dt.date(2000, 1, 1), dt.date(2001, 1, 1)),
    ("198", Anchor.EXPLICIT, dt.date(1980, 1, 1), dt.date(1990, 1, 1)),
    ("19", Anchor.EXPLICIT, dt.date(1900, 1, 1), dt.date(2000, 1, 1)),
    ("1", Anchor.EXPLICIT, dt.date(1000, 1, 1), dt.date(2000, 1, 1)),
    ("2000-02-29", Anchor.EXPLICIT, dt.date(2000, 2, 29), dt.date(2000, 3, 1)),
    ("1900-02-28", Anchor.EXPLICIT, dt.date(1900, 2, 28), dt.date(1900, 3, 1)),
    ("0004-02-29", Anchor.EXPLICIT, dt.date(4, 2, 29), dt.date(4, 3, 1)),
    ("0001-01-01", Anchor.EXPLICIT, dt.date(1, 1, 1), dt.date(1, 1, 2)),
    ("9999-12-30", Anchor.EXPLICIT, dt.date(9999, 12, 30), dt.date(9999, 12, 31)),
    ("0001", Anchor.EXPLICIT, dt.date(1, 1, 1), dt.date(9999, 12, 31)),  # past every bound
]


def retraction(article_id: str, store: object) -> ArticleRetracted:
    """The record `Writer.retract` appends: it names the placements it removes."""
    return ArticleRetracted(
        article_id=article_id,
        retracted_at=dt.datetime.now(dt.UTC),
        removes=records.removals(article_id, store),  # type: ignore[arg-type]
    )


def append_events(
    timeline: Timeline,
    intervals: list[tuple[str, Anchor, dt.date, dt.date]],
    published: dt.date,
    article: str = "a",
) -> list[Event]:
    """One article whose events have the given (value, anchor, start, end)."""
    meta = ArticleMeta(id=article * 32, title="Calendar", source="Test Wire", published=published)
    events = [
        Event(
            id=f"{article * 16}-{i:05d}-000-00", article_id=meta.id, paragraph=i, sentence=0,
            clause=0, text=f"Event {i}.", char_start=0, char_end=9, value=value, start=start,
            end=end, anchor=anchor,
        )
        for i, (value, anchor, start, end) in enumerate(intervals)
    ]  # fmt: skip
    head = ArticleIngested(
        article=meta, events=len(events), ingested_at=dt.datetime.now(dt.UTC)
    )
    timeline.backend.store.append_article(meta.id, records.article_records(head, events))
    return events


def test_a_record_in_another_json_layout_projects_the_same(
    timeline: Timeline, request: pytest.FixtureRequest
) -> None:
    """project.lua reads an EventRecorded's placement near the ends of the record, as
    timeline.models lays it out; any other layout of the same JSON is decoded in full and
    gives the same projection."""
    import json

    from timeline.backend.scripts import register

    article_id, recs = article_records(3, events=6)
    written = [r.model_dump_json() for r in recs]
    assert all(w.startswith('{"type":"EventRecorded","schema_version":') for w in written[1:])
    assert all(w.endswith("}}") and ',"placement":{"index":' in w[-300:] for w in written[1:])
    timeline.backend.store.append_article(article_id, recs)
    timeline.operator.project()
    as_written = projection_snapshot(timeline)
    other = timeline.other(timeline.name + "-layout")
    request.addfinalizer(lambda: drop_timeline(other.backend.connections.store, other.name))
    keys = other.backend.keys
    relaid = [v for r, w in zip(recs, written, strict=True)
              for v in (r.type, json.dumps(json.loads(w), sort_keys=True, indent=1))]  # fmt: skip
    register(other.backend.connections.store, "append")(
        keys=[keys.log, keys.article_ids, keys.identities, keys.withdrawn],
        args=[article_id, "", "", "", "", "", "", "", *relaid],
    )
    other.operator.project()
    relaid_snapshot = projection_snapshot(other)
    # The same members and articles; the positions in the members are the other log's.
    def strip(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted((g, m.rsplit("|", 1)[0]) for g, m in rows if g in ordering.GRANULARITIES)

    assert strip(relaid_snapshot) == strip(as_written) and len(strip(as_written)) == 6


def test_a_read_after_the_log_is_dropped_and_written_again_shows_the_new_texts(
    timeline: Timeline,
) -> None:
    """Reads keep parsed article heads: a log written again under the same name never
    shows the old article's texts."""
    from timeline import ArticleInput

    day = dt.date(2021, 8, 22)
    first = "Old story\n\nThe old bridge collapsed on Friday."
    timeline.writer.ingest([ArticleInput("old.txt", text=first, published=day)])
    assert [e.text for e in timeline.reader.show(merge=False)] == [
        "The old bridge collapsed on Friday."
    ]
    drop_timeline(timeline.backend.connections.store, timeline.name)
    second = "New story\n\nA new school opened on Saturday."
    timeline.writer.ingest([ArticleInput("new.txt", text=second, published=day)])
    got = timeline.reader.show(merge=False)
    assert [(e.text, e.article.title) for e in got] == [
        ("A new school opened on Saturday.", "New story")
    ]

