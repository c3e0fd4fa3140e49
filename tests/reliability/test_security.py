"""Security: credentials never shown, hostile jobs refused, no code paths that run data.

- A password-protected server we start: a wrong or missing password is one
  clear line; with the right one, `status`, ingest output and worker logs never
  show it. Malformed URLs are refused without a traceback or the password.
- Jobs naming our job function with hostile arguments (another hash tag, glob
  characters, wrong types, extra keyword arguments) fail name validation and touch
  nothing.
- No eval/exec/pickle/shell anywhere in timeline/ or workers/.
- The embedded server's data dir: planted symbolic links, a dir writable by
  others or owned by another user are refused, and nothing is written through them.
"""

from __future__ import annotations

import ast
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from rq import Queue
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer

from tests.conftest import ROOT
from tests.reliability.helpers import (
    base_env,
    cli,
    kill_group,
    one_line_error,
    own_env,
    spawn,
    synthetic_article,
    wait_until,
    write_articles,
)
from timeline.backend.server import find_binary
from timeline.service import Timeline
from timeline.settings import Settings
from workers.worker import make_worker

pytestmark = pytest.mark.reliability

PASSWORD = "s3cret-Pa55word"


@pytest.fixture
def locked_server(own_server: Any) -> Any:
    return own_server(tcp=True, extra=["--requirepass", PASSWORD])


def _url(server: Any, password: str | None) -> str:
    auth = f":{password}@" if password is not None else ""
    return f"redis://{auth}127.0.0.1:{server.port}/0"


def test_wrong_or_missing_password_is_one_clear_line(
    locked_server: Any, tmp_path: Path, figures: Any
) -> None:
    article = write_articles(tmp_path, [synthetic_article(31)])[0]
    for password, words in (("wrong-" + PASSWORD, "credentials"), (None, "credentials")):
        env = own_env(_url(locked_server, password))
        for args in (["status"], ["ingest", str(article), "--published", "2021-08-22"]):
            t0 = time.monotonic()
            out = cli(env, *args)
            figures.add("hostile_conditions", 1)
            assert out.returncode == 1 and one_line_error(out), out.stderr
            assert words in out.stderr, out.stderr
            assert PASSWORD not in out.stdout + out.stderr
            assert time.monotonic() - t0 < 25
    with locked_server.client(password=PASSWORD) as r:
        assert r.dbsize() == 0  # nothing was written by the refused commands


def test_password_never_shown_by_status_ingest_or_workers(
    locked_server: Any, tmp_path: Path
) -> None:
    url = _url(locked_server, PASSWORD)
    env = own_env(url)
    article = write_articles(tmp_path, [synthetic_article(32)])[0]
    log = tmp_path / "worker.log"
    worker = spawn(env, "worker", "--name", "rel-secret", log=log)
    try:
        tl = Timeline.connect(
            settings=Settings(redis_url=url, timeline="rel", queue_name="rel"), announce=False
        )
        wait_until(lambda: tl.backend.jobs.live_workers() == 1, 60, "the worker")
        ingested = cli(env, "ingest", str(article), "--published", "2021-08-22", "--wait")
        assert ingested.returncode == 0, ingested.stderr
        status = cli(env, "status")
        status_json = cli(env, "status", "--json")
        assert status.returncode == 0 and status_json.returncode == 0
        assert ":***@127.0.0.1" in status.stdout
        assert (
            json.loads(status_json.stdout)["server"]
            == f"redis://:***@127.0.0.1:{locked_server.port}/0"
        )
        shown = [ingested, status, status_json, cli(env, "log", "-n", "50"), cli(env, "show")]
        for out in shown:
            assert PASSWORD not in out.stdout + out.stderr
    finally:
        kill_group(worker)
    worker_log = log.read_text(errors="replace")
    assert "project timeline rel" in worker_log or "Listening on rel" in worker_log
    assert PASSWORD not in worker_log


@pytest.mark.parametrize(
    "url",
    [
        f"redis://:{PASSWORD}@127.0.0.1:notaport/0",
        f"redis://:{PASSWORD}@[::1/0",
        f"http://:{PASSWORD}@127.0.0.1:6379/0",
        f"redis://127.0.0.1:1/0?password={PASSWORD}",
    ],
    ids=["bad-port", "bad-ipv6", "bad-scheme", "query-password"],
)
def test_malformed_urls_are_refused_without_secret_or_traceback(url: str, figures: Any) -> None:
    out = cli(own_env(url), "status")
    figures.add("hostile_conditions", 1)
    assert out.returncode == 1 and one_line_error(out), out.stderr
    assert PASSWORD not in out.stdout + out.stderr


HOSTILE_ARGS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("x}:log{timeline:other",), {}),  # another hash tag: another timeline's keys
    (("*",), {}),  # a glob
    (("default*",), {}),
    (("../etc",), {}),
    (("a b",), {}),
    (("",), {}),
    (("x" * 65,), {}),
    (("ok\r\nFLUSHALL",), {}),
    ((123,), {}),
    (({"name": "default"},), {}),
    ((["default"],), {}),
    ((), {}),
    (("default", "extra"), {}),
    ((), {"timeline": "default", "connection": "redis://evil"}),
]


