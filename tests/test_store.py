"""The event store on a real server: atomic, idempotent appends."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import article_records
from timeline import Timeline
from timeline import records as log_records
from timeline.errors import ConcurrencyError
from timeline.models import ArticleRetracted


def test_append_is_idempotent_per_article(timeline: Timeline) -> None:
    store = timeline.backend.store
    article_id, records = article_records(1, events=4)
    first = store.append_article(article_id, records)
    again = store.append_article(article_id, records)
    assert first.status == "appended"
    assert again.status == "duplicate" and again.stream_id == first.stream_id
    assert store.length() == 5
    assert [e.type for e in store.read()] == ["ArticleIngested"] + ["EventRecorded"] * 4


def test_expected_version_refuses_a_moved_log(timeline: Timeline) -> None:
    store = timeline.backend.store
    seen = store.version()
    assert seen == "0-0"
    a, records = article_records(1)
    store.append_article(a, records, expected_version=seen)
    b, others = article_records(2)
    with pytest.raises(ConcurrencyError):
        store.append_article(b, others, expected_version=seen)
    assert not store.known(b)
    store.append_article(b, others, expected_version=store.version())
    assert store.known(b)


def test_records_round_trip_compactly(timeline: Timeline) -> None:
    store = timeline.backend.store
    article_id, recs = article_records(3, events=2)
    store.append_article(article_id, recs)
    stored = [data for _, data in log_records.encode(recs)]
    assert [e.data for e in store.read()] == stored
    assert [e.data for e in store.tail(1)] == stored[-1:]
    assert log_records.parse_run(store.read()) == recs
    # An event's record does not repeat its article's id (nor its member, which holds it).
    assert all(article_id[:16] not in d for d in stored[1:])
    # Records of an article are at consecutive positions (an event finds its head so).
    ms = {e.stream_id.split("-")[0] for e in store.read()}
    seqs = [int(e.stream_id.split("-")[1]) for e in store.read()]
    assert len(ms) == 1 and seqs == list(range(seqs[0], seqs[0] + 3))


def test_append_for_unknown_article_writes_nothing(timeline: Timeline) -> None:
    store = timeline.backend.store
    retraction = ArticleRetracted(
            article_id="nope", retracted_at=dt.datetime.now(dt.UTC), removes=[]
        )
    assert store.append_for_article("nope", retraction).status == "unknown"
    assert store.length() == 0


def test_keys_share_one_hash_tag(timeline: Timeline) -> None:
    store = timeline.backend.store
    article_id, records = article_records(4)
    store.append_article(article_id, records)
    timeline.operator.project()
    r = timeline.backend.connections.store
    keys = list(r.scan_iter(match=f"*{timeline.name}*"))
    tagged = [k for k in keys if k.startswith(f"{{timeline:{timeline.name}}}")]
    assert len(tagged) >= 4 and set(keys) == set(tagged)
