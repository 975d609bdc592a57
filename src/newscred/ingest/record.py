"""The input record (the report contract's input fields), record errors and input limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from newscred.errors import NewscredError

DEFAULT_MAX_BYTES = 20_000_000
"""Largest whole input (file, stream or fetched page) read, in bytes."""

DEFAULT_MAX_CHARS = 200_000
"""Longest article text accepted after extraction, in characters."""

FIELDS = ("id", "title", "text", "html", "url", "outlet", "published", "author")
TEXT_ALIAS = "body"


class ArticleInput(BaseModel):
    """One article as given: every field optional, nothing cleaned or checked yet.

    Build one from untrusted data with `from_mapping`, which accepts `body` for `text`,
    keeps other keys, with their values as given, in `extra` (carried to `article.extra`)
    and raises NC109 for values of the wrong type. `extra` and `decode_warning` travel
    with the record and are left out of dumps.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = None
    title: str | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict, exclude=True)
    decode_warning: str | None = Field(default=None, exclude=True)

    @property
    def has_content(self) -> bool:
        """True when there is article text or HTML to work on (a bare `url` is not)."""
        return bool((self.text and self.text.strip()) or (self.html and self.html.strip()))

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, decode_warning: str | None = None
    ) -> ArticleInput:
        """Validate a JSON object, CSV row or keyword arguments into an ArticleInput.

        Keys match case-insensitively after stripping spaces. `id` may be a number (it is
        converted to a string); every other field must be a string or null. Blank strings
        count as absent. Raises NewscredError NC109 for a wrong type or for `text` and
        `body` given with different values.
        """
        values: dict[str, str] = {}
        extra: dict[str, Any] = {}
        for raw_key, raw_value in data.items():
            key = str(raw_key).strip().lower()
            if key == TEXT_ALIAS:
                key = "text"
            elif key not in FIELDS:
                extra[str(raw_key)] = raw_value
                continue
            value = _field_value(str(raw_key), key, raw_value)
            if value is None:
                continue
            if key in values and values[key] != value:
                raise NewscredError(
                    "NC109",
                    f"'{key}' is given twice with different values "
                    f"(check for both 'text' and 'body', or keys differing only in case)",
                )
            values[key] = value
        return cls(**values, extra=extra, decode_warning=decode_warning)


def _field_value(raw_key: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if key == "id" and isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    raise NewscredError(
        "NC109", f"field '{raw_key}' must be a string, not {_json_type(value)}"
    )


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


@dataclass(frozen=True)
class RecordError:
    """One record of a multi-record input that could not be read; the others go on.

    `record` is the 1-based position among the input's records (blank JSONL lines and
    blank CSV rows are not records), `id` the record's own id when it could be read.
    """

    record: int
    id: str | None
    error: NewscredError
