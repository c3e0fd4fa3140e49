"""The HTTP API (`timeline serve`) against a real store: httpx through the app, and a
real uvicorn server on 127.0.0.1 for the live stream."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tests.conftest import ROOT
from tests.servers import article, running
from timeline import ArticleInput, Timeline, ordering
from timeline.cli import cli
from timeline.http import create_app
from timeline.models import TimelineEntry
from timeline.settings import Settings

TOKEN = "test-token-" + "x" * 20
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DAY = dt.date(2021, 8, 22)


@pytest.fixture
def token_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_token": SecretStr(TOKEN)})


@pytest.fixture
def client(token_settings: Settings, timeline: Timeline) -> Iterator[TestClient]:
    del timeline  # its fixture drops the test's keys at the end
    with TestClient(create_app(token_settings)) as c:
        yield c


def _url(settings: Settings, tail: str = "") -> str:
    return f"/api/timelines/{settings.timeline}{tail}"


def _post(client: TestClient, settings: Settings, text: str, **params: str) -> httpx.Response:
    return client.post(_url(settings, "/articles"), content=text.encode(), params=params,
                       headers=AUTH)  # fmt: skip


# -- writes -------------------------------------------------------------------------------


def test_writes_are_refused_without_the_token(
    client: TestClient, settings: Settings, timeline: Timeline, seed_text: str
) -> None:
    url = _url(settings, "/articles")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        refused = client.post(url, content=seed_text.encode(), headers=headers)
        assert refused.status_code == 401, refused.text
        assert refused.json()["code"] == "Unauthorized"
        assert refused.headers["www-authenticate"] == "Bearer"
    assert client.delete(url + "/abcdef123456").status_code == 401
    assert timeline.backend.store.length() == 0  # nothing written


def test_a_server_without_a_token_is_read_only(
    settings: Settings, timeline: Timeline, seed_text: str
) -> None:
    with TestClient(create_app(settings)) as c:
        refused = c.post(_url(settings, "/articles"), content=seed_text.encode(), headers=AUTH)
        assert refused.status_code == 403
        assert "read-only" in refused.json()["error"]
        assert c.get("/healthz").json()["read_only"] is True
    assert timeline.backend.store.length() == 0


def test_post_is_201_new_200_known_422_unusable_with_the_clis_message(
    client: TestClient, settings: Settings, timeline: Timeline, seed_text: str,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    new = _post(client, settings, seed_text, published="2021-08-22", source="Seed Wire")
    assert new.status_code == 201, new.text
    body = new.json()
    assert body["status"] == "added" and body["events"] > 0
    assert body["published"] == "2021-08-22"
    # The same text as JSON: the same article, already known.
    known = client.post(_url(settings, "/articles"), headers=AUTH,
                        json={"text": seed_text, "published": "2021-08-22"})  # fmt: skip
    assert known.status_code == 200 and known.json()["status"] == "duplicate"
    assert known.json()["article_id"] == body["article_id"]
    # A changed text with the same URL is a revision of it: new, and it replaces the first.
    story = "https://wire.example/story"
    first = _post(client, settings, article(1, DAY), published="2021-08-22", url=story)
    revised = _post(client, settings, article(1, DAY, "(updated)"), published="2021-08-22",
                    url=story)  # fmt: skip
    assert first.status_code == revised.status_code == 201
    assert revised.json()["status"] == "revised"
    assert revised.json()["replaces"] == first.json()["article_id"]
    length = timeline.backend.store.length()

    # An unusable article: the CLI's own one-line message, and nothing written.
    monkeypatch.chdir(tmp_path)
    Path("empty.txt").write_text("   \n")
    cli_run = CliRunner().invoke(cli, ["ingest", "empty.txt"])
    assert cli_run.exit_code == 2
    message = cli_run.stderr.strip().removeprefix("timeline: error: ")
    bad = _post(client, settings, "   \n", filename="empty.txt")
    assert bad.status_code == 422
    assert bad.json() == {"error": message, "code": "InputError"}
    bad_date = _post(client, settings, seed_text + "\nmore", published="2021-02-30")
    assert bad_date.status_code == 422 and "is not a date" in bad_date.json()["error"]
    bad_json = client.post(_url(settings, "/articles"), headers=AUTH, json={"txt": "x"})
    assert bad_json.status_code == 422 and "text" in bad_json.json()["error"]
    assert timeline.backend.store.length() == length


def test_the_size_limit_is_the_clis(
    settings: Settings, timeline: Timeline
) -> None:
    small = settings.model_copy(update={"api_token": SecretStr(TOKEN), "max_file_bytes": 200})
    with TestClient(create_app(small)) as c:
        big = c.post(_url(settings, "/articles"), content=b"Title\n\n" + b"word " * 100,
                     headers=AUTH)  # fmt: skip
        assert big.status_code == 422
        assert "over the limit of 200" in big.json()["error"]
    assert timeline.backend.store.length() == 0


def test_retract_takes_an_articles_entries_off(
    client: TestClient, settings: Settings, seed_text: str
) -> None:
    added = _post(client, settings, seed_text, published="2021-08-22").json()
    events = client.get(_url(settings, "/events"), params={"limit": 1000}).json()
    assert any(e["article"]["id"] == added["article_id"] for e in events)
    gone = client.delete(_url(settings, f"/articles/{added['article_id'][:12]}"), headers=AUTH,
                         params={"reason": "test"})  # fmt: skip
    assert gone.status_code == 200 and gone.json() == {"retracted": added["article_id"]}
    assert client.get(_url(settings, "/events")).json() == []
    missing = client.delete(_url(settings, "/articles/ffffffffffff"), headers=AUTH)
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound"


# -- reads --------------------------------------------------------------------------------


def test_events_are_the_objects_of_show_json(
    client: TestClient, settings: Settings, seed_text: str
) -> None:
    assert _post(client, settings, seed_text, published="2021-08-22").status_code == 201
    words = ["--since", "Friday", "--until", "Sunday", "--as-of", "2021-08-22"]
    shown = CliRunner().invoke(cli, ["show", *words, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    window = {"since": "Friday", "until": "Sunday", "as_of": "2021-08-22"}
    api = client.get(_url(settings, "/events"), params=window)
    assert api.status_code == 200
    assert api.json() == json.loads(shown.stdout) != []
    # Words the CLI refuses, refused the same way.
    bad = client.get(_url(settings, "/events"), params={"since": "blorp"})
    assert bad.status_code == 400 and bad.json()["code"] == "QueryError"
    assert "--since 'blorp' is not a time I understand" in bad.json()["error"]
    assert client.get("/api/timelines/no-such-one/events").status_code == 404
    assert client.get(_url(settings, "/events"), params={"cursor": "garbage"}).status_code == 400


def test_timelines_and_one_timeline(client: TestClient, settings: Settings, seed_text: str) -> None:
    _post(client, settings, seed_text, published="2021-08-22")
    names = [t["name"] for t in client.get("/api/timelines").json()]
    assert settings.timeline in names
    one = client.get(_url(settings)).json()
    assert one["articles"] == 1 and one["events"] > 0 and one["lag"] == 0
    assert one["checkpoint"] == one["log_version"] and one["last"] == "2021-08-22"


def test_a_repeated_conditional_export_is_304_until_something_changes(
    client: TestClient, settings: Settings, seed_text: str
) -> None:
    _post(client, settings, seed_text, published="2021-08-22")
    url = _url(settings, "/export.ics")
    first = client.get(url)
    assert first.status_code == 200 and first.text.startswith("BEGIN:VCALENDAR")
    assert first.headers["content-type"].startswith("text/calendar")
    etag = first.headers["etag"]
    assert first.headers["last-modified"].endswith("GMT")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    head = client.head(url)  # what a calendar app may ask first
    assert head.status_code == 200 and head.headers["etag"] == etag and head.content == b""
    # Another format or window is another ETag; a new article changes them all.
    assert client.get(_url(settings, "/export.csv")).headers["etag"] != etag
    _post(client, settings, article(1, dt.date(2021, 8, 10)), published="2021-08-22")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    for tail in ("/export.json", "/export.md", "/export.html", "/timelinejs.json"):
        assert client.get(_url(settings, tail)).status_code == 200, tail
    assert client.get(_url(settings, "/export.pdf")).status_code == 400


def test_cursor_pages_stay_right_while_articles_are_appended(
    client: TestClient, settings: Settings
) -> None:
    for i in range(8):
        day = dt.date(2021, 8, 1) + dt.timedelta(days=3 * i)
        assert _post(client, settings, article(i, day), published="2021-08-30").status_code == 201
    everything = client.get(_url(settings, "/events"), params={"merge": "false", "limit": 1000})
    before = {e["id"] for e in everything.json()}
    assert len(before) >= 16

    # A writer appends articles dated all over the timeline while a reader pages.
    stop = threading.Event()
    appended: list[int] = []

    def write() -> None:
        i = 100
        while not stop.is_set() and i < 130:
            day = dt.date(2021, 7, 20) + dt.timedelta(days=(i * 7) % 45)
            _post(client, settings, article(i, day), published="2021-09-15")
            appended.append(i)
            i += 1

    writer = threading.Thread(target=write)
    writer.start()
    seen: list[TimelineEntry] = []
    cursor: str | None = None
    try:
        while True:
            params = {"merge": "false", "limit": "3", **({"cursor": cursor} if cursor else {})}
            page = client.get(_url(settings, "/events"), params=params)
            assert page.status_code == 200
            seen += [TimelineEntry.model_validate(e) for e in page.json()]
            cursor = page.headers.get("x-next-cursor")
            if cursor is None:
                break
            assert f"cursor={cursor}" in page.headers["link"]
    finally:
        stop.set()
        writer.join()
    assert appended  # the pages were read while articles came in
    ids = [e.id for e in seen]
    assert len(ids) == len(set(ids))  # nothing twice
    assert before <= set(ids)  # nothing that was there is skipped
    keys = [ordering.entry_key(e) for e in seen]
    assert keys == sorted(keys)  # in timeline order across pages


def test_healthz_and_metrics(client: TestClient, settings: Settings, timeline: Timeline,
                             seed_text: str) -> None:  # fmt: skip
    assert client.get("/healthz").json() == {
        "status": "ok", "store": "ok", "queue": "ok", "read_only": False
    }
    _post(client, settings, seed_text, published="2021-08-22")
    client.get(_url(settings, "/events"))
    text = client.get("/metrics").text
    name = settings.timeline
    length = timeline.backend.store.length()
    assert f'timeline_log_records{{timeline="{name}"}} {length}\n' in text
    assert f'timeline_projection_lag_records{{timeline="{name}"}} 0\n' in text
    assert f'timeline_queue_jobs{{queue="{settings.queue_name}",state="queued"}} 0\n' in text
    assert f'timeline_live_workers{{queue="{settings.queue_name}"}} 0\n' in text
    route = 'method="GET",route="/api/timelines/{name}/events",status="200"'
    assert f"timeline_http_request_duration_seconds_count{{{route}}} 1\n" in text
    assert f'timeline_http_request_duration_seconds_bucket{{{route},le="+Inf"}} 1\n' in text


def test_docs_list_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    tails = ("", "/events", "/export.{ext}", "/timelinejs.json", "/articles",
             "/articles/{article}", "/stream")  # fmt: skip
    assert {f"/api/timelines/{{name}}{t}" for t in tails} <= paths
    assert {"/api/timelines", "/healthz", "/metrics", "/t/{name}"} <= paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn." not in docs.text  # its assets are the app's
    scripts = re.findall(r'src="([^"]+\.js)"', docs.text)
    assert scripts and all(client.get(src).status_code == 200 for src in scripts)


# -- the live page, server-rendered -----------------------------------------------------


def test_the_page_works_without_javascript(
    client: TestClient, settings: Settings, seed_text: str
) -> None:
    _post(client, settings, seed_text, published="2021-08-22")
    page = client.get(f"/t/{settings.timeline}")
    assert page.status_code == 200
    text = page.text
    assert "<main" in text and 'role="search"' in text and "<h1>" in text
    assert "Friday 20 August 2021" in text and "<code>" not in text
    assert '<script src="/static/live.js" defer></script>' in text  # own script, no CDN
    assert "http" not in "".join(line for line in text.splitlines() if "<script" in line)
    everything = text.count('class="entry"')
    asked = {"since": "Friday", "until": "Saturday", "as_of": "2021-08-22"}
    window = client.get(f"/t/{settings.timeline}", params=asked)
    assert 0 < window.text.count('class="entry"') < everything
    assert 'value="Friday"' in window.text  # the form keeps what was asked
    bad = client.get(f"/t/{settings.timeline}", params={"since": "blorp"})
    assert bad.status_code == 400 and "is not a time I understand" in bad.text
    assert client.get("/t/no-such-one").status_code == 404
    assert client.get("/static/live.js").status_code == 200
    assert client.get("/static/timeline.css").headers["content-type"].startswith("text/css")


# -- the stream, on a real server ---------------------------------------------------------


def _next_event(lines: Iterator[str], kind: str) -> tuple[str, dict[str, object]]:
    """The id and data of the stream's next event of `kind`."""
    event_id, name = "", ""
    for line in lines:
        if line.startswith("id: "):
            event_id = line[4:]
        elif line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: ") and name == kind:
            return event_id, json.loads(line[6:])
    raise AssertionError(f"the stream ended before an {kind!r} event")


