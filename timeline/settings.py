"""Settings from `TIMELINE_*` environment variables.

`Settings()` reads the environment (`TIMELINE_REDIS_URL` ... , names case-insensitive);
values given as arguments win over it. A plain pydantic model with the environment
merged in before validation: pydantic-settings would cost every command ~80 ms of
imports for six scalar fields.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from timeline import defaults
from timeline.errors import UsageError

ENV_PREFIX = "TIMELINE_"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "timeline"


class Settings(BaseModel):
    """Where the store lives and the limits the program keeps."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    # redis://, rediss:// (TLS) or unix:// URL with credentials in it. None: embedded server.
    redis_url: str | None = None
    # The RQ broker, when it is not the store (the store may be a Redis Cluster; RQ is not).
    queue_url: str | None = None
    # TIMELINE_REDIS_URL names a node of a Redis Cluster (then TIMELINE_QUEUE_URL is needed).
    redis_cluster: bool = False
    data_dir: Path = Field(default_factory=_default_data_dir)
    timeline: str = "default"
    max_file_bytes: int = defaults.MAX_FILE_BYTES
    batch_size: int = defaults.BATCH_SIZE  # records applied per projection script call
    queue_name: str = "timeline"
    wait_timeout: float = defaults.WAIT_TIMEOUT  # seconds `ingest --wait` waits for workers
    fetch_timeout: float = Field(default=defaults.FETCH_TIMEOUT, gt=0)  # per page or feed
    fetch_delay: float = Field(default=defaults.FETCH_DELAY, ge=0)  # between requests to a host

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, given: Any) -> Any:
        """The TIMELINE_* variables under the values given (which win)."""
        if not isinstance(given, dict):
            return given
        fields = {f"{ENV_PREFIX}{name}".upper(): name for name in cls.model_fields}
        found = {fields[k.upper()]: v for k, v in os.environ.items() if k.upper() in fields}
        return {**found, **given}


def load_settings() -> Settings:
    """The settings from the environment, or a UsageError naming the bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ENV_PREFIX + str(first["loc"][0]).upper() if first["loc"] else "TIMELINE_*"
        raise UsageError(f"{name}: {first['msg']}; fix or unset it.") from None
