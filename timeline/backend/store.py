"""The event store: one Redis stream per timeline, appended to atomically per article."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import redis
from redis.commands.core import Script

from timeline import defaults
from timeline.backend.connect import misconf_message, translating
from timeline.backend.keys import TIMELINES, Keys
from timeline.backend.scripts import register
from timeline.errors import ConcurrencyError, StoreError
from timeline.models import AnyRecord
from timeline.ports import START, AppendResult, LogEntry
from timeline.records import encode


def version_of(last: Any) -> str:
    """The log's version from an XREVRANGE of its last record ('0-0' for an empty log)."""
    return str(last[0][0]) if last else START

@translating
class RedisEventLog:
    """The EventLog port (`timeline.ports`) on a Redis stream per timeline."""

    def __init__(self, r: redis.Redis, keys: Keys, where: str) -> None:
        self.r = r
        self.keys = keys
        self.where = where
        self._append = register(r, "append")
        self._append_for = register(r, "append_for")
        # Whether the server confirms fsyncs (WAITAOF: Redis >= 7.2 with its append-only
        # file on); None until the first append finds out. A cluster client would send
        # the keyless WAITAOF to some node, not the key's: there the server's policy rules.
        self._confirms_fsync: bool | None = False if isinstance(r, redis.RedisCluster) else None
        # Group commit: the articles appended and not yet confirmed.
        self._group: list[str] = []

    def append_article(
        self,
        article_id: str,
        records: Iterable[AnyRecord],
        expected_version: str | None = None,
        *,
        identity: str | None = None,
        previous: str | None = None,
        durable: bool = True,
        head: str | None = None,
        withdrawn: str | None = None,
        takes_off: str | None = None,
        drops_identity: str | None = None,
    ) -> AppendResult:
        """Append all of one article's records atomically, unless the article is known
        (see `timeline.ports.EventLog`): two writers cannot both revise one article."""
        options = (expected_version, identity, previous, head, withdrawn, takes_off,
                   drops_identity)  # fmt: skip
        args: list[str] = [article_id, *(o or "" for o in options)]
        for kind, data in encode(records):
            args += [kind, data]
        keys = [self.keys.log, self.keys.article_ids, self.keys.identities, self.keys.withdrawn]
        if durable:
            status, stream_id = self._durably(self._append, keys, args)
        else:
            status, stream_id = self._grouped(article_id, self._append, keys, args)
        if status == "conflict":
            raise ConcurrencyError(
                f"Another writer changed timeline {self.keys.name!r} while appending; try again."
            )
        if status == "appended":
            self.r.sadd(TIMELINES, self.keys.name)
        return AppendResult(status=status, stream_id=stream_id)

    def append_for_article(self, article_id: str, record: AnyRecord) -> AppendResult:
        [(kind, data)] = encode([record])
        status, stream_id = self._durably(
            self._append_for,
            [self.keys.log, self.keys.article_ids, self.keys.withdrawn],
            [article_id, kind, data],
        )
        return AppendResult(status=status, stream_id=stream_id)

    def _durably(self, script: Script, keys: list[str], args: list[str]) -> Any:
        """Run an append script and, where the server can say so, wait until its
        append-only file holds the writes on disk.

        An acknowledged ingest must survive a crash of the server, and under the usual
        `appendfsync everysec` a reply can precede even the write to the file by up to
        2 s. WAITAOF covers the writes of its own connection: it goes in one pipeline
        with the script, so a reconnect re-sends both (the append is idempotent).
        """
        if self._confirms_fsync is False:
            return script(keys=keys, args=args)
        pipe = self.r.pipeline(transaction=False)
        script(keys=keys, args=args, client=pipe)
        _wait_for_fsync(pipe, defaults.FSYNC_TIMEOUT_MS)
        reply, synced = pipe.execute(raise_on_error=False)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(synced, redis.ResponseError):
            # No append-only file, a replica, or a server before 7.2: nothing to confirm.
            self._confirms_fsync = False
        elif int(synced[0]) < 1:
            self._unconfirmed()
        else:
            self._confirms_fsync = True
        return reply

    def _grouped(self, article_id: str, script: Script, keys: list[str], args: list[str]) -> Any:
        """Run an append script now and leave its fsync to `confirm` (group commit)."""
        if self._confirms_fsync is False:
            return self._durably(script, keys, args)
        reply = script(keys=keys, args=args)
        if reply[0] == "appended":
            self._group.append(article_id)
        return reply

    def confirm(self) -> None:
        """One fsync wait for the group (see `timeline.ports.EventLog.confirm`).

        WAITAOF waits for the writes of its own connection, and the group's appends may
        have gone on another (a reconnect; a server restarted meanwhile would have lost
        what it had not written): so a write of its own goes first (the server's offset
        then covers every earlier write it holds), and the group's articles are read
        back after the wait. Present then, each is on disk; one missing was lost.
        """
        group, self._group = self._group, []
        if not group or self._confirms_fsync is False:
            return
        pipe = self.r.pipeline(transaction=False)
        pipe.set(self.keys.committed, str(len(group)))
        _wait_for_fsync(pipe, defaults.FSYNC_TIMEOUT_MS)
        pipe.hmget(self.keys.article_ids, group)
        marked, synced, found = pipe.execute(raise_on_error=False)
        if isinstance(marked, Exception):
            raise marked
        if isinstance(synced, redis.ResponseError):
            # No append-only file, a replica, or a server before 7.2: nothing to confirm.
            self._confirms_fsync = False
        elif isinstance(synced, Exception):
            raise synced
        else:
            self._confirms_fsync = True
            if int(synced[0]) < 1:
                self._unconfirmed()
        if isinstance(found, Exception):
            raise found
        if lost := sum(1 for stream_id in found if stream_id is None):
            raise StoreError(
                f"The server lost {lost} of the {len(group)} articles just appended to "
                f"timeline {self.keys.name!r} (it restarted before they reached its disk); "
                "none of them is confirmed: run the command again (what is stored is "
                "recognized)."
            )

    def _unconfirmed(self) -> None:
        """Why the server did not confirm an fsync in time, as a StoreError."""
        persistence = self.r.info("persistence")
        if persistence.get("aof_last_write_status", "ok") != "ok":
            raise StoreError(misconf_message(self.where, "AOF"))
        raise StoreError(
            f"The server did not confirm within {defaults.FSYNC_TIMEOUT_MS // 1000} s that "
            f"timeline {self.keys.name!r} reached its disk; run the command again (it is "
            "idempotent)."
        )

    def durability(self) -> str:
        """What a crash of the server would do to acknowledged appends, in a phrase."""
        if self._confirms_fsync is None:
            # Ask with an empty WAITAOF: it answers at once, or errors without an AOF.
            self._confirms_fsync = True
            try:
                _wait_for_fsync(self.r, 1)
            except redis.ResponseError:
                self._confirms_fsync = False
        if self._confirms_fsync:
            return "append-only file; every ingest waits for its fsync"
        where: dict[str, Any] = {}
        if isinstance(self.r, redis.RedisCluster):  # the node that holds this timeline
            where = {"target_nodes": self.r.get_node_from_key(self.keys.log)}
        if str(self.r.info("persistence", **where).get("aof_enabled")) == "1":
            return "append-only file at the server's fsync policy (it cannot confirm fsyncs)"
        return "no append-only file: a crash of the server loses what came after its last snapshot"

    def current_for(self, identity: str) -> str | None:
        """The article id that `identity` (URL, or title and source) names now."""
        found = self.r.hget(self.keys.identities, identity)
        return None if found is None else str(found)

    def withdrawn(self, article_id: str) -> str | None:
        """The position of the record that took `article_id` off the timeline, if any."""
        found = self.r.hget(self.keys.withdrawn, article_id)
        return None if found is None else str(found)

    def article_ids(self) -> list[str]:
        return [str(k) for k in self.r.hkeys(self.keys.article_ids)]

    def known(self, article_id: str) -> bool:
        return bool(self.r.hexists(self.keys.article_ids, article_id))

    def version(self) -> str:
        """The id of the last record, '0-0' for an empty log."""
        return version_of(self.r.xrevrange(self.keys.log, count=1))

    def length(self) -> int:
        return int(self.r.xlen(self.keys.log))

    def article_count(self) -> int:
        return int(self.r.hlen(self.keys.article_ids))

    def read(self, after: str = START, count: int = 1000) -> list[LogEntry]:
        """Up to `count` records after stream id `after`, oldest first."""
        rows = self.r.xrange(self.keys.log, min=f"({after}", max="+", count=count)
        return to_entries(rows)

    def tail(self, count: int) -> list[LogEntry]:
        rows = self.r.xrevrange(self.keys.log, count=count)
        return to_entries(reversed(cast(list[Any], rows)))

    def head(self, article_id: str) -> LogEntry | None:
        at = self.r.hget(self.keys.article_ids, article_id)
        if at is None:
            return None
        found = to_entries(self.r.xrange(self.keys.log, min=str(at), max=str(at)))
        return found[0] if found else None


def _wait_for_fsync(client: Any, timeout_ms: int) -> Any:
    """WAITAOF 1 0: until the server's own append-only file holds this connection's writes."""
    return client.execute_command("WAITAOF", 1, 0, timeout_ms)


def to_entries(rows: Any) -> list[LogEntry]:
    """Log entries from an XRANGE reply."""
    return [LogEntry(str(i), str(f["type"]), str(f["data"])) for i, f in rows]
