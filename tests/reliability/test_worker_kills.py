"""Fault 1: real RQ workers SIGKILLed at random points while they project.

A long log, a batch size of a few records so that a projection is hundreds of
transactions, and a worker process group (`python -m timeline worker`: the
worker and its work horse) killed again and again mid-projection. Then RQ's
abandoned jobs are handed back (as RQ does once their lease expires), a fresh
worker finishes, and the projection must equal a rebuild from the log, event
for event, with no job left failed.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from tests.factories import article_records, projection_snapshot
from tests.reliability.helpers import audit_log, cli, kill_group, spawn, wait_until
from timeline import Timeline

pytestmark = pytest.mark.reliability

KILLS = 22
BATCH = "3"


def _append(timeline: Timeline, first: int, count: int) -> None:
    for seed in range(first, first + count):
        article_id, records = article_records(seed, events=12)
        timeline.backend.store.append_article(article_id, records)


def test_worker_sigkilled_mid_batch_again_and_again(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    rng = random.Random(4)
    env = env | {"TIMELINE_BATCH_SIZE": BATCH}
    backend = timeline.backend
    projection, store, jobs = backend.projection, backend.store, backend.jobs
    seeds = 0
    kills = 0
    killed_mid_projection = 0
    log = tmp_path / "workers.log"
    while kills < KILLS:
        lag = len(store.read(after=projection.checkpoint(), count=3000))
        if lag < 3000:  # keep the next worker busy for longer than we wait to kill it
            _append(timeline, seeds, 240)
            seeds += 240
        # The killed job cleared the pending flag when it started: ask again, as an
        # ingest would.
        jobs.request_projection(timeline.name)
        before = projection.checkpoint()
        worker = spawn(env, "worker", log=log)
        wait_until(
            lambda before=before, w=worker: (
                projection.checkpoint() != before or w.poll() is not None
            ),
            60,
            "the worker to start projecting",
            every=0.005,
        )
        time.sleep(rng.uniform(0, 0.25))  # a random point: planning, in the script, between
        at = projection.checkpoint()
        kill_group(worker)
        kills += 1
        killed_mid_projection += at != store.version()
    figures.add("worker_kill_points", kills)

    # RQ's view: the killed jobs are "started" by dead workers. `status` says so.
    st = json.loads(cli(env, "status", "--json").stdout)
    assert st["queue"]["abandoned_jobs"] >= 1, st
    started = StartedJobRegistry(queue=jobs.queue)
    abandoned = started.get_job_ids(cleanup=False)
    assert abandoned
    # Their lease (job_monitoring_interval + 60 s) expires; the maintenance RQ runs then
    # retries them. Here the clock is moved on instead of waiting a minute.
    started.cleanup(timestamp=time.time() + 3600)
    assert FailedJobRegistry(queue=jobs.queue).count == 0, "abandoned jobs must be retried"

    # A fresh worker (with its scheduler) finishes the projection and every retry.
    jobs.request_projection(timeline.name)
    final = spawn(env, "worker", log=log)
    try:

        def settled() -> bool:
            return (
                projection.checkpoint() == store.version()
                and jobs.queue.count == 0
                and StartedJobRegistry(queue=jobs.queue).get_job_ids(cleanup=False) == []
                and ScheduledJobRegistry(queue=jobs.queue).count == 0
            )

        wait_until(settled, 120, "the fresh worker to finish the projection and the retries")
    finally:
        kill_group(final)
    failed = FailedJobRegistry(queue=jobs.queue).get_job_ids()
    st = json.loads(cli(env, "status", "--json").stdout)
    assert st["queue"]["failed_jobs"] == 0 and st["lag"] == 0, (failed, st)

    incremental = projection_snapshot(timeline)
    events = projection.event_count()
    timeline.operator.rebuild()
    rebuilt = projection_snapshot(timeline)
    audit = audit_log(timeline.backend.connections.store, timeline.name)
    lost = len(set(audit.events)) - events
    duplicated = audit.duplicate_events + audit.duplicate_articles
    figures.add("events_checked", len(audit.events))
    figures.add("events_lost", max(lost, 0) + len(set(rebuilt) - set(incremental)))
    figures.add("events_duplicated", duplicated + len(set(incremental) - set(rebuilt)))
    assert incremental == rebuilt
    assert events == seeds * 12 and lost == 0 and duplicated == 0 and not audit.partial
    assert killed_mid_projection >= KILLS // 2, "most kills must land mid-projection"
