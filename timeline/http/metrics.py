"""`/metrics`: Prometheus' text format, by hand (a few gauges and one histogram do not
need a client library), and the ASGI middleware that times requests and writes the
access log (one JSON line per request: method, route, status, duration; never a header,
so never a token)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Seconds: from a quick cached read to a slow export.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

access_log = logging.getLogger("timeline.access")


def label(value: str) -> str:
    """A label value as the text format quotes it."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Latency:
    """Request durations per (method, route, status), as a histogram."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._series: dict[tuple[str, str, str], list[float]] = {}  # buckets..., sum, count

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, str(status))
        with self._lock:
            series = self._series.setdefault(key, [0.0] * (len(BUCKETS) + 2))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    series[i] += 1
            series[-2] += seconds
            series[-1] += 1

    def lines(self) -> list[str]:
        name = "timeline_http_request_duration_seconds"
        out = [
            f"# HELP {name} Time from a request to its response's start.",
            f"# TYPE {name} histogram",
        ]
        with self._lock:
            items = sorted((k, list(v)) for k, v in self._series.items())
        for (method, route, status), series in items:
            labels = f'method="{label(method)}",route="{label(route)}",status="{status}"'
            for bound, n in zip(BUCKETS, series, strict=False):
                out.append(f'{name}_bucket{{{labels},le="{bound}"}} {int(n)}')
            out.append(f'{name}_bucket{{{labels},le="+Inf"}} {int(series[-1])}')
            out.append(f"{name}_sum{{{labels}}} {series[-2]:.6f}")
            out.append(f"{name}_count{{{labels}}} {int(series[-1])}")
        return out


def gauge(name: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> list[str]:
    out = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    for labels, value in samples:
        shown = ",".join(f'{k}="{label(v)}"' for k, v in labels.items())
        out.append(f"{name}{{{shown}}} {value:g}" if shown else f"{name} {value:g}")
    return out


class Timing:
    """ASGI middleware: each HTTP request's duration to its response's start (a stream's
    is its first byte, not its life), by route template, and one access-log line."""

    def __init__(self, app: ASGIApp, latency: Latency) -> None:
        self.app = app
        self.latency = latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def timed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                self._record(scope, status, time.perf_counter() - started)
            await send(message)

        try:
            await self.app(scope, receive, timed)
        except Exception:
            self._record(scope, 500, time.perf_counter() - started)
            raise

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "unmatched"
        method = str(scope.get("method", ""))
        self.latency.observe(method, route, status, seconds)
        if access_log.isEnabledFor(logging.INFO):
            client = scope.get("client") or ("", 0)
            access_log.info(json.dumps({
                "method": method, "path": scope.get("path", ""), "route": route,
                "status": status, "ms": round(seconds * 1000, 2), "client": client[0],
            }))  # fmt: skip
