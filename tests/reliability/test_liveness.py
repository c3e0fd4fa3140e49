"""A dead worker's job does not stall the projection (issue 11, items 6 and 7).

Four real `timeline worker` processes share a queue; whichever of them runs the
projection job (a long log, three records per script call) is SIGKILLed with its
work horse mid-projection, five times, a replacement started after each kill but
the last. RQ would hand the killed job back only once its lease expires (a
minute and more), and no one appends after the last kill: the live workers must
notice the dead one and project the rest themselves. The seconds from the last
kill until the projection holds the whole log are the suite's figure; the issue's
bound is 10 s. `status` counts only the 3 live workers, not the dead ones whose
records linger.
"""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from tests.factories import article_records
from tests.reliability.helpers import cli, kill_group, spawn, wait_until
from timeline import Timeline

pytestmark = pytest.mark.reliability

KILLS = 5
LIVE = 3
BOUND_S = 10.0


def _append(timeline: Timeline, first: int, count: int) -> None:
    for seed in range(first, first + count):
        article_id, records = article_records(seed, events=12)
        timeline.backend.store.append_article(article_id, records)


def _running(timeline: Timeline, procs: list[subprocess.Popen[bytes]]) -> Any:
    """The worker process running a projection job of the queue, if any."""
    r = timeline.backend.connections.queue
    ids = StartedJobRegistry(queue=timeline.backend.jobs.queue).get_job_ids(cleanup=False)
    by_pid = {p.pid: p for p in procs if p.poll() is None}
    for job in Job.fetch_many(ids, connection=r, serializer=JSONSerializer):
        if job is None or not job.worker_name:
            continue
        pid = r.hget(f"rq:worker:{job.worker_name}", "pid")
        if pid is not None and int(pid) in by_pid:
            return by_pid[int(pid)]
    return None


def _registered_alive(timeline: Timeline, procs: list[subprocess.Popen[bytes]]) -> int:
    """How many of the running processes have registered as RQ workers."""
    r = timeline.backend.connections.queue
    alive = {p.pid for p in procs if p.poll() is None}
    pids = (r.hget(key, "pid") for key in r.smembers("rq:workers"))
    return sum(1 for pid in pids if pid is not None and int(pid) in alive)


def test_projection_catches_up_soon_after_the_last_worker_kill(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    rng = random.Random(11)
    env = env | {"TIMELINE_BATCH_SIZE": "3"}
    projection, store, jobs = (
        timeline.backend.projection,
        timeline.backend.store,
        timeline.backend.jobs,
    )
    log = tmp_path / "workers.log"
    procs = [spawn(env, "worker", log=log) for _ in range(LIVE + 1)]
    seeds = 0
    try:
        wait_until(lambda: jobs.live_workers() == LIVE + 1, 60, "the workers to start")
        waiting = kills = rounds = 0
        # At least KILLS kills; on until the last leaves records to project (another
        # worker may have projected them all meanwhile), a replacement after each but it.
        while kills < KILLS or waiting == 0:
            assert kills < 3 * KILLS, "no kill left records to project"
            rounds += 1
            assert rounds < 10 * KILLS, "the workers always projected the log before a kill"
            if len(store.read(after=projection.checkpoint(), count=4000)) < 3000:
                _append(timeline, seeds, 300)  # 3,900 records: seconds of projecting
                seeds += 300
            jobs.request_projection(timeline.name)  # as the ingest that appended would
            holder: list[Any] = []
            wait_until(
                lambda h=holder: bool(h.append(_running(timeline, procs)) or h[-1]),
                60,
                "a worker to run the projection job",
                every=0.01,
            )
            before = projection.checkpoint()
            if before == store.version():
                # The live workers projected the whole log before the job could be killed
                # mid-way (a fast run): nothing is appended until the next round, so the
                # checkpoint could not move; append more and try again.
                continue

            def moved(b: str = before) -> bool:
                # Asked again while waiting, as every ingest that appends asks: a job that
                # ended (or coalesced into one a killed worker held) leaves the next to it.
                jobs.request_projection(timeline.name)
                return projection.checkpoint() != b

            wait_until(moved, 60, "projecting", every=0.2)
            time.sleep(rng.uniform(0, 0.2))
            kill_group(holder[-1])
            kills += 1
            waiting = len(store.read(after=projection.checkpoint(), count=100_000))
            if kills < KILLS or waiting == 0:
                procs.append(spawn(env, "worker", log=log))
        killed_at = time.monotonic()
        # The last replacement may still be starting: wait until every live process has
        # registered, then the dead workers' records linger, but only the live count.
        wait_until(
            lambda: _registered_alive(timeline, procs) == LIVE, 60, "the replacements to start"
        )
        st = json.loads(cli(env, "status", "--json").stdout)
        assert st["queue"]["workers"] == LIVE, st["queue"]
        assert jobs.live_workers() == LIVE

        wait_until(
            lambda: projection.checkpoint() == store.version(),
            120,
            "the live workers to project what the dead one left",
            every=0.05,
        )
        caught_up = time.monotonic() - killed_at
    finally:
        for p in procs:
            if p.poll() is None:
                kill_group(p)
    figures.add("stall_after_last_kill_ms", round(caught_up * 1000))
    figures.add("stall_records_waiting", waiting)
    figures.add("worker_kill_points", kills)
    figures.add("dead_workers_not_counted", kills)
    assert projection.event_count() == seeds * 12
    assert caught_up <= BOUND_S, f"{caught_up:.1f} s after the last kill ({waiting} records)"


def test_a_pending_flag_naming_a_gone_job_is_taken_over(timeline: Timeline) -> None:
    """The flag that coalesces requests names its job: one that is gone (its worker died
    between taking it and starting it) no longer blocks the next request."""
    from timeline import defaults
    from timeline.backend.queue import pending_key

    jobs, name = timeline.backend.jobs, timeline.name
    r = timeline.backend.connections.queue
    assert jobs.request_projection(name)
    assert not jobs.request_projection(name)  # coalesced: its job waits in the queue
    [waiting] = jobs.queue.get_job_ids()
    assert r.get(pending_key(name)) == waiting.encode()
    jobs.queue.empty()  # as if a dead worker had taken it: the flag still names it
    r.expire(pending_key(name), defaults.PENDING_TTL - 60)  # a minute old
    assert jobs.request_projection(name)
    assert jobs.queue.count == 1 and jobs.queue.get_job_ids() != [waiting]
