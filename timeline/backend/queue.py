"""Projection jobs on RQ: JSON-serialized, coalesced per timeline, retried.

Only one projection job per timeline waits in the queue at a time: a job
applies everything in the log when it runs, so a second queued one would have
nothing to do. The `pending` flag is cleared when a job starts, so records
appended while it runs get a job of their own.
"""

from __future__ import annotations

from typing import Any

import redis
from rq import Queue, Retry, Worker
from rq.registry import FailedJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer

PROJECT_JOB = "workers.jobs.project"
# A job that dies with its worker is retried; these are the waits between tries.
RETRY_INTERVALS = [1, 5, 15]
# A pending flag outlives a lost job by at most this long.
PENDING_TTL = 600
JOB_TIMEOUT = 3600


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
        return sum(1 for w in Worker.all(queue=self.queue) if w.state != "suspended")

    def stats(self) -> dict[str, Any]:
        return {
            "queue": self.queue.name,
            "queued_jobs": self.queue.count,
            "started_jobs": StartedJobRegistry(queue=self.queue).count,
            "failed_jobs": FailedJobRegistry(queue=self.queue).count,
            "workers": self.live_workers(),
        }
