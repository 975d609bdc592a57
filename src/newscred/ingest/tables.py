"""Records from JSON, JSONL and CSV text: whole-input checks first, then one record at a time.

Each function checks what makes the whole input unusable (and raises) before returning
an iterator; the iterator yields an ArticleInput per record, or a RecordError for a
record that cannot be read, and goes on with the next.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from newscred.errors import NewscredError
from newscred.ingest.record import FIELDS, TEXT_ALIAS, ArticleInput, RecordError

_CONTENT_FIELDS = frozenset({"text", TEXT_ALIAS, "html"})
TOO_DEEP = "An article record is one flat JSON object of text fields; remove the nesting."


def json_records(
    text: str, *, name: str, decode_warning: str | None = None
) -> Iterator[ArticleInput | RecordError]:
    """A .json file: one object (one article) or an array of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NewscredError(
            "NC106", f"{name} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error
    except RecursionError:
        raise NewscredError("NC106", f"{name} is JSON nested too deeply to read", hint=TOO_DEEP) from None
    if isinstance(data, dict):
        record = make_record(data, decode_warning=decode_warning)
        return iter([record])
    if not isinstance(data, list):
        raise NewscredError(
            "NC106", f"{name} holds a JSON {_kind(data)}; give an object or an array of objects"
        )
    if not data:
        raise NewscredError("NC101", f"{name} is an empty JSON array: there are no articles")
    return _array_records(data, decode_warning)


def _array_records(data: list[Any], decode_warning: str | None) -> Iterator[ArticleInput | RecordError]:
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            error = NewscredError("NC106", f"item {number} is a JSON {_kind(item)}, not an object")
            yield RecordError(number, None, error)
            continue
        yield record_or_error(number, item, decode_warning)


def jsonl_records(
    text: str, *, name: str, decode_warning: str | None = None
) -> Iterator[ArticleInput | RecordError]:
    """JSON Lines: one object per line; blank lines are skipped (and are not records)."""
    # Split on "\n" only: str.splitlines would also break at U+2028 and other separators
    # that may appear inside JSON strings.
    lines = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not lines:
        raise NewscredError("NC101", f"{name} has no records")
    return _jsonl_records(lines, decode_warning)


def _jsonl_records(
    lines: list[tuple[int, str]], decode_warning: str | None
) -> Iterator[ArticleInput | RecordError]:
    for record, (line_number, line) in enumerate(lines, start=1):
        yield jsonl_record(record, line_number, line, decode_warning)


def jsonl_record(
    record: int, line_number: int, line: str, decode_warning: str | None,
    rename: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> ArticleInput | RecordError:
    """One JSON Lines line as a record, or the RecordError saying why it is not one;
    `rename` maps the object's keys first."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        message = f"line {line_number} is not valid JSON: {error.msg} at column {error.colno}"
        return RecordError(record, None, NewscredError("NC106", message))
    except RecursionError:
        message = f"line {line_number} is JSON nested too deeply to read"
        return RecordError(record, None, NewscredError("NC106", message, hint=TOO_DEEP))
    if not isinstance(data, dict):
        message = f"line {line_number} is a JSON {_kind(data)}, not an object"
        return RecordError(record, None, NewscredError("NC106", message))
    if rename is not None:
        data = rename(data)
    return record_or_error(record, data, decode_warning, where=f"line {line_number}")


def csv_records(
    text: str, *, name: str, decode_warning: str | None = None
) -> Iterator[ArticleInput | RecordError]:
    """CSV with a header row naming the fields (matched case-insensitively)."""
    # Articles are long: lift the csv module's 128 KiB field limit to the input's size.
    limit = max(len(text) + 1, csv.field_size_limit())
    csv.field_size_limit(min(limit, sys.maxsize))
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    return csv_reader_records(reader, name=name, decode_warning=decode_warning)


def csv_reader_records(
    reader: Iterator[list[str]], *, name: str, decode_warning: str | None = None
) -> Iterator[ArticleInput | RecordError]:
    """Records from a csv.reader whose first row is the header (checked before returning)."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise NewscredError("NC107", f"{name}: the header row cannot be read ({error})") from error
    if header is None:
        raise NewscredError("NC101", f"{name} is empty")
    original = [cell.strip() for cell in header]
    names = [cell.lower() for cell in original]
    known = [n for n in names if n in FIELDS or n == TEXT_ALIAS]
    if not _CONTENT_FIELDS.intersection(names):
        shown = ", ".join(repr(n) for n in names[:8]) or "nothing"
        raise NewscredError(
            "NC107",
            f"{name}: the first row ({shown}) names no 'text', 'body' or 'html' column",
        )
    duplicates = sorted({n for n in known if names.count(n) > 1})
    if duplicates:
        raise NewscredError("NC107", f"{name}: the header names {', '.join(duplicates)} more than once")
    return _csv_records(reader, original, decode_warning)


def _csv_records(
    reader: Iterator[list[str]], names: list[str], decode_warning: str | None
) -> Iterator[ArticleInput | RecordError]:
    record = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            record += 1
            message = f"row {record} cannot be read as CSV ({error})"
            yield RecordError(record, None, NewscredError("NC107", message))
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank line
        record += 1
        if len(row) > len(names):
            message = f"row {record} has {len(row)} cells but the header names {len(names)} columns"
            yield RecordError(record, None, NewscredError("NC107", message))
            continue
        cells = {n: cell for n, cell in zip(names, row, strict=False) if n}
        yield record_or_error(record, cells, decode_warning, where=f"row {record}")


def make_record(data: Mapping[str, Any], *, decode_warning: str | None = None) -> ArticleInput:
    """ArticleInput.from_mapping plus the check that the record has text or HTML."""
    record = ArticleInput.from_mapping(data, decode_warning=decode_warning)
    if not record.has_content:
        raise NewscredError(
            "NC108",
            "the record has no 'text' (or 'body') or 'html' field with content"
            + (" ('url' is metadata in files and is not fetched)" if record.url else ""),
        )
    return record


def record_or_error(
    number: int, data: Mapping[str, Any], decode_warning: str | None, *, where: str | None = None
) -> ArticleInput | RecordError:
    try:
        return make_record(data, decode_warning=decode_warning)
    except NewscredError as error:
        located = NewscredError(error.code, f"{where or f'record {number}'}: {error.message}", hint=error.hint)
        extra = {k: v for k, v in data.items()
                 if str(k).strip().lower() not in FIELDS and str(k).strip().lower() != TEXT_ALIAS}
        return RecordError(number, _raw_id(data), located, extra)


def _raw_id(data: Mapping[str, Any]) -> str | None:
    for key, value in data.items():
        if str(key).strip().lower() == "id" and isinstance(value, str | int) and not isinstance(value, bool):
            text = str(value).strip()
            return text or None
    return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"
