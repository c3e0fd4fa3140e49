"""Old logs replay: records of schema 1, written before events carried their placement,
of schema 2 (full JSON) and of schema 3 (compact events with their texts written out)
project as they did, alone and followed by today's records; on the real server (the
truth) and on the in-memory adapters.

tests/data/schema1-log.jsonl is a log written by the code of schema 1 (commit 2395588):
the seed article, a bridge article then its revision (same URL), and a ferry article
then its retraction. tests/data/schema1-show.json is what that code's
`show(limit=1000, merge=False)` returned for it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
import pytest

from tests.conftest import SEED
from tests.factories import projection_snapshot
from timeline import ArticleInput, StoreError, Timeline, records
from timeline.extract import extract
from timeline.models import (
    SCHEMA_VERSION,
    AnyRecord,
    ArticleIngested,
    ArticleMeta,
    ArticleRevised,
    Event,
    EventRecorded,
)
from timeline.ordering import place
from timeline.ports import LogEntry
from timeline.services.writer import _identity

DATA = Path(__file__).parent / "data"
LOG = [json.loads(line) for line in (DATA / "schema1-log.jsonl").read_text().splitlines()]
SHOWN = json.loads((DATA / "schema1-show.json").read_text())
DAY = dt.date(2021, 8, 22)
SHARED_SEED = SEED / "panjshir.txt"


@pytest.fixture(params=["redis", "memory"])
def old(request: pytest.FixtureRequest) -> Timeline:
    """A timeline whose log is the schema-1 log, appended as that code appended it."""
    tl: Timeline = request.getfixturevalue("timeline" if request.param == "redis" else "memory")
    replay(tl, LOG)
    return tl


def replay(tl: Timeline, log: list[dict[str, str]]) -> None:
    """Append the stored records as they are (no model in between), article by article."""
    at = 0
    while at < len(log):
        head = orjson.loads(log[at]["data"])
        if log[at]["type"] == "ArticleRetracted":
            _raw_append(tl, head["article_id"], [log[at]], None, None)
            at += 1
            continue
        article = ArticleMeta.model_validate(head["article"])
        events = head["events"] if "events" in head else len(head["event_ids"])  # schema 3 on
        rows = log[at : at + 1 + events]
        _raw_append(tl, article.id, rows, _identity(article), head.get("replaces"))
        at += len(rows)


def _raw_append(
    tl: Timeline, article_id: str, rows: list[dict[str, str]], identity: str | None,
    previous: str | None,
) -> None:  # fmt: skip
    backend = tl.backend
    if backend.where == "memory":
        data = backend.store.data  # type: ignore[attr-defined]
        first = f"{len(data.log) + 1}-0"
        for row in rows:
            data.log.append(LogEntry(f"{len(data.log) + 1}-0", row["type"], row["data"]))
        if rows[0]["type"] != "ArticleRetracted":
            data.article_ids[article_id] = first
            if identity:
                data.identities[identity] = article_id
        return
    from timeline.backend.scripts import register

    r, keys = backend.connections.store, backend.keys  # type: ignore[attr-defined]
    pairs = [v for row in rows for v in (row["type"], row["data"])]
    if rows[0]["type"] == "ArticleRetracted":
        register(r, "append_for")(keys=[keys.log, keys.article_ids], args=[article_id, *pairs])
    else:
        register(r, "append")(
            keys=[keys.log, keys.article_ids, keys.identities, keys.withdrawn],
            args=[article_id, "", identity or "", previous or "", "", "", "", "", *pairs],
        )
        r.sadd("timeline:names", tl.name)


# What a schema-2 entry adds, with the value a schema-1 event reads as (a stated time,
# a happening, no report): the fixture was shown before these fields existed.
SCHEMA_2_FIELDS = {"certainty": "known", "kind": "occurrence", "reported": None}


def _shown(tl: Timeline) -> list[dict[str, object]]:
    shown = []
    for e in tl.reader.show(limit=1000, merge=False):
        entry = e.model_dump(mode="json")
        for name, value in SCHEMA_2_FIELDS.items():
            assert entry.pop(name) == value, (e.id, name)
        shown.append(entry)
    return shown


def test_the_fixture_is_a_log_of_schema_1() -> None:
    assert {orjson.loads(row["data"])["schema_version"] for row in LOG} == {1}
    types = [row["type"] for row in LOG]
    assert types.count("ArticleRevised") == 1 and types.count("ArticleRetracted") == 1
    assert len(SHOWN) == 20


def test_a_schema_1_log_projects_as_it_did(old: Timeline) -> None:
    assert old.operator.project() == len(LOG)
    assert _shown(old) == SHOWN
    # The log is read, never rewritten: its records stay as the old code wrote them.
    assert [e.data for e in old.backend.store.read(count=1000)] == [r["data"] for r in LOG]


def test_a_schema_1_log_projects_the_same_in_any_batches_and_rebuilt(
    old: Timeline, request: pytest.FixtureRequest
) -> None:
    old.backend.projection.batch_size = 3  # batches that split articles
    old.operator.project()
    assert _shown(old) == SHOWN
    redis = "timeline" in request.fixturenames and old.backend.where != "memory"
    before = projection_snapshot(old) if redis else None
    old.backend.projection.batch_size = 1000
    assert old.operator.rebuild() == len(LOG)
    assert _shown(old) == SHOWN
    if redis:
        assert projection_snapshot(old) == before


def test_todays_records_after_a_schema_1_log(old: Timeline) -> None:
    """A revision and a retraction written today of articles the old code wrote: their
    removals are computed from the old records, and they apply incrementally as rebuilt."""
    old.operator.project()
    v3 = """Council closes bridge | City | The Courier

