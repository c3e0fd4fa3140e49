"""Opening connections: a URL from the settings, or the embedded server.

Every redis error that crosses this package's boundary becomes a StoreError
with a message a user can act on; passwords never appear in it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from timeline import defaults
from timeline.backend.server import NO_CLIENT_INFO, EmbeddedServer
from timeline.errors import ServerUnavailable, StoreError
from timeline.settings import Settings


def _retry() -> Retry:
    """A lost or refused connection is retried (defaults.RETRIES, with backoff), then
    reported. A timeout is not retried: a server that hangs for SOCKET_TIMEOUT s will not
    answer the next try either, and retrying every timeout made a hung server take minutes."""
    base, cap = defaults.RETRY_BACKOFF
    return Retry(
        ExponentialBackoff(cap=cap, base=base),
        retries=defaults.RETRIES,
        supported_errors=(redis.ConnectionError,),
    )


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, safe to print or log.

    Also for a malformed URL (no traceback, no password), and for a password
    given in the query string (`?password=...`, which redis-py accepts).
    """
    masked = _QUERY_PASSWORD.sub(r"\1***", url)
    try:
        parts = urlsplit(masked)
        if parts.password is None:
            return masked
        user = parts.username or ""
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:  # a bad port, an unclosed [ipv6 ...: mask by hand
        return _USERINFO_PASSWORD.sub(r"\1***@", masked)
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)
# scheme://user:PASSWORD@ (the password runs to the last @ before the path).
_USERINFO_PASSWORD = re.compile(r"(://[^:/?#@]*:)[^/?#]*@")


@dataclass
class Connections:
    store: redis.Redis  # decode_responses=True: the event log and the projection
    queue: redis.Redis  # bytes, as RQ requires
    where: str  # a description for messages: masked URL or embedded data dir
    embedded: EmbeddedServer | None = None
    # The queue's, and the setting that names it (TIMELINE_QUEUE_URL may be another server).
    queue_where: str = ""
    queue_setting: str = "TIMELINE_REDIS_URL"


def _client(url: str, *, decode: bool) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        decode_responses=decode,
        socket_connect_timeout=defaults.CONNECT_TIMEOUT,
        socket_timeout=defaults.SOCKET_TIMEOUT,
        retry=_retry(),
        retry_on_error=[redis.ConnectionError],
        # No health check: it is a PING, which a server that cannot persist refuses
        # (MISCONF) although it still serves reads; a stale pooled connection fails its
        # next command instead, which is retried on a fresh one (retry_on_error).
        health_check_interval=0,
        **NO_CLIENT_INFO,
    )


def _cluster_client(url: str) -> redis.Redis:
    """A Redis Cluster client. Every key of a timeline shares one hash tag, so every
    script and pipeline the store and projection send stays within one slot."""
    from redis.cluster import RedisCluster

    client = RedisCluster.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=defaults.CONNECT_TIMEOUT,
        socket_timeout=defaults.CLUSTER_SOCKET_TIMEOUT,
    )
    # Same command surface as redis.Redis for everything the backend sends.
    return cast(redis.Redis, client)


def open_connections(settings: Settings, *, announce: bool = True) -> Connections:
    """Connect as the settings say, starting the embedded server when no URL is set."""
    embedded = None
    if settings.redis_url:
        url = settings.redis_url
        where = mask_url(url)
    else:
        embedded = EmbeddedServer(settings.data_dir)
        started = embedded.ensure()
        url = embedded.url
        where = f"the embedded server (data in {settings.data_dir})"
        if started and announce:
            print(
                f"timeline: started the embedded server; data lives in {settings.data_dir} "
                "(set TIMELINE_REDIS_URL to use your own Redis)",
                file=sys.stderr,
            )
    if settings.redis_cluster and not settings.queue_url:
        raise ServerUnavailable(
            "RQ does not run on Redis Cluster: set TIMELINE_QUEUE_URL to a plain Redis "
            "for the job queue."
        )
    with _valid_url("TIMELINE_REDIS_URL", url):
        if settings.redis_cluster:
            with translate_errors(where):
                store = _cluster_client(url)
        else:
            store = _client(url, decode=True)
    queue_url, queue_where, queue_setting = url, where, "TIMELINE_REDIS_URL"
    if settings.queue_url:
        queue_url, queue_setting = settings.queue_url, "TIMELINE_QUEUE_URL"
        queue_where = mask_url(queue_url)
    with _valid_url(queue_setting, queue_url):
        queue = _client(queue_url, decode=False)
    conns = Connections(store, queue, where, embedded, queue_where, queue_setting)
    if embedded is not None:
        return conns  # `ensure` has just had it answer
    with translate_errors(where):
        # Not PING: a server that cannot persist (MISCONF) refuses it, not reads; a read
        # of one key (not ECHO) so that a cluster client knows where to send it.
        store.exists("timeline")
    return conns


