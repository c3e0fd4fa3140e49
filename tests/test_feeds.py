"""Feeds and URLs (issue 14, item 3): `ingest URL` and `ingest FEED` against a local HTTP
server (threaded http.server on 127.0.0.1) that serves a feed and its pages with ETags,
then changes one page; and a follow run by a real worker with the scheduler.

The feed and pages are written for the test, in the style of wire reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.reliability.helpers import kill_group
from timeline import ArticleInput, Timeline
from timeline.errors import InputError
from timeline.web import Fetcher

PAGE = """<!doctype html>
<html><head><title>{title}</title></head>
<body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>"""

DAM = (
    "Engineers close spillway at Kafue Gorge",
    [
        "LUSAKA, Zambia (Northwind) - Engineers closed the main spillway at the Kafue "
        "Gorge dam on Monday after the river fell below the flood mark, the power utility said.",
        "The utility had opened the spillway on Thursday as heavy rain swelled the river.",
    ],
)
MARKET = (
    "Copper traders return to Ndola market",
    [
        "NDOLA, Zambia (Northwind) - Traders reopened the copper market in Ndola on Tuesday "
        "after a two-week closure, the city council said.",
        "The council said inspections of the market halls would be finished next month.",
    ],
)


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return PAGE.format(title=title, paragraphs=body).encode()


@dataclass
class Site:
    """What the local server serves, by path: (body, content type); and what it was asked."""

    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    requests: list[tuple[str, bool]] = field(default_factory=list)  # (path, conditional)
    slow: set[str] = field(default_factory=set)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, "If-None-Match" in self.headers))
            if self.path in site.slow:
                time.sleep(2)
            found = site.pages.get(self.path)
            if found is None:
                self.send_response(404)
                self.end_headers()
                return
            body, kind = found
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def _rss(site: Site, entries: list[tuple[str, str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{site.url(path)}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for path, title, date in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Northwind Wire</title><link>{site.base}</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def wire(site: Site, timeline: Timeline) -> Site:
    """A feed of two reports, each dated in the feed (the pages give no date)."""
    site.pages["/dam.html"] = (_page(*DAM), "text/html; charset=utf-8")
    site.pages["/market.html"] = (_page(*MARKET), "text/html; charset=utf-8")
    site.pages["/feed.xml"] = (
        _rss(site, [
            ("/dam.html", DAM[0], "Mon, 13 Nov 2023 18:00:00 +0200"),
            ("/market.html", MARKET[0], "Tue, 14 Nov 2023 23:30:00 -0500"),
        ]),
        "application/rss+xml",
    )  # fmt: skip
    # Requests go to the test's server at once: no delay per host here.
    timeline.settings = timeline.settings.model_copy(update={"fetch_delay": 0.0})
    return site


def _asked(site: Site) -> list[tuple[str, bool]]:
    asked, site.requests[:] = list(site.requests), []
    return asked


def test_a_feed_is_ingested_entry_by_entry_with_the_entries_dates(
    timeline: Timeline, wire: Site
) -> None:
    results = timeline.writer.ingest([ArticleInput(wire.url("/feed.xml"))])
    assert [r.status for r in results] == ["added", "added"]
    assert [r.published for r in results] == [dt.date(2023, 11, 13), dt.date(2023, 11, 14)]
    shown = timeline.reader.show(limit=100, merge=False)
    by_text = {e.text.split(" - ")[-1][:30]: e for e in shown}
    closed = next(e for t, e in by_text.items() if t.startswith("Engineers closed"))
    assert closed.start == dt.date(2023, 11, 13)  # "on Monday" of a Monday's report
    assert closed.article.url == wire.url("/dam.html")
    assert closed.article.source == "Northwind Wire"  # the feed's title
    reopened = next(e for e in shown if "Traders reopened" in e.text)
    assert reopened.start == dt.date(2023, 11, 14)  # the 14th in its own offset (-05:00)
    assert [p for p, _ in _asked(wire)] == ["/feed.xml", "/dam.html", "/market.html"]

    # Again: every request conditional, every answer 304, nothing read or written.
    length = timeline.backend.store.length()
    again = timeline.writer.ingest([ArticleInput(wire.url("/feed.xml"))])
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert _asked(wire) == [("/feed.xml", True), ("/dam.html", True), ("/market.html", True)]
    assert timeline.backend.store.length() == length


def test_a_changed_page_of_an_unchanged_feed_is_a_revision_by_url(
    timeline: Timeline, wire: Site
) -> None:
    first = timeline.writer.ingest([ArticleInput(wire.url("/feed.xml"))])
    dam_id = first[0].article_id
    corrected = (DAM[0], [DAM[1][0].replace("on Monday", "on Sunday"), DAM[1][1]])
    wire.pages["/dam.html"] = (_page(*corrected), "text/html; charset=utf-8")
    _asked(wire)
    results = timeline.writer.ingest([ArticleInput(wire.url("/feed.xml"))])
    statuses = {r.path: r.status for r in results}
    assert statuses == {wire.url("/dam.html"): "revised", wire.url("/market.html"): "unchanged"}
    [revised] = [r for r in results if r.status == "revised"]
    assert revised.replaces == dam_id and revised.changes == ["text"]
    closed = [e for e in timeline.reader.show(limit=100, merge=False) if "spillway" in e.text]
    assert [e.start for e in closed if "closed" in e.text] == [dt.date(2023, 11, 12)]
    assert {e.article.id for e in closed} == {revised.article_id}
    _, history = timeline.reader.history(wire.url("/dam.html"))
    assert [e.type for e in history] == ["ArticleIngested", "ArticleRevised"]


def test_a_page_url_is_ingested_and_a_failing_one_writes_nothing(
    timeline: Timeline, wire: Site
) -> None:
    [page] = timeline.writer.ingest(
        [ArticleInput(wire.url("/market.html"), published=dt.date(2023, 11, 14))]
    )
    assert page.status == "added" and page.events >= 2
    length = timeline.backend.store.length()
    with pytest.raises(InputError, match="answered 404"):
        timeline.writer.ingest(
            [ArticleInput(wire.url("/dam.html")), ArticleInput(wire.url("/gone.html"))]
        )
    assert timeline.backend.store.length() == length  # the good page was not written either
    kept = timeline.writer.ingest(
        [ArticleInput(wire.url("/dam.html")), ArticleInput(wire.url("/gone.html"))],
        keep_going=True,
    )
    assert [r.status for r in kept] == ["added", "failed"]
    # The failed page's validators were not kept; the written one's were.
    assert timeline.backend.fetches.validators(wire.url("/gone.html")) == {}
    assert "etag" in timeline.backend.fetches.validators(wire.url("/dam.html"))


def test_size_and_time_limits_per_page(site: Site) -> None:
    site.pages["/big.html"] = (b"<p>" + b"x" * 5000 + b"</p>", "text/html")
    site.pages["/slow.html"] = (b"<p>late</p>", "text/html")
    site.slow.add("/slow.html")
    fetcher = Fetcher(max_bytes=1000, timeout=0.5, delay=0)
    with pytest.raises(InputError, match="over the limit of 1,000"):
        fetcher.get(site.url("/big.html"))
    with pytest.raises(InputError, match=r"no answer within 0\.5 s"):
        fetcher.get(site.url("/slow.html"))
    with pytest.raises(InputError, match="only http"):
        fetcher.get("file:///etc/passwd")
    fetcher.close()


def test_requests_to_one_host_keep_their_delay(site: Site) -> None:
    site.pages["/a"] = (b"a", "text/plain")
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(max_bytes=100, timeout=5, delay=3.0, clock=lambda: now[0], sleep=sleep)
    fetcher.get(site.url("/a"))
    now[0] += 1.0
    fetcher.get(site.url("/a"))  # 1 s after the first: waits the 2 s left
    other = site.url("/a").replace("127.0.0.1", "localhost")
    fetcher.get(other)  # another host: no wait
    fetcher.close()
    assert slept == [pytest.approx(2.0)]


def test_an_atom_feed_gives_its_entries_day_in_their_own_offset(
    timeline: Timeline, site: Site
) -> None:
    site.pages["/dam.html"] = (_page(*DAM), "text/html")
    site.pages["/atom.xml"] = (
        (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Northwind Atom</title>'
            f'<id>{site.base}/</id><updated>2023-11-13T23:30:00-05:00</updated>'
            f'<entry><title>{DAM[0]}</title><link href="{site.url("/dam.html")}"/>'
            f"<id>{site.url('/dam.html')}</id><updated>2023-11-13T23:30:00-05:00</updated>"
            "</entry></feed>"
        ).encode(),
        "application/atom+xml",
    )
    timeline.settings = timeline.settings.model_copy(update={"fetch_delay": 0.0})
    [entry] = timeline.writer.ingest([ArticleInput(site.url("/atom.xml"))])
    assert entry.status == "added" and entry.published == dt.date(2023, 11, 13)


def test_a_follow_runs_on_a_real_worker_with_the_scheduler(
    timeline: Timeline, wire: Site, env: dict[str, str]
) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    env = env | {"TIMELINE_FETCH_DELAY": "0"}
    feed = wire.url("/feed.xml")
    runner = CliRunner()
    added = runner.invoke(cli, ["follow", feed, "--every", "1s"], env=env)
    assert added.exit_code == 0, added.output
    assert f"following {feed} every 1s" in added.stdout
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "worker", "--with-scheduler"],
        env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        store = timeline.backend.store

        def wait_until(done: object, what: str) -> None:
            deadline = time.monotonic() + 60
            while not done() and time.monotonic() < deadline:  # type: ignore[operator]
                time.sleep(0.1)
            assert done(), f"the follow did not {what} within 60 s"  # type: ignore[operator]

        wait_until(lambda: store.article_count() == 2, "ingest the feed's two reports")
        dam = store.current_for(f"url:{wire.url('/dam.html')}")
        # The next runs ask conditionally (304s): nothing is added twice.
        wait_until(lambda: sum(1 for p, c in wire.requests if p == "/feed.xml" and c) >= 2,
                   "run again")  # fmt: skip
        assert store.article_count() == 2
        corrected = (DAM[0], [DAM[1][0].replace("on Monday", "on Sunday"), DAM[1][1]])
        wire.pages["/dam.html"] = (_page(*corrected), "text/html; charset=utf-8")
        wait_until(lambda: store.current_for(f"url:{wire.url('/dam.html')}") != dam,
                   "revise the changed page")  # fmt: skip
        listed = runner.invoke(cli, ["follow", "--list"], env=env)
        assert listed.exit_code == 0 and listed.stdout.startswith(f"{feed}  every 1s  ")
        assert listed.stdout.split()[3] in ("scheduled", "queued", "started")
        stopped = runner.invoke(cli, ["follow", feed, "--stop"], env=env)
        assert stopped.exit_code == 0 and "stopped following" in stopped.stdout
        assert timeline.reader.follows() == []
        again = runner.invoke(cli, ["follow", feed, "--stop"], env=env)
        assert again.exit_code == 2 and "follows no feed" in again.stderr
    finally:
        kill_group(proc, signal.SIGTERM)
        proc.wait(timeout=30)
    shown = [e for e in timeline.reader.show(limit=100, merge=False) if "spillway" in e.text]
    assert [e.start for e in shown if "closed" in e.text] == [dt.date(2023, 11, 12)]


def test_a_follow_repeats_after_each_run_and_a_stopped_one_ends_its_repeats(
    timeline: Timeline,
) -> None:
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    from timeline.backend.queue import follows_key
    from timeline.backend.worker import make_worker

    jobs = timeline.backend.jobs
    r = timeline.backend.connections.queue  # type: ignore[attr-defined]
    scheduled = ScheduledJobRegistry(queue=jobs.queue)  # type: ignore[attr-defined]
    feed = "http://127.0.0.1:9/feed.xml"  # nothing listens: a run that reports an error
    kept = jobs.follow(timeline.name, feed, 3600)
    worker = make_worker(r, timeline.settings.queue_name)
    assert worker.work(burst=True)
    # The run succeeded (its feed's error is its result), so RQ queued its next run.
    assert kept.job_id in scheduled.get_job_ids()
    job = Job.fetch(kept.job_id, connection=r, serializer=JSONSerializer)
    assert job.return_value()["failed"] == 1 and "cannot be fetched" in str(job.return_value())
    [listed] = timeline.reader.follows()
    assert (listed.state, listed.every) == ("scheduled", 3600) and listed.next_run is not None

    # Stopped while its next run was already on its way: that run ends the repeats.
    r.hdel(follows_key(timeline.name), feed)
    scheduled.remove(kept.job_id)
    jobs.queue.enqueue_job(job)  # type: ignore[attr-defined]
    assert worker.work(burst=True)
    assert kept.job_id not in scheduled.get_job_ids()
    assert Job.fetch(kept.job_id, connection=r, serializer=JSONSerializer).return_value() == {
        "feed": feed, "stopped": True,
    }  # fmt: skip


def test_the_cli_ingests_a_feed_and_says_what_did_not_change(
    timeline: Timeline, wire: Site, env: dict[str, str]
) -> None:
    from click.testing import CliRunner

    from timeline.cli import cli

    env = env | {"TIMELINE_FETCH_DELAY": "0"}
    feed = wire.url("/feed.xml")
    first = CliRunner().invoke(cli, ["ingest", feed], env=env)
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [wire.url("/dam.html"),
                                                       wire.url("/market.html")]  # fmt: skip
    assert "events added (published 2023-11-13" in lines[0]
    assert "2 articles: 2 new, 0 already known, 0 revised, 0 failed" in first.stderr
    again = CliRunner().invoke(cli, ["ingest", feed, "--json"], env=env)
    assert again.exit_code == 0
    assert [r["status"] for r in json.loads(again.stdout)] == ["unchanged", "unchanged"]
    wire.pages.pop("/market.html")
    wire.pages["/dam.html"] = (_page(DAM[0], [*DAM[1], "Power cuts ended on Tuesday."]),
                               "text/html")  # fmt: skip
    failed = CliRunner().invoke(cli, ["ingest", feed], env=env)
    assert failed.exit_code == 2 and "answered 404" in failed.stderr
    assert "nothing was written" in failed.stderr and failed.stdout == ""
    kept = CliRunner().invoke(cli, ["ingest", feed, "--keep-going"], env=env)
    assert kept.exit_code == 1  # one failed
    assert "revised article" in kept.stdout and "market.html: failed" in kept.stderr


def test_a_public_feed_cannot_send_the_fetcher_into_a_private_network(
    timeline: Timeline, wire: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from timeline.services import fetching
    from timeline.web import private_host

    assert private_host(wire.url("/dam.html")) and private_host("http://169.254.169.254/")
    assert not private_host("http://8.8.8.8/")
    # The feed as if it were on the internet (its host named differently), its entries
    # on this machine: they are refused, and nothing is written.
    public = wire.url("/feed.xml").replace("127.0.0.1", "localhost")
    monkeypatch.setattr(fetching, "private_host", lambda url: "127.0.0.1" in url)
    results = timeline.writer.ingest([ArticleInput(public)], keep_going=True)
    assert [r.status for r in results] == ["failed", "failed"]
    assert all("private or local address" in (r.error or "") for r in results)
    assert timeline.backend.store.length() == 0
    assert [p for p, _ in wire.requests] == ["/feed.xml"]
