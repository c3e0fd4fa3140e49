"""The timeline worker: a stock RQ worker that runs only the project's own jobs.

RQ with the JSON serializer still imports and calls whatever function a job
names, so a job naming `os.system` would run. The job class here refuses every
function outside ALLOWED_JOBS; such a job fails and is kept in the failed
registry, and nothing is executed. Jobs enqueued under a job's former name
(RENAMED_JOBS: before the job functions moved into the `timeline` package) run
the function it names now.
"""

from __future__ import annotations

from typing import Any

from rq import Queue, Worker
from rq.job import Job
from rq.serializers import JSONSerializer
from rq.utils import import_attribute

from timeline import defaults
from timeline.backend.queue import PROJECT_JOB
from timeline.text_safety import terminal_safe

ALLOWED_JOBS = frozenset({PROJECT_JOB})
RENAMED_JOBS = {"workers.jobs.project": PROJECT_JOB}


class JobNotAllowed(Exception):
    """A job named a function that is not one of the project's job functions."""


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

    @property
    def func(self) -> Any:
        given = self.func_name or ""
        name = RENAMED_JOBS.get(given, given)
        if name not in ALLOWED_JOBS:
            raise JobNotAllowed(f"refusing to run {given!r}: not a timeline job")
        return import_attribute(name)


def make_worker(connection: Any, queue_name: str, name: str | None = None) -> Worker:
    queue = Queue(
        queue_name, connection=connection, serializer=JSONSerializer, job_class=TimelineJob
    )
    return Worker(
        [queue],
        name=name,
        connection=connection,
        serializer=JSONSerializer,
        job_class=TimelineJob,
        worker_ttl=defaults.WORKER_TTL,
        maintenance_interval=defaults.MAINTENANCE_INTERVAL,
        job_monitoring_interval=defaults.JOB_MONITORING_INTERVAL,
    )


def run(connection: Any, queue_name: str, *, burst: bool = False, name: str | None = None) -> bool:
    """Run a worker on the queue until stopped (or, with `burst`, until it is empty)."""
    worker = make_worker(connection, queue_name, name)
    # The scheduler moves retries that wait (RETRY_INTERVALS) back to the queue; without
    # it, a job retried with a delay would wait in the scheduled registry forever.
    return bool(worker.work(burst=burst, with_scheduler=True))
