"""The timeline worker: a stock RQ worker that runs only the project's own jobs.

RQ with the JSON serializer still imports and calls whatever a job names: its
function, and its `on_success`, `on_failure` and `on_stopped` callbacks (run by
the worker, and by RQ's cleanup of the started registry for a job abandoned by a
dead worker). So a job naming `os.system`, or `Callback("builtins.print")`, would
run it. The job class here refuses, before importing anything, every job whose
function is outside ALLOWED_JOBS or that names a callback (the project has none),
or whose dependencies do: such a job fails and is kept in the failed registry,
and nothing it names is imported or called. Jobs enqueued under a job's former
name (RENAMED_JOBS: before the job functions moved into the `timeline` package)
run the function it names now.

A worker killed while it projects leaves its job "started" until RQ's lease on it
expires (a minute and more). Meanwhile every live worker looks, every
WATCH_INTERVAL seconds, for projection jobs of its queues whose worker is dead
(`timeline.backend.queue.worker_alive`) and asks for a projection of their
timeline, once per abandoned run: the log goes on being applied within seconds.
"""

from __future__ import annotations

import time
from typing import Any, cast

import redis
from rq import Queue, Worker
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from rq.utils import import_attribute

from timeline import defaults
from timeline.backend.queue import (
    EXTRACT_JOB,
    FOLLOW_JOB,
    PROJECT_JOB,
    RQJobQueue,
    worker_alive,
    worker_info,
)
from timeline.ports import NAME
from timeline.text_safety import terminal_safe

ALLOWED_JOBS = frozenset({PROJECT_JOB, EXTRACT_JOB, FOLLOW_JOB})
RENAMED_JOBS = {"workers.jobs.project": PROJECT_JOB}


class JobNotAllowed(Exception):
    """A job named a function that is not one of the project's job functions."""


def callback_names(job: Job) -> list[str]:
    """The callbacks a job names (as stored: nothing is imported)."""
    names = (job._success_callback_name, job._failure_callback_name,
             job._stopped_callback_name)  # fmt: skip
    return [terminal_safe(n) for n in names if n]


class TimelineJob(Job):
    # The worker logs a job's description and function name, which whoever enqueued
    # the job wrote: escaped for the terminal (no allowed name has anything to escape).
    def restore(self, raw_data: Any) -> None:
        super().restore(raw_data)
        if self.description:
            self.description = terminal_safe(self.description)

    def _deserialize_data(self) -> None:
        super()._deserialize_data()  # type: ignore[no-untyped-call]
        if isinstance(self._func_name, str):
            self._func_name = terminal_safe(self._func_name)

    def refusal(self) -> str | None:
        """Why this job must not run (None: it may), read without importing anything."""
        given = self.func_name or ""
        if RENAMED_JOBS.get(given, given) not in ALLOWED_JOBS:
            return f"refusing to run {given!r}: not a timeline job"
        if names := callback_names(self):
            return f"refusing job {self.id}: it names callbacks {names}"
        for dependency in self.fetch_many(
            self._dependency_ids, connection=self.connection, serializer=self.serializer
        ):
            if dependency is not None and (names := callback_names(dependency)):
                return f"refusing job {self.id}: its dependency names callbacks {names}"
        return None

    @property
    def func(self) -> Any:
        if (why := self.refusal()) is not None:
            raise JobNotAllowed(why)
        given = self.func_name or ""
        return import_attribute(RENAMED_JOBS.get(given, given))

    # Callbacks: none is ever imported or called, whoever asks (the worker after a job,
    # RQ's cleanup of abandoned jobs in the started registry).
    @property
    def success_callback(self) -> None:
        return None

    @property
    def failure_callback(self) -> None:
        return None

    @property
    def stopped_callback(self) -> None:
        return None


class TimelineWorker(Worker):
    """RQ's worker, which also takes over the projection of jobs whose worker died."""

    _next_watch = 0.0

    @property
    def dequeue_timeout(self) -> int:
        # An idle worker wakes this often (RQ: worker_ttl - 15 s) to heartbeat and watch.
        return defaults.WATCH_INTERVAL

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        super().heartbeat(timeout, pipeline)
        if pipeline is None and time.monotonic() >= self._next_watch:
            self._next_watch = time.monotonic() + defaults.WATCH_INTERVAL
            try:
                self.take_over_abandoned()
            except redis.RedisError as exc:  # the next heartbeat tries again
                self.log.warning("Worker %s: watching for dead workers failed: %s", self.name, exc)

    def take_over_abandoned(self) -> int:
        """Ask for a projection of each timeline whose projection job was started by a
        worker that is dead; once per abandoned run (the request's job id names it).
        Returns the requests made. Runs nothing a job names."""
        requested = 0
        for queue in self.queues:
            registry = StartedJobRegistry(queue=queue)
            members = cast(list[bytes], self.connection.zrange(registry.key, 0, -1))
            runs = [m.decode(errors="replace") for m in members]
            for run in runs:
                job_id, _, execution = run.partition(":")
                job = TimelineJob.fetch_many([job_id], connection=self.connection,
                                             serializer=JSONSerializer)[0]  # fmt: skip
                if not isinstance(job, TimelineJob) or job.refusal() is not None or not job.args:
                    continue
                timeline = job.args[0]
                if not isinstance(timeline, str) or not NAME.fullmatch(timeline):
                    continue
                if worker_alive(worker_info(self.connection, job.worker_name)):
                    continue
                takeover = f"takeover-{job_id}-{execution}"[:200]
                if Job.exists(takeover, connection=self.connection):
                    continue
                jobs = RQJobQueue(self.connection, queue.name, where="the queue")
                if jobs.request_projection(timeline, job_id=takeover):
                    requested += 1
                    self.log.info(
                        "Worker %s: %s's worker is dead: projecting timeline %s again",
                        self.name, job_id, timeline,
                    )  # fmt: skip
        return requested


def make_worker(connection: Any, queue_name: str, name: str | None = None) -> Worker:
    queue = Queue(
        queue_name, connection=connection, serializer=JSONSerializer, job_class=TimelineJob
    )
    return TimelineWorker(
        [queue],
        name=name,
        connection=connection,
        serializer=JSONSerializer,
        job_class=TimelineJob,
        worker_ttl=defaults.WORKER_TTL,
        maintenance_interval=defaults.MAINTENANCE_INTERVAL,
        job_monitoring_interval=defaults.JOB_MONITORING_INTERVAL,
    )


def run(
    connection: Any,
    queue_name: str,
    *,
    burst: bool = False,
    name: str | None = None,
    with_scheduler: bool = True,
) -> bool:
    """Run a worker on the queue until stopped (or, with `burst`, until it is empty)."""
    worker = make_worker(connection, queue_name, name)
    # The scheduler moves retries that wait (RETRY_INTERVALS) and the next runs of follows
    # (`timeline follow`) to the queue when they are due; without one on some worker,
    # they would wait in the scheduled registry forever. One worker's scheduler at a
    # time is active (RQ's lock); the others stand by.
    return bool(worker.work(burst=burst, with_scheduler=with_scheduler))
