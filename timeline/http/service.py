"""What the routes share: the settings, the timelines they open, the write check."""

from __future__ import annotations

import functools
import hmac
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Annotated, NoReturn

from fastapi import Depends, Request

from timeline.errors import NotFound, ReadOnly, Unauthorized
from timeline.http.metrics import Latency
from timeline.ports import ReadState, check_name
from timeline.settings import Settings

if TYPE_CHECKING:
    from timeline.app import Timeline

# Timelines whose services are kept open (names are checked; a few hundred at most).
OPEN_TIMELINES = 256
# Bytes of response bodies kept for reads asked again at the same checkpoint.
BODY_CACHE_BYTES = 32 * 1024 * 1024


class Bodies:
    """Response bodies by ETag, least recently used out first, within a byte budget.

    An ETag names the read and the projection's generation and checkpoint, so a body
    kept under it is never stale: once the timeline moves, the ETag is another."""

    def __init__(self, budget: int = BODY_CACHE_BYTES) -> None:
        self.budget = budget
        self.size = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[bytes, str | None]] = OrderedDict()

    def get(self, etag: str) -> tuple[bytes, str | None] | None:
        with self._lock:
            found = self._items.get(etag)
            if found is not None:
                self._items.move_to_end(etag)
            return found

    def put(self, etag: str, body: bytes, token: str | None) -> None:
        if len(body) > self.budget // 4:
            return  # a huge export is not worth pushing everything else out
        with self._lock:
            if etag in self._items:
                return
            self._items[etag] = (body, token)
            self.size += len(body)
            while self.size > self.budget:
                _, (old, _) = self._items.popitem(last=False)
                self.size -= len(old)


class Service:
    """The settings, the timelines (on one set of connections), the metrics, open streams."""

    def __init__(self, settings: Settings, base: Timeline) -> None:
        self.settings = settings
        self.base = base
        self.latency = Latency()
        self.bodies = Bodies()
        self.streams = 0
        self.timeline = functools.lru_cache(maxsize=OPEN_TIMELINES)(self._timeline)

    def _timeline(self, name: str) -> Timeline:
        check_name(name)
        return self.base if name == self.base.name else self.base.other(name)

    def existing(self, name: str) -> Timeline:
        """Timeline `name` for a read: NotFound unless the server holds it."""
        tl = self.timeline(name)
        if name not in tl.backend.timeline_names():
            self._not_found(tl)
        return tl

    def reading(self, name: str) -> tuple[Timeline, ReadState]:
        """`existing`, with where its projection and log are, in one round trip."""
        tl = self.timeline(name)
        state = tl.backend.read_state()
        if not state.listed:
            self._not_found(tl)
        return tl, state

    def _not_found(self, tl: Timeline) -> NoReturn:
        names = tl.backend.timeline_names()
        shown = ", ".join(sorted(names)) or "none yet"
        raise NotFound(f"no timeline {tl.name!r} here: the timelines are {shown}.")

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


async def service_of(request: Request) -> Service:
    # async: FastAPI runs a plain def dependency in the threadpool, one more thread hop
    # per request for an attribute read.
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(service_of)]
