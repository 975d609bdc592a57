"""The input record (the report contract's input fields), record errors and input limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from newscred.errors import NewscredError

DEFAULT_MAX_BYTES = 20_000_000
"""Largest batch input (a JSON, JSONL or CSV file or stream) read, in bytes."""

DEFAULT_MAX_PAGE_BYTES = 10_000_000
"""Largest single page read, in bytes: an HTML or text file or stream, and anything
fetched (pages, feeds). Real news pages weigh 1-5 MB."""

DEFAULT_MAX_CHARS = 200_000
"""Longest article text accepted after extraction, in characters."""

PAGE_FORMATS = frozenset({"html", "text"})


def byte_limit(fmt: str | None, max_bytes: int | None = None) -> int:
    """The byte cap for an input of format `fmt` (None: fetched or not known yet).

    An explicit `max_bytes` applies to every format; otherwise batches (json, jsonl, csv)
    get DEFAULT_MAX_BYTES and everything else DEFAULT_MAX_PAGE_BYTES.
    """
    if max_bytes is not None:
        return max_bytes
    return DEFAULT_MAX_PAGE_BYTES if fmt is None or fmt in PAGE_FORMATS else DEFAULT_MAX_BYTES


TEXT_ALIAS = "body"
"""Accepted everywhere in place of `text` (JSON, JSONL, CSV, the HTTP API, `check(...)`)."""

NUMBER_FIELDS = frozenset({"id"})
"""Input fields that may also be given as a number (read as its string)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


class ArticleInput(BaseModel):
    """One article as given: every field optional, nothing cleaned or checked yet.

    Build one from untrusted data with `from_mapping`, which accepts `body` for `text`,
    keeps other keys, with their values as given, in `extra` (carried to `article.extra`)
    and raises NC109 for values of the wrong type. `extra` and `decode_warning` travel
    with the record and are left out of dumps.

    The input fields are declared here and only here: `FIELDS` lists them, the HTTP
    request model (newscred.server.service.ArticleRequest) is built from them, and a test
    holds `newscred.api.check`'s keywords to them. Every field that is not `exclude`d is
    an input field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None = Field(default=None, description="Your id; default: a content hash.")
    title: str | None = None
    text: str | None = None
    html: str | None = Field(default=None, description="A whole page; the article is extracted.")
    url: str | None = Field(default=None, description="Fetched only without text and html.")
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
                _check_strings_within(str(raw_key), raw_value)
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


FIELDS: tuple[str, ...] = tuple(
    name for name, info in ArticleInput.model_fields.items() if not info.exclude
)
"""The report contract's input fields, in order: ("id", "title", "text", "html", "url",
"outlet", "published", "author")."""


def _field_value(raw_key: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        _check_characters(raw_key, value)
        return value if value.strip() else None
    if key in NUMBER_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    raise NewscredError(
        "NC109", f"field '{raw_key}' must be a string, not {_json_type(value)}"
    )


def _check_characters(raw_key: str, value: str) -> None:
    """NC109 for an unpaired surrogate: JSON's "\\ud800" escape or an undecodable command
    line argument gives one, and it is not text (no output could encode it)."""
    found = _SURROGATE.search(value)
    if found is not None:
        raise NewscredError(
            "NC109",
            f"field '{raw_key}' holds an unpaired surrogate (U+{ord(found.group()):04X}) at "
            f"character {found.start()}, which is not a character",
            hint="Escapes \\ud800-\\udfff must come in pairs (or write the character "
            "itself in UTF-8); a command-line value must be valid in the terminal's encoding.",
        )


def _check_strings_within(raw_key: str, value: Any) -> None:
    """`_check_characters` for the key and every string (keys included) in a JSON value,
    walked with a stack: a value nested as deep as JSON allows must not recurse."""
    _check_characters(raw_key, raw_key)
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            _check_characters(raw_key, item)
        elif isinstance(item, Mapping):
            stack.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


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
    blank CSV rows are not records), `id` the record's own id when it could be read, and
    `extra` its other columns, when it could be parsed (table outputs carry them).
    """

    record: int
    id: str | None
    error: NewscredError
    extra: Mapping[str, Any] | None = None
