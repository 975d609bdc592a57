"""Shared pieces of the dataset loaders: the record types and the validating readers.

Every reader raises `NewscredError("NC201", ...)` naming the file (and row) at fault, so a
missing or altered dataset fails loudly and callers can skip with the reason.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscred.errors import NewscredError

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class Record:
    """One labelled item of a dataset, in the dataset's own label scheme."""

    dataset: str  # registry name
    id: str
    text: str  # the main text: body, headline, statement, tweet, sentence
    label: str  # the dataset's label, lower-case and trimmed
    split: str  # train / valid / dev / test where the dataset has splits, else "all"
    title: str = ""
    source: str = ""  # outlet / publisher / domain / speaker: the grouping for disjoint splits
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class DatasetInfo:
    """A registered dataset: what it is, which files it reads and how to load it."""

    name: str
    folder: str
    task: str
    unit: str
    labels: tuple[str, ...]
    licence: str
    citation: str
    # Paths relative to the datasets folder; a pattern with "*" stands for the files it
    # matches (sorted). These are the files the loader reads, for checksums.
    files: tuple[str, ...]
    load: Callable[[Path], list[Record]]
    description: str = ""

    def resolve_files(self, root: Path) -> list[str]:
        """The relative paths of every file this loader reads, patterns expanded."""
        out: list[str] = []
        for pattern in self.files:
            if "*" in pattern:
                matches = sorted(p.relative_to(root).as_posix() for p in root.glob(pattern))
                if not matches:
                    raise NewscredError("NC201", f"no files match {root / pattern}")
                out.extend(matches)
            else:
                require(root / pattern)
                out.append(pattern)
        return out


def shared_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the shared datasets live: --data, $NEWSCRED_DATA, or ../shared/datasets."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get("NEWSCRED_DATA"):
        candidates.append(Path(os.environ["NEWSCRED_DATA"]))
    candidates.append(Path.cwd().parent / "shared" / "datasets")
    # An editable install from a checkout: <repo>/src/newscred/evaluation/data/_common.py
    candidates.append(Path(__file__).resolve().parents[5] / "shared" / "datasets")
    for path in candidates:
        if path.is_dir():
            return path
    raise NewscredError(
        "NC201",
        "shared datasets not found (looked in: " + ", ".join(str(p) for p in candidates) + ")",
    )


def fail(message: str) -> NewscredError:
    return NewscredError("NC201", message)


def require(path: Path) -> Path:
    if not path.exists():
        raise fail(f"missing dataset file {path}")
    return path


def require_dir(path: Path) -> Path:
    if not path.is_dir():
        raise fail(f"missing dataset folder {path}")
    return path


def read_text(path: Path) -> str:
    """UTF-8 text with line endings untouched (span offsets index into it)."""
    try:
        with require(path).open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise fail(f"{path} is not UTF-8: {exc}") from exc


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def norm_label(value: str) -> str:
    return " ".join(value.split()).lower()


def check_label(value: str, allowed: Iterable[str], where: str) -> str:
    """The normalised label, or NC201 naming the offending value and row."""
    label = norm_label(value)
    allowed = tuple(allowed)
    if label not in allowed:
        raise fail(f"{where}: unexpected label {value!r} (expected one of: {', '.join(allowed)})")
    return label


def check_span(text: str, start: int, end: int, where: str) -> None:
    if not 0 <= start < end <= len(text):
        raise fail(f"{where}: span {start}-{end} lies outside the text ({len(text)} characters)")


def to_int(value: str, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise fail(f"{where}: expected an integer, got {value!r}") from None


def check_columns(path: Path, found: Sequence[str] | None, required: Iterable[str]) -> None:
    missing = [c for c in required if c not in (found or ())]
    if missing:
        found_list = ", ".join(found or ())
        raise fail(f"{path}: missing column(s) {', '.join(missing)} (found: {found_list})")


def read_csv(
    path: Path, required: Sequence[str], *, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL
) -> Iterator[tuple[int, dict[str, str]]]:
    """(data row number from 1, row) for a headed CSV/TSV; validates header and field count.

    Messages name the row as `row_at(path, number)` does: "<path> row <n>".
    """
    with require(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter, quoting=quoting)
        check_columns(path, reader.fieldnames, required)
        try:
            for number, row in enumerate(reader, start=1):
                if None in row or any(v is None for v in row.values()):
                    raise fail(f"{row_at(path, number)}: wrong number of fields")
                yield number, row
        except UnicodeDecodeError as exc:
            raise fail(f"{path} is not UTF-8: {exc}") from exc


def row_at(path: Path, row: int) -> str:
    return f"{path} row {row}"


def read_jsonl(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for a JSONL file; every object must carry `required`."""
    with require(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise fail(f"{path}:{number} is not JSON: {exc}") from exc
            if not isinstance(row, dict):
                raise fail(f"{path}:{number}: expected a JSON object")
            missing = [k for k in required if k not in row]
            if missing:
                raise fail(f"{path}:{number}: missing field(s) {', '.join(missing)}")
            yield number, row


_WWW = re.compile(r"^www\d*\.")


def domain_of(url: str) -> str:
    """The host of a URL, lower-case, without a leading www. ("" when there is none)."""
    url = (url or "").strip()
    if not url:
        return ""
    if "//" not in url:
        url = "//" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return _WWW.sub("", host.lower().rstrip("."))
