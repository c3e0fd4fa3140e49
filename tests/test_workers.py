"""Real RQ workers: projection jobs, coalescing, crash safety, the job allow-list."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

from rq import Queue
from rq.job import Job
from rq.registry import FailedJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

from tests.factories import fill, projection_snapshot
from tests.reliability.helpers import kill_group
from timeline import ArticleInput, Timeline
from timeline.backend.worker import TimelineJob, make_worker


def _worker(timeline: Timeline) -> object:
    return make_worker(timeline.backend.connections.queue, timeline.settings.queue_name)


def test_worker_runs_a_projection_job(timeline: Timeline) -> None:
    fill(timeline, 5)
    assert timeline.backend.jobs.request_projection(timeline.name)
    # Coalesced: the job already waiting will apply whatever arrives before it runs.
    assert not timeline.backend.jobs.request_projection(timeline.name)
    assert timeline.backend.jobs.queue.count == 1
    worker = make_worker(timeline.backend.connections.queue, timeline.settings.queue_name)
    assert worker.work(burst=True)
    assert timeline.operator.status().lag == 0
    assert timeline.backend.projection.event_count() == 30
    # The job cleared the flag, so the next append gets a job again.
    assert timeline.backend.jobs.request_projection(timeline.name)


def test_show_right_after_ingest_sees_it_when_the_workers_do_not_run(timeline: Timeline) -> None:
    """A worker registered in RQ but not working (busy elsewhere, or SIGKILLed and not yet
    expired): ingest asks the workers, and applies its own records itself before it
    returns, so a `show` right after sees them; reads never write, so what another client
    appended meanwhile waits for the workers."""
    idle = make_worker(timeline.backend.connections.queue, timeline.settings.queue_name)
    idle.register_birth()
    try:
        assert timeline.backend.jobs.live_workers() == 1
        fill(timeline, 5)  # 35 records another client appended, unprojected
        timeline.backend.projection.batch_size = 10
        text = "Bridge closes\n\nThe council closed the old bridge on Friday.\n"
        [result] = timeline.writer.ingest(
            [ArticleInput("bridge", text=text, published=dt.date(2021, 8, 22))]
        )
        assert timeline.backend.jobs.queue.count == 1  # the workers were asked too
        assert timeline.operator.status().lag == 0  # ingest applied everything up to its own
        shown = timeline.reader.show(since="2021-08-20", as_of=dt.date(2021, 8, 22), merge=False)
        assert result.article_id in {e.article.id for e in shown}
        fill(timeline, 7)  # seeds 5 and 6: 14 records more
        before = timeline.backend.projection.checkpoint()
        timeline.reader.show(merge=False)
        timeline.operator.status()
        assert timeline.backend.projection.checkpoint() == before
        assert timeline.operator.status().lag == timeline.reader.lag() == 14
    finally:
        idle.register_death()


def test_job_naming_another_function_is_refused(timeline: Timeline) -> None:
    q = Queue(
        timeline.settings.queue_name,
        connection=timeline.backend.connections.queue,
        serializer=JSONSerializer,
    )
    marker = f"/tmp/timeline-pwned-{os.getpid()}"
    job = q.enqueue("os.system", f"touch {marker}")
    worker = make_worker(timeline.backend.connections.queue, timeline.settings.queue_name)
    worker.work(burst=True)
    assert not os.path.exists(marker)
    failed = FailedJobRegistry(queue=q)
    assert job.id in failed.get_job_ids()
    fetched = TimelineJob.fetch(job.id, connection=q.connection, serializer=JSONSerializer)
    assert "not a timeline job" in (fetched.latest_result().exc_string or "")


def test_a_job_of_the_former_name_runs_the_job_function(timeline: Timeline) -> None:
    """Jobs queued before the job functions moved into the package (`workers.jobs.project`)
    still run, as `timeline.jobs.project`."""
    fill(timeline, 2)
    q = Queue(
        timeline.settings.queue_name,
        connection=timeline.backend.connections.queue,
        serializer=JSONSerializer,
    )
    job = q.enqueue("workers.jobs.project", timeline.name)
    _worker(timeline).work(burst=True)  # type: ignore[attr-defined]
    done = Job.fetch(job.id, connection=q.connection, serializer=JSONSerializer)
    assert done.return_value() == 14
    assert timeline.reader.lag() == 0


def test_the_job_names_are_the_job_functions() -> None:
    from rq.utils import import_attribute

    from timeline import jobs
    from timeline.backend.queue import EXTRACT_JOB, FOLLOW_JOB, PROJECT_JOB
    from timeline.backend.worker import ALLOWED_JOBS, RENAMED_JOBS

    assert import_attribute(PROJECT_JOB) is jobs.project
    assert import_attribute(EXTRACT_JOB) is jobs.extract
    assert import_attribute(FOLLOW_JOB) is jobs.follow
    assert set(RENAMED_JOBS.values()) <= ALLOWED_JOBS == {PROJECT_JOB, EXTRACT_JOB, FOLLOW_JOB}


def test_status_reads_and_repairs_nothing(timeline: Timeline) -> None:
    """`status` of a queue whose job was abandoned by a dead worker reports it and leaves
    every key as it was; RQ's own counting would hand the job back (and run callbacks)."""
    fill(timeline, 1)
    jobs = timeline.backend.jobs
    jobs.request_projection(timeline.name)
    r, queue = timeline.backend.connections.queue, jobs.queue  # type: ignore[attr-defined]
    [job_id] = queue.job_ids
    # Taken by a worker that died long ago: started, its lease over, its record gone.
    r.lrem(queue.key, 0, job_id)
    r.hset(f"rq:job:{job_id}", mapping={"status": "started", "worker_name": "gone"})
    r.zadd(StartedJobRegistry(queue=queue).key, {f"{job_id}:x": 1})
    keys = {k: r.dump(k) for k in r.scan_iter(match="rq:*")}
    status = timeline.operator.status()
    assert status.queue["started_jobs"] == 1 and status.queue["abandoned_jobs"] == 1
    assert status.queue["queued_jobs"] == 0 and status.queue["workers"] == 0
    assert {k: r.dump(k) for k in r.scan_iter(match="rq:*")} == keys
    StartedJobRegistry(queue=queue).count  # what RQ's counting does  # noqa: B018
    assert {k: r.dump(k) for k in r.scan_iter(match="rq:*")} != keys


