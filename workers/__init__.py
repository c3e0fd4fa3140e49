"""RQ entry points: the job functions workers may run, and the worker itself."""
