"""Settings from `TIMELINE_*` environment variables and a config file.

`Settings()` reads the config file `$XDG_CONFIG_HOME/timeline/config.toml`
(`~/.config/timeline/config.toml`; the settings' names as keys: `redis_url = "..."`),
then the environment (`TIMELINE_REDIS_URL` ... , names case-insensitive), which wins
over the file; values given as arguments win over both. A plain pydantic model with
the file and the environment merged in before validation: pydantic-settings would cost
every command ~80 ms of imports for a few scalar fields, and the file is read with the
standard library's tomllib.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from timeline import defaults
from timeline.errors import UsageError

ENV_PREFIX = "TIMELINE_"


def config_path() -> Path:
    """The config file: `$XDG_CONFIG_HOME/timeline/config.toml`."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "timeline" / "config.toml"


def _config_file(names: set[str]) -> dict[str, Any]:
    """The settings the config file gives ({} without one), or a UsageError saying what
    is wrong with it."""
    path = config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    import tomllib

    try:
        found = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not valid TOML ({exc}); fix or remove it.") from None
    unknown = sorted(set(found) - names)
    if unknown:
        raise UsageError(
            f"{path}: unknown setting {unknown[0]!r}; the settings are {', '.join(sorted(names))}."
        )
    return {k: v for k, v in found.items()}


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
    # `timeline serve`: writes need `Authorization: Bearer <api_token>` (unset: read-only);
    # origins allowed to call the API from a browser (comma separated; unset: none, CORS
    # off); server-sent event streams open at once, at most.
    api_token: SecretStr | None = None
    cors_origins: str = ""
    max_streams: int = defaults.MAX_STREAMS

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, given: Any) -> Any:
        """The config file under the TIMELINE_* variables under the values given (which
        win)."""
        if not isinstance(given, dict):
            return given
        fields = {f"{ENV_PREFIX}{name}".upper(): name for name in cls.model_fields}
        found = {fields[k.upper()]: v for k, v in os.environ.items() if k.upper() in fields}
        return {**_config_file(set(cls.model_fields)), **found, **given}


def load_settings() -> Settings:
    """The settings from the config file and the environment, or a UsageError naming the
    bad variable (or the file's bad key)."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        name = ENV_PREFIX + field.upper() if field else "TIMELINE_*"
        if field and name not in {k.upper() for k in os.environ}:
            raise UsageError(f"{config_path()}: {field}: {first['msg']}; fix it.") from None
        raise UsageError(f"{name}: {first['msg']}; fix or unset it.") from None
