"""The Lua scripts of the backend, read once from the `.lua` files beside this module.

Each file starts with a header that says its KEYS, its ARGV, what it returns and
what it guarantees. The scripts store and find records; they never interpret a
TIMEX value or an ordering rule (placements come in the records, `timeline.records`).
"""

from __future__ import annotations

import functools
from importlib import resources

import redis
from redis.commands.core import Script

NAMES = ("append", "append_for", "project", "swap", "window")


@functools.cache
def source(name: str) -> str:
    """The text of `lua/<name>.lua` (read from the installed package once per process)."""
    if name not in NAMES:
        raise KeyError(f"no script {name!r}")
    return (resources.files("timeline.backend") / "lua" / f"{name}.lua").read_text("utf-8")


def register(r: redis.Redis, name: str) -> Script:
    """Script `name` on client `r`: sent by its SHA, loaded into the server on first use."""
    return r.register_script(source(name))
