"""The FetchState port (`timeline.ports`) on a Redis hash per timeline."""

from __future__ import annotations

import orjson
import redis

from timeline.backend.connect import translating
from timeline.backend.keys import Keys


@translating
class RedisFetchState:
    def __init__(self, r: redis.Redis, keys: Keys, where: str) -> None:
        self.r = r
        self.keys = keys
        self.where = where

    def validators(self, url: str) -> dict[str, str]:
        raw = self.r.hget(self.keys.fetched, url)
        if raw is None:
            return {}
        found = orjson.loads(raw)
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def remember(self, url: str, validators: dict[str, str]) -> None:
        if validators:
            self.r.hset(self.keys.fetched, url, orjson.dumps(validators))
        else:
            self.r.hdel(self.keys.fetched, url)