def test_the_stream_delivers_an_article_ingested_after_it_opened(
    token_settings: Settings, timeline: Timeline, seed_text: str
) -> None:
    app = create_app(token_settings)
    name = token_settings.timeline
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        url = f"/api/timelines/{name}/articles"
        first = http.post(url, headers=AUTH, content=article(1, DAY).encode(),
                          params={"published": "2021-08-23"})  # fmt: skip
        assert first.status_code == 201
        with http.stream("GET", f"/api/timelines/{name}/stream") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert next(lines) == "retry: 2000"
            opened_at = next(lines).removeprefix("id: ")
            added = http.post(url, headers=AUTH, content=seed_text.encode(),
                              params={"published": "2021-08-22"})  # fmt: skip
            assert added.status_code == 201
            event_id, data = _next_event(lines, "entries")
        assert data["article_id"] == added.json()["article_id"]
        entries = data["entries"]
        assert isinstance(entries, list) and len(entries) == added.json()["events"]
        assert event_id == timeline.backend.projection.checkpoint()

        # Resumed from where it was opened, it tells the same article again.
        with http.stream("GET", f"/api/timelines/{name}/stream",
                         headers={"Last-Event-ID": opened_at}) as again:  # fmt: skip
            resumed_id, resumed = _next_event(again.iter_lines(), "entries")
        assert resumed == data and resumed_id == event_id
        bad = http.get(f"/api/timelines/{name}/stream", headers={"Last-Event-ID": "x"})
        assert bad.status_code == 400


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("merge", [True, False])
def test_pages_add_up_to_the_whole_read(
    client: TestClient, settings: Settings, timeline: Timeline, seed_text: str,
    merge: bool, reverse: bool,
) -> None:  # fmt: skip
    from timeline.sources import expand

    examples = str(ROOT / "examples" / "baghlan")
    assert len(timeline.writer.ingest([ArticleInput(n) for n in expand([examples])])) == 3
    _post(client, settings, seed_text, published="2021-08-22")
    whole = timeline.reader.show(limit=1000, merge=merge, reverse=reverse)
    if merge:
        assert any(e.reports for e in whole)  # the examples' two reports of one recapture
    flags = {"merge": str(merge).lower(), "reverse": str(reverse).lower(), "limit": "4"}
    pages: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        more = {"cursor": cursor} if cursor else {}
        page = client.get(_url(settings, "/events"), params=flags | more)
        pages += page.json()
        cursor = page.headers.get("x-next-cursor")
        if cursor is None:
            break
    assert pages == [e.model_dump(mode="json") for e in whole]


