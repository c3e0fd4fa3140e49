"""Helpers of the reliability suite: servers we own, the CLI, articles, log audits.

Every test here talks to real processes: a Redis/Valkey server (the shared test
server, or one the test starts and kills itself), `python -m timeline` CLI and
worker processes. Each test records the figures it measured (kill points,
restarts, events lost ...) with the `figures` fixture; they are written to
$TIMELINE_RELIABILITY_FIGURES (default .pytest_cache/reliability.json), from
which `python tests/reliability/report.py` writes the table in RELIABILITY.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.conftest import ROOT, SHARED
from timeline import records

FIGURES_ENV = "TIMELINE_RELIABILITY_FIGURES"
DEFAULT_FIGURES = ROOT / ".pytest_cache" / "reliability.json"
TEMPEVAL = SHARED / "data" / "tempeval3"


# -- processes ------------------------------------------------------------------------


def cli(
    env: dict[str, str],
    *args: str,
    stdin: bytes | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m timeline ARGS` with `env`; output decoded leniently (hostile input)."""
    p = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        env=env,
        capture_output=True,
        input=stdin if stdin is not None else b"",
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    return subprocess.CompletedProcess(*_decoded(p))


def _decoded(p: subprocess.CompletedProcess[bytes]) -> tuple[Any, ...]:
    return (
        p.args,
        p.returncode,
        p.stdout.decode("utf-8", "replace"),
        p.stderr.decode("utf-8", "replace"),
    )


