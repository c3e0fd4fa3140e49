"""`GET /api/timelines/NAME/events` of `timeline serve` against its ceiling: a bare
Starlette endpoint that reads the same keys with redis-py (one pipelined ZRANGEBYSCORE
per index, then one pipelined XRANGE per event, the rows returned as they are stored).

Both run under uvicorn (one process each, 127.0.0.1) on the same private server
(bench.servers.BenchServer: unix socket, persistence off), and one load generator in this
process (httpx, asyncio, on 127.0.0.1) drives them in turn:

- closed loop: `--connections` clients, each sending its next request when the last
  answers, for `--seconds`: the most requests/s each sustains, with p50/p99 (measured with
  `wrk` when it is on the PATH, Debian's `wrk` package, one thread: it costs the servers
  far less CPU than a Python client; else with httpx);
- open loop: requests sent at half the ceiling's maximum rate, on a fixed schedule
  (latency counted from when a request was due, so queueing counts): p50/p99 of the API.

Two workloads: the same request again and again (the API answers it from the bodies it
keeps by ETag), and windows no request of the run asked before (a day each: the API
reads every one from the store; a figure's note says so if a long run ran out of them).

    python bench/serve.py                        # 1,000,000 events (loading takes minutes)
    python bench/serve.py --events 100000 --seconds 5

The figures print as the other benchmarks' lines (bench.common.Figure); this script does
not write BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/serve.py`: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PYTHON, Figure, log
from bench.context import FULL, Ctx
from bench.servers import BenchServer, free_port

SINCE = dt.date(1998, 1, 1)
LIMIT = 50
NAME = "serve"
# The windows of the uncached workload: a day each from WINDOWS_FROM on (every one holds
# LIMIT events: the data spans the 1940s to the 2060s), more than a 10 s run asks for.
WINDOWS_FROM = dt.date(1960, 1, 1)
WINDOWS = 14_000


# -- the two servers (run as child processes) -------------------------------------------


def api_app(url: str) -> Any:
    from timeline.http import create_app
    from timeline.settings import Settings

    return create_app(Settings(redis_url=url, queue_name="bench", data_dir="/tmp/tlb-unused"))


def raw_app(url: str) -> Any:
    """The ceiling: the same window read from the same keys, no model, no merge."""
    import redis
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from bench.stages.query import bare_window

    r = redis.Redis(unix_socket_path=url.removeprefix("unix://"), decode_responses=True)

    def events(request: Request) -> JSONResponse:
        since = dt.date.fromisoformat(request.query_params["since"])
        limit = int(request.query_params.get("limit", LIMIT))
        rows = bare_window(r, request.path_params["name"], since, limit)
        return JSONResponse([row[0][1] for row in rows if row])

    return Starlette(routes=[Route("/raw/{name}/events", events)])


def serve_child(kind: str, url: str, port: int) -> None:
    import uvicorn

    app = api_app(url) if kind == "api" else raw_app(url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


# -- the load generator -----------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def closed_loop(
    urls: list[str], connections: int, seconds: float
) -> tuple[float, list[float]]:
    import httpx

    latencies: list[float] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        for url in urls[-20:]:  # warm up: connections (the last: the loop starts at the first)
            (await client.get(url)).raise_for_status()
        deadline = time.perf_counter() + seconds

        async def one() -> None:
            while (start := time.perf_counter()) < deadline:
                url = urls[len(latencies) % len(urls)]
                (await client.get(url)).raise_for_status()
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(connections)))
        spent = time.perf_counter() - began
    return len(latencies) / spent, latencies


class Connections:
    """Keep-alive HTTP/1.1 connections to one server, by hand: a client as light as
    possible, so that it is not what an open loop measures (httpx costs ~1 ms a request)."""

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port, self.size = host, port, size
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def open(self) -> None:
        for _ in range(self.size):
            self.free.put_nowait(await asyncio.open_connection(self.host, self.port))

    async def get(self, target: str) -> int:
        reader, writer = await self.free.get()
        try:
            writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            return status
        finally:
            self.free.put_nowait((reader, writer))

    def close(self) -> None:
        while not self.free.empty():
            self.free.get_nowait()[1].close()


async def open_loop(urls: list[str], rate: float, seconds: float) -> tuple[float, list[float]]:
    """Requests sent on a fixed schedule (`rate` a second) over up to 256 connections; the
    latency of each counts from when it was due."""
    from urllib.parse import urlsplit

    first = urlsplit(urls[0])
    targets = [f"{urlsplit(u).path}?{urlsplit(u).query}" for u in urls]
    pool = Connections(first.hostname or "127.0.0.1", first.port or 80, 256)
    await pool.open()
    latencies: list[float] = []
    try:
        for target in targets[-20:]:  # warm up (the last: the schedule starts at the first)
            assert await pool.get(target) == 200

        async def one(due: float, target: str) -> None:
            assert await pool.get(target) == 200
            latencies.append(time.perf_counter() - due)

        began = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            due = began + i / rate
            if (wait := due - time.perf_counter()) > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(one(due, targets[i % len(targets)])))
        await asyncio.gather(*tasks)
        spent = time.perf_counter() - began
    finally:
        pool.close()
    return len(latencies) / spent, latencies


def _wrk_time(text: str) -> float:
    """`1.23ms`, `870.00us`, `1.02s` in seconds."""
    for unit, scale in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)


def wrk_loop(urls: list[str], connections: int, seconds: float) -> tuple[float, float, float]:
    """Requests/s, p50 and p99 (seconds) of a closed loop run by wrk over `urls` (one
    server), in turn."""
    import re
    import tempfile
    from urllib.parse import urlsplit

    first = urlsplit(urls[0])
    paths = ", ".join(f'"{urlsplit(u).path}?{urlsplit(u).query}"' for u in urls)
    script = (f"local paths = {{{paths}}}\nlocal i = 0\n"
              "request = function()\n  i = i + 1\n"
              "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
             "-s", lua.name, f"{first.scheme}://{first.netloc}/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    if re.search(r"Non-2xx or 3xx responses", out):
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p50 = _wrk_time(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)[1])  # type: ignore[index]
    p99 = _wrk_time(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)[1])  # type: ignore[index]
    return rate, p50, p99


def closed(urls: list[str], connections: int, seconds: float) -> tuple[float, float, float, str]:
    if shutil.which("wrk"):
        return (*wrk_loop(urls, connections, seconds), "wrk -t1")
    rate, lat = asyncio.run(closed_loop(urls, connections, seconds))
    return rate, pct(lat, 0.5), pct(lat, 0.99), "httpx"


def start_child(kind: str, url: str) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    proc = subprocess.Popen([PYTHON, __file__, "--serve", kind, "--url", url, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/", timeout=1)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the {kind} server did not start")


def _measure(ctx: Ctx, workload: str, events: str, raw: list[str], api: list[str],
             later: list[str], connections: int, seconds: float) -> None:  # fmt: skip
    """The closed loops over `raw` and `api`, then the API's open loop over `later`."""
    import httpx

    # (Checked on the last windows: the loops start with the first.)
    assert len(httpx.get(api[-1]).json()) == len(httpx.get(raw[-1]).json()) == LIMIT
    assert len(httpx.get(later[-1]).json()) == LIMIT
    log(f"{workload}: closed loop, {connections} connections, {seconds:g} s each")
    raw_rate, raw50, raw99, tool = closed(raw, connections, seconds)
    api_rate, api50, api99, _ = closed(api, connections, seconds)
    note = f"{tool}, {connections} connections, {seconds:g} s, limit {LIMIT}"
    if len(api) > 1 and api_rate * seconds > len(api):
        note += f", windows asked again (over {len(api)}): a longer run needs more"
    what = f"GET .../events?merge=false, {workload}, {events}"
    ctx.add(Figure(
        "serve", f"{what}: req/s", api_rate, "req/s",
        ceiling=raw_rate, ceiling_name="bare Starlette + redis-py, same keys",
        goal_text=">= 0.7x ceiling", goal=lambda v, c: c is not None and v >= 0.7 * c,
        note=note,
    ))  # fmt: skip
    for name, value, ceiling in (("p50", api50, raw50), ("p99", api99, raw99)):
        ctx.add(Figure(
            "serve", f"{what}: {name} at full load", value * 1000, "ms",
            ceiling=ceiling * 1000, ceiling_name="the ceiling's", higher_is_better=False,
            note=note,
        ))  # fmt: skip
    rate = raw_rate / 2
    log(f"{workload}: open loop at {rate:.0f} req/s (half the ceiling's maximum)")
    sent, lat = asyncio.run(open_loop(later, rate, seconds))
    p50 = statistics.median(lat) * 1000
    note = f"open loop, {sent:.0f} req/s answered, p50 {p50:.1f} ms"
    if len(later) > 1 and rate * seconds + 20 > len(later):
        note += f", windows asked again (over {len(later)})"
    ctx.add(Figure(
        "serve", f"{what}: p99 at {rate:.0f} req/s", pct(lat, 0.99) * 1000, "ms",
        goal_text="<= 20 ms", goal=lambda v, c: v <= 20, note=note,
    ))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=FULL.big)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--serve", choices=["api", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve_child(args.serve, args.url, args.port)
        return 0

    server = BenchServer().start()
    children: list[subprocess.Popen[bytes]] = []
    try:
        ctx = Ctx(quick=False, sizes=FULL, server=server)
        loaded = ctx.load(NAME, args.events, seed=1)
        log(f"projecting {loaded.events:,} events")
        ctx.timeline(NAME).operator.project()
        raw_proc, raw_base = start_child("raw", server.url)
        api_proc, api_base = start_child("api", server.url)
        children += [raw_proc, api_proc]
        events = f"{loaded.events:,} events"
        # The same request again and again (the API answers it from its body cache at the
        # checkpoint), and requests each for a window no request of the run asked before
        # (read from the store): one a day from WINDOWS_FROM on, the closed loops taking
        # every other day, the open loop the days between.
        days = [WINDOWS_FROM + dt.timedelta(days=i) for i in range(2 * WINDOWS)]
        for workload, closed_days, open_days in (
            ("same request", [SINCE], [SINCE]),
            ("windows never asked before", days[0::2], days[1::2]),
        ):
            urls = [
                (f"{raw_base}/raw/{NAME}/events?since={d}&limit={LIMIT}",
                 f"{api_base}/api/timelines/{NAME}/events?since={d}&limit={LIMIT}&merge=false")
                for d in closed_days
            ]  # fmt: skip
            raw, api = [u[0] for u in urls], [u[1] for u in urls]
            later = [f"{api_base}/api/timelines/{NAME}/events?since={d}&limit={LIMIT}&merge=false"
                     for d in open_days]  # fmt: skip
            _measure(ctx, workload, events, raw, api, later, args.connections, args.seconds)
    finally:
        for proc in children:
            proc.terminate()
            proc.wait(timeout=30)
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
