"""Server settings: defaults, a `[serve]` table in a TOML file, environment variables.

Precedence, lowest first: defaults, the config file (`--config` or NEWSCRED_CONFIG),
environment variables, command-line options. API keys are never given on the command
line (they would show in `ps`): use NEWSCRED_API_KEYS or `api_keys` in the file.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newscred.errors import NewscredError

ENV_PREFIX = "NEWSCRED_"
# Environment variable -> settings key; list values are comma-separated.
ENV_KEYS = {
    "NEWSCRED_API_KEYS": "api_keys",
    "NEWSCRED_AUTH": "auth",
    "NEWSCRED_RATE_LIMIT": "rate_limit",
    "NEWSCRED_RATE_BURST": "rate_burst",
    "NEWSCRED_CORS_ORIGINS": "cors_origins",
    "NEWSCRED_MAX_BODY_BYTES": "max_body_bytes",
    "NEWSCRED_MAX_BATCH": "max_batch",
    "NEWSCRED_DB": "db",
    "NEWSCRED_HEADER_TIMEOUT": "header_timeout",
    "NEWSCRED_BODY_TIMEOUT": "body_timeout",
}
LIST_KEYS = {"api_keys", "cors_origins"}

DEFAULT_MAX_BODY_BYTES = 5_000_000
DEFAULT_MAX_BATCH = 100
DEFAULT_RATE_LIMIT = 600.0
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0


class ServerSettings(BaseModel):
    """Everything `newscred serve` can be told. Immutable once the app is built."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    auth: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="auto: keys required when any are configured or the host is not loopback.",
    )
    api_keys: tuple[str, ...] = ()
    rate_limit: float | None = Field(
        default=None,
        ge=0,
        description="Articles per minute per API key (or client address); 0 = off. "
        f"Default: {DEFAULT_RATE_LIMIT:g} when keys are required, otherwise off.",
    )
    rate_burst: int = Field(default=60, ge=1, description="Articles a client may send at once.")
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1_000)
    max_batch: int = Field(default=DEFAULT_MAX_BATCH, ge=1, le=10_000)
    header_timeout: float = Field(
        default=DEFAULT_HEADER_TIMEOUT, gt=0, le=3600,
        description="Seconds a client has to send a request's line and headers, from the "
        "connection's start (or the previous response's end); then 408 and the connection closes.",
    )
    body_timeout: float = Field(
        default=DEFAULT_BODY_TIMEOUT, gt=0, le=3600,
        description="Seconds a client has to send a request's whole body, from the end of its "
        "headers; then the connection closes.",
    )
    allow_private_urls: bool = False
    pipeline_config: Path | None = Field(
        default=None, description="A pipeline TOML file (as for `newscred check --config`)."
    )
    db: Path | None = Field(
        default=None,
        description="The article store (SQLite file) for stories, related coverage and the "
        "corroboration signal; None: no store (compare still works on the articles sent).",
    )

    @property
    def effective_rate_limit(self) -> float:
        if self.rate_limit is not None:
            return self.rate_limit
        return DEFAULT_RATE_LIMIT if self.keys_required else 0.0

    @property
    def keys_required(self) -> bool:
        if self.auth == "on":
            return True
        if self.auth == "off":
            return False
        return bool(self.api_keys) or not is_loopback(self.host)

    def check_startable(self) -> None:
        """Refuse settings that would start a server nobody can use, or an open one."""
        if self.keys_required and not self.api_keys:
            reason = (
                f"binding {self.host} (not a loopback address) requires API keys"
                if self.auth == "auto"
                else "auth is on but no API keys are configured"
            )
            raise NewscredError(
                "NC203",
                reason,
                hint="Set NEWSCRED_API_KEYS=key1,key2 (or api_keys in the [serve] table of "
                "the config file), or pass --no-auth to serve without keys on purpose.",
            )
        if any(len(key) < 16 for key in self.api_keys):
            raise NewscredError(
                "NC203",
                "every API key must be at least 16 characters long",
                hint="Generate keys with: python -c 'import secrets; print(secrets.token_urlsafe(24))'",
            )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_settings(
    *,
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> ServerSettings:
    """Settings from the config file's `[serve]` table, the environment and overrides.

    Raises NC203 naming the key for an unreadable file, an unknown key or a bad value.
    """
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config or (Path(environ["NEWSCRED_CONFIG"]) if environ.get("NEWSCRED_CONFIG") else None)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NewscredError("NC203", f"cannot read config {path}: {exc}") from exc
        table = data.get("serve", {})
        if not isinstance(table, dict):
            raise NewscredError("NC203", f"{path}: 'serve' must be a table ([serve])")
        values.update(table)
        # The file's top-level keys are pipeline settings, as for `newscred check --config`.
        values.setdefault("pipeline_config", path)
    for variable, key in ENV_KEYS.items():
        raw = environ.get(variable)
        if raw is None or raw.strip() == "":
            continue
        values[key] = [v.strip() for v in raw.split(",") if v.strip()] if key in LIST_KEYS else raw
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return ServerSettings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise NewscredError("NC203", f"server setting {key!r}: {first['msg']}") from exc
