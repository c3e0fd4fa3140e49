"""RQ entry points, for running the project's worker from a checkout.

Not installed (the job functions are `timeline.jobs`, the worker
`timeline.backend.worker`): `timeline worker` is the installed command, and
`python -m workers.worker` the same from this folder.
"""
