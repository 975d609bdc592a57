"""`read_source`: a path, an http(s) URL or stdin, read into ArticleInput records."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from newscred.errors import NewscredError
from newscred.ingest.clean import boilerplate_rule
from newscred.ingest.decode import bom_encoding, check_not_binary, decode_bytes
from newscred.ingest.record import PAGE_FORMATS, ArticleInput, RecordError, byte_limit
from newscred.ingest.tables import csv_records, json_records, jsonl_records, make_record

if TYPE_CHECKING:
    from newscred.ingest.url import FetchedPage

logger = logging.getLogger(__name__)

FORMATS = ("text", "html", "json", "jsonl", "csv")
_FORMAT_NAMES = {
    "text": "text", "txt": "text", "md": "text", "markdown": "text",
    "html": "html", "htm": "html",
    "json": "json",
    "jsonl": "jsonl", "ndjson": "jsonl",
    "csv": "csv",
}  # fmt: skip
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
}  # fmt: skip
_MEDIA_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/plain": "text", "text/markdown": "text",
    "application/json": "json", "application/ld+json": "json",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "text/csv": "csv",
}  # fmt: skip
_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
_HEADLINE_MARKUP = re.compile(r"^#{1,6}\s+")
_SNIFF_CHARS = 4096
_READ_CHUNK = 1 << 20

Record = ArticleInput | RecordError


def read_source(
    source: str,
    *,
    input_format: str | None = None,
    title: str | None = None,
    no_title: bool = False,
    allow_private_urls: bool = False,
    max_bytes: int | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Record]:
    """Read a path, an http(s) URL or "-" (stdin) into records, in input order.

    The format comes from `input_format` if given, else from a file's extension, else
    (stdin, URL) from the Content-Type and a look at the content. Everything that makes
    the whole input unusable is raised as a NewscredError by this call, before any record
    is yielded; a JSONL/CSV/JSON-array record that cannot be read is yielded as a
    RecordError and the rest go on. `title` and `no_title` apply to single-article
    inputs (text, HTML, URL, a JSON object). In files `url` is metadata, never fetched.

    `max_bytes` caps the input's size: at most `max_bytes + 1` bytes are ever read, and
    a bigger input is NC105 before anything is decoded or parsed. None picks the default
    by format (`byte_limit`): DEFAULT_MAX_PAGE_BYTES (10 MB) for HTML, text and anything
    fetched; DEFAULT_MAX_BYTES (20 MB) for JSON, JSONL and CSV.
    """
    chosen = _format_option(input_format)
    if source == "-":
        name = "standard input"
        stream = stdin if stdin is not None else sys.stdin.buffer
        head = b""
        fmt_for_cap = chosen
        if chosen is None and max_bytes is None:
            # The cap depends on the format: look at the first bytes before reading on.
            head = _read_up_to(stream, _SNIFF_CHARS)
            fmt_for_cap = _sniff_bytes(head)
        data = _read_stream(stream, byte_limit(fmt_for_cap, max_bytes), name, fmt=fmt_for_cap, head=head)
        return _records(data, chosen, name, title=title, no_title=no_title)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        return _url_records(source, chosen, title, no_title, allow_private_urls, byte_limit(None, max_bytes))
    size = _file_size(source)
    fmt = chosen or _format_of_path(source)
    cap = byte_limit(fmt, max_bytes)
    # Check the size before reading a byte: a huge file must not be loaded to be refused.
    if size > cap:
        raise NewscredError("NC105", f"{source} is {size:,} bytes, over the {_limit(cap, fmt)}")
    data = _read_file(source, cap, fmt)
    return _records(data, fmt, source, title=title, no_title=no_title)


def _format_option(input_format: str | None) -> str | None:
    if input_format is None:
        return None
    fmt = _FORMAT_NAMES.get(input_format.strip().lower().lstrip("."))
    if fmt is None:
        raise NewscredError(
            "NC114",
            f"unknown input format {input_format!r}; use one of {', '.join(FORMATS)}",
        )
    return fmt


def _format_of_path(path: str) -> str:
    extension = os.path.splitext(path)[1].lower()
    fmt = _EXTENSIONS.get(extension)
    if fmt is None:
        shown = f"extension {extension!r}" if extension else "no extension"
        raise NewscredError("NC103", f"{path} has {shown}, which newscred does not read")
    return fmt


def _file_size(path: str) -> int:
    try:
        stat = os.stat(path)
    except FileNotFoundError as error:
        raise NewscredError("NC100", f"{path} does not exist") from error
    except OSError as error:
        raise NewscredError("NC100", f"{path} cannot be read: {error.strerror}") from error
    if os.path.isdir(path):
        raise NewscredError("NC100", f"{path} is a directory, not a file", hint="Give one file.")
    return stat.st_size


def _read_file(path: str, cap: int, fmt: str) -> bytes:
    # The size was checked, but a file may grow (or be a FIFO): the read is capped too.
    try:
        with open(path, "rb") as file:
            return _read_stream(file, cap, path, fmt=fmt)
    except OSError as error:
        raise NewscredError("NC100", f"{path} cannot be read: {error.strerror}") from error


def _read_stream(stream: BinaryIO, cap: int, name: str, *, fmt: str | None, head: bytes = b"") -> bytes:
    """All of `stream` after `head`, reading at most `cap + 1` bytes in all; NC105 past `cap`."""
    data = head + _read_up_to(stream, cap + 1 - len(head))
    if len(data) > cap:
        raise NewscredError("NC105", f"{name} is over the {_limit(cap, fmt)}")
    return data


def _read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """Read until the end of `stream` or `limit` bytes, whichever comes first (a pipe or
    a raw stream may return less than asked, so read until either happens)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _limit(cap: int, fmt: str | None) -> str:
    """'10,000,000-byte limit for pages': the limit that refused an input, named."""
    kind = "pages (HTML and text)" if fmt is None or fmt in PAGE_FORMATS else "batches (JSON, JSONL, CSV)"
    return f"{cap:,}-byte limit for {kind}"