The city council reopened the Elm Street bridge on Saturday after repairs.
"""
    [revised] = old.writer.ingest(
        [ArticleInput("v3", text=v3, published=DAY, url="https://courier.example/bridge")]
    )
    assert revised.status == "revised"
    seed_id = SHOWN[0]["article"]["id"]  # type: ignore[index]
    old.writer.retract(seed_id)
    shown = _shown(old)
    assert {e["article"]["id"] for e in shown} == {revised.article_id}  # type: ignore[index]
    assert [e["value"] for e in shown] == ["2021-08-21"]
    old.operator.rebuild()
    assert _shown(old) == shown
    kinds = {records.schema_of(e.data) for e in old.backend.store.read(count=1000)}
    assert kinds == {1, SCHEMA_VERSION}


def test_upcasting_places_a_schema_1_event_as_place_does() -> None:
    published = dt.date.fromisoformat(orjson.loads(LOG[0]["data"])["article"]["published"])
    entries = [LogEntry(f"{i + 1}-0", r["type"], r["data"]) for i, r in enumerate(LOG)]
    head_count = 1 + len(orjson.loads(LOG[0]["data"])["event_ids"])

    class Log:  # the seed article alone: upcasting needs no more of the log
        def head(self, article_id: str) -> LogEntry | None:
            return entries[0]

    upcast = records.upcast(entries[:head_count], Log())  # type: ignore[arg-type]
    assert len(upcast) == head_count
    assert {p.record.schema_version for p in upcast} == {SCHEMA_VERSION}
    events = [p.record for p in upcast if isinstance(p.record, EventRecorded)]
    assert events and all(e.placement == place(e.event, published) for e in events)


def test_a_record_of_a_newer_schema_is_a_clear_error() -> None:
    newer = LogEntry("1-0", "ArticleIngested", LOG[0]["data"].replace(
        '"schema_version":1', f'"schema_version":{SCHEMA_VERSION + 1}'))  # fmt: skip
    with pytest.raises(StoreError, match="upgrade timeline"):
        records.upcast([newer], None)  # type: ignore[arg-type]


# -- schema 2 (events carried their placement, the article id, and a head its event ids) --
# tests/data/schema2-log.jsonl was written by the code of schema 2 (commit 5ef1d4d): the
# seed article, a bridge article then its revision (same URL), a ferry article then its
# retraction; tests/data/schema2-show.json is that code's `show(limit=1000, merge=False)`.
LOG2 = [json.loads(line) for line in (DATA / "schema2-log.jsonl").read_text().splitlines()]
SHOWN2 = json.loads((DATA / "schema2-show.json").read_text())


@pytest.fixture(params=["redis", "memory"])
def old2(request: pytest.FixtureRequest) -> Timeline:
    """A timeline whose log is the schema-2 log, appended as that code appended it."""
    tl: Timeline = request.getfixturevalue("timeline" if request.param == "redis" else "memory")
    replay(tl, LOG2)
    return tl


def _shown2(tl: Timeline) -> list[dict[str, object]]:
    return [e.model_dump(mode="json") for e in tl.reader.show(limit=1000, merge=False)]


def test_the_fixture_is_a_log_of_schema_2() -> None:
    assert {orjson.loads(row["data"])["schema_version"] for row in LOG2} == {2}
    types = [row["type"] for row in LOG2]
    assert types.count("ArticleRevised") == 1 and types.count("ArticleRetracted") == 1
    assert len(SHOWN2) == 21 and any(e["reported"] for e in SHOWN2)
    assert {e["certainty"] for e in SHOWN2} == {"known", "bounded"}


def test_a_schema_2_log_projects_as_it_did_in_any_batches_and_rebuilt(
    old2: Timeline, request: pytest.FixtureRequest
) -> None:
    old2.backend.projection.batch_size = 3  # batches that split articles
    assert old2.operator.project() == len(LOG2)
    assert _shown2(old2) == SHOWN2
    redis = old2.backend.where != "memory"
    before = projection_snapshot(old2) if redis else None
    old2.backend.projection.batch_size = 1000
    assert old2.operator.rebuild() == len(LOG2)
    assert _shown2(old2) == SHOWN2
    if redis:
        assert projection_snapshot(old2) == before
    assert [e.data for e in old2.backend.store.read(count=1000)] == [r["data"] for r in LOG2]


def test_todays_records_after_a_schema_2_log(old2: Timeline) -> None:
    """Compact records written after schema-2 ones: a new article, a revision and a
    retraction of articles the old code wrote (their removals read from the old records)
    apply incrementally as rebuilt, and the new article shows as the old code showed it."""
    old2.operator.project()
    bridge = """Council closes bridge | City | The Courier