def spawn(env: dict[str, str], *args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    """A long-running `python -m timeline ARGS` in its own process group."""
    out: Any = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", *args],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (from /proc): RQ's work horse is in a group of its own."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_group(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Signal the process, its group and every descendant (the work horse setpgrp()s)."""
    below = descendants(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    for pid in below:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def one_line_error(p: subprocess.CompletedProcess[str]) -> bool:
    err = p.stderr.strip()
    return (
        p.returncode != 0
        and "Traceback" not in err
        and len([line for line in err.splitlines() if line.startswith("timeline: error")]) == 1
        and len(err.splitlines()) == 1
    )


def raw_controls(text: str, allow: str = "\n\t") -> list[str]:
    """The control characters in `text` that a terminal obeys (C0 but `allow`, DEL, C1)."""
    bad = {c for c in text if (ord(c) < 32 and c not in allow) or 0x7F <= ord(c) < 0xA0}
    return sorted(hex(ord(c)) for c in bad)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class OwnServer:
    """A Redis/Valkey server this test starts, SIGKILLs and restarts on the same dir.

    Loopback TCP on a free port (`tcp=True`) or a unix socket in `dir`; the
    append-only file on with fsync every second, as in production.
    """

    binary: str
    dir: Path
    tcp: bool = False
    extra: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def socket(self) -> Path:
        return self.dir / "redis.sock"

    @property
    def url(self) -> str:
        if self.tcp:
            return f"redis://127.0.0.1:{self.port}/0"
        return f"unix://{self.socket}?db=0"

    def start(self, timeout: float = 15) -> None:
        if self.tcp and not self.port:
            self.port = free_port()
        args = [
            self.binary,
            "--bind", "127.0.0.1",
            "--port", str(self.port if self.tcp else 0),
            "--dir", str(self.dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--logfile", str(self.dir / "server.log"),
        ]  # fmt: skip
        if not self.tcp:
            args += ["--unixsocket", str(self.socket), "--unixsocketperm", "700"]
        args += self.extra
        self.proc = subprocess.Popen(
            args, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ping():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        log = (self.dir / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"server did not start: {log}")

    def client(self, **kw: Any) -> redis.Redis:
        if self.tcp:
            return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5, **kw)
        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5, **kw)

    def ping(self) -> bool:
        try:
            with self.client() as r:
                return bool(r.ping())
        except redis.AuthenticationError:
            return True
        except (redis.RedisError, OSError) as exc:
            return "NOAUTH" in str(exc) or "Authentication" in str(exc)

    def kill(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()


def base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}


def own_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a CLI/worker on a server of our own (its own timeline)."""
    env = base_env() | {
        "TIMELINE_REDIS_URL": url,
        "TIMELINE_TIMELINE": "rel",
        "TIMELINE_QUEUE_NAME": "rel",
        "TIMELINE_DATA_DIR": tempfile.gettempdir() + "/tl-rel-unused",
    }
    return env | extra


# -- articles ---------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_DCT = re.compile(r'functionInDocument="CREATION_TIME"[^>]*>([^<]+)<|value="(\d{4}-\d{2}-\d{2})')


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    published: dt.date


def tempeval_articles(count: int, seed: int = 0) -> list[Article]:
    """`count` distinct news articles from the TempEval-3 documents (title + paragraphs).

    Documents are cut into varied articles: each takes a document's title and a
    random run of its paragraphs, so there are more articles than documents.
    """
    docs = sorted(TEMPEVAL.glob("*/*.tml"))
    if not docs:
        pytest.skip(f"TempEval-3 corpus missing at {TEMPEVAL} (../shared beside the project)")
    rng = random.Random(seed)
    parsed = []
    for path in docs:
        raw = path.read_text(encoding="utf-8", errors="replace")
        title_m = re.search(r"<TITLE>(.*?)</TITLE>", raw, re.S)
        text_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        dct_m = re.search(r'value="(\d{4}-\d{2}-\d{2})', raw)
        if not text_m or not dct_m:
            continue
        paragraphs = [
            " ".join(_TAG.sub("", p).split())
            for p in re.split(r"\n\s*\n", text_m.group(1))
            if _TAG.sub("", p).strip()
        ]
        if not paragraphs:
            continue
        title = " ".join(_TAG.sub("", title_m.group(1)).split()) if title_m else path.stem
        parsed.append((path.stem, title or path.stem, paragraphs, dct_m.group(1)))
    out: list[Article] = []
    seen: set[str] = set()
    i = 0
    while len(out) < count and i < count * 20:
        stem, title, paragraphs, dct = parsed[i % len(parsed)]
        i += 1
        n = rng.randint(1, min(6, len(paragraphs)))
        at = rng.randrange(len(paragraphs) - n + 1)
        body = "\n\n".join(paragraphs[at : at + n])
        text = f"{title} ({stem} part {at}+{n})\n\n{body}\n"
        if text in seen:
            continue
        seen.add(text)
        out.append(Article(f"{stem}-{at}-{n}", text, dt.date.fromisoformat(dct)))
    return out


_WHEN = ["on Monday", "last week", "on Aug. 15", "in 2019", "two days later", "yesterday",
         "on March 3, 2020", "in the 1980s", "next month", "this morning"]  # fmt: skip
_WHAT = ["the council voted to close the bridge", "officials announced new tariffs",
         "the company reported its earnings", "rebels took the northern valley",
         "the court delayed the ruling", "the storm reached the coast"]  # fmt: skip


def synthetic_article(seed: int) -> Article:
    """A small news-like article with dates, distinct for each seed."""
    rng = random.Random(seed)
    paragraphs = [
        f"{rng.choice(_WHEN).capitalize()}, {rng.choice(_WHAT)} (item {seed}-{p})."
        for p in range(rng.randint(1, 4))
    ]
    text = f"Report number {seed}\n\n" + "\n\n".join(paragraphs) + "\n"
    return Article(f"synthetic-{seed}", text, dt.date(2021, 8, 1) + dt.timedelta(seed % 90))


def write_articles(folder: Path, articles: list[Article]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles:
        p = folder / f"{a.name}.txt"
        p.write_text(a.text, encoding="utf-8")
        paths.append(p)
    return paths


# -- the log, checked record by record -----------------------------------------------------


@dataclass
class LogAudit:
    articles: list[str]  # article ids, in log order
    events: list[str]  # event ids, in log order
    retracted: list[str]
    partial: list[str]  # articles whose events are not all right after them

    @property
    def duplicate_articles(self) -> int:
        return len(self.articles) - len(set(self.articles))

    @property
    def duplicate_events(self) -> int:
        return len(self.events) - len(set(self.events))


def audit_log(r: redis.Redis, timeline: str) -> LogAudit:
    """Read a whole log: every article's events must follow it, each exactly once."""
    key = f"{{timeline:{timeline}}}:log"
    rows: list[Any] = []
    last = "-"
    while True:
        chunk = r.xrange(key, min=last, max="+", count=5000)
        if last != "-":
            chunk = chunk[1:]
        if not chunk:
            break
        rows += chunk
        last = chunk[-1][0]
    audit = LogAudit([], [], [], [])
    expecting = 0  # events of the current article still to come
    seen = 0
    current = ""
    for _, fields in rows:
        f = {(k.decode() if isinstance(k, bytes) else k): v for k, v in fields.items()}
        kind = f["type"].decode() if isinstance(f["type"], bytes) else f["type"]
        data = json.loads(f["data"])
        if kind == "ArticleIngested":
            if expecting:
                audit.partial.append(current)
            current = data["article"]["id"]
            audit.articles.append(current)
            expecting = data["events"] if "events" in data else len(data["event_ids"])
            seen = 0
        elif kind == "EventRecorded":
            if isinstance(data, list):  # schema 3 on: n records after its head
                eid = records.event_id(data, current)
                in_place = data[1] == seen + 1
            else:
                eid, in_place = data["event"]["id"], data["event"]["article_id"] == current
            audit.events.append(eid)
            if not expecting or not in_place:
                audit.partial.append(current)
            else:
                expecting, seen = expecting - 1, seen + 1
        elif kind == "ArticleRetracted":
            if expecting:
                audit.partial.append(current)
                expecting = 0
            audit.retracted.append(data["article_id"])
    if expecting:
        audit.partial.append(current)
    return audit


def wait_until(predicate: Any, timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def show_all(tl: Any, **kw: Any) -> list[Any]:
    """Every event `show` returns, one entry per event (cross-article merging off)."""
    return list(tl.reader.show(limit=1_000_000, merge=False, **kw))
