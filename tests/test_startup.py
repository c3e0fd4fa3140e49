"""The CLI starts like git: `import timeline.cli` loads no store, no queue, no tagger, and
a read loads only what reading needs. Each check runs a fresh interpreter (this test
process has imported everything already) and looks at its `sys.modules`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from tests.conftest import SEED
from timeline import ArticleInput, Timeline

# What `import timeline.cli` (every command's first step, `timeline --help` included)
# must not load: each costs tens of milliseconds of imports.
NOT_AT_LOAD = ("redis", "rq", "timeline.temporal.tagger", "pydantic", "pydantic_settings",
               "rich", "timeline.app", "timeline.backend", "timeline.http", "fastapi",
               "starlette", "uvicorn", "httpx", "feedparser",
               # and what only some commands use: a few milliseconds of --help each
               "timeline.text_safety", "dataclasses")  # fmt: skip
# What a `show` of ISO dates must not load: the queue, the write path, the tagger, the
# settings library, the table renderer's terminal library when the output is piped.
# redis-py's asyncio client too (`timeline.backend._deferred`): only the synchronous one.
NOT_ON_SHOW = ("rq", "pydantic_settings", "timeline.temporal.tagger", "timeline.temporal.patterns",
               "timeline.services.writer", "timeline.extract", "timeline.article", "trafilatura",
               "rich", "fastapi", "uvicorn", "httpx", "feedparser",
               "redis.asyncio.client", "redis.asyncio.cluster")  # fmt: skip


def _modules(code: str, env: dict[str, str] | None = None) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return set(json.loads(out.stdout.splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_importing_the_cli_loads_no_store_queue_or_tagger() -> None:
    modules = _modules("import timeline.cli")
    assert "timeline.cli" in modules and "click" in modules
    assert _loaded(modules, NOT_AT_LOAD) == []


def test_help_loads_no_store_queue_or_tagger() -> None:
    code = "from timeline.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded(_modules(code), NOT_AT_LOAD) == []


def test_show_loads_only_the_read_path(timeline: Timeline, env: dict[str, str]) -> None:
    seed = ArticleInput(str(SEED / "panjshir.txt"), published=dt.date(2021, 8, 22))
    assert timeline.writer.ingest([seed])[0].status == "added"
    code = ("from timeline.cli import cli\n"
            "try:\n    cli(['show', '--since', '2021-08-01', '--as-of', '2021-08-22'])\n"
            "except SystemExit as e:\n    assert not e.code, e.code")  # fmt: skip
    modules = _modules(code, env)
    assert {"redis", "timeline.query", "timeline.merge", "timeline.output"} <= modules
    assert _loaded(modules, NOT_ON_SHOW) == []


def test_ingesting_a_file_loads_no_web_client(timeline: Timeline, env: dict[str, str]) -> None:
    """httpx and feedparser load only for URLs and feeds (`timeline ingest URL`)."""
    args = ["ingest", str(SEED / "panjshir.txt"), "--published", "2021-08-22"]
    code = ("from timeline.cli import cli\n"
            f"try:\n    cli({args!r})\n"
            "except SystemExit as e:\n    assert not e.code, e.code")  # fmt: skip
    modules = _modules(code, env)
    assert "timeline.extract" in modules
    assert _loaded(modules, ("httpx", "feedparser")) == []


def test_the_backend_leaves_redis_asyncio_for_its_first_use() -> None:
    """`import timeline.backend` loads redis without its asyncio client, which still works
    when a program asks for it afterwards."""
    code = ("import sys, timeline.backend\n"
            "assert 'redis' in sys.modules and 'redis.asyncio.client' not in sys.modules\n"
            "import redis.asyncio\n"
            "from redis.asyncio import Redis\n"
            "assert Redis is redis.asyncio.client.Redis is redis.asyncio.Redis\n"
            "assert redis.asyncio.ConnectionPool.__module__ == 'redis.asyncio.connection'"
            )  # fmt: skip
    assert "redis.asyncio.client" in _modules(code)