def test_live_streams_are_limited(settings: Settings, timeline: Timeline) -> None:
    del timeline
    app = create_app(settings.model_copy(update={"max_streams": 1}))
    name = settings.timeline
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        # The timeline must exist: one article, through the writer of the same store.
        app.state.service.timeline(name).writer.ingest(
            [ArticleInput("a.txt", text=article(1, DAY), published=DAY)]
        )
        with http.stream("GET", f"/api/timelines/{name}/stream") as first:
            lines = first.iter_lines()  # kept: a dropped iterator closes the stream
            assert next(lines) == "retry: 2000"
            second = http.get(f"/api/timelines/{name}/stream")
            assert second.status_code == 503 and second.json()["code"] == "Overloaded"
        # Once the client has gone, its place is free again.
        for _ in range(200):
            if app.state.service.streams == 0:
                break
            time.sleep(0.05)
        with http.stream("GET", f"/api/timelines/{name}/stream") as third:
            assert third.status_code == 200


def test_cors_is_off_unless_configured(settings: Settings, timeline: Timeline) -> None:
    del timeline
    asked = {"Origin": "https://news.example", "Access-Control-Request-Method": "GET"}
    with TestClient(create_app(settings)) as c:
        plain = c.get("/healthz", headers={"Origin": "https://news.example"})
        assert "access-control-allow-origin" not in plain.headers
    allowed = settings.model_copy(update={"cors_origins": "https://news.example"})
    with TestClient(create_app(allowed)) as c:
        preflight = c.options("/api/timelines", headers=asked)
        assert preflight.headers["access-control-allow-origin"] == "https://news.example"
        other = c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_kept_bodies_stay_within_their_budget() -> None:
    from timeline.http.service import Bodies

    bodies = Bodies(budget=100)
    for i in range(10):
        bodies.put(f'"{i}"', bytes(20), None)
    assert bodies.size <= 100
    assert bodies.get('"0"') is None and bodies.get('"9"') == (bytes(20), None)
    bodies.put('"big"', bytes(60), None)  # over a quarter of the budget: not kept
    assert bodies.get('"big"') is None