def test_job_with_a_pickle_payload_is_refused(timeline: Timeline) -> None:
    import pickle

    q = Queue(
        timeline.settings.queue_name,
        connection=timeline.backend.connections.queue,
        serializer=JSONSerializer,
    )
    job = q.enqueue("workers.jobs.project", timeline.name)
    # Overwrite the job's data with a pickle, as an attacker with queue access could.
    payload = pickle.dumps(("os.system", None, ("touch /tmp/x",), {}))
    q.connection.hset(Job.key_for(job.id), "data", payload)
    worker = make_worker(timeline.backend.connections.queue, timeline.settings.queue_name)
    worker.work(burst=True)
    assert job.id in FailedJobRegistry(queue=q).get_job_ids()


def test_killed_worker_leaves_no_gap_and_no_duplicate(
    timeline: Timeline, env: dict[str, str]
) -> None:
    fill(timeline, 150, events=20)  # 3,150 records
    timeline.backend.jobs.request_projection(timeline.name)
    env = env | {"TIMELINE_BATCH_SIZE": "2"}  # ~1,600 script calls: time to kill it midway
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "worker"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    projection = timeline.backend.projection
    deadline = time.monotonic() + 60
    while projection.checkpoint() == "0-0" and time.monotonic() < deadline:
        time.sleep(0.005)
    # The worker and its work horse, mid-projection. RQ's horse setpgrp()s itself, so
    # killing the worker's group alone would leave the horse projecting on.
    kill_group(proc, signal.SIGKILL)
    partial = projection.checkpoint()
    assert partial != "0-0" and partial != timeline.backend.store.version()
    # The next job (here: a fresh burst worker) completes the projection.
    timeline.backend.jobs.job_started(timeline.name)
    timeline.backend.jobs.request_projection(timeline.name)
    make_worker(timeline.backend.connections.queue, timeline.settings.queue_name).work(burst=True)
    assert projection.checkpoint() == timeline.backend.store.version()
    incremental = projection_snapshot(timeline)
    timeline.operator.rebuild()
    assert projection_snapshot(timeline) == incremental
    assert projection.event_count() == 150 * 20


def test_rq_info_sees_our_queue_and_worker(timeline: Timeline) -> None:
    """Operators use RQ's own tools on our queues as they are."""
    import subprocess
    import sys

    fill(timeline, 1)
    timeline.backend.jobs.request_projection(timeline.name)
    url = timeline.settings.redis_url or ""
    rq = [sys.executable, "-m", "rq.cli", "info", "--url", url, "--serializer", "json", "--raw"]
    queued = subprocess.run([*rq, timeline.settings.queue_name], capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    assert f"queue {timeline.settings.queue_name} 1" in queued.stdout
    make_worker(timeline.backend.connections.queue, timeline.settings.queue_name).work(burst=True)
    drained = subprocess.run([*rq, timeline.settings.queue_name], capture_output=True,
                             text=True, timeout=60)  # fmt: skip
    assert f"queue {timeline.settings.queue_name} 0, 0 executing, 1 finished" in drained.stdout
