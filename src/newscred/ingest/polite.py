"""Polite fetching for feeds: a per-host rate limit and robots.txt rules, cached per run.

`HostPacer` spaces requests to one host by at least an interval, counted from the end of
the previous request to that host (a slow server gets more room, not less). `RobotsRules`
fetches each origin's /robots.txt once, through the caller's (safe) fetch, and answers
whether a URL may be fetched, following RFC 9309 where `urllib.robotparser` lets it:

- 2xx: the file's rules apply to our product token, `newscred` (a group for
  `User-agent: newscred` wins over `*`); `Crawl-delay` widens the host's interval (capped
  at `MAX_CRAWL_DELAY` seconds).
- 401 or 403: everything disallowed (a site that refuses us its rules is taken to refuse
  us; `urllib.robotparser` does the same).
- any other 4xx (404, 410, ...): no rules, everything allowed.
- 5xx, a network error, a timeout, a refused address, a body that is not text or is too
  large: everything disallowed for this run (RFC 9309: an unreachable robots.txt means
  complete disallow).

`urllib.robotparser` applies the first matching rule of a group, not the longest match
RFC 9309 asks for; files that order `Allow` before the broader `Disallow` (the usual
way) read the same either way.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from newscred.errors import NewscredError
from newscred.ingest.url import USER_AGENT, FetchedPage, HTTPStatusError

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 1.0
"""Default minimum seconds between two requests to the same host."""

MAX_CRAWL_DELAY = 60.0
"""Largest robots.txt `Crawl-delay` honoured, in seconds (longer ones are capped)."""

ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to parse at least 500 KiB

Fetch = Callable[..., FetchedPage]


def host_of(url: str) -> str:
    """The host a request goes to, lower-cased, without the port (the rate-limit key)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


class HostPacer:
    """At least `interval` seconds between the requests to each host.

    `clock` and `sleep` are injectable so tests run without waiting; `interval_for`
    lets a host ask for more room (robots.txt `Crawl-delay`), never for less.
    """

    def __init__(
        self,
        *,
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if interval < 0:
            raise NewscredError("NC114", f"the interval between requests must be 0 or more, not {interval}")
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._wider: dict[str, float] = {}

    def widen(self, host: str, seconds: float) -> None:
        """Ask for at least `seconds` between requests to `host` (capped at MAX_CRAWL_DELAY)."""
        self._wider[host] = max(self._wider.get(host, 0.0), min(seconds, MAX_CRAWL_DELAY))

    def interval_for(self, host: str) -> float:
        return max(self.interval, self._wider.get(host, 0.0))

    @contextmanager
    def request(self, url: str) -> Iterator[None]:
        """Wait for the host's turn, run the request, and stamp its end (even if it failed)."""
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            delay = last + self.interval_for(host) - self.clock()
            if delay > 0:
                logger.debug("waiting %.2f s before the next request to %s", delay, host)
                self.sleep(delay)
        try:
            yield
        finally:
            self._last[host] = self.clock()


class RobotsRules:
    """robots.txt per origin (scheme, host and port), fetched at most once per run."""

    def __init__(self, fetch: Fetch, *, pacer: HostPacer, user_agent: str = USER_AGENT) -> None:
        self.fetch = fetch
        self.pacer = pacer
        self.user_agent = user_agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._why: dict[str, str] = {}
        self._refused: dict[str, NewscredError] = {}

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch `url` (see the module notes for failures)."""
        parser = self._parser(url)
        return parser.can_fetch(self.user_agent, url)

    def reason(self, url: str) -> str:
        """Why `url` is disallowed, for the skipped record's message."""
        origin = _origin(url)
        return self._why.get(origin) or f"{origin}/robots.txt disallows it for {self.user_agent.split('/')[0]}"

    def _parser(self, url: str) -> urllib.robotparser.RobotFileParser:
        origin = _origin(url)
        refused = self._refused.get(origin)
        if refused is not None:  # the host itself is refused: say so, not "disallowed"
            raise NewscredError(refused.code, refused.message, hint=refused.hint)
        parser = self._parsers.get(origin)
        if parser is None:
            parser = self._load(origin)
            self._parsers[origin] = parser
        return parser

    def _load(self, origin: str) -> urllib.robotparser.RobotFileParser:
        robots_url = f"{origin}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            with self.pacer.request(robots_url):
                page = self.fetch(robots_url, max_bytes=ROBOTS_MAX_BYTES)
        except HTTPStatusError as error:
            if error.status in (401, 403):
                parser.disallow_all = True
                self._why[origin] = f"{robots_url} answered HTTP {error.status}: taken as disallowing all"
            elif 400 <= error.status < 500:
                parser.allow_all = True  # no robots.txt: no rules
            else:
                parser.disallow_all = True
                self._why[origin] = f"{robots_url} answered HTTP {error.status}: taken as disallowing all"
            logger.info("robots.txt %s: HTTP %d", robots_url, error.status)
            return parser
        except NewscredError as error:
            if error.code == "NC110":  # a refused address: its pages are refused the same way
                self._refused[origin] = error
                raise
            parser.disallow_all = True
            self._why[origin] = f"{robots_url} could not be read ({error.message}): taken as disallowing all"
            logger.info("robots.txt %s unreadable: %s", robots_url, error.message)
            return parser
        parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self.pacer.widen(host_of(origin), float(delay))
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
