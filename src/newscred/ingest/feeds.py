"""RSS and Atom feeds: each entry's page fetched safely and politely, as an ArticleInput.

    reader = FeedReader()                      # one per run: it caches robots.txt per host
    for item in reader.read("https://news.example/rss.xml", known=store.has_url):
        ...  # ArticleInput | RecordError | SkippedEntry, in feed order

The feed is fetched with the safe fetcher (`fetch_url`) and parsed from those bytes by
feedparser, which never fetches anything itself. The feed URL is fetched because the
user named it (as a feed reader would); robots.txt governs the entry pages, which are the
crawling part. Each entry's page goes through the same fetcher, at most one request per
host per interval; its HTML is extracted as any page is. The feed gives the title, URL,
published date, author and outlet; the page gives the text. A feed's summary is never
taken for the article: an entry whose page cannot be fetched is an error.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from newscred.errors import NewscredError
from newscred.ingest.polite import DEFAULT_INTERVAL, Fetch, HostPacer, RobotsRules
from newscred.ingest.record import DEFAULT_MAX_PAGE_BYTES, ArticleInput, RecordError
from newscred.ingest.url import FetchedPage, fetch_url

logger = logging.getLogger(__name__)

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_TAG = re.compile(r"<[^>]*>")
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_PAGE_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_GENERIC_TITLES = frozenset({"rss", "atom", "feed", "news", "home", "latest", "latest news", "untitled"})
MAX_OUTLET_CHARS = 80
SUMMARY_NOTE_CHARS = 200  # a summary this long is named in the error, so no one expects it used


@dataclass(frozen=True)
class FeedEntry:
    """What a feed says about one article; `link` is absolute (or None when missing)."""

    link: str | None
    title: str | None
    published: str | None
    author: str | None
    summary_chars: int = 0


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]

    @property
    def outlet(self) -> str | None:
        """The feed's title as the outlet name, when it reads like one (short, not generic)."""
        if not self.title:
            return None
        name = " ".join(self.title.split())
        if len(name) < 2 or len(name) > MAX_OUTLET_CHARS or "://" in name or name.lower() in _GENERIC_TITLES:
            return None
        return name


@dataclass(frozen=True)
class SkippedEntry:
    """An entry whose page was not fetched: `reason` is "stored" (its URL is in the store),
    "duplicate" (listed again in this run) or "robots" (`error` is NC122)."""

    record: int
    url: str
    reason: str
    error: NewscredError | None = None


FeedItem = ArticleInput | RecordError | SkippedEntry