def _sniff_bytes(head: bytes) -> str:
    """The format of an input from its first bytes, for choosing its byte cap."""
    return sniff_format(head.decode(bom_encoding(head) or "utf-8", errors="replace"))


def _url_records(
    url: str, fmt: str | None, title: str | None, no_title: bool, allow_private: bool, max_bytes: int
) -> Iterator[Record]:
    from newscred.ingest.url import fetch_url

    page = fetch_url(url, allow_private=allow_private, max_bytes=max_bytes)
    return page_records(page, input_format=fmt, title=title, no_title=no_title)


def page_records(
    page: FetchedPage,
    *,
    input_format: str | None = None,
    title: str | None = None,
    no_title: bool = False,
) -> Iterator[Record]:
    """Records of a fetched page, read as `read_source` reads a URL once it is fetched.

    The format comes from `input_format`, else the Content-Type, else a look at the body;
    `url` is the page's final URL. Raises as `read_source` does for an unusable page.
    """
    fmt = _format_option(input_format) if input_format else None
    if fmt is None and page.content_type:
        fmt = _MEDIA_TYPES.get(page.content_type.split(";", 1)[0].strip().lower())
    return _records(
        page.body, fmt, page.url, title=title, no_title=no_title, url=page.url, declared=page.encoding
    )


def _records(
    data: bytes,
    fmt: str | None,
    name: str,
    *,
    title: str | None,
    no_title: bool,
    url: str | None = None,
    declared: str | None = None,
) -> Iterator[Record]:
    if not data.strip():
        raise NewscredError("NC101", f"{name} is empty" if not data else f"{name} holds only whitespace")
    check_not_binary(data, name=name)
    if declared is None:
        meta = _META_CHARSET.search(data[:_SNIFF_CHARS])
        declared = meta.group(1).decode("ascii") if meta else None
    text, warning = decode_bytes(data, name=name, declared=declared)
    if not text.strip():
        raise NewscredError("NC101", f"{name} holds only whitespace")
    fmt = fmt or sniff_format(text)
    logger.debug("reading %s as %s", name, fmt)
    if fmt in ("jsonl", "csv") or (fmt == "json" and text.lstrip().startswith("[")):
        if title is not None:
            raise NewscredError(
                "NC114", f"a title applies to one article, but {name} is a {fmt} batch"
            )
        reader = {"jsonl": jsonl_records, "csv": csv_records, "json": json_records}[fmt]
        return reader(text, name=name, decode_warning=warning)
    if fmt == "json":  # one object, read (and checked) by now
        records = json_records(text, name=name, decode_warning=warning)
        if title is None:
            return records
        return (r.model_copy(update={"title": title}) if isinstance(r, ArticleInput) else r for r in records)
    if fmt == "html":
        return iter([make_record({"html": text, "title": title, "url": url}, decode_warning=warning)])
    headline, body = split_headline(text, title=title, no_title=no_title)
    return iter([make_record({"title": headline, "text": body, "url": url}, decode_warning=warning)])


def sniff_format(text: str) -> str:
    """Guess the format of text without a name: JSON, JSONL, HTML, CSV or plain text."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0].strip()
        rest = text.lstrip().split("\n", 1)
        if first_line.endswith("}") and len(rest) > 1 and rest[1].lstrip().startswith("{"):
            return "jsonl"
        return "json"
    if _HTML_START.match(head):
        return "html"
    header = head.split("\n", 1)[0].strip().lower()
    cells = [cell.strip().strip('"') for cell in header.split(",")]
    if len(cells) > 1 and ({"text", "body", "html"} & set(cells)):
        return "csv"
    return "text"


def split_headline(text: str, *, title: str | None = None, no_title: bool = False) -> tuple[str | None, str]:
    """Split plain text into (headline, body).

    The first non-empty line that is not boilerplate is the headline when at least one
    more such line follows it; a single paragraph is all body. A given `title` replaces
    the headline (the whole text is then body); `no_title` makes the whole text body.
    Line breaks are normalised to "\\n" and the body is stripped of surrounding blank lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if title is not None or no_title:
        return title, text.strip()
    # Only the first two content lines matter: a long text is neither split into lines
    # nor run through the rules past them.
    content: list[tuple[int, int]] = []
    start = 0
    while len(content) < 2 and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        if line.strip() and boilerplate_rule(line) is None:
            content.append((start, end))
        start = end + 1
    if len(content) < 2:
        return None, text.strip()
    (first_start, first_end), _ = content
    headline = _HEADLINE_MARKUP.sub("", text[first_start:first_end].strip()).strip()
    body = text[:first_start] + text[first_end + 1 :]  # the headline line and its break removed
    return headline or None, body.strip()
