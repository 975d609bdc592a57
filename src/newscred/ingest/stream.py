"""Large inputs as a stream of partitions, one in memory at a time.

Inputs: Parquet, JSON Lines and CSV files, each plain, gzip (`.gz`) or zstd (`.zst`)
compressed (Parquet compresses inside the file, so `.parquet` only), given as files,
folders (every such file below, in path order) or glob patterns. A partition is `size`
consecutive records of one file: the same input and size always give the same
partitions, which is what lets a run resume. `fields` maps input field names to the
table's own column names (`{"text": "content"}`).
"""

from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from newscred.errors import NewscredError
from newscred.ingest.record import DEFAULT_MAX_BYTES, FIELDS, TEXT_ALIAS, ArticleInput, RecordError
from newscred.ingest.tables import csv_reader_records, jsonl_record, record_or_error

Item = ArticleInput | RecordError

KINDS = {".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd"}
DEFAULT_PARTITION_SIZE = 1000
_SAMPLE = 65_536  # bytes hashed at each end of a file for its fingerprint
INPUT_COLUMN_PREFIX = "input_"  # a column that a --field mapping displaced


@dataclass(frozen=True)
class InputFile:
    path: Path
    kind: str  # parquet | jsonl | csv
    compression: str | None  # gzip | zstd | None

    @property
    def name(self) -> str:
        return str(self.path)


@dataclass
class Partition:
    file: int  # index into the run's input files
    index: int  # 0-based partition number within the file
    first: int  # 1-based number of its first record within the file
    items: list[Item]

    @property
    def key(self) -> str:
        return f"{self.file:05d}-{self.index:06d}"


def table_kind(path: Path) -> tuple[str, str | None] | None:
    """(kind, compression) for a table file name, or None for any other file."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    kind = KINDS.get(suffixes[-1]) if suffixes else None
    if kind is None or (kind == "parquet" and compression):
        return None
    return kind, compression


def is_table_input(source: str) -> bool:
    """True for what only this reader takes: a folder, a glob, Parquet or a compressed table."""
    if source == "-" or "://" in source:
        return False
    path = Path(source)
    if path.is_dir() or glob.has_magic(source):
        return True
    found = table_kind(path)
    return found is not None and (found[0] == "parquet" or found[1] is not None)


def input_files(sources: list[str]) -> list[InputFile]:
    """The table files the sources name, each once, folders and globs in path order."""
    files: dict[Path, InputFile] = {}
    for source in sources:
        for path in _expand(source):
            found = table_kind(path)
            if found is None:
                raise NewscredError(
                    "NC103", f"{path} is not a table newscred reads in batches",
                    hint="Give .parquet, .jsonl, .ndjson or .csv files, plain or ending in "
                    ".gz or .zst, or a folder or glob of them.")
            files.setdefault(path, InputFile(path, *found))
    if not files:
        raise NewscredError("NC101", "the inputs name no table files",
                            hint="Give .parquet, .jsonl or .csv files, or a folder holding them.")
    return list(files.values())


def _expand(source: str) -> list[Path]:
    path = Path(source)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and table_kind(p)
                       and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))
        if not found:
            raise NewscredError("NC101", f"the folder {source} holds no table files",
                                hint="newscred reads .parquet, .jsonl and .csv files (plain, "
                                ".gz or .zst) below it; hidden files are skipped.")
        return found
    if glob.has_magic(source):
        found = sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        if not found:
            raise NewscredError("NC100", f"no file matches {source}")
        return found
    if not path.exists():
        raise NewscredError("NC100", f"{source} does not exist")
    if not path.is_file():
        raise NewscredError("NC100", f"{source} is not a regular file")
    return [path]


def fingerprint(files: list[InputFile]) -> list[dict[str, Any]]:
    """What identifies the input for a resumed run: each file's path, size, modification
    time and a hash of its first and last 64 KiB (no full read of a large file)."""
    out = []
    for f in files:
        stat = f.path.stat()
        digest = hashlib.sha256()
        with open(f.path, "rb") as handle:
            digest.update(handle.read(_SAMPLE))
            if stat.st_size > 2 * _SAMPLE:
                handle.seek(-_SAMPLE, os.SEEK_END)
            digest.update(handle.read(_SAMPLE))
        out.append({"path": str(f.path.resolve()), "bytes": stat.st_size,
                    "mtime_ns": stat.st_mtime_ns, "sha256_ends": digest.hexdigest()})
    return out


def check_inputs(files: list[InputFile], *, fields: Mapping[str, str] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise what makes any file unusable as a whole (a damaged Parquet file, a CSV header
    naming no text column) before a run writes anything: each file's first record is read."""
    columns = _columns(fields or {})
    for f in files:
        records = _records(f, columns, max_bytes)
        try:
            next(records, None)
        finally:
            records.close()


def stream_records(sources: list[str], *, fields: Mapping[str, str] | None = None,
                   max_bytes: int | None = None) -> Iterator[Item]:
    """Every record of the table sources, in order, one partition in memory at a time.
    What makes a file unusable as a whole is raised by this call, before any record."""
    limit = max_bytes or DEFAULT_MAX_BYTES
    files = input_files(sources)
    check_inputs(files, fields=fields, max_bytes=limit)
    return (item for part in partitions(files, fields=fields, max_bytes=limit) for item in part.items)