def is_feed_url(source: str) -> bool:
    """True for an argument with a URL scheme: `newscred ingest` reads it as a feed."""
    return bool(_URL.match(source.strip()))


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> Feed:
    """Parse RSS or Atom bytes (never a URL or a path: feedparser gets a stream).

    Relative entry links resolve against `url`. Raises NC123 when the bytes are not a
    feed (a web page, other XML, nothing) or are malformed with no entry link to recover.
    A well-formed feed with no entries is an empty Feed.
    """
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    if not data.strip():
        raise NewscredError("NC123", f"{url} is empty, not a feed")
    # feedparser's lenient parser turns each character reference into UTF-8, which fails
    # for a surrogate (&#xD800;) or a number past U+10FFFF: those are read as U+FFFD, as
    # HTML parsers read them.
    data = _CHAR_REF.sub(_usable_reference, data)
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except (ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as error:
        # UnicodeError is a ValueError. Whatever else trips the parser makes the data
        # unusable as a feed; it is reported, not raised as a traceback.
        raise NewscredError("NC123", f"{url} could not be parsed as a feed ({type(error).__name__}: {error})") from error
    entries = tuple(_entry(e, url) for e in parsed.get("entries") or [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # feedparser also flags a missing or non-XML Content-Type and encoding guesses: harmless.
    broken = problem is not None and not isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)
    # A malformed feed is read for what can be recovered, but only if that includes links.
    if (not entries and (broken or not parsed.get("version"))) or (broken and not any(e.link for e in entries)):
        raise _not_a_feed(data, url, content_type, problem)
    if broken:
        logger.info("%s is not well-formed (%s); read what could be", url, problem)
    title = _text(parsed.get("feed", {}), "title")
    return Feed(url=url, title=title, entries=entries)


def _usable_reference(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    if len(digits) > 9:
        return b"&#xFFFD;"
    value = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match.group(0)


def entry_record(entry: FeedEntry, page: FetchedPage, *, outlet: str | None = None) -> ArticleInput:
    """The ArticleInput for an entry: the page's HTML (or text), the feed's metadata.

    `url` is the entry's link (what the store is checked against), not the page's final
    URL after redirects. Raises NC102 for a page that is not HTML or text, NC112 when it is
    not one article, and what reading a page raises (NC101, NC104, ...).
    """
    from newscred.ingest.read import page_records

    media = (page.content_type or "").split(";", 1)[0].strip().lower()
    fmt = _PAGE_FORMATS.get(media)
    if media and fmt is None:
        raise NewscredError("NC102", f"{page.url} is {media}, not an article page")
    records = list(page_records(page, input_format=fmt, title=entry.title))
    if len(records) != 1 or not isinstance(records[0], ArticleInput):
        raise NewscredError("NC112", f"{page.url} is not one article page")
    return records[0].model_copy(
        update={"url": entry.link, "outlet": outlet, "published": entry.published, "author": entry.author}
    )


class FeedReader:
    """Reads feeds for one run: safe fetches, a per-host interval, robots.txt per origin.

    `fetch(url, *, max_bytes) -> FetchedPage` defaults to `fetch_url` (public addresses
    only unless `allow_private`); `clock` and `sleep` drive the rate limit (tests inject
    fakes). `interval` is the minimum number of seconds between requests to one host.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        interval: float = DEFAULT_INTERVAL,
        timeout: float = 10.0,
        max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.fetch: Fetch = fetch or self._safe_fetch
        self.pacer = HostPacer(interval=interval, clock=clock, sleep=sleep)
        self.robots = RobotsRules(self.fetch, pacer=self.pacer)

    def read(self, url: str, *, known: Callable[[str], bool] | None = None) -> Iterator[FeedItem]:
        """Fetch and parse the feed now (raising for a bad feed); the entries come lazily.

        An entry whose link `known` accepts (already stored) is skipped without a request.
        """
        feed = self.fetch_feed(url)
        logger.info("%s: %d entries", url, len(feed.entries))
        return self._items(feed, known)

    def fetch_feed(self, url: str) -> Feed:
        page = self._get(url.strip())
        return parse_feed(page.body, url=page.url, content_type=page.content_type)

    def _items(self, feed: Feed, known: Callable[[str], bool] | None) -> Iterator[FeedItem]:
        outlet = feed.outlet
        seen: set[str] = set()
        for number, entry in enumerate(feed.entries, start=1):
            link = entry.link
            if not link:
                shown = f" ({entry.title!r})" if entry.title else ""
                yield RecordError(number, None, NewscredError(
                    "NC108", f"entry {number}{shown} has no link to its page",
                    hint="A feed's summary is not the article: save the article and ingest the file.",
                ))
                continue
            if link in seen:
                yield SkippedEntry(number, link, "duplicate")
                continue
            seen.add(link)
            if known is not None and known(link):
                yield SkippedEntry(number, link, "stored")
                continue
            try:
                if _scheme(link) not in ("http", "https"):
                    raise NewscredError("NC110", f"{link}: only valid http and https URLs are fetched")
                if not self.robots.allowed(link):
                    disallowed = NewscredError("NC122", f"{link}: {self.robots.reason(link)}")
                    yield SkippedEntry(number, link, "robots", disallowed)
                    continue
                record = entry_record(entry, self._get(link), outlet=outlet)
            except NewscredError as error:
                yield RecordError(number, None, _noting_summary(error, entry))
                continue
            yield record

    def _get(self, url: str) -> FetchedPage:
        with self.pacer.request(url):
            return self.fetch(url, max_bytes=self.max_bytes)

    def _safe_fetch(self, url: str, *, max_bytes: int) -> FetchedPage:
        return fetch_url(url, allow_private=self.allow_private, timeout=self.timeout, max_bytes=max_bytes)


def _scheme(url: str) -> str:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return ""
    return parts.scheme.lower() if parts.hostname else ""


def _entry(entry: Any, base: str) -> FeedEntry:
    link = (entry.get("link") or "").strip()
    summary = _text(entry, "summary") or ""
    content = max((len(c.get("value") or "") for c in entry.get("content") or []), default=0)
    return FeedEntry(
        link=urljoin(base, link) if link else None,
        title=_text(entry, "title"),
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=(entry.get("author") or "").strip() or None,
        summary_chars=max(len(summary), content),
    )


def _text(data: Any, key: str) -> str | None:
    """A feed's text field, with markup removed when the feed declares it HTML."""
    value = data.get(key)
    if not isinstance(value, str):
        return None
    detail = data.get(f"{key}_detail") or {}
    if "html" in (detail.get("type") or ""):
        value = html.unescape(_TAG.sub("", value))
    value = " ".join(value.split())
    return value or None


def _iso(parsed: Any) -> str | None:
    """feedparser's parsed date (a UTC struct_time) as ISO 8601, or None."""
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()
    except (TypeError, ValueError):
        return None


def _noting_summary(error: NewscredError, entry: FeedEntry) -> NewscredError:
    if entry.summary_chars < SUMMARY_NOTE_CHARS:
        return error
    note = f" (the feed's {entry.summary_chars}-character summary is not taken for the article)"
    return NewscredError(error.code, error.message + note, hint=error.hint)


def _not_a_feed(data: bytes, url: str, content_type: str | None, problem: object) -> NewscredError:
    from newscred.ingest.read import sniff_format

    text = data[:200_000].decode("utf-8", errors="replace")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml") or sniff_format(text) == "html":
        finder = _FeedLinks()
        finder.feed(text)
        links = [urljoin(url, href) for href in finder.found]
        hint = None
        if links:
            hint = f"The page names its feed: newscred ingest {links[0]}"
        return NewscredError("NC123", f"{url} is a web page, not an RSS or Atom feed", hint=hint)
    detail = f" ({problem})" if problem else ""
    return NewscredError("NC123", f"{url} is not an RSS or Atom feed{detail}")


class _FeedLinks(HTMLParser):
    """The feeds a page names in <link rel="alternate" type="application/rss+xml" href>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        kind = values.get("type", "").split(";", 1)[0].strip().lower()
        if "alternate" in values.get("rel", "").lower().split() and kind in _FEED_TYPES and values.get("href"):
            self.found.append(values["href"].strip())
