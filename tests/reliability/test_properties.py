"""Fault 5: properties over any history, on a real server (hypothesis).

- For any sequence of ingests, retractions and projection runs with any batch
  sizes, the incremental projection equals a rebuild from the log.
- `show` is a total order that does not depend on arrival order: the same
  articles ingested in two orders give the same `show`.
- No temporal pattern or extraction step takes more than linear time: adversarial
  texts under a per-example deadline.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import _drop, drop_timeline
from tests.factories import article_records, projection_snapshot
from tests.reliability.helpers import cli, own_env, show_all, tempeval_articles, write_articles
from timeline import Timeline, records
from timeline.errors import InputError
from timeline.models import ArticleRetracted, ArticleRevised
from timeline.settings import Settings

pytestmark = pytest.mark.reliability


class _Timelines:
    """Fresh timelines on the test server, one per hypothesis example, dropped after."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self) -> Iterator[Timeline]:
        uid = uuid.uuid4().hex[:10]
        s = Settings(redis_url=self.url, timeline=f"p-{uid}", queue_name=f"q-{uid}")
        tl = Timeline.connect(settings=s, announce=False)
        try:
            yield tl
        finally:
            _drop(tl.backend.connections.store, s)


@pytest.fixture
def timelines(redis_url: str) -> _Timelines:
    return _Timelines(redis_url)


_op = st.one_of(
    st.tuples(st.just("ingest"), st.integers(1, 12)),  # an article with n events
    st.tuples(st.just("retract"), st.integers(0, 50)),  # the k-th ingested article
    st.tuples(st.just("project"), st.integers(1, 40)),  # a batch size
    st.tuples(st.just("retract-unknown"), st.just(0)),
    # A new version of the k-th ingested article with another publication date: a
    # correction, or a restore when it was retracted.
    st.tuples(st.just("correct"), st.integers(0, 50)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(_op, min_size=1, max_size=30), final_batch=st.integers(1, 50))
def test_incremental_projection_equals_rebuild(
    timelines: _Timelines, ops: list[tuple[str, int]], final_batch: int
) -> None:
    for tl in timelines():
        store, projection = tl.backend.store, tl.backend.projection
        ingested: list[str] = []
        retracted: set[str] = set()
        events: dict[str, int] = {}
        seeds: dict[str, int] = {}
        for seed, (op, n) in enumerate(ops):
            if op == "ingest":
                article_id, recs = article_records(seed, events=n)
                assert store.append_article(article_id, recs).status == "appended"
                ingested.append(article_id)
                events[article_id] = n
                seeds[article_id] = seed
            elif op == "correct" and ingested:
                article_id = ingested[n % len(ingested)]
                published = dt.date(2021, 6, 1) + dt.timedelta(days=seed)
                _, recs = article_records(seeds[article_id], events=events[article_id],
                                          published=published)  # fmt: skip
                head, withdrawn = store.head(article_id), store.withdrawn(article_id)
                assert head is not None and (withdrawn is not None) == (article_id in retracted)
                revision = ArticleRevised(
                    article=recs[0].article, replaces=article_id,  # type: ignore[union-attr]
                    events=events[article_id], ingested_at=dt.datetime(2021, 9, 3, tzinfo=dt.UTC),
                    removes=[] if withdrawn else records.removals(article_id, store),
                    changes=["published"],
                )  # fmt: skip
                appended = store.append_article(
                    article_id, [revision, *recs[1:]], head=head.stream_id, withdrawn=withdrawn
                )
                assert appended.status == "appended"
                retracted.discard(article_id)
            elif op == "retract" and ingested:
                article_id = ingested[n % len(ingested)]
                record = ArticleRetracted(
                    article_id=article_id, retracted_at=dt.datetime(2021, 9, 2, tzinfo=dt.UTC),
                    removes=records.removals(article_id, store),
                )  # fmt: skip
                store.append_for_article(article_id, record)
                retracted.add(article_id)
            elif op == "retract-unknown":
                record = ArticleRetracted(
                    article_id="0" * 32, retracted_at=dt.datetime(2021, 9, 2, tzinfo=dt.UTC),
                    removes=[],
                )  # fmt: skip
                assert store.append_for_article("0" * 32, record).status == "unknown"
            elif op == "project":
                projection.batch_size = n
                tl.operator.project()
        projection.batch_size = final_batch
        tl.operator.project()
        incremental = projection_snapshot(tl)
        shown = show_all(tl)
        tl.operator.rebuild()
        assert projection_snapshot(tl) == incremental
        live = sum(n for a, n in events.items() if a not in retracted)
        assert len(shown) == live
        assert {e.article.id for e in shown} <= set(ingested) - retracted


def _show_key(entries: list[Any]) -> list[str]:
    return [e.model_dump_json() for e in entries]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seeds=st.lists(st.integers(0, 10_000), min_size=2, max_size=12, unique=True),
    data=st.data(),
)
def test_show_order_is_total_and_independent_of_arrival(
    timelines: _Timelines, seeds: list[int], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(seeds))
    shows = []
    for arrival in (seeds, order):
        for tl in timelines():
            for seed in arrival:
                # Same publication date for many: ties broken by the total order only.
                article_id, records = article_records(
                    seed, events=4, published=dt.date(2021, 8, 1 + seed % 3)
                )
                tl.backend.store.append_article(article_id, records)
            tl.operator.project()
            forward, backward = show_all(tl), show_all(tl, reverse=True)
            assert _show_key(backward) == _show_key(forward)[::-1], "not a total order"
            merged = tl.reader.show(limit=100_000)
            shows.append((_show_key(forward), _show_key(merged)))
    assert shows[0] == shows[1]


