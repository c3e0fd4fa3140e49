"""Projection jobs on RQ: JSON-serialized, coalesced per timeline, retried.

Only one projection job per timeline waits in the queue at a time: a job
applies everything in the log when it runs, so a second queued one would have
nothing to do. The `pending` flag is cleared when a job starts, so records
appended while it runs get a job of their own.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any, cast

import redis
from rq import Queue, Retry, Worker
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

from timeline.backend.server import pid_alive

PROJECT_JOB = "workers.jobs.project"
# A job that fails, or dies with its worker, is retried; these are the waits between
# tries. The first retry is immediate: RQ puts it straight back in the queue, so it
# runs even when no worker runs the scheduler (a worker's scheduler lock outlives
# a SIGKILLed worker by a minute); later ones wait in the scheduled registry.
RETRY_INTERVALS = [0, 5, 15]
# A pending flag outlives a lost job by at most this long.
PENDING_TTL = 600
JOB_TIMEOUT = 3600
# A job whose worker has not renewed it for this long is abandoned (RQ: monitoring
# interval + 60 s).
LEASE = 90


def pending_key(timeline: str) -> str:
    return f"timeline:pending:{timeline}"


class JobQueue:
    def __init__(self, r: redis.Redis, name: str) -> None:
        self.r = r
        self.queue = Queue(name, connection=r, serializer=JSONSerializer)

    def request_projection(self, timeline: str) -> bool:
        """Enqueue a projection job unless one is already waiting. True if enqueued."""
        if not self.r.set(pending_key(timeline), "1", nx=True, ex=PENDING_TTL):
            return False
        self.queue.enqueue(
            PROJECT_JOB,
            timeline,
            retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
            job_timeout=JOB_TIMEOUT,
            result_ttl=300,
            failure_ttl=7 * 24 * 3600,
            description=f"project timeline {timeline}",
        )
        return True

    def job_started(self, timeline: str) -> None:
        self.r.delete(pending_key(timeline))

    def live_workers(self) -> int:
        return sum(1 for w in Worker.all(queue=self.queue) if w.get_state() != "suspended")

    def stats(self) -> dict[str, Any]:
        # Counting the started registry also hands RQ's abandoned jobs (their worker
        # died and stopped renewing them) back to the queue, or to failed when no
        # retry is left: `status` itself repairs what it reports.
        started = StartedJobRegistry(queue=self.queue)
        started_ids = started.get_job_ids()
        return {
            "queue": self.queue.name,
            "queued_jobs": self.queue.count,
            "started_jobs": len(started_ids),
            "abandoned_jobs": self._abandoned(started_ids),
            "retrying_jobs": ScheduledJobRegistry(queue=self.queue).count,  # type: ignore[no-untyped-call]
            "failed_jobs": FailedJobRegistry(queue=self.queue).count,
            "workers": self.live_workers(),
        }

    def _abandoned(self, job_ids: list[str]) -> int:
        """Started jobs whose worker is gone; RQ retries them once their lease expires.

        A worker on this host is gone when its pid is; one elsewhere when its record
        expired or its heartbeat is older than any lease.
        """
        count = 0
        here = socket.gethostname()
        for job in Job.fetch_many(job_ids, connection=self.r, serializer=JSONSerializer):
            if job is None:
                continue
            raw = cast(dict[bytes, bytes], self.r.hgetall(f"rq:worker:{job.worker_name}"))
            info = {k.decode(): v.decode() for k, v in raw.items()}
            if not info:
                count += 1
            elif info.get("hostname") == here and info.get("pid", "").isdigit():
                count += not pid_alive(int(info["pid"]))
            elif job.last_heartbeat is not None:
                age = dt.datetime.now(dt.UTC) - job.last_heartbeat.replace(tzinfo=dt.UTC)
                count += age.total_seconds() > LEASE
        return count
