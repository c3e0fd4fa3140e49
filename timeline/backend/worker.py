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