def test_real_articles_in_two_orders_show_the_same(tmp_path: Path, redis_url: str) -> None:
    articles = tempeval_articles(12, seed=5)
    paths = [str(p) for p in write_articles(tmp_path, articles)]
    outputs = []
    for name, order in (("a", paths), ("b", paths[::-1])):
        env = own_env(redis_url, TIMELINE_TIMELINE=f"order-{name}-{uuid.uuid4().hex[:8]}")
        try:
            assert cli(env, "ingest", *order).returncode == 0
            out = cli(env, "show", "--format", "json", "--limit", "100000")
            assert out.returncode == 0, out.stderr
            outputs.append(json.loads(out.stdout))
        finally:
            tl = Timeline.connect(redis_url, name=env["TIMELINE_TIMELINE"], announce=False)
            drop_timeline(tl.backend.connections.store, tl.name)
    assert outputs[0] and outputs[0] == outputs[1]


# -- no super-linear pattern ----------------------------------------------------------------

# Pieces that partially match the temporal families, the sentence splitter and the
# dateline/publication-date finders: backtracking would blow up on long runs.
_PIECES = [
    "on ", "the ", "last ", "next ", "early ", "mid-", "late ", "Aug. ", "August ", "Feb. 30",
    "February 30, ", "the 45th ", "1", "19", "2021", "99999", "-", "--", "/", "'", "'8", "s",
    ".", ". ", "...", ",", ", ", " ", "\n", "\n\n", "\r\n", "(", ")", "KABUL, ", "(Reuters) -",
    "Published ", "Nov ", "14 ", "a.m.", "p.m.", ":", "30", "Q3", "fiscal ", "years ", "ago",
    "later", "days ", "two ", "twenty-", "Friday", "week", "of ", "in the ", "1980s", "century",
    "said ", "Mr.", "U.S.", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u202e", "\u00a0", "\t", "\x1b[31m",
]  # fmt: skip


_TRIED: list[int] = []


@settings(deadline=timedelta(milliseconds=4000), max_examples=80)
@given(
    parts=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30),
    reps=st.integers(1, 1200),
)
def _adversarial(parts: list[str], reps: int) -> None:
    _TRIED.append(1)
    from timeline.extract import extract
    from timeline.temporal import tag

    body = ("".join(parts) * reps)[:30_000]
    tag(body, dt.date(2021, 8, 22))
    try:
        extraction = extract(
            "A title\n\n" + body, published=dt.date(2021, 8, 22), today=dt.date(2021, 8, 22)
        )
    except InputError:  # no body left: refused with a message, which is fine
        return
    assert all(e.char_start <= e.char_end for e in extraction.events)
    assert all(a.id != b.id for a, b in itertools.pairwise(extraction.events))


def test_tag_and_extract_take_linear_time_on_adversarial_text(figures: Any) -> None:
    _TRIED.clear()
    _adversarial()
    figures.add("hostile_inputs", len(_TRIED))
