"""The projection on a real server: order, windows, rebuild == incremental."""

from __future__ import annotations

import datetime as dt

from tests.factories import fill, projection_snapshot
from timeline.models import ArticleRetracted
from timeline.service import Timeline


def test_small_batches_equal_rebuild(timeline: Timeline) -> None:
    timeline.backend.projection.batch_size = 7  # many batches, boundaries inside articles
    fill(timeline, 20)
    timeline.project()
    incremental = projection_snapshot(timeline)
    timeline.backend.projection.batch_size = 1000
    assert timeline.rebuild() == 20 * 7
    assert projection_snapshot(timeline) == incremental
    assert len(incremental) > 20 * 6


def test_show_orders_by_start_then_rank_then_article(timeline: Timeline) -> None:
    fill(timeline, 10)
    timeline.project()
    entries = timeline.show(limit=1000, merge=False)
    assert len(entries) == 60
    keys = [(e.start, e.anchor == "publication", e.article.published, e.id) for e in entries]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    # Same answer in reverse, and paging walks the same order.
    assert timeline.show(limit=1000, reverse=True, merge=False) == entries[::-1]
    pages = [e for off in range(0, 60, 7) for e in timeline.show(limit=7, offset=off, merge=False)]
    assert pages == entries


def test_window_returns_exactly_the_overlapping_events(timeline: Timeline) -> None:
    fill(timeline, 15)
    timeline.project()
    everything = timeline.show(limit=10_000, merge=False)
    since, until = dt.date(2021, 8, 20), dt.date(2021, 8, 21)
    got = timeline.show(since=since, until=until, limit=10_000, merge=False)
    want = [e for e in everything if e.start <= until and e.end > since]
    assert got == want
    assert any(e.value == "2021" for e in got) and not any(e.value == "2021-W32" for e in got)


def test_retraction_removes_an_articles_events(timeline: Timeline) -> None:
    fill(timeline, 3)
    timeline.project()
    victim = timeline.show(limit=1, merge=False)[0].article.id
    timeline.backend.store.append_for_article(
        victim, ArticleRetracted(article_id=victim, retracted_at=dt.datetime.now(dt.UTC))
    )
    timeline.project()
    left = timeline.show(limit=1000, merge=False)
    assert len(left) == 12 and all(e.article.id != victim for e in left)
    projected = projection_snapshot(timeline)
    timeline.rebuild()
    assert projection_snapshot(timeline) == projected


def test_a_stale_batch_is_refused(timeline: Timeline) -> None:
    """Two projectors read one checkpoint; only the first one's batch applies."""
    fill(timeline, 2)
    projection = timeline.backend.projection
    keys = timeline.backend.store.keys
    pk = keys.projection(0)
    assert projection.catch_up() == 14
    moved = timeline.backend.connections.store.get(pk.checkpoint)
    # The second projector still believes the checkpoint is the start of the log.
    refused = projection._apply(keys=[keys.generation, pk.checkpoint], args=["0", "0-0", "1-1"])
    assert refused == 0
    assert timeline.backend.connections.store.get(pk.checkpoint) == moved
    # And a projector of a generation that is no longer live is refused too.
    assert projection._apply(keys=[keys.generation, pk.checkpoint], args=["5", moved, "1-1"]) == 0


def test_span_and_empty_timeline(timeline: Timeline) -> None:
    assert timeline.span() is None
    assert timeline.show(merge=False) == []
    fill(timeline, 2)
    timeline.project()
    first, last = timeline.span() or (None, None)
    entries = timeline.show(limit=100, merge=False)
    assert first == min(e.start for e in entries)
    assert last == max(e.end for e in entries) - dt.timedelta(days=1)


def test_a_read_brings_a_stale_projection_up_to_date(timeline: Timeline) -> None:
    """With no worker alive, `show` projects what the log has that the projection lacks
    (records appended by another client, or a projection of a new key format)."""
    fill(timeline, 2)
    assert timeline.backend.projection.checkpoint() == "0-0"
    assert len(timeline.show(limit=100, merge=False)) == 12
    assert timeline.status().lag == 0
