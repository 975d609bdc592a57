"""Outlet ratings: lists of per-domain fields, each field cited, merged in a set order.

Shipped lists (src/newscred/outlets/data): `curated` (major outlets' names and real
domains, ours) and `opensources` (OpenSources 2.1.0 categories, LGPL-3.0, see NOTICE),
rebuilt by `newscred sources build`. Users add lists (`newscred sources import`, or
`newscred sources build --from` for lists that may not be shipped), stored in the data
directory; `sources.toml` there sets the order (first wins for each field).

A record keeps every field separate with its own citation; nothing is merged into one
verdict. An unknown outlet is unknown, never bad.
"""

from __future__ import annotations

import csv
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newscred.errors import NewscredError
from newscred.outlets.domains import host_of, registrable
from newscred.outlets.lookalike import LookalikeDetector

USER_COLUMNS = ("domain", "factuality", "bias", "categories", "notes", "source", "date")
SHIPPED = ("curated", "opensources")
LEFT = {"extreme-left", "far-left", "left", "left-center", "left-centre", "centre-left", "center-left"}
RIGHT = {"extreme-right", "far-right", "right", "right-center", "right-centre", "centre-right", "center-right"}
CENTRE = {"center", "centre", "least-biased", "neutral"}
SHIPPED_META = {
    "curated": {"source": "newscred curated list of major outlets", "date": "2026-11",
                "licence": "Apache-2.0 (newscred)"},
    "opensources": {"source": "OpenSources (Zimdars et al.), release 2.1.0", "date": "2017-04",
                    "licence": "LGPL-3.0 (see NOTICE)"},
}


