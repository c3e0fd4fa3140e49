"""`import redis` without redis.asyncio: imported by `timeline.backend` before anything
imports redis.

redis-py's package `__init__` imports `redis.asyncio`, its asyncio client, first thing
(about 10 % of `import redis`, which is most of a `timeline show`); the backend uses the
synchronous client only. So `redis.asyncio` is registered beforehand as the real package
whose `__init__` runs on the first use of one of its names: its submodules import as
usual (`redis.commands.core` imports `redis.asyncio.observability.recorder`), and
`from redis.asyncio import Redis` anywhere later gets the real one. Nothing changes once
redis is imported (a test or a program that imported it first).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from typing import Any


def defer_redis_asyncio() -> None:
    if "redis" in sys.modules or "redis.asyncio" in sys.modules:
        return
    top = importlib.util.find_spec("redis")  # a top-level spec: imports nothing
    if top is None or top.origin is None:
        return  # no redis: the import after this says so
    spec = importlib.machinery.PathFinder.find_spec("redis.asyncio", [os.path.dirname(top.origin)])
    if spec is None or spec.loader is None:
        return
    loader = spec.loader
    module = importlib.util.module_from_spec(spec)  # __path__ set: submodules import

    def __getattr__(name: str) -> Any:  # PEP 562: only for names not defined yet
        if name.startswith("__"):
            raise AttributeError(name)
        vars(module).pop("__getattr__", None)
        loader.exec_module(module)  # the real __init__, in place
        return getattr(module, name)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules["redis.asyncio"] = module


defer_redis_asyncio()