def test_the_app_runs_on_the_in_memory_adapters(seed_text: str) -> None:
    """The HTTP face needs only the application's ports: the in-memory timeline serves."""
    memory = Timeline.in_memory("mem")
    settings = Settings(timeline="mem", api_token=SecretStr(TOKEN))
    with TestClient(create_app(settings, timeline=memory)) as c:
        added = c.post("/api/timelines/mem/articles", content=seed_text.encode(),
                       params={"published": "2021-08-22"}, headers=AUTH)  # fmt: skip
        assert added.status_code == 201
        shown = c.get("/api/timelines/mem/events", params={"limit": 1000}).json()
        assert shown == [e.model_dump(mode="json") for e in memory.reader.show(limit=1000)]


def test_a_read_says_how_far_the_projection_is_behind(
    client: TestClient, token_settings: Settings, timeline: Timeline
) -> None:
    from tests.factories import article_records

    timeline.backend.store.append_article(*article_records(1, events=3))
    timeline.operator.project()
    assert "X-Timeline-Lag" not in client.get(_url(token_settings, "/events")).headers
    timeline.backend.store.append_article(*article_records(2, events=3))  # not projected
    assert client.get(_url(token_settings, "/events")).headers["X-Timeline-Lag"] == "4"


def test_a_read_after_a_rebuild_reads_the_new_generation(
    client: TestClient, token_settings: Settings, timeline: Timeline
) -> None:
    from tests.factories import article_records

    timeline.backend.store.append_article(*article_records(1, events=3))
    timeline.operator.project()
    before = client.get(_url(token_settings, "/events"))
    old = timeline.backend.projection.generation()
    timeline.operator.rebuild()
    assert timeline.backend.projection.generation() != old
    after = client.get(_url(token_settings, "/events"))
    # The same entries, under another ETag (it names the generation), nothing lagging.
    assert after.json() == before.json() != [] and after.headers["ETag"] != before.headers["ETag"]
    assert "X-Timeline-Lag" not in after.headers
    timeline.backend.store.append_article(*article_records(2, events=3))
    timeline.operator.project()
    unmerged = client.get(_url(token_settings, "/events"), params={"merge": "false"})
    assert len(unmerged.json()) == 6
