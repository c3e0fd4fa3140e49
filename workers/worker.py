"""The timeline worker: a stock RQ worker that runs only the project's own jobs.

RQ with the JSON serializer still imports and calls whatever function a job
names, so a job naming `os.system` would run. The job class here refuses every
function outside ALLOWED_JOBS; such a job fails and is kept in the failed
registry, and nothing is executed.
"""

from __future__ import annotations

from typing import Any

from rq import Queue, Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from timeline.backend.queue import PROJECT_JOB
from timeline.text_safety import terminal_safe

ALLOWED_JOBS = frozenset({PROJECT_JOB})
# A worker that dies is seen as dead after WORKER_TTL s, and its job retried at the
# next maintenance pass: about a minute in all, instead of RQ's default 15.
WORKER_TTL = 30
MAINTENANCE_INTERVAL = 30
JOB_MONITORING_INTERVAL = 10


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
        if self.func_name not in ALLOWED_JOBS:
            raise JobNotAllowed(f"refusing to run {self.func_name!r}: not a timeline job")
        return super().func


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
        worker_ttl=WORKER_TTL,
        maintenance_interval=MAINTENANCE_INTERVAL,
        job_monitoring_interval=JOB_MONITORING_INTERVAL,
    )


def run(*, burst: bool = False, name: str | None = None) -> bool:
    """Run a worker on the configured queue until stopped (or the queue is empty)."""
    from timeline.backend.connect import open_connections
    from timeline.settings import load_settings

    settings = load_settings()
    conns = open_connections(settings)
    worker = make_worker(conns.queue, settings.queue_name, name)
    # The scheduler moves retries that wait (RETRY_INTERVALS) back to the queue; without
    # it, a job retried with a delay would wait in the scheduled registry forever.
    return bool(worker.work(burst=burst, with_scheduler=True))