def test_project_jobs_with_hostile_arguments_are_refused(timeline: Timeline, figures: Any) -> None:
    r = timeline.backend.connections.queue
    q = Queue(timeline.settings.queue_name, connection=r, serializer=JSONSerializer)
    keys_before = set(r.keys("*"))
    jobs = [q.enqueue("workers.jobs.project", *args, **kwargs) for args, kwargs in HOSTILE_ARGS]
    make_worker(r, timeline.settings.queue_name).work(burst=True)
    failed = set(FailedJobRegistry(queue=q).get_job_ids())
    figures.add("hostile_inputs", len(jobs))
    not_failed = [
        (a, k, j.get_status())
        for (a, k), j in zip(HOSTILE_ARGS, jobs, strict=True)
        if j.id not in failed
    ]
    assert not_failed == []
    # Nothing but RQ's own bookkeeping was created: no timeline keys, no names.
    new = {k.decode() for k in set(r.keys("*")) - keys_before}
    assert all(k.startswith("rq:") for k in new), sorted(new)[:10]
    assert not {m.decode() for m in r.smembers("timeline:names")} & {"*", "default*", "../etc"}


_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle"}
_FORBIDDEN_ATTRS = {("os", "system"), ("os", "popen"), ("subprocess", "getoutput")}


def test_no_eval_pickle_or_shell_on_any_code_path() -> None:
    found = []
    for path in sorted([*ROOT.glob("timeline/**/*.py"), *ROOT.glob("workers/**/*.py")]):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in _FORBIDDEN_CALLS:
                    found.append(f"{where} calls {f.id}")
                if (
                    isinstance(f, ast.Attribute)
                    and isinstance(f.value, ast.Name)
                    and (f.value.id, f.attr) in _FORBIDDEN_ATTRS
                ):
                    found.append(f"{where} calls {f.value.id}.{f.attr}")
                for kw in node.keywords:
                    if kw.arg == "shell" and not (
                        isinstance(kw.value, ast.Constant) and kw.value.value is False
                    ):
                        found.append(f"{where} passes shell=")
            if isinstance(node, ast.Import):
                found += [
                    f"{where} imports {a.name}"
                    for a in node.names
                    if a.name.split(".")[0] in _FORBIDDEN_MODULES
                ]
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.split(".")[0] in _FORBIDDEN_MODULES
            ):
                found.append(f"{where} imports from {node.module}")
    assert found == []


def _embedded_env(data_dir: Path) -> dict[str, str]:
    """A CLI on the embedded server of `data_dir` (no TIMELINE_REDIS_URL)."""
    return base_env() | {"TIMELINE_DATA_DIR": str(data_dir), "TIMELINE_TIMELINE": "rel"}


def test_data_dir_with_links_or_open_to_others_is_refused(tmp_path: Path, figures: Any) -> None:
    article = write_articles(tmp_path / "in", [synthetic_article(33)])[0]
    commands = (["status"], ["ingest", str(article), "--published", "2021-08-22"], ["show"])
    # Links planted where the program and its server write: lock, pid, log, socket.
    linked = tmp_path / "linked"
    linked.mkdir(mode=0o700)
    targets = {}
    for name in ("server.lock", "server.pid", "server.log", "redis.sock"):
        target = tmp_path / f"target-{name}"
        target.write_text(f"precious {name}\n")
        (linked / name).symlink_to(target)
        targets[target] = (target.read_bytes(), target.stat().st_mtime_ns)
    open_dir = tmp_path / "open"
    open_dir.mkdir()
    open_dir.chmod(0o777)
    group_dir = tmp_path / "group"
    group_dir.mkdir()
    group_dir.chmod(0o770)
    if os.geteuid() == 0:
        foreign = tmp_path / "foreign"
        foreign.mkdir(mode=0o700)
        os.chown(foreign, 65534, 65534)  # nobody's
    else:
        foreign = Path("/")  # root's
    cases = {linked: "symbolic link", open_dir: "writable by others",
             group_dir: "writable by others", foreign: "belongs to another user"}  # fmt: skip
    try:
        for data_dir, message in cases.items():
            before = sorted(p.name for p in data_dir.iterdir())
            for args in commands:
                out = cli(_embedded_env(data_dir), *args, timeout=60)
                figures.add("data_dir_attacks_refused", 1)
                assert out.returncode == 1 and one_line_error(out), (data_dir, args, out.stderr)
                assert message in out.stderr, (data_dir, args, out.stderr)
            assert sorted(p.name for p in data_dir.iterdir()) == before  # nothing made
    finally:  # a server that a regression started there is not left running
        for data_dir in (linked, open_dir, group_dir):
            cli(_embedded_env(data_dir), "server", "stop", timeout=60)
    for target, (content, mtime) in targets.items():
        assert (target.read_bytes(), target.stat().st_mtime_ns) == (content, mtime), target
    # A private data dir of one's own still works.
    if find_binary() is not None:
        own = tmp_path / "own"
        try:
            out = cli(_embedded_env(own), "status", timeout=60)
            assert out.returncode == 0, out.stderr
            assert stat.S_IMODE(own.stat().st_mode) == 0o700
        finally:
            cli(_embedded_env(own), "server", "stop", timeout=60)