The city council reopened the Elm Street bridge on Saturday after repairs.
"""
    [revised] = old2.writer.ingest(
        [ArticleInput("v3", text=bridge, published=DAY, url="https://courier.example/bridge")]
    )
    assert revised.status == "revised"
    seed_id = SHOWN2[0]["article"]["id"]
    old2.writer.retract(seed_id)
    seed = ArticleInput(str(SHARED_SEED), published=DAY, url="https://example.org/seed-again")
    [again] = old2.writer.ingest([seed])
    # The same text after its retraction, with a URL: back, as a new version of itself
    # (its schema-2 head read for what it was).
    assert (again.status, again.article_id) == ("revised", seed_id)
    assert again.changes == ["url", "restored"]
    shown = _shown2(old2)
    assert {e["article"]["id"] for e in shown} == {revised.article_id, seed_id}
    assert [e["value"] for e in shown if e["article"]["id"] == revised.article_id] == [
        "2021-08-21"
    ]
    assert {e["article"]["url"] for e in shown if e["article"]["id"] == seed_id} == {
        "https://example.org/seed-again"
    }
    [known] = old2.writer.ingest([seed])
    assert known.status == "duplicate"
    old2.operator.rebuild()
    assert _shown2(old2) == shown
    kinds = {records.schema_of(e.data) for e in old2.backend.store.read(count=1000)}
    assert kinds == {2, SCHEMA_VERSION}


def test_the_seed_reads_the_same_from_compact_records_as_from_schema_2(
    timeline: Timeline,
) -> None:
    """The seed article ingested today (compact records, through the real projection)
    shows exactly what the application's own entries of it are (the in-memory adapters
    keep the records as objects), and takes half the bytes of its schema-2 records."""
    timeline.writer.ingest([ArticleInput(str(SHARED_SEED), published=DAY)])
    plain = Timeline.in_memory()
    plain.writer.ingest([ArticleInput(str(SHARED_SEED), published=DAY)])
    today = _shown2(timeline)
    n = len(extract(SHARED_SEED.read_text(encoding="utf-8"), published=DAY, today=DAY).events)
    assert today == _shown2(plain) and len(today) == n
    stored = [e.data for e in timeline.backend.store.read(count=1000)]
    assert all(d.startswith(f"[{SCHEMA_VERSION},") for d in stored[1:])
    old = [r["data"] for r in LOG2[: len(stored)]]
    assert sum(map(len, stored[1:])) < 0.5 * sum(map(len, old[1:]))  # half the bytes


# -- schema 3 (compact events whose texts are written out) ---------------------------------
# tests/data/schema3-log.jsonl was written by the code of schema 3 (commit eb8df49): the
# seed article, a bridge article then its revision (same URL; a report, a dash, accented
# letters and a curly apostrophe: offsets count characters, not bytes), a ferry article
# then its retraction; tests/data/schema3-show.json is that code's
# `show(limit=1000, merge=False)`. The inputs, which today's code ingests again below:
LOG3 = [json.loads(line) for line in (DATA / "schema3-log.jsonl").read_text().splitlines()]
SHOWN3 = json.loads((DATA / "schema3-show.json").read_text())
BRIDGE_URL = "https://courier.example/bridge"
BRIDGE_1 = ("Council closes bridge | City | The Courier\n\nThe city council closed the Elm "
            "Street bridge on Friday, officials said.\n")  # fmt: skip
BRIDGE_2 = ("Council closes bridge | City | The Courier\n\nThe city council closed the Elm "
            "Street bridge on Friday, officials said. It will reopen next Tuesday \u2014 after "
            "repairs at the caf\u00e9 end, the mayor\u2019s office in Z\u00fcrich said on "
            "Saturday.\n")  # fmt: skip
FERRY = ("Ferry resumes | Harbour | The Herald\n\nThe ferry to the island resumed service on "
         "Thursday.\n")  # fmt: skip


def _schema3_inputs() -> list[ArticleInput]:
    return [ArticleInput(str(SHARED_SEED), published=DAY),
            ArticleInput("v1", text=BRIDGE_1, published=DAY, url=BRIDGE_URL),
            ArticleInput("v2", text=BRIDGE_2, published=DAY, url=BRIDGE_URL),
            ArticleInput("ferry", text=FERRY, published=DAY)]  # fmt: skip


@pytest.fixture(params=["redis", "memory"])
def old3(request: pytest.FixtureRequest) -> Timeline:
    """A timeline whose log is the schema-3 log, appended as that code appended it."""
    tl: Timeline = request.getfixturevalue("timeline" if request.param == "redis" else "memory")
    replay(tl, LOG3)
    return tl


def test_the_fixture_is_a_log_of_schema_3_with_its_texts_written_out() -> None:
    assert {records.schema_of(row["data"]) for row in LOG3} == {3}
    events = [orjson.loads(r["data"]) for r in LOG3 if r["type"] == "EventRecorded"]
    assert events and all(isinstance(e, list) and isinstance(e[10], str) for e in events)
    types = [row["type"] for row in LOG3]
    assert types.count("ArticleRevised") == 1 and types.count("ArticleRetracted") == 1
    assert len(SHOWN3) == 20 and any(e["reported"] for e in SHOWN3)
    assert any("Z\u00fcrich" in (e["reported"] or {}).get("text", "") for e in SHOWN3)


def test_a_schema_3_log_projects_as_it_did_in_any_batches_and_rebuilt(old3: Timeline) -> None:
    old3.backend.projection.batch_size = 3  # batches that split articles
    assert old3.operator.project() == len(LOG3)
    assert _shown2(old3) == SHOWN3
    redis = old3.backend.where != "memory"
    before = projection_snapshot(old3) if redis else None
    old3.backend.projection.batch_size = 1000
    assert old3.operator.rebuild() == len(LOG3)
    assert _shown2(old3) == SHOWN3
    if redis:
        assert projection_snapshot(old3) == before
    assert [e.data for e in old3.backend.store.read(count=1000)] == [r["data"] for r in LOG3]


def test_todays_records_after_a_schema_3_log_show_as_todays_code_alone(old3: Timeline) -> None:
    """Records of schema 4 after schema-3 ones (a revision of an article the old code
    wrote, a retraction, a new article) apply incrementally as rebuilt, and the timeline
    shows what today's code shows for the same articles written by it alone."""
    old3.operator.project()
    bridge_3 = BRIDGE_2.replace("next Tuesday", "on Wednesday")
    steps: list[ArticleInput | str] = [  # an ingest, or the id of an article to retract
        ArticleInput("v3", text=bridge_3, published=DAY, url=BRIDGE_URL),
        SHOWN3[0]["article"]["id"],
        ArticleInput("new", text=FERRY.replace("Thursday", "Sunday"), published=DAY),
    ]
    fresh = Timeline.in_memory("fresh")
    fresh.writer.ingest(_schema3_inputs())
    ferry = next(e.article.id for e in fresh.reader.show(limit=1000, merge=False)
                 if e.article.title == "Ferry resumes")  # fmt: skip
    fresh.writer.retract(ferry, reason="wrong day")
    statuses = []
    for tl in (old3, fresh):
        for what in steps:
            if isinstance(what, ArticleInput):
                statuses += [r.status for r in tl.writer.ingest([what])]
            else:
                tl.writer.retract(what)
    # The bridge revised by URL; the ferry's text after its retraction, by title and source.
    assert statuses == ["revised", "revised"] * 2
    shown = _shown2(old3)
    assert shown == _shown2(fresh)
    assert {e["article"]["title"] for e in shown} == {"Council closes bridge", "Ferry resumes"}
    old3.operator.rebuild()
    assert _shown2(old3) == shown
    kinds = {records.schema_of(e.data) for e in old3.backend.store.read(count=1000)}
    assert kinds == {3, SCHEMA_VERSION}


