"""Job callbacks (issue 11, item 1): only the project's own job functions ever run.

A job enqueued with RQ's own API may name, besides its function, an `on_success`,
`on_failure` and `on_stopped` callback, and depend on jobs that name some: RQ
imports and calls each. Here every such name is `tests.reliability.planted` (its
import or call writes a marker file) or a builtin. A real `timeline worker` must
refuse each of these jobs (it fails, kept in the failed registry) without
importing anything it names; a job planted in the started registry as abandoned
by a dead worker, with callbacks, must not have them run by `timeline status`, by
any other read command, or by a worker's cleanup; and the read commands change
nothing on the server.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from rq import Callback, Queue
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

from tests.factories import fill
from tests.reliability.helpers import cli, kill_group, spawn, wait_until
from timeline import Timeline
from timeline.backend.queue import PROJECT_JOB

pytestmark = pytest.mark.reliability

PLANTED = "tests.reliability.planted.touch"
READ_COMMANDS = [
    ("status",),
    ("status", "--json"),
    ("show",),
    ("show", "--format", "json"),
    ("log",),
    ("log", "--json"),
    ("timelines",),
    ("stats",),
    ("export", "--format", "jsonl"),
]


@pytest.fixture
def attack_env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    marker = tmp_path / "planted-ran"
    assert "tests.reliability.planted" not in sys.modules or not marker.exists()
    return env | {"PLANTED_MARKER": str(marker)}


def _marker(env: dict[str, str]) -> Path:
    return Path(env["PLANTED_MARKER"])


def _snapshot(r: redis.Redis) -> dict[bytes, tuple[bytes, bytes | None]]:
    """Every key of the database with its type and serialized value (not its TTL)."""
    return {key: (r.type(key), r.dump(key)) for key in r.scan_iter(count=1000)}


def _run_worker(env: dict[str, str], log: Path) -> str:
    proc = spawn(env, "worker", "--burst", log=log)
    try:
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            kill_group(proc)
    return log.read_text(errors="replace")


def test_worker_refuses_jobs_naming_callbacks(
    timeline: Timeline, attack_env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    r = timeline.backend.connections.queue
    q = Queue(timeline.settings.queue_name, connection=r, serializer=JSONSerializer)
    fill(timeline, 2)
    name = timeline.name
    # A finished job of another queue that names callbacks, for a job to depend on.
    dependency = Job.create(
        PROJECT_JOB,
        args=[name],
        connection=r,
        serializer=JSONSerializer,
        origin="elsewhere",
        on_success=Callback(PLANTED),
        on_failure=Callback(PLANTED),
    )
    dependency.set_status(JobStatus.FINISHED, pipeline=None)
    dependency.save()
    hostile = [
        q.enqueue(PROJECT_JOB, name, on_success=Callback(PLANTED)),
        q.enqueue(PROJECT_JOB, name, on_success=Callback("builtins.print")),
        q.enqueue(PROJECT_JOB, name, on_failure=Callback(PLANTED)),
        q.enqueue(PROJECT_JOB, name, on_stopped=Callback(PLANTED)),
        q.enqueue("os.getcwd", on_failure=Callback(PLANTED)),
        q.enqueue("os.getcwd", on_failure=Callback("builtins.print")),
        q.enqueue(PLANTED, on_failure=Callback(PLANTED)),
        q.enqueue(PROJECT_JOB, name, depends_on=dependency),
    ]
    try:
        assert q.count == len(hostile)  # the dependent too: its dependency had finished
        log = _run_worker(attack_env, tmp_path / "worker.log")
        figures.add("callbacks_refused", len(hostile))
        assert not _marker(attack_env).exists(), _marker(attack_env).read_text()
        failed = set(FailedJobRegistry(queue=q).get_job_ids(cleanup=False))
        statuses = {j.id: j.get_status() for j in hostile}
        assert {j for j, s in statuses.items() if j not in failed} == set(), (statuses, log)
        assert "refusing" in log
        # builtins.print would have printed the job (its repr names the job id).
        assert not any(f"Job('{j.id}'" in log for j in hostile), log
        # None of them projected anything: the projection still lags the whole log.
        assert timeline.backend.projection.event_count() == 0
    finally:
        dependency.delete()


def _plant_abandoned(r: redis.Redis, queue: str, timeline: str) -> Job:
    """A project job 'started' by a worker that is gone, its lease long expired, with
    callbacks: RQ's cleanup of the started registry would run its failure callback."""
    job = Job.create(
        PROJECT_JOB,
        args=[timeline],
        connection=r,
        serializer=JSONSerializer,
        origin=queue,
        on_success=Callback(PLANTED),
        on_failure=Callback(PLANTED),
        on_stopped=Callback(PLANTED),
    )
    job.worker_name = "ghost-worker"
    job.set_status(JobStatus.STARTED, pipeline=None)
    job.save()
    r.sadd("rq:queues", f"rq:queue:{queue}")
    r.zadd(StartedJobRegistry(queue, connection=r).key, {f"{job.id}:ghost": time.time() - 3600})
    return job


def test_read_commands_and_cleanup_never_run_a_planted_callback(
    timeline: Timeline, attack_env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    r = timeline.backend.connections.queue
    fill(timeline, 2)
    timeline.operator.project()
    fill(timeline, 3)  # lagging: what a read would be tempted to catch up on
    job = _plant_abandoned(r, timeline.settings.queue_name, timeline.name)
    before = _snapshot(r)
    for args in READ_COMMANDS:
        p = cli(attack_env, *args)
        assert p.returncode == 0, (args, p.stderr)
        assert not _marker(attack_env).exists(), (args, _marker(attack_env).read_text())
        figures.add("read_commands_checked", 1)
    after = _snapshot(r)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], changed
    status = cli(attack_env, "status", "--json")
    assert '"abandoned_jobs": 1' in status.stdout, status.stdout
    # A real worker's maintenance cleans the started registry: the abandoned job is
    # failed (or retried and refused), and its callbacks never run.
    log = _run_worker(attack_env, tmp_path / "worker.log")
    figures.add("callbacks_refused", 1)
    assert not _marker(attack_env).exists(), (_marker(attack_env).read_text(), log)
    wait_until(
        lambda: job.get_status(refresh=True) == JobStatus.FAILED, 10, "the planted job failed"
    )
    assert os.path.exists(tmp_path / "worker.log")
