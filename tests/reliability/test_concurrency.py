"""Fault 3: eight ingest processes and three workers at once, with duplicates and rebuilds.

200 articles cut from the TempEval-3 news documents, plus exact and CRLF
copies, spread over 8 concurrent CLI processes that overlap; 3 RQ workers
project meanwhile and `timeline rebuild` runs again and again. Exactly one copy
of each article's records may be in the log, the projection must equal a
rebuild, and `show` must never see the timeline shrink (a half-built one).
"""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.factories import projection_snapshot
from tests.reliability.helpers import (
    audit_log,
    cli,
    kill_group,
    show_all,
    spawn,
    tempeval_articles,
    wait_until,
    write_articles,
)
from timeline import Timeline

pytestmark = pytest.mark.reliability

WRITERS = 8
WORKERS = 3
ARTICLES = 200
PER_CALL = 10


def test_eight_writers_three_workers_duplicates_and_rebuilds(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    articles = tempeval_articles(ARTICLES)
    assert len(articles) == ARTICLES
    paths = write_articles(tmp_path / "articles", articles)
    rng = random.Random(3)
    # Duplicates: byte-for-byte copies and Windows line endings of 30 articles.
    copies = tmp_path / "copies"
    copies.mkdir()
    for i, a in enumerate(rng.sample(articles, 30)):
        p = copies / f"copy-{i}.txt"
        p.write_bytes(a.text.replace("\n", "\r\n").encode() if i % 2 else a.text.encode())
        paths.append(p)
    # Each writer gets its share, plus a slice of its neighbour's: more duplicates.
    rng.shuffle(paths)
    shares = [paths[w::WRITERS] for w in range(WRITERS)]
    shares = [s + shares[(w + 1) % WRITERS][:6] for w, s in enumerate(shares)]

    log = tmp_path / "workers.log"
    workers = [
        spawn(env, "worker", "--name", f"rel-{timeline.name}-{i}", log=log) for i in range(3)
    ]
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def writer(share: list[Path]) -> None:
        for at in range(0, len(share), PER_CALL):
            files = [str(p) for p in share[at : at + PER_CALL]]
            out = cli(env, "ingest", *files, "--json")
            with lock:
                if out.returncode != 0:
                    errors.append(out.stderr)
                else:
                    results.extend(json.loads(out.stdout))

    # `show` polled all along: the count it sees may only grow (no retractions here).
    shows: list[int] = []
    drops: list[tuple[int, int]] = []
    stop = threading.Event()

    def poller() -> None:
        tl = Timeline.connect(settings=timeline.settings, announce=False)
        seen = 0
        while not stop.is_set():
            n = len(show_all(tl))
            if n < seen:
                drops.append((seen, n))
            seen = max(seen, n)
            shows.append(n)

    rebuilds: list[str] = []

    def rebuilder() -> None:
        while not stop.is_set() and len(rebuilds) < 6:
            time.sleep(1.0)
            out = cli(env, "rebuild")
            rebuilds.append(out.stdout if out.returncode == 0 else "FAILED " + out.stderr)

    try:
        wait_until(lambda: timeline.backend.jobs.live_workers() == WORKERS, 60, "the workers")
        threads = [threading.Thread(target=writer, args=(s,)) for s in shares]
        side = [threading.Thread(target=poller), threading.Thread(target=rebuilder)]
        for t in threads + side:
            t.start()
        for t in threads:
            t.join(timeout=400)
        stop.set()
        for t in side:
            t.join(timeout=120)
        figures.add("concurrent_writers", WRITERS)
        figures.add("concurrent_workers", WORKERS)
        assert not errors, errors[:3]
        assert rebuilds and not any(r.startswith("FAILED") for r in rebuilds), rebuilds

        def projected() -> bool:
            st = timeline.operator.status()
            return st.lag == 0 and st.queue["queued_jobs"] == 0 and st.queue["started_jobs"] == 0

        wait_until(projected, 120, "the workers to project everything")
    finally:
        for w in workers:
            kill_group(w)

    audit = audit_log(timeline.backend.connections.store, timeline.name)
    added = [r for r in results if r["status"] == "added"]
    distinct = {r["article_id"] for r in results}
    figures.add("events_duplicated", audit.duplicate_articles + audit.duplicate_events)
    assert len(results) == len(paths) + 6 * WRITERS
    assert len(distinct) == ARTICLES, "copies must be recognised as the same article"
    assert len(added) == ARTICLES, "exactly one writer adds each article"
    assert sorted(audit.articles) == sorted(distinct)
    assert audit.duplicate_articles == 0 and audit.duplicate_events == 0
    assert audit.partial == []

    incremental = projection_snapshot(timeline)
    events = timeline.backend.projection.event_count()
    shown = len(show_all(timeline))
    timeline.operator.rebuild()
    rebuilt = projection_snapshot(timeline)
    figures.add("events_checked", len(audit.events))
    figures.add("events_lost", len(audit.events) - events + len(set(rebuilt) - set(incremental)))
    assert incremental == rebuilt
    assert events == len(audit.events) == shown
    assert drops == [], f"show saw the timeline shrink during a rebuild: {drops[:5]}"
    assert len(shows) > 10
