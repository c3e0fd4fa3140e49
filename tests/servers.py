"""A real uvicorn server on 127.0.0.1 in a thread of the test process, for the tests that
need one (server-sent events, the browser)."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
        timeout_graceful_shutdown=2, lifespan="off",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def article(i: int, day: dt.date, words: str = "") -> str:
    """A small article of its own words, one dated event on `day` and one the day after."""
    later = day + dt.timedelta(days=1)
    return (
        f"Council report number {i} {words}\n\n"
        f"The council of Town{i} approved budget line {i} on {day:%B} {day.day}, {day.year}.\n\n"
        f"Engineers from Firm{i} inspected bridge {i} on {later:%B} {later.day}, {later.year}.\n"
    )
