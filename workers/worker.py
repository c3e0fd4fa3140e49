"""`python -m workers.worker [--burst]`: the timeline worker, from a checkout.

The same as `timeline worker`: a stock RQ worker that runs only the project's own
jobs (`timeline.backend.worker.ALLOWED_JOBS`).
"""

from __future__ import annotations

import sys

from timeline.app import run_worker
from timeline.backend.worker import ALLOWED_JOBS, RENAMED_JOBS, TimelineJob, make_worker

__all__ = ["ALLOWED_JOBS", "RENAMED_JOBS", "TimelineJob", "main", "make_worker"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    run_worker(burst="--burst" in args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
