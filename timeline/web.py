"""Fetching pages and feeds over HTTP(S): conditional requests, a delay per host, a size
and a time limit per page.

`Fetcher.get` sends the validators (ETag, Last-Modified) a URL last answered with, so a
page that has not changed answers 304 and is neither downloaded nor extracted again;
the caller stores the new validators once what it fetched is written
(`timeline.ports.FetchState`). httpx is imported here only: commands that fetch
nothing never load it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from timeline.errors import InputError
from timeline.text_safety import terminal_safe

_URL = re.compile(r"https?://", re.IGNORECASE)
USER_AGENT = "timeline/0.1 (+news timeline; polite: conditional requests, a delay per host)"
MAX_REDIRECTS = 5


def is_url(name: str) -> bool:
    """Whether an input names a web page or feed rather than a file."""
    return bool(_URL.match(name))


def private_host(url: str) -> bool:
    """Whether a URL's host is (or resolves to) a loopback, private, link-local or
    otherwise non-public address: a feed on the internet must not make a worker fetch
    from the network it runs in (a host that does not resolve is left to the fetch)."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return True
    return False


@dataclass(frozen=True)
class Fetched:
    """One answer: the body (empty when `unchanged`, a 304), its media type, and the
    validators to send next time."""

    url: str
    unchanged: bool
    body: bytes = b""
    content_type: str = ""
    validators: dict[str, str] = field(default_factory=dict)


@dataclass
class Fetcher:
    """GETs with a size and time limit per page, and at least `delay` seconds between
    two requests to one host (this process's requests)."""

    max_bytes: int
    timeout: float
    delay: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _client: Any = None

    def get(self, url: str, validators: Mapping[str, str] | None = None) -> Fetched:
        """The page at `url`, or an InputError that says what went wrong (one line)."""
        import httpx

        shown = terminal_safe(url)
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InputError(f"{shown}: only http:// and https:// URLs can be fetched.")
        self._wait_for(parts.hostname)
        headers = {"User-Agent": USER_AGENT}
        if validators:
            if etag := validators.get("etag"):
                headers["If-None-Match"] = etag
            if modified := validators.get("last_modified"):
                headers["If-Modified-Since"] = modified
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=True, max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(self.timeout),
            )  # fmt: skip
        deadline = self.clock() + self.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(url, True, validators=dict(validators or {}))
                if response.status_code >= 400:
                    raise InputError(f"{shown}: the server answered {response.status_code}.")
                body = self._read(response, shown, deadline)
                found = {"etag": response.headers.get("etag"),
                         "last_modified": response.headers.get("last-modified")}  # fmt: skip
                return Fetched(
                    url, False, body, response.headers.get("content-type", ""),
                    {k: v for k, v in found.items() if v},
                )  # fmt: skip
        except httpx.TimeoutException:
            raise InputError(f"{shown}: no answer within {self.timeout:g} s.") from None
        except httpx.TooManyRedirects:
            raise InputError(f"{shown}: more than {MAX_REDIRECTS} redirects.") from None
        except httpx.HTTPError as exc:
            raise InputError(f"{shown}: cannot be fetched ({type(exc).__name__}).") from None
        finally:
            self._last[parts.hostname] = self.clock()

    def _read(self, response: Any, shown: str, deadline: float) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise InputError(f"{shown} is {int(declared):,} bytes, over the limit of "
                             f"{self.max_bytes:,}: raise TIMELINE_MAX_FILE_BYTES.")  # fmt: skip
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise InputError(f"{shown} is over the limit of {self.max_bytes:,} bytes: "
                                 "raise TIMELINE_MAX_FILE_BYTES.")  # fmt: skip
            if self.clock() > deadline:  # a server that trickles bytes: the whole page's limit
                raise InputError(f"{shown}: not downloaded within {self.timeout:g} s.")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None and (wait := last + self.delay - self.clock()) > 0:
            self.sleep(wait)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