@contextlib.contextmanager
def _valid_url(variable: str, url: str) -> Iterator[None]:
    try:
        yield
    except ValueError as exc:  # a malformed URL
        raise ServerUnavailable(
            f"{variable} is not a valid Redis URL ({mask_url(url)}): {exc}"
        ) from exc


@contextlib.contextmanager
def translate_errors(where: str, variable: str = "TIMELINE_REDIS_URL") -> Iterator[None]:
    """Turn redis-py exceptions into the project's errors, with advice.

    `variable` is the setting that names the server (the queue's may be another).
    """
    try:
        yield
    except redis.AuthenticationError as exc:
        raise ServerUnavailable(
            f"Redis at {where} refused the credentials: check the user and password "
            f"in {variable}."
        ) from exc
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise ServerUnavailable(
            f"Cannot reach Redis at {where} ({_reason(exc)}): start it, or fix {variable}."
        ) from exc
    except redis.ReadOnlyError as exc:
        raise StoreError(
            f"Redis at {where} is a read-only replica: point {variable} at the primary."
        ) from exc
    except redis.ResponseError as exc:
        if str(exc).startswith("MISCONF"):
            raise StoreError(misconf_message(where, str(exc))) from exc
        # redis-py strips the OOM code ("command not allowed when used memory >
        # 'maxmemory'"), also when the refusal comes from inside a script.
        if isinstance(exc, redis.OutOfMemoryError) or "'maxmemory'" in str(exc):
            raise StoreError(
                f"Redis at {where} is out of memory (maxmemory reached) and refused the write; "
                "each article is stored whole or not at all, so run the command again once "
                "memory is freed or maxmemory raised."
            ) from exc
        if str(exc).startswith("NOPERM") or str(exc).startswith("NOAUTH"):
            raise ServerUnavailable(
                f"Redis at {where} refused the command ({_reason(exc)}): check the "
                f"credentials in {variable}."
            ) from exc
        raise StoreError(f"Redis at {where} answered with an error: {_reason(exc)}") from exc
    except redis.RedisError as exc:  # cluster faults and the rest: still one clear line
        raise StoreError(f"Redis at {where} failed: {_reason(exc)}") from exc


def misconf_message(where: str, reply: str) -> str:
    """The message for a server that refuses writes because it cannot persist them."""
    what = "append-only file" if "AOF" in reply else "snapshot (RDB file)"
    return (
        f"The server (Redis at {where}) cannot write its {what}: disk full? It refuses "
        "every write until it can; nothing was written. Free space on its disk (reads "
        "still work)."
    )


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


C = TypeVar("C", bound=type)


def translating(cls: C) -> C:
    """Class decorator: every public method of an adapter (whose instances have `where`,
    and `setting` when the server is not TIMELINE_REDIS_URL's) reports redis failures as
    the project's errors, also while a returned generator runs."""
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(method):
            continue
        setattr(cls, name, _translated(method))
    return cls


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            with translate_errors(self.where, getattr(self, "setting", "TIMELINE_REDIS_URL")):
                yield from method(self, *args, **kwargs)

        return generator

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        with translate_errors(self.where, getattr(self, "setting", "TIMELINE_REDIS_URL")):
            return method(self, *args, **kwargs)

    return call
