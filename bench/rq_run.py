"""Running real RQ workers (`timeline worker --burst`) in subprocesses, and timing jobs.

A job's own time comes from RQ's started_at/ended_at, so worker start-up
(interpreter, imports, registration) is reported apart from projection work.
"""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from bench.common import PYTHON, bench_env
from timeline.backend.queue import RQJobQueue, pending_key

TIMELINE = str(Path(PYTHON).parent / "timeline")


@dataclass
class WorkerRun:
    wall: float  # from launching the workers until the last exited
    span: float  # first job started .. last job ended (RQ timestamps)
    job_seconds: list[float]
    results: list[int]  # records each job applied
    child_cpu: float  # CPU of the worker processes and their forked work horses


def run_workers(
    queue_conn: redis.Redis,
    timelines: list[str],
    workers: int,
    env: dict[str, str],
    queue_name: str,
) -> WorkerRun:
    """Enqueue one projection job per timeline (the product's path), run `workers`
    burst workers until the queue is empty, and time it."""
    jq = RQJobQueue(queue_conn, queue_name, "the bench server")
    q = Queue(queue_name, connection=queue_conn, serializer=JSONSerializer)
    q.empty()
    for name in timelines:
        queue_conn.delete(pending_key(name))
        if not jq.request_projection(name):
            raise RuntimeError(f"projection job for {name} not enqueued")
    job_ids = q.job_ids
    full_env = bench_env(TIMELINE_QUEUE_NAME=queue_name, **env)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen([TIMELINE, "worker", "--burst", "--name", f"bw-{queue_name}-{i}"],
                         env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for i in range(workers)
    ]  # fmt: skip
    errors = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    jobs = [Job.fetch(j, connection=queue_conn, serializer=JSONSerializer) for j in job_ids]
    bad = [j.id for j in jobs if j.get_status() != "finished"]
    if bad or any(p.returncode for p in procs):
        tail = b"\n".join(e[-2000:] for e in errors if e).decode(errors="replace")
        raise RuntimeError(f"projection jobs not finished ({bad}): {tail}")
    starts = [j.started_at for j in jobs if j.started_at]
    ends = [j.ended_at for j in jobs if j.ended_at]
    span = (max(ends) - min(starts)).total_seconds()
    secs = [(j.ended_at - j.started_at).total_seconds() for j in jobs
            if j.ended_at and j.started_at]  # fmt: skip
    return WorkerRun(wall, span, secs, [int(j.return_value() or 0) for j in jobs], cpu)
