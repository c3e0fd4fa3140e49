"""Ingest on workers (`timeline ingest --workers`): real RQ worker processes extract and
append the articles the command read; the results, the log and the timeline are what an
ingest in process gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tests.factories import projection_snapshot
from tests.reliability.helpers import audit_log, kill_group, spawn
from timeline import ArticleInput, InputError, Timeline, UsageError
from timeline.extract import extract
from timeline.services.dispatch import QueuedArticle, batches

DAY = dt.date(2021, 8, 22)
BRIDGE = "Council closes bridge | City | The Courier\n\nThe council closed the bridge on Friday.\n"


@pytest.fixture
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A `timeline worker` process on the test's queue, until the test ends."""
    proc = spawn(env, "worker")
    yield proc
    kill_group(proc, signal.SIGTERM)  # a warm shutdown: the worker takes its records along


def _wait_for_worker(timeline: Timeline) -> None:
    import time

    deadline = time.monotonic() + 60
    while timeline.backend.jobs.live_workers() == 0:
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.05)


def _inputs(tmp_path: Path) -> list[ArticleInput]:
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    return [
        ArticleInput(str(SEED / "panjshir.txt"), published=DAY),
        ArticleInput(str(tmp_path / "bridge.txt"), published=DAY, url="https://c.example/b"),
    ]


def test_workers_extract_and_append_what_an_ingest_in_process_would(
    timeline: Timeline, worker: subprocess.Popen[bytes], tmp_path: Path, memory: Timeline
) -> None:
    _wait_for_worker(timeline)
    seen: list[str] = []
    results = timeline.writer.ingest(
        _inputs(tmp_path), workers=True, progress=lambda r: seen.append(r.status)
    )
    local = memory.writer.ingest(_inputs(tmp_path))
    assert [r.model_dump(exclude={"path"}) for r in results] == [
        r.model_dump(exclude={"path"}) for r in local
    ]
    assert seen == ["added", "added"] and all(r.events > 0 for r in results)
    # Read-your-writes, as in process: the projection holds them when ingest returns.
    assert timeline.operator.status().lag == 0
    assert timeline.reader.show(limit=100) == memory.reader.show(limit=100)
    again = timeline.writer.ingest(_inputs(tmp_path), workers=True)
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    audit = audit_log(timeline.backend.connections.store, timeline.name)
    assert len(audit.articles) == 2 and not audit.partial and audit.duplicate_events == 0
    # A corrected date on the workers: a new version of each, as in process.
    later = [dataclasses.replace(a, published=DAY + dt.timedelta(days=7))
             for a in _inputs(tmp_path)]  # fmt: skip
    corrected = timeline.writer.ingest(later, workers=True)
    assert [(r.status, r.changes) for r in corrected] == [("revised", ["published"])] * 2
    assert [r.model_dump(exclude={"path"}) for r in corrected] == [
        r.model_dump(exclude={"path"}) for r in memory.writer.ingest(later)
    ]
    assert timeline.reader.show(limit=100) == memory.reader.show(limit=100)


def test_the_cli_ingests_on_the_workers(
    timeline: Timeline, worker: subprocess.Popen[bytes], env: dict[str, str], tmp_path: Path
) -> None:
    _wait_for_worker(timeline)
    (tmp_path / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "timeline", "ingest", str(SEED / "panjshir.txt"),
         str(tmp_path / "bridge.txt"), "--published", "2021-08-22", "--workers", "--wait"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    # As many events as the extraction finds in process.
    seed_text = (SEED / "panjshir.txt").read_text(encoding="utf-8")
    n_seed = len(extract(seed_text, published=DAY, today=DAY).events)
    n_bridge = len(extract(BRIDGE, published=DAY, today=DAY).events)
    assert f"panjshir.txt: {n_seed} events added (published 2021-08-22" in out.stdout
    assert out.stderr.strip().endswith(
        f"2 articles: 2 new, 0 already known, 0 revised, 0 failed; {n_seed + n_bridge} events "
        f"added to '{timeline.name}'"
    )
    before = projection_snapshot(timeline)
    timeline.operator.rebuild()
    assert projection_snapshot(timeline) == before


def test_a_file_that_cannot_be_read_queues_nothing(
    timeline: Timeline, worker: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    _wait_for_worker(timeline)
    inputs = [*_inputs(tmp_path), ArticleInput(str(tmp_path / "missing.txt"), published=DAY)]
    with pytest.raises(InputError, match=r"missing\.txt"):
        timeline.writer.ingest(inputs, workers=True)
    assert timeline.backend.store.length() == 0 and timeline.backend.jobs.queue.count == 0
    results = timeline.writer.ingest(inputs, workers=True, keep_going=True)
    assert [r.status for r in results] == ["added", "added", "failed"]


def test_without_a_worker_the_command_says_so(timeline: Timeline, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="No worker is running"):
        timeline.writer.ingest(_inputs(tmp_path), workers=True)
    assert timeline.backend.store.length() == 0


def test_batches_are_size_limited() -> None:
    def article(i: int, size: int) -> QueuedArticle:
        return QueuedArticle(name=f"a{i}", text="x" * size)

    many = [article(i, 10) for i in range(40)]
    assert [len(b) for b in batches(many)] == [16, 16, 8]
    big = [article(0, 10), article(1, 300_000), article(2, 200_000), article(3, 100_000)]
    assert [[a.name for a in b] for b in batches(big)] == [["a0"], ["a1"], ["a2"], ["a3"]]


def test_an_extraction_job_checks_what_the_queue_gave_it(timeline: Timeline) -> None:
    from pydantic import ValidationError

    from timeline import jobs

    article = {"name": "a", "text": "Title\n\nIt rained on Friday."}
    for bad in (
        {"today": "2021-08-22", "articles": [article], "run": "os.system"},
        {"today": "2021-08-22", "articles": [article | {"text": 3}]},
        {"today": "2021-08-22", "articles": [article] * 17},
    ):
        with pytest.raises(ValidationError):
            jobs.extract(timeline.name, bad)
    with pytest.raises(TypeError):
        jobs.extract(["x"], {"today": "2021-08-22", "articles": []})  # type: ignore[arg-type]
    assert timeline.backend.store.length() == 0