def partitions(
    files: list[InputFile], *, size: int = DEFAULT_PARTITION_SIZE,
    fields: Mapping[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Partition]:
    """Every file's records, `size` at a time, in file order then record order."""
    columns = _columns(fields or {})
    for number, f in enumerate(files):
        records = _records(f, columns, max_bytes)
        first, index = 1, 0
        while chunk := list(islice(records, size)):
            yield Partition(number, index, first, chunk)
            first += len(chunk)
            index += 1


def _columns(fields: Mapping[str, str]) -> dict[str, str]:
    """column name (lower case) -> input field, from `--field FIELD=COLUMN` pairs."""
    columns = {}
    for field, column in fields.items():
        name = field.strip().lower()
        if name not in FIELDS and name != TEXT_ALIAS:
            raise NewscredError("NC114", f"--field names {field!r}, which is not an input field",
                                hint=f"Input fields: {', '.join(FIELDS)}.")
        columns[column.strip().lower()] = name
    return columns


def _renamed(data: Mapping[str, Any], columns: Mapping[str, str]) -> dict[str, Any]:
    if not columns:
        return dict(data)
    out: dict[str, Any] = {}
    for key, value in data.items():
        mapped = columns.get(str(key).strip().lower())
        if mapped is None and str(key).strip().lower() in columns.values():
            mapped = f"{INPUT_COLUMN_PREFIX}{key}"  # a column the mapping replaced
        out[mapped or key] = value
    return out


def _records(f: InputFile, columns: Mapping[str, str], max_bytes: int) -> Iterator[Item]:
    if f.kind == "parquet":
        yield from _parquet_records(f, columns)
        return
    with _open(f) as stream:
        if f.kind == "jsonl":
            yield from _jsonl_records(stream, columns, max_bytes)
        else:
            yield from _csv_records(f, stream, columns, max_bytes)


def _open(f: InputFile) -> IO[bytes]:
    try:
        if f.compression == "gzip":
            return gzip.open(f.path, "rb")
        if f.compression == "zstd":
            try:
                import zstandard
            except ImportError:
                raise NewscredError("NC207", f"{f.path} is zstd-compressed and zstandard is not "
                                    "installed") from None
            return zstandard.ZstdDecompressor().stream_reader(open(f.path, "rb"), closefd=True)
        return open(f.path, "rb")
    except OSError as error:
        raise NewscredError("NC100", f"{f.path} cannot be read: {error.strerror}") from error


def _jsonl_records(stream: IO[bytes], columns: Mapping[str, str], max_bytes: int) -> Iterator[Item]:
    record = 0
    for line_number, raw, too_long in _lines(stream, max_bytes):
        if not too_long and not raw.strip():
            continue
        record += 1
        if too_long:
            error = NewscredError("NC105", f"line {line_number} is over {max_bytes:,} bytes",
                                  hint="Split the article, or raise --max-bytes.")
            yield RecordError(record, None, error)
            continue
        text, warning = _decode(raw.removeprefix(b"\xef\xbb\xbf") if line_number == 1 else raw)
        rename = (lambda data: _renamed(data, columns)) if columns else None
        yield jsonl_record(record, line_number, text, warning, rename)


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, bytes, too long) per line, never holding more than max_bytes + 1."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                pass
            yield number, b"", True
            continue
        yield number, line, False


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "the line is not valid UTF-8; bad bytes became U+FFFD"


def _csv_records(f: InputFile, stream: IO[bytes], columns: Mapping[str, str],
                 max_bytes: int) -> Iterator[Item]:
    csv.field_size_limit(min(max(max_bytes, csv.field_size_limit()), sys.maxsize))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    if columns:
        reader = _renamed_header(reader, columns)
    yield from csv_reader_records(reader, name=f.name)


def _renamed_header(reader: Iterator[list[str]], columns: Mapping[str, str]) -> Iterator[list[str]]:
    header = next(reader, None)
    if header is None:
        return
    yield list(_renamed(dict.fromkeys(header), columns))
    yield from reader


def _parquet_records(f: InputFile, columns: Mapping[str, str]) -> Iterator[Item]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise NewscredError("NC207", f"{f.path} is Parquet and pyarrow is not installed") from None
    try:
        table = pq.ParquetFile(f.path)
    except Exception as error:  # pyarrow raises its own ArrowInvalid for a damaged file
        raise NewscredError("NC127", f"{f.path} is not a readable Parquet file: {error}") from None
    names = {str(n).lower() for n in _renamed(dict.fromkeys(table.schema_arrow.names), columns)}
    if not {"text", TEXT_ALIAS, "html"} & names:
        raise NewscredError("NC127", f"{f.path} has no 'text', 'body' or 'html' column",
                            hint="Name the text column with --field text=COLUMN.")
    record = 0
    for batch in table.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            record += 1
            data = {k: _field_text(k, v) for k, v in _renamed(row, columns).items()}
            yield record_or_error(record, data, None, where=f"row {record}")


def _field_text(key: str, value: Any) -> Any:
    """Parquet types for the input fields: a date or time becomes ISO 8601 text."""
    if str(key).lower() in FIELDS and hasattr(value, "isoformat"):
        return value.isoformat()
    return value
