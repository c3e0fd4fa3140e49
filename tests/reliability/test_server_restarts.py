"""Fault 2: the Redis server SIGKILLed and restarted under a CLI ingesting in a loop.

The test runs its own server (append-only file, fsync every second, as in
production) on a unix socket in a temporary dir, kills it at random moments and
restarts it on the same dir. Every append the CLI reported as done must be in
the log afterwards, each article whole and once, and the projection must resume
from its checkpoint to equal a rebuild. The embedded server (no URL) too: kill
it, and the next command starts it again with the data there.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.factories import projection_snapshot
from tests.reliability.helpers import (
    audit_log,
    base_env,
    cli,
    one_line_error,
    own_env,
    synthetic_article,
    wait_until,
    write_articles,
)
from timeline import ArticleInput, Timeline
from timeline.settings import Settings

pytestmark = pytest.mark.reliability

RESTARTS = 8
# Acknowledged articles the kills must fall between, for the test to say anything; on a
# slow or busy machine the kills go on (up to 3 * RESTARTS) until there are that many.
MIN_REPORTED = 20


def test_server_sigkilled_and_restarted_under_ingest(
    own_server: Any, tmp_path: Path, figures: Any
) -> None:
    server = own_server()
    env = own_env(server.url)
    paths = write_articles(tmp_path / "articles", [synthetic_article(s) for s in range(400)])
    reported: dict[str, str] = {}  # article id -> path, for every ingest the CLI said was done
    failures: list[subprocess.CompletedProcess[str]] = []
    stop = threading.Event()

    def ingest_loop() -> None:
        for i in range(0, len(paths), 2):
            if stop.is_set():
                return
            batch = [str(p) for p in paths[i : i + 2]]
            out = cli(env, "ingest", *batch, "--published", "2021-08-22", "--json")
            if out.returncode == 0:
                for result in json.loads(out.stdout):
                    reported[result["article_id"]] = result["path"]
            else:
                failures.append(out)

    rng = random.Random(2)
    writer = threading.Thread(target=ingest_loop)
    writer.start()
    restarts = 0
    try:
        while writer.is_alive() and (
            restarts < RESTARTS or (len(reported) <= MIN_REPORTED and restarts < 3 * RESTARTS)
        ):
            time.sleep(rng.uniform(0.5, 2.0))
            server.kill()
            time.sleep(rng.uniform(0, 1.5))  # sometimes inside the client's retry window
            server.start()
            restarts += 1
    finally:
        stop.set()
        writer.join(timeout=300)
    figures.add("server_restarts", restarts)
    assert restarts >= RESTARTS

    # A failure while the server was down is one clear line, never a traceback.
    for out in failures:
        assert one_line_error(out), out.stderr
        assert "Cannot reach Redis" in out.stderr or "error" in out.stderr

    # One more restart after the last write, then look at what survived.
    server.restart()
    settings = Settings(redis_url=server.url, timeline="rel", queue_name="rel")
    tl = Timeline.connect(settings=settings, announce=False)
    audit = audit_log(tl.backend.connections.store, "rel")
    lost = len(set(reported) - set(audit.articles))
    figures.add("events_checked", len(audit.events))
    figures.add("events_lost", lost)
    figures.add("events_duplicated", audit.duplicate_articles + audit.duplicate_events)
    assert lost == 0, f"{lost} acknowledged articles missing after restarts"
    assert audit.duplicate_articles == 0 and audit.duplicate_events == 0
    assert audit.partial == [], "an article's records were cut by a crash"
    assert len(reported) > MIN_REPORTED, "the loop must have ingested between the kills"

    # The projection resumes from its checkpoint (wherever the kills left it)...
    checkpoint = tl.backend.projection.checkpoint()
    assert checkpoint <= tl.backend.store.version() or checkpoint == "0-0"
    tl.operator.project()
    incremental = projection_snapshot(tl)
    tl.operator.rebuild()
    assert projection_snapshot(tl) == incremental  # ... to what a rebuild gives
    assert tl.backend.projection.event_count() == len(audit.events)


def test_embedded_server_killed_is_restarted_by_the_next_command(
    server_binary: str, tmp_path: Path, figures: Any
) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="tl-emb-"))  # short: it holds the socket
    env = base_env() | {"TIMELINE_DATA_DIR": str(data_dir), "TIMELINE_TIMELINE": "rel"}
    paths = write_articles(tmp_path / "articles", [synthetic_article(1000 + s) for s in range(4)])
    try:
        first = cli(env, "ingest", str(paths[0]), "--published", "2021-08-22")
        assert first.returncode == 0, first.stderr
        assert "started the embedded server" in first.stderr
        kills = 0
        for path in paths[1:]:
            pid = int((data_dir / "server.pid").read_text())
            os.kill(pid, signal.SIGKILL)
            wait_until(lambda pid=pid: not _alive(pid), 10, "the server to die")
            kills += 1
            again = cli(env, "ingest", str(path), "--published", "2021-08-22")
            assert again.returncode == 0, again.stderr
            assert "started the embedded server" in again.stderr
            assert int((data_dir / "server.pid").read_text()) != pid
        figures.add("server_restarts", kills)
        status = json.loads(cli(env, "status", "--json").stdout)
        assert status["articles"] == len(paths) and status["lag"] == 0
        # Every article's records once: one ArticleIngested plus one record per event.
        assert status["log_length"] == status["articles"] + status["events"]
        shown = json.loads(cli(env, "show", "--format", "json", "--limit", "1000").stdout)
        assert shown and len({e["id"] for e in shown}) == len(shown)
        figures.add("events_lost", 0 if status["lag"] == 0 else status["lag"])
        figures.add("events_duplicated", len(shown) - len({e["id"] for e in shown}))
    finally:
        cli(env, "server", "stop")
        shutil.rmtree(data_dir, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie of a daemonized server is reaped by init; treat it as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_an_acknowledged_ingest_survives_a_kill_right_after_it(
    own_server: Any, tmp_path: Path, figures: Any
) -> None:
    """Under `appendfsync everysec` a reply can precede the write to the append-only
    file by up to 2 s; an ingest is acknowledged only once the server confirms the
    fsync (WAITAOF), so a SIGKILL right after the acknowledgment loses nothing."""
    server = own_server()
    settings = Settings(redis_url=server.url, timeline="rel", queue_name="rel")
    articles = [synthetic_article(2000 + s) for s in range(15)]
    acknowledged: set[str] = set()
    for article in articles:
        tl = Timeline.connect(settings=settings, announce=False)
        assert "waits for its fsync" in tl.operator.status().durability
        [result] = tl.writer.ingest(
            [ArticleInput(article.name, text=article.text, published=article.published)]
        )
        assert result.status == "added" and result.article_id
        acknowledged.add(result.article_id)
        server.restart()  # SIGKILL, then start on the same dir
    tl = Timeline.connect(settings=settings, announce=False)
    audit = audit_log(tl.backend.connections.store, "rel")
    figures.add("server_restarts", len(articles))
    figures.add("events_lost", len(acknowledged - set(audit.articles)))
    assert acknowledged <= set(audit.articles)


def test_a_server_without_an_append_only_file_still_takes_ingests(own_server: Any) -> None:
    """WAITAOF errors there; the ingest goes on, and status says what a crash would cost."""
    server = own_server(extra=["--appendonly", "no"])
    settings = Settings(redis_url=server.url, timeline="rel", queue_name="rel")
    tl = Timeline.connect(settings=settings, announce=False)
    article = synthetic_article(3000)
    [result] = tl.writer.ingest(
        [ArticleInput(article.name, text=article.text, published=article.published)]
    )
    assert result.status == "added" and result.events > 0
    assert "no append-only file" in tl.operator.status().durability
