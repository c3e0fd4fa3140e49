"""The contract of the ports (`timeline.ports`): one suite, run against every adapter.

The shape of the eventsourcing library's tests/persistence.py: `BackendContract`
holds the tests; tests/test_contract.py subclasses it once per adapter with a
`backend` fixture (a fresh timeline's ports) and `append_raw` (a record stored as
an older version of the program stored it). An adapter that passes is one the
services can run on.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from tests.factories import article_records
from timeline import ordering, records
from timeline.errors import ConcurrencyError
from timeline.models import SCHEMA_VERSION, ArticleRetracted
from timeline.ports import START, Applied, Backend, Positioned, ReadState, behind
from timeline.services import Projector


class BackendContract:
    """Every adapter behaves like this. `backend` is a fresh timeline's ports."""

    def append_raw(self, backend: Backend, article_id: str, rows: list[tuple[str, str]]) -> None:
        """Append (type, data) rows for an article exactly as given."""
        raise NotImplementedError

    # -- the event log ---------------------------------------------------------------

    def test_an_empty_log(self, backend: Backend) -> None:
        store = backend.store
        assert store.version() == START and store.length() == 0
        assert store.read() == [] and store.tail(5) == []
        assert store.article_ids() == [] and store.article_count() == 0
        assert store.head("nope") is None and not store.known("nope")

    def test_append_is_idempotent_per_article(self, backend: Backend) -> None:
        store = backend.store
        article_id, recs = article_records(1, events=4)
        first = store.append_article(article_id, recs)
        again = store.append_article(article_id, recs)
        assert first.status == "appended"
        assert again.status == "duplicate" and again.stream_id == first.stream_id
        assert store.length() == 5 and store.known(article_id)
        assert store.article_ids() == [article_id] and store.article_count() == 1
        assert [e.type for e in store.read()] == ["ArticleIngested"] + ["EventRecorded"] * 4
        assert [e.data for e in store.read()] == [data for _, data in records.encode(recs)]
        assert store.version() == store.read()[-1].stream_id
        assert backend.name in backend.timeline_names()

    def test_positions_order_the_log(self, backend: Backend) -> None:
        store = backend.store
        for seed in range(3):
            store.append_article(*article_records(seed, events=2))
        entries = store.read()
        positions = [e.stream_id for e in entries]
        assert all(behind(a, b) for a, b in itertools.pairwise(positions))
        assert store.read(after=positions[3], count=2) == entries[4:6]
        assert store.read(after=positions[-1]) == []
        assert store.tail(2) == entries[-2:]

    def test_head_is_the_first_record_of_an_article_and_its_events_follow(
        self, backend: Backend
    ) -> None:
        store = backend.store
        store.append_article(*article_records(1, events=2))
        article_id, recs = article_records(2, events=3)
        appended = store.append_article(article_id, recs)
        head = store.head(article_id)
        assert head is not None and head.stream_id == appended.stream_id
        stored = [data for _, data in records.encode(recs)]
        assert head.data == stored[0] == recs[0].model_dump_json()
        assert [e.data for e in store.read(after=head.stream_id, count=3)] == stored[1:]
        assert records.parse_run([head, *store.read(after=head.stream_id, count=3)]) == recs

    def test_expected_version_refuses_a_moved_log(self, backend: Backend) -> None:
        store = backend.store
        seen = store.version()
        a, recs = article_records(1)
        store.append_article(a, recs, expected_version=seen)
        b, others = article_records(2)
        with pytest.raises(ConcurrencyError):
            store.append_article(b, others, expected_version=seen)
        assert not store.known(b) and store.length() == len(recs)
        store.append_article(b, others, expected_version=store.version())
        assert store.known(b)

    def test_an_identity_names_one_article_and_moves_only_from_its_holder(
        self, backend: Backend
    ) -> None:
        store = backend.store
        a, recs = article_records(1)
        store.append_article(a, recs, identity="url:x", previous=None)
        assert store.current_for("url:x") == a
        b, others = article_records(2)
        with pytest.raises(ConcurrencyError):
            store.append_article(b, others, identity="url:x", previous=None)
        assert not store.known(b) and store.current_for("url:x") == a
        store.append_article(b, others, identity="url:x", previous=a)
        assert store.current_for("url:x") == b and store.current_for("url:y") is None

    def test_a_record_for_an_unknown_article_writes_nothing(self, backend: Backend) -> None:
        store = backend.store
        retraction = ArticleRetracted(
            article_id="nope", retracted_at=dt.datetime.now(dt.UTC), removes=[]
        )
        assert store.append_for_article("nope", retraction).status == "unknown"
        assert store.length() == 0
        a, recs = article_records(1)
        store.append_article(a, recs)
        done = store.append_for_article(a, retraction.model_copy(update={"article_id": a}))
        assert done.status == "appended" and store.version() == done.stream_id

    def test_durability_is_a_phrase(self, backend: Backend) -> None:
        assert backend.store.durability()

    # -- the projection ---------------------------------------------------------------

    def test_apply_next_in_batches_moves_the_checkpoint(self, backend: Backend) -> None:
        projection = backend.projection
        assert projection.apply_next(0) == Applied(0, "end")
        for seed in range(2):
            backend.store.append_article(*article_records(seed, events=6))  # 14 records
        projection.batch_size = 5
        steps = [projection.apply_next(0) for _ in range(4)]
        assert steps == [
            Applied(5, "more"), Applied(5, "more"), Applied(4, "end"), Applied(0, "end")
        ]  # fmt: skip
        assert projection.checkpoint() == projection.checkpoint(0) == backend.store.version()
        assert projection.event_count() == 12

    def test_only_the_live_generation_is_written_when_live(self, backend: Backend) -> None:
        backend.store.append_article(*article_records(1, events=2))
        projection = backend.projection
        assert projection.apply_next(7) == Applied(0, "stale")
        assert projection.checkpoint(7) == START
        assert projection.apply_next(7, live=False) == Applied(3, "end")
        assert projection.checkpoint(7) == backend.store.version()
        assert projection.checkpoint() == START and projection.event_count() == 0

    def test_given_records_apply_only_after_the_checkpoint_they_were_read_after(
        self, backend: Backend
    ) -> None:
        store, projection = backend.store, backend.projection
        store.append_article(*article_records(1, events=2))
        read = store.read()
        parsed = records.parse_run(read)
        given = [Positioned(e.stream_id, r) for e, r in zip(read, parsed, strict=True)]
        assert projection.apply_records(0, "9-9", given) == Applied(0, "moved")
        assert projection.apply_records(3, START, given) == Applied(0, "stale")
        assert projection.apply_records(0, START, given).count == 3
        assert projection.checkpoint() == store.version() and projection.event_count() == 2

    def test_a_record_of_an_older_schema_stops_apply_next(self, backend: Backend) -> None:
        store, projection = backend.store, backend.projection
        store.append_article(*article_records(1, events=2))
        old_id, recs = article_records(2, events=2)
        rows = [(r.type, r.model_dump_json(exclude={"placement"}).replace(
            f'"schema_version":{SCHEMA_VERSION}', '"schema_version":1')) for r in recs]  # fmt: skip
        self.append_raw(backend, old_id, rows)
        assert projection.apply_next(0) == Applied(3, "upcast")
        assert projection.apply_next(0) == Applied(0, "upcast")
        assert Projector(backend).catch_up() == 3
        assert projection.checkpoint() == store.version() and projection.event_count() == 4

    def test_entries_are_the_window_in_timeline_order(self, backend: Backend) -> None:
        for seed in range(12):
            backend.store.append_article(*article_records(seed, events=6))
        Projector(backend).catch_up()
        projection = backend.projection
        everything = list(projection.entries(None, None, indexes=ordering.INDEXES))
        assert len(everything) == 72 == projection.event_count()
        keys = [(e.start, e.anchor == "publication", e.article.published) for e in everything]
        assert [k[0] for k in keys] == sorted(k[0] for k in keys)
        backwards = projection.entries(None, None, indexes=ordering.INDEXES,
                                       reverse=True)  # fmt: skip
        assert list(backwards) == everything[::-1]
        since, until = dt.date(2021, 8, 20), dt.date(2021, 8, 23)
        window = list(projection.entries(since, until, indexes=ordering.INDEXES))
        assert window == [e for e in everything if e.start < until and e.end > since]
        days = list(projection.entries(None, None, indexes=("day",)))
        assert days == [e for e in everything if (e.end - e.start).days == 1]
        span = projection.span()
        assert span == (everything[0].start, max(e.end for e in everything) - dt.timedelta(1))

    def test_bounded_events_sort_at_their_bound_and_may_fall_in_a_window(
        self, backend: Backend
    ) -> None:
        for seed in range(10):
            backend.store.append_article(*article_records(seed, events=6, bounded=True))
        Projector(backend).catch_up()
        projection = backend.projection
        everything = list(projection.entries(None, None, indexes=ordering.INDEXES))
        bounded = [e for e in everything if not e.is_known]
        assert bounded and len(everything) == 60 == projection.event_count()
        days = [ordering.sort_day(e.start, e.end) for e in everything]
        assert days == sorted(days)  # at the nearest bound: "before 22 Aug" on the 21st
        since, until = dt.date(2021, 8, 20), dt.date(2021, 8, 23)
        stated = list(projection.entries(since, until, indexes=ordering.GRANULARITIES))
        assert all(e.is_known for e in stated)
        may = list(projection.entries(since, until, indexes=ordering.BOUNDED))

        def allows(e: Any) -> bool:
            return (e.end is None or e.end > since) and (e.start is None or e.start < until)

        assert {e.id for e in may} >= {e.id for e in bounded if allows(e)}
        assert all(e.end is None or e.end > since for e in may)
        assert projection.bounded_count(since, until) == len(may)
        assert projection.bounded_count(None, None) == len(bounded)

    def test_removals_take_events_off(self, backend: Backend) -> None:
        store = backend.store
        for seed in range(3):
            store.append_article(*article_records(seed, events=4))
        victim = article_records(1)[0]
        retraction = ArticleRetracted(
            article_id=victim, retracted_at=dt.datetime.now(dt.UTC),
            removes=records.removals(victim, store),
        )  # fmt: skip
        assert retraction.removes is not None and len(retraction.removes) == 4
        store.append_for_article(victim, retraction)
        Projector(backend).catch_up()
        left = list(backend.projection.entries(None, None, indexes=ordering.INDEXES))
        assert len(left) == 8 and all(e.article.id != victim for e in left)

    def test_a_generation_swaps_in_only_once_it_holds_the_whole_log(
        self, backend: Backend
    ) -> None:
        store, projection = backend.store, backend.projection
        store.append_article(*article_records(1, events=2))
        Projector(backend).catch_up()
        new = projection.new_generation()
        assert new != projection.generation()
        assert projection.swap(new) is None  # it has applied nothing yet
        while projection.apply_next(new, live=False).status != "end":
            pass
        old = projection.generation()
        assert projection.swap(new) == old and projection.generation() == new
        projection.retire(old)
        assert projection.event_count() == 2

    def test_an_articles_head_is_read_whatever_its_json_looks_like(
        self, backend: Backend
    ) -> None:
        """A head written in another key order (or spacing) gives its events the same
        article as one this program wrote: window.lua finds the id of its own heads, the
        reader parses the others."""
        import json

        article_id, recs = article_records(3, events=4)
        rows = list(records.encode(recs))
        kind, head = rows[0]
        reordered = json.dumps(json.loads(head), sort_keys=True, indent=1)
        self.append_raw(backend, article_id, [(kind, reordered), *rows[1:]])
        backend.store.append_article(*article_records(4, events=4))
        Projector(backend).catch_up()
        entries = list(backend.projection.entries(None, None, indexes=ordering.INDEXES))
        assert {e.article.id for e in entries} == {article_id, article_records(4)[0]}
        assert sorted(e.id[:16] for e in entries if e.article.id == article_id) == [
            article_id[:16]
        ] * 4

    def test_read_state_is_where_the_projection_and_the_log_are(
        self, backend: Backend
    ) -> None:
        store, projection = backend.store, backend.projection
        assert backend.read_state() == ReadState(False, projection.generation(), START, START)
        store.append_article(*article_records(1, events=2))
        state = backend.read_state()
        assert state.listed and state.checkpoint == START != state.version == store.version()
        Projector(backend).catch_up()
        assert backend.read_state() == ReadState(True, projection.generation(),
                                                 store.version(), store.version())  # fmt: skip
        new = projection.new_generation()
        while projection.apply_next(new, live=False).status != "end":
            pass
        store.append_article(*article_records(2, events=1))
        Projector(backend).catch_up()  # the live one: the new one has not swapped in
        assert backend.read_state().checkpoint == store.version() != projection.checkpoint(new)
        while projection.apply_next(new, live=False).status != "end":
            pass
        projection.swap(new)
        assert backend.read_state() == ReadState(True, new, store.version(), store.version())
        # Read in the generation named, not the live one.
        assert [e.id for e in projection.entries(None, None, indexes=ordering.INDEXES,
                                                 generation=new)] == [
            e.id for e in projection.entries(None, None, indexes=ordering.INDEXES)
        ] != []  # fmt: skip

    # -- the job queue ------------------------------------------------------------------

    def test_projection_jobs_coalesce_until_one_starts(self, backend: Backend) -> None:
        jobs = backend.jobs
        assert jobs.stats().queued_jobs == 0
        assert jobs.request_projection(backend.name)
        assert not jobs.request_projection(backend.name)
        assert jobs.stats().queued_jobs == 1
        jobs.job_started(backend.name)
        assert jobs.request_projection(backend.name)
        assert jobs.live_workers() == jobs.stats().workers == 0

    # -- several timelines ----------------------------------------------------------------

    def test_a_sibling_is_another_timeline(self, backend: Backend) -> None:
        other = backend.sibling(backend.name + "-b")
        try:
            backend.store.append_article(*article_records(1))
            assert other.name == backend.name + "-b" and other.store.length() == 0
            other.store.append_article(*article_records(2))
            assert {backend.name, other.name} <= backend.timeline_names()
        finally:
            self.drop(other)

    def drop(self, backend: Any) -> None:
        """Remove a timeline a test made besides its own."""