def test_schema_4_events_leave_out_the_texts_their_head_holds(timeline: Timeline) -> None:
    """Today's events keep a text only where it is not their article body's characters at
    its offsets, and an id only where it is not the extractor's for their place; they show
    as the application's own entries (in-memory adapters) do, in fewer bytes than with
    their texts written out (schema 3's layout)."""
    timeline.writer.ingest(_schema3_inputs()[:3])
    plain = Timeline.in_memory()
    plain.writer.ingest(_schema3_inputs()[:3])
    assert _shown2(timeline) == _shown2(plain)
    log = timeline.backend.store.read(count=1000)
    stored = [orjson.loads(e.data) for e in log if e.type == "EventRecorded"]
    assert stored and all(e[0] == SCHEMA_VERSION for e in stored)
    texts = [e[10] for e in stored]
    assert texts.count(records.IN_BODY) > 0.8 * len(texts)
    assert all(e[6] == "=" for e in stored)  # the extractor's ids: built from their places
    reports = [e[23] for e in stored if len(e) > 23 and e[23] is not None]
    assert reports and all(r[0] == records.IN_BODY for r in reports)
    articles: list[list[AnyRecord]] = []
    for record in records.parse_run(log):  # each article's records, its head without text
        if isinstance(record, ArticleIngested | ArticleRevised):
            articles.append([record.model_copy(update={"text": None})])
        elif isinstance(record, EventRecorded):
            articles[-1].append(record)
    written_out = [d for a in articles for t, d in records.encode(a) if t == "EventRecorded"]
    today = [e.data for e in log if e.type == "EventRecorded"]
    assert len(written_out) == len(today)
    assert sum(map(len, today)) < 0.6 * sum(map(len, written_out))


