"""The FastAPI application: `create_app(settings)`.

Every route is a thin face over `timeline.app.Timeline`'s services, as the CLI's
commands are. A `timeline.errors` error becomes `{"error": message, "code": class}` with
the class's `http_status`, in `_error` and nowhere else (the CLI does the same with
exit codes in `timeline.cli._Group`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from timeline import __version__
from timeline.errors import TimelineError, Unauthorized
from timeline.http import api, live
from timeline.http.metrics import Timing, gauge
from timeline.http.service import Service
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.app import Timeline


def create_app(settings: Settings | None = None, *, timeline: Timeline | None = None) -> FastAPI:
    """The application on the store the settings name (`timeline`: on that one's)."""
    from timeline.app import Timeline
    from timeline.settings import load_settings

    settings = settings or load_settings()
    base = timeline or Timeline.connect(settings=settings)
    service = Service(settings, base)
    # /docs and /redoc with their assets served by the app: no CDN (it works offline).
    app = FastAPIOffline(
        title="timeline",
        version=__version__,
        summary="An event-sourced timeline of dated events from news articles.",
    )
    app.state.service = service
    app.add_exception_handler(TimelineError, _error)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(live.router)
    app.mount("/static", StaticFiles(packages=[("timeline.http", "static")]), name="static")

    @app.get("/healthz", tags=["operations"])
    def healthz() -> Response:
        """200 when the store and the queue answer, else 503 saying which does not."""
        try:
            base.backend.store.version()
        except TimelineError as exc:
            return JSONResponse({"status": "unavailable", "store": str(exc)}, status_code=503)
        try:
            base.backend.jobs.stats()
        except TimelineError as exc:
            return JSONResponse({"status": "unavailable", "queue": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok", "store": "ok", "queue": "ok",
                             "read_only": service.read_only})  # fmt: skip

    @app.get("/metrics", response_class=PlainTextResponse, tags=["operations"])
    def metrics() -> PlainTextResponse:
        """Prometheus text: per timeline its log length, events and projection lag; the
        queue's depth and live workers; open streams; request durations."""
        lengths, lags, events = [], [], []
        for name in sorted(base.backend.timeline_names()):
            tl = service.timeline(name)
            labels = {"timeline": name}
            lengths.append((labels, float(tl.backend.store.length())))
            lags.append((labels, float(tl.reader.lag())))
            events.append((labels, float(tl.backend.projection.event_count())))
        q = base.backend.jobs.stats()
        queue = {"queue": q.queue}
        lines = [
            *gauge("timeline_log_records", "Records in a timeline's event log.", lengths),
            *gauge("timeline_events", "Events in a timeline's projection.", events),
            *gauge("timeline_projection_lag_records",
                   "Records of the log the projection has not applied (counted up to 10000).",
                   lags),
            *gauge("timeline_queue_jobs", "Jobs in the queue, by state.", [
                ({**queue, "state": "queued"}, q.queued_jobs),
                ({**queue, "state": "started"}, q.started_jobs),
                ({**queue, "state": "abandoned"}, q.abandoned_jobs),
                ({**queue, "state": "retrying"}, q.retrying_jobs),
                ({**queue, "state": "failed"}, q.failed_jobs),
            ]),
            *gauge("timeline_live_workers", "Workers alive on the queue.",
                   [(queue, q.workers)]),
            *gauge("timeline_streams_open", "Live streams (server-sent events) open.",
                   [({}, service.streams)]),
            *service.latency.lines(),
        ]  # fmt: skip
        return PlainTextResponse(
            "\n".join(lines) + "\n", media_type="text/plain; version=0.0.4; charset=utf-8"
        )

    app.add_middleware(Timing, latency=service.latency)
    if settings.cors_origins.strip():
        from starlette.middleware.cors import CORSMiddleware

        origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID", "If-None-Match"],
            expose_headers=["ETag", "Link", "X-Next-Cursor", "X-Timeline-Lag"],
        )  # fmt: skip
    return app


async def _error(request: Request, exc: TimelineError) -> JSONResponse:
    """The one mapping of the project's errors to HTTP: the class's status, its message."""
    del request
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONResponse(
        {"error": str(exc), "code": type(exc).__name__},
        status_code=exc.http_status,
        headers=headers,
    )