def data_dir() -> Path:
    """Where user lists live: $NEWSCRED_DATA_DIR, else $XDG_DATA_HOME/newscred."""
    explicit = os.environ.get("NEWSCRED_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newscred"


def normalised_bias(value: str | None) -> str | None:
    """left / centre / right from a list's own bias label (None when it has none)."""
    if not value:
        return None
    key = value.strip().lower().replace(" ", "-")
    if key in LEFT:
        return "left"
    if key in RIGHT:
        return "right"
    if key in CENTRE:
        return "centre"
    return None


@dataclass
class SourceList:
    name: str
    meta: dict[str, str]
    rows: dict[str, dict[str, str]]  # registrable or full domain -> fields


@dataclass
class SourceRecord:
    domain: str
    known: bool
    name: str | None = None
    factuality: str | None = None
    bias: str | None = None
    bias_normalised: str | None = None
    categories: list[str] = field(default_factory=list)
    notes: str | None = None
    lookalike_of: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def _shipped(name: str) -> SourceList:
    text_path = resources.files("newscred.outlets").joinpath("data", f"{name}.csv")
    with resources.as_file(text_path) as path:
        rows = _read_csv(path)
    return SourceList(name, SHIPPED_META[name], {r["domain"].strip().lower(): r for r in rows})


def read_user_list(path: Path, name: str) -> SourceList:
    """A user list: CSV with the USER_COLUMNS header (domain required, others optional)."""
    try:
        rows = _read_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise NewscredError("NC107", f"cannot read {path}: {exc}") from exc
    if not rows or "domain" not in rows[0]:
        raise NewscredError("NC107", f"{path} has no 'domain' column",
                            hint="Columns: " + ", ".join(USER_COLUMNS) + " (see docs/sources.md).")
    unknown = set(rows[0]) - set(USER_COLUMNS) - {"name"}
    if unknown:
        raise NewscredError("NC107", f"{path}: unknown column(s) {', '.join(sorted(unknown))}",
                            hint="Columns: " + ", ".join(USER_COLUMNS) + ".")
    out: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            domain = host_of(row.get("domain") or "")
        except NewscredError as exc:
            raise NewscredError("NC107", f"{path}:{number}: {exc.message}") from exc
        out[domain] = {k: (v or "").strip() for k, v in row.items() if k}
    first = next(iter(out.values()), {})
    meta = {"source": first.get("source") or name, "date": first.get("date") or "",
            "licence": "user list"}
    return SourceList(name, meta, out)


def list_order(directory: Path) -> list[str]:
    """The override order from sources.toml (first wins); default: user lists, then the
    shipped ones."""
    users = sorted(p.stem for p in (directory / "lists").glob("*.csv")) if directory.exists() else []
    config = directory / "sources.toml"
    if config.exists():
        try:
            order = tomllib.loads(config.read_text(encoding="utf-8")).get("order", [])
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NewscredError("NC203", f"cannot read {config}: {exc}") from exc
        unknown = [n for n in order if n not in users and n not in SHIPPED]
        if unknown:
            raise NewscredError("NC203", f"{config}: unknown list(s) {', '.join(unknown)}",
                                hint="Name lists shown by 'newscred sources list'.")
        return list(order) + [n for n in users + list(SHIPPED) if n not in order]
    return users + list(SHIPPED)


class SourceTable:
    def __init__(self, lists: list[SourceList]) -> None:
        self.lists = lists
        real = set()
        for source in lists:
            for domain, row in source.rows.items():
                if row.get("name") or source.name == "curated":
                    real.add(domain)
        self.detector = LookalikeDetector(real)
        self.aliases: dict[str, str] = {}
        for source in lists:
            for domain, row in source.rows.items():
                for alias in [row.get("name", ""), *(row.get("aliases") or "").split("|")]:
                    if alias.strip():
                        self.aliases.setdefault(alias.strip().lower(), domain)

    @classmethod
    def load(cls, directory: Path | None = None) -> SourceTable:
        directory = directory or data_dir()
        lists = []
        for name in list_order(directory):
            if name in SHIPPED:
                lists.append(_shipped(name))
            else:
                lists.append(read_user_list(directory / "lists" / f"{name}.csv", name))
        return cls(lists)

    def domain_for(self, value: str) -> str | None:
        """A domain from a URL, a domain, or an outlet name or alias ("Fox News")."""
        by_name = self.aliases.get(value.strip().lower())
        if by_name:
            return by_name
        try:
            return host_of(value)
        except NewscredError:
            return None

    def lookup(self, value: str) -> SourceRecord:
        host = self.domain_for(value)
        if host is None:
            raise NewscredError("NC114", f"{value!r} is not a domain, URL or known outlet name",
                                hint="Give a domain (example.com), a URL, or an outlet's name.")
        keys = [host, registrable(host)]
        record = SourceRecord(domain=host, known=False)
        for source in self.lists:
            row = next((source.rows[k] for k in keys if k in source.rows), None)
            if row is None:
                continue
            record.known = True
            cite = {"list": source.name, "source": row.get("source") or source.meta["source"],
                    "date": row.get("date") or source.meta["date"], "licence": source.meta["licence"]}
            for name in ("name", "factuality", "bias", "notes"):
                value = (row.get(name) or "").strip()
                if value and getattr(record, name) is None:
                    setattr(record, name, value)
                    record.sources.append({"field": name, **cite})
            for category in (row.get("categories") or "").replace("|", ";").split(";"):
                category = category.strip().lower()
                if category and category not in record.categories:
                    record.categories.append(category)
                    record.sources.append({"field": f"categories:{category}", **cite})
        record.bias_normalised = normalised_bias(record.bias)
        # A list that rates the domain as an outlet of its own (not as fake) vouches that
        # it is not an impostor; the raw detector's false alarms are measured without this.
        vouched = record.known and "fake" not in record.categories
        record.lookalike_of = None if vouched else self.detector.lookalike_of(host)
        if record.lookalike_of:
            record.sources.append({"field": "lookalike_of", "list": "lookalike detection",
                                   "source": "newscred (brands of the known outlets' real domains)",
                                   "date": "", "licence": "Apache-2.0 (newscred)"})
        return record


@lru_cache(maxsize=1)
def default_table() -> SourceTable:
    return SourceTable.load()


def summary_of(record: SourceRecord) -> str:
    who = record.name or record.domain
    if record.lookalike_of:
        return (f"{record.domain} imitates the domain of a known outlet ({record.lookalike_of}); "
                "it is not that outlet.")
    if not record.known:
        return f"{who}: no list rates this outlet (unknown, which is not a judgement)."
    parts = []
    if record.factuality:
        parts.append(f"factuality {record.factuality}")
    if record.bias:
        parts.append(f"bias {record.bias}")
    if record.categories:
        parts.append("listed as " + ", ".join(record.categories))
    lists = sorted({s["list"] for s in record.sources})
    detail = "; ".join(parts) if parts else "known outlet, no rating"
    return f"{who}: {detail} (from {', '.join(lists)})."
