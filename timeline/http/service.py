"""What the routes share: the settings, the timelines they open, the write check."""

from __future__ import annotations

import functools
import hmac
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from timeline.errors import NotFound, ReadOnly, Unauthorized
from timeline.http.metrics import Latency
from timeline.ports import check_name
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.app import Timeline

# Timelines whose services are kept open (names are checked; a few hundred at most).
OPEN_TIMELINES = 256


class Service:
    """The settings, the timelines (on one set of connections), the metrics, open streams."""

    def __init__(self, settings: Settings, base: Timeline) -> None:
        self.settings = settings
        self.base = base
        self.latency = Latency()
        self.streams = 0
        self.timeline = functools.lru_cache(maxsize=OPEN_TIMELINES)(self._timeline)

    def _timeline(self, name: str) -> Timeline:
        check_name(name)
        return self.base if name == self.base.name else self.base.other(name)

    def existing(self, name: str) -> Timeline:
        """Timeline `name` for a read: NotFound unless the server holds it."""
        tl = self.timeline(name)
        names = tl.backend.timeline_names()
        if name not in names:
            shown = ", ".join(sorted(names)) or "none yet"
            raise NotFound(f"no timeline {name!r} here: the timelines are {shown}.")
        return tl

    @property
    def read_only(self) -> bool:
        token = self.settings.api_token
        return token is None or not token.get_secret_value()

    def authorize(self, header: str | None) -> None:
        """A write's `Authorization: Bearer TOKEN`, or Unauthorized/ReadOnly."""
        token = self.settings.api_token
        if token is None or not token.get_secret_value():
            raise ReadOnly(
                "this server is read-only: start it with TIMELINE_API_TOKEN set to accept writes."
            )
        scheme, _, given = (header or "").partition(" ")
        expected = token.get_secret_value().encode()
        # compare_digest: as long for a wrong token as for a right one.
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected):
            raise Unauthorized(
                "a write needs the header `Authorization: Bearer $TIMELINE_API_TOKEN`."
            )



def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(service_of)]
