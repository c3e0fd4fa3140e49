"""Running the application with uvicorn (`timeline serve`)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from timeline.settings import Settings


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    say: Callable[[str], None] | None = None,
) -> None:
    """Serve the API and the live page until stopped (Ctrl-C, SIGTERM). `say` gets the
    line that tells where, and whether writes are accepted."""
    import uvicorn

    from timeline.http.app import create_app

    app = create_app(settings)
    service = app.state.service
    # The access log: one JSON line per request on stderr (uvicorn's own is off).
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("timeline.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False
    shown = f"[{host}]" if ":" in host else host
    writes = (
        "read-only: TIMELINE_API_TOKEN is not set, writes are refused"
        if service.read_only
        else "writes need Authorization: Bearer $TIMELINE_API_TOKEN"
    )
    if say is not None:
        say(f"serving timeline {service.base.name!r} and the others on this store at "
            f"http://{shown}:{port}/ (live page /t/NAME, API /docs); {writes}")  # fmt: skip
    config = uvicorn.Config(
        app, host=host, port=port, access_log=False, log_level="warning",
        proxy_headers=False, server_header=False,
    )  # fmt: skip
    uvicorn.Server(config).run()