def test_an_event_whose_text_is_not_its_articles_keeps_it() -> None:
    """Without the article's text (a head written before texts were kept), or where the
    body does not hold the text at its offsets, the text is written out; a text left out
    cannot be read without the head's text."""
    tl = Timeline.in_memory()
    tl.writer.ingest(_schema3_inputs()[:1])
    head, *events = records.parse_run(tl.backend.store.read(count=1000))
    assert isinstance(head, ArticleIngested) and head.text is not None
    assert all(isinstance(e, EventRecorded) for e in events)
    with_text = list(records.encode([head, *events]))
    without = list(records.encode([head.model_copy(update={"text": None}), *events]))
    rows = [orjson.loads(d) for _, d in without[1:]]
    assert all(isinstance(r[10], str) for r in rows)
    elided = [orjson.loads(d) for _, d in with_text[1:]]
    assert any(r[10] == records.IN_BODY for r in elided)
    assert any(r[13] == 0 for r in elided) and any(r[6] == "=" for r in elided)
    for row, event in zip(elided, events, strict=True):  # every field read back as it was
        fields = records.event_fields(row, head.article.id, records.article_body(head.text))[0]
        assert isinstance(event, EventRecorded) and Event.model_validate(fields) == event.event
    with pytest.raises(StoreError):
        records.event_fields(next(r for r in elided if r[10] == records.IN_BODY), head.article.id)
