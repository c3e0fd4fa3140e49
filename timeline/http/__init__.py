"""`timeline serve`: the HTTP face (FastAPI), on the same services as the CLI.

`create_app(settings)` builds the application: the JSON API under `/api/`, the live
page under `/t/{name}`, `/healthz` and `/metrics`. `serve(settings, host, port)` runs it
with uvicorn. Errors of `timeline.errors` become their `http_status` in one place
(`timeline.http.app`); no module here imports redis.
"""

from __future__ import annotations

from timeline.http.app import create_app
from timeline.http.server import serve

__all__ = ["create_app", "serve"]
