"""Projection jobs on RQ: JSON-serialized, coalesced per timeline, retried.

Only one projection job per timeline waits in the queue at a time: a job
applies everything in the log when it runs, so a second queued one would have
nothing to do. The `pending` flag is cleared when a job starts, so records
appended while it runs get a job of their own.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import cast

import redis
from rq import Queue, Retry
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.worker_registration import get_keys

from timeline import defaults
from timeline.backend.connect import translating
from timeline.backend.server import pid_alive
from timeline.ports import QueueStats

# The one job function (`timeline.jobs.project`); workers run only the names in
# `timeline.backend.worker.ALLOWED_JOBS`.
PROJECT_JOB = "timeline.jobs.project"


def pending_key(timeline: str) -> str:
    return f"timeline:pending:{timeline}"


@translating
class RQJobQueue:
    """The JobQueue port (`timeline.ports`) on RQ."""

    def __init__(
        self, r: redis.Redis, name: str, where: str, setting: str = "TIMELINE_REDIS_URL"
    ) -> None:
        self.r = r
        self.where = where  # the queue's server, and the setting that names it
        self.setting = setting
        self.queue = Queue(name, connection=r, serializer=JSONSerializer)

    def check(self) -> None:
        """Fail now, before anything is written, if the queue's server cannot be reached."""
        self.r.ping()

    def request_projection(self, timeline: str) -> bool:
        """Enqueue a projection job unless one is already waiting. True if enqueued."""
        if not self.r.set(pending_key(timeline), "1", nx=True, ex=defaults.PENDING_TTL):
            return False
        self.queue.enqueue(
            PROJECT_JOB,
            timeline,
            retry=Retry(max=len(defaults.RETRY_INTERVALS), interval=list(defaults.RETRY_INTERVALS)),
            job_timeout=defaults.JOB_TIMEOUT,
            result_ttl=defaults.RESULT_TTL,
            failure_ttl=defaults.FAILURE_TTL,
            description=f"project timeline {timeline}",
        )
        return True

    def job_started(self, timeline: str) -> None:
        self.r.delete(pending_key(timeline))

    def live_workers(self) -> int:
        """Workers of this queue whose record is alive and not suspended (read only: RQ's
        own listing removes the records of dead workers as it goes)."""
        keys = sorted(get_keys(queue=self.queue))
        with self.r.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hmget(key, ["birth", "state"])
            found = pipe.execute()
        return sum(1 for birth, state in found if birth is not None and state != b"suspended")

    def stats(self) -> QueueStats:
        # Every count reads without cleaning up: RQ's cleanup of the started registry
        # would hand abandoned jobs back to the queue and run failure callbacks.
        started_ids = StartedJobRegistry(queue=self.queue).get_job_ids(cleanup=False)
        return QueueStats(
            queue=self.queue.name,
            queued_jobs=self.queue.count,
            started_jobs=len(started_ids),
            abandoned_jobs=self._abandoned(started_ids),
            retrying_jobs=ScheduledJobRegistry(queue=self.queue).get_job_count(cleanup=False),  # type: ignore[no-untyped-call]
            failed_jobs=FailedJobRegistry(queue=self.queue).get_job_count(cleanup=False),
            workers=self.live_workers(),
        )

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
                count += age.total_seconds() > defaults.LEASE
        return count
