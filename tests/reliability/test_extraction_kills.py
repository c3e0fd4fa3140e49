"""Fault: an extraction worker SIGKILLed mid-batch (`timeline ingest --workers`).

An ingest of many real articles (TempEval-3 documents) in batches runs on one worker
process group, which is SIGKILLed once articles of a batch are appended and before
the ingest is done. RQ hands the abandoned job back (as it does once its lease
expires: here the clock is moved on), a fresh worker runs it and the rest, and the
ingest, which waited all along, finishes: every article is in the log exactly once,
each whole, and the projection equals a rebuild.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rq.registry import FailedJobRegistry, StartedJobRegistry

from tests.conftest import ROOT
from tests.factories import projection_snapshot
from tests.reliability.helpers import TEMPEVAL, audit_log, kill_group, spawn, wait_until
from timeline import Timeline

pytestmark = pytest.mark.reliability

DOCS = 48  # three batches of 16


def _documents(tmp_path: Path) -> list[Path]:
    from bench.timex_eval import parse

    paths = []
    for tml in sorted((TEMPEVAL / "timebank").glob("*.tml"))[:DOCS]:
        d = parse(tml)
        path = tmp_path / f"{tml.stem}.txt"
        path.write_text(f"{tml.stem}\n\n{d.text.strip()}\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.skipif(not (TEMPEVAL / "timebank").is_dir(), reason="TempEval-3 data missing")
def test_extraction_worker_sigkilled_mid_batch_loses_and_duplicates_nothing(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    docs = _documents(tmp_path)
    store, jobs = timeline.backend.store, timeline.backend.jobs
    log = tmp_path / "workers.log"
    worker = spawn(env, "worker", log=log)
    wait_until(lambda: jobs.live_workers() > 0, 60, "the worker to start")
    ingest = subprocess.Popen(
        [sys.executable, "-m", "timeline", "ingest", *map(str, docs), "--published",
         "1998-03-01", "--workers", "--json"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        # Killed in the first batch, once some of its articles are appended.
        wait_until(lambda: store.article_count() >= 3, 120, "the worker to append articles")
        kill_group(worker)
        appended_before = store.article_count()
        assert 0 < appended_before < DOCS
        started = StartedJobRegistry(queue=jobs.queue)
        wait_until(lambda: started.get_job_ids(cleanup=False) != [], 10, "a started job")
        started.cleanup(timestamp=time.time() + 3600)  # its lease over: RQ retries it
        assert FailedJobRegistry(queue=jobs.queue).count == 0, "the job must be retried"
        final = spawn(env, "worker", log=log)
        try:
            out, err = ingest.communicate(timeout=300)
        finally:
            kill_group(final)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    assert ingest.returncode == 0, err.decode()
    results = json.loads(out)
    assert len(results) == DOCS and {r["status"] for r in results} <= {"added", "duplicate"}
    audit = audit_log(timeline.backend.connections.store, timeline.name)
    ids = {r["article_id"] for r in results}
    figures.add("extraction_kills", 1)
    figures.add("extraction_articles_checked", len(audit.articles))
    assert len(audit.articles) == len(set(audit.articles)) == len(ids)  # each once
    assert not audit.partial and audit.duplicate_events == 0
    assert sum(r["events"] for r in results if r["status"] == "added") <= len(audit.events)
    incremental = projection_snapshot(timeline)
    timeline.operator.rebuild()
    assert projection_snapshot(timeline) == incremental
