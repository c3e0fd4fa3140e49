"""Projection jobs on RQ: JSON-serialized, coalesced per timeline, retried.

Only one projection job per timeline waits in the queue at a time: a job
applies everything in the log when it runs, so a second queued one would have
nothing to do. The `pending` flag names that job and is cleared when a job
starts, so records appended while it runs get a job of their own. A flag naming
a job that no longer waits or runs (its worker died between taking it and
starting it) is taken over by the next request, and a live worker takes over the
projection of a job whose worker died (`timeline.backend.worker`): nothing waits
for RQ's lease on a dead worker's job to expire.

A worker is alive when its record says so freshly: on this host, while its
process is; elsewhere, while its heartbeat is younger than WORKER_TTL.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from collections.abc import Sequence
from typing import cast

import orjson
import redis
from rq import Queue, Repeat, Retry, get_current_job
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import utcparse
from rq.worker_registration import get_keys

from timeline import defaults
from timeline.backend.connect import translating
from timeline.backend.server import pid_alive
from timeline.ports import Follow, JobState, QueueStats

# The job functions (`timeline.jobs`); workers run only the names in
# `timeline.backend.worker.ALLOWED_JOBS`.
PROJECT_JOB = "timeline.jobs.project"
EXTRACT_JOB = "timeline.jobs.extract"
FOLLOW_JOB = "timeline.jobs.follow"


def pending_key(timeline: str) -> str:
    return f"timeline:pending:{timeline}"


def follows_key(timeline: str) -> str:
    """Hash feed -> JSON {"id", "every"} of the follows of `timeline` (on the queue's server)."""
    return f"timeline:follows:{timeline}"


# A flag younger than this names a job that may not be visible yet (the flag is set
# just before the job is enqueued, or the job is between the queue and its worker).
PENDING_GRACE = 5


def worker_info(r: redis.Redis, name: str | None) -> dict[str, str]:
    """A worker's record (empty when it has expired, or no worker is named)."""
    if not name:
        return {}
    raw = cast(dict[bytes, bytes], r.hgetall(f"rq:worker:{name}"))
    return {k.decode(): v.decode(errors="replace") for k, v in raw.items()}


def worker_alive(info: dict[str, str]) -> bool:
    """Whether a worker's record is of a live worker: on this host, while its process is;
    elsewhere, while its heartbeat is fresher than WORKER_TTL. Reads only."""
    if not info.get("birth"):
        return False
    if info.get("hostname") == socket.gethostname() and info.get("pid", "").isdigit():
        return pid_alive(int(info["pid"]))
    try:
        beat = utcparse(info.get("last_heartbeat") or info["birth"])
    except (KeyError, ValueError):
        return False
    return (dt.datetime.now(dt.UTC) - beat).total_seconds() <= defaults.WORKER_TTL


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

    def request_projection(self, timeline: str, job_id: str | None = None) -> bool:
        """Enqueue a projection job unless one is already waiting (or running, before it
        cleared the flag) for a live worker. True if enqueued."""
        key = pending_key(timeline)
        job_id = job_id or f"project-{uuid.uuid4().hex}"
        if not self.r.set(key, job_id, nx=True, ex=defaults.PENDING_TTL):
            holder = cast(bytes | None, self.r.get(key))
            if holder is None or self._holds(holder.decode(errors="replace"), key):
                return False
            if not self._take_over(key, holder, job_id):
                return False  # another request took it over first
        self.queue.enqueue(
            PROJECT_JOB,
            timeline,
            job_id=job_id,
            retry=Retry(max=len(defaults.RETRY_INTERVALS), interval=list(defaults.RETRY_INTERVALS)),
            job_timeout=defaults.JOB_TIMEOUT,
            result_ttl=defaults.RESULT_TTL,
            failure_ttl=defaults.FAILURE_TTL,
            description=f"project timeline {timeline}",
        )
        return True

    def _holds(self, job_id: str, key: str) -> bool:
        """Whether the job a pending flag names still waits or runs for a live worker."""
        job = Job.fetch_many([job_id], connection=self.r, serializer=JSONSerializer)[0]
        status = job.get_status(refresh=False) if job is not None else None
        if status in ("scheduled", "deferred"):
            return True  # a retry waiting: it will run
        if status == "started" and job is not None:
            return worker_alive(worker_info(self.r, job.worker_name))
        if status == "queued" and self.r.lpos(self.queue.key, job_id) is not None:
            return True
        # Not there (yet?), between the queue and a worker, or over: a young flag is given
        # the benefit of the doubt.
        ttl = self.r.ttl(key)
        return ttl > 0 and defaults.PENDING_TTL - ttl < PENDING_GRACE

    def _take_over(self, key: str, holder: bytes, job_id: str) -> bool:
        """Replace the flag naming a job that is gone, unless it changed meanwhile."""
        with self.r.pipeline() as pipe:
            try:
                pipe.watch(key)  # type: ignore[no-untyped-call]
                if pipe.get(key) != holder:
                    return False
                pipe.multi()
                pipe.set(key, job_id, ex=defaults.PENDING_TTL)
                pipe.execute()
            except redis.WatchError:
                return False
        return True
    def enqueue_extraction(self, timeline: str, batch: dict[str, object]) -> str:
        """An extraction job: JSON, retried like a projection job (appending is idempotent
        per article id, so a job retried after its worker died adds nothing twice); its
        result is kept until the ingest that queued it has read it."""
        articles = batch.get("articles")
        count = len(articles) if isinstance(articles, list) else 0
        job = self.queue.enqueue(
            EXTRACT_JOB,
            timeline,
            batch,
            retry=Retry(max=len(defaults.RETRY_INTERVALS), interval=list(defaults.RETRY_INTERVALS)),
            job_timeout=defaults.JOB_TIMEOUT,
            result_ttl=defaults.EXTRACT_RESULT_TTL,
            failure_ttl=defaults.FAILURE_TTL,
            description=f"extract {count} articles for timeline {timeline}",
        )
        return str(job.id)

    def job_states(self, job_ids: Sequence[str]) -> list[JobState]:
        states = []
        for job_id, job in zip(
            job_ids,
            Job.fetch_many(job_ids, connection=self.r, serializer=JSONSerializer),
            strict=True,
        ):
            if job is None:
                states.append(JobState("failed", error=f"job {job_id} is gone from the queue"))
                continue
            status = job.get_status(refresh=False)
            if status == JobStatus.FINISHED:
                states.append(JobState("done", result=job.return_value(refresh=True)))
            elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
                result = job.latest_result()
                reason = (result.exc_string or "") if result is not None else ""
                last = reason.strip().splitlines()[-1:] or [str(status)]
                states.append(JobState("failed", error=last[0]))
            else:
                states.append(JobState("waiting"))
        return states

    def follow(self, timeline: str, feed: str, every: int) -> Follow:
        """A job that repeats (RQ's `Repeat`: after each run that succeeds, the worker's
        scheduler queues it again `every` seconds later); its id is new, and the follow
        registered names it: a run of a replaced or stopped follow ends its repeats."""
        key = follows_key(timeline)
        job_id = f"follow-{uuid.uuid4().hex}"
        old = cast(bytes | None, self.r.hget(key, feed))
        self.r.hset(key, feed, orjson.dumps({"id": job_id, "every": every}))
        if old is not None:
            self._delete_job(orjson.loads(old).get("id"))
        times = max(1, min(defaults.FOLLOW_REPEATS_MAX, defaults.FOLLOW_SECONDS // every))
        self.queue.enqueue(
            FOLLOW_JOB,
            timeline,
            feed,
            job_id,
            job_id=job_id,
            repeat=Repeat(times=times, interval=every),
            retry=Retry(max=len(defaults.RETRY_INTERVALS), interval=list(defaults.RETRY_INTERVALS)),
            job_timeout=defaults.FOLLOW_JOB_TIMEOUT,
            result_ttl=max(defaults.RESULT_TTL, 2 * every),
            failure_ttl=defaults.FAILURE_TTL,
            description=f"follow {feed} for timeline {timeline}",
        )
        return Follow(feed, every, job_id, "queued")

    def follows(self, timeline: str) -> list[Follow]:
        raw = cast(dict[bytes, bytes], self.r.hgetall(follows_key(timeline)))
        out = []
        for feed, value in sorted(raw.items()):
            info = orjson.loads(value)
            job_id = str(info.get("id"))
            job = Job.fetch_many([job_id], connection=self.r, serializer=JSONSerializer)[0]
            state, next_run = "gone", None
            status = job.get_status(refresh=False) if job is not None else None
            if status is not None:
                state = JobStatus(status).value
                if state == "scheduled":
                    registry = ScheduledJobRegistry(queue=self.queue)  # type: ignore[no-untyped-call]
                    next_run = registry.get_scheduled_time(job_id)
            out.append(Follow(feed.decode(), int(info.get("every", 0)), job_id, state, next_run))
        return out

    def following(self, timeline: str, feed: str) -> str | None:
        raw = cast(bytes | None, self.r.hget(follows_key(timeline), feed))
        return None if raw is None else str(orjson.loads(raw).get("id"))

    def unfollow(self, timeline: str, feed: str) -> bool:
        key = follows_key(timeline)
        raw = cast(bytes | None, self.r.hget(key, feed))
        if raw is None:
            return False
        self.r.hdel(key, feed)
        self._delete_job(orjson.loads(raw).get("id"))
        return True

    def end_repeats(self) -> None:
        job = get_current_job()
        if job is not None:  # the job the worker runs now: it reads this after the run
            job.repeats_left = 0

    def drop(self, timeline: str) -> int:
        dropped = 0
        for follow in self.follows(timeline):
            dropped += self.unfollow(timeline, follow.feed)
        pending = cast(bytes | None, self.r.get(pending_key(timeline)))
        if pending is not None:
            self._delete_job(pending.decode(errors="replace"))
            dropped += 1
        self.r.delete(pending_key(timeline), follows_key(timeline))
        return dropped

    def _delete_job(self, job_id: object) -> None:
        """Remove a job that waits (queued or scheduled); one running ends by itself."""
        if not isinstance(job_id, str):
            return
        job = Job.fetch_many([job_id], connection=self.r, serializer=JSONSerializer)[0]
        if job is not None and job.get_status(refresh=False) != JobStatus.STARTED:
            job.delete()

    def job_started(self, timeline: str) -> None:
        self.r.delete(pending_key(timeline))

    def live_workers(self) -> int:
        """Workers of this queue that are alive (`worker_alive`: a dead worker's record
        lingers for a minute and more) and not suspended. Read only: RQ's own listing
        removes the records of dead workers as it goes."""
        keys = sorted(get_keys(queue=self.queue))
        with self.r.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hgetall(key)
            found = cast(list[dict[bytes, bytes]], pipe.execute())
        infos = [{k.decode(): v.decode(errors="replace") for k, v in f.items()} for f in found]
        return sum(1 for i in infos if worker_alive(i) and i.get("state") != "suspended")

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
        """Started jobs whose worker is gone (`worker_alive`); a live worker takes their
        projection over, and RQ retries them once their lease expires."""
        jobs = Job.fetch_many(job_ids, connection=self.r, serializer=JSONSerializer)
        return sum(
            1
            for job in jobs
            if job is not None and not worker_alive(worker_info(self.r, job.worker_name))
        )
