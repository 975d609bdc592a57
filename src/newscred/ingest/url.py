"""Fetch one web page safely: public addresses only, pinned, bounded in size and time.

The host is resolved once and every address it resolves to is vetted; the connection
then goes to a vetted address (so a DNS answer that changes between the check and the
connection cannot redirect it), with the name sent in the Host header and used for TLS
verification. Redirects are followed by hand so that every hop is vetted the same way.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urljoin, urlsplit

from newscred import __version__
from newscred.errors import NewscredError
from newscred.ingest.record import DEFAULT_MAX_PAGE_BYTES

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse, HTTPConnectionPool

logger = logging.getLogger(__name__)

USER_AGENT = f"newscred/{__version__} (news credibility checker)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
TOTAL_TIME_FACTOR = 3  # the whole fetch may take this many `timeout`s
_TEXT_TYPES = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/json",
        "application/ld+json",
        "application/x-ndjson",
        "application/jsonl",
        "application/rss+xml",
        "application/atom+xml",
    }
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


@dataclass(frozen=True)
class FetchedPage:
    """The final URL after redirects, its Content-Type, the raw body and its charset."""

    url: str
    content_type: str | None
    body: bytes
    encoding: str | None


class HTTPStatusError(NewscredError):
    """NC111 for an HTTP error status; `status` keeps the code (robots.txt rules depend on it)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__("NC111", message)
        self.status = status


def refusal_reason(address: str) -> str | None:
    """Why an IP address must not be fetched from, or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        for inner, form in embedded:
            reason = refusal_reason(str(inner))
            if reason:
                return f"{reason} ({form} {inner})"
    for flag, reason in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, flag):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    found: list[tuple[ipaddress.IPv4Address, str]] = []
    if ip.ipv4_mapped:
        found.append((ip.ipv4_mapped, "IPv4-mapped"))
    if ip.sixtofour:
        found.append((ip.sixtofour, "6to4 for"))
    if ip.teredo:
        server, client = ip.teredo
        found.extend([(server, "Teredo server"), (client, "Teredo client")])
    if ip in _NAT64:
        found.append((ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64 for"))
    elif ip in _IPV4_COMPATIBLE and int(ip) > 1:
        found.append((ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "IPv4-compatible"))
    return found


def vet_url(url: str, *, allow_private: bool = False) -> tuple[SplitResult, list[str]]:
    """Check a URL's scheme and resolve its host; return the parts and the addresses.

    Raises NC110 for a scheme other than http(s), credentials in the URL, or (unless
    `allow_private`) a host with any address that is not public; NC111 when the host
    does not resolve.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise NewscredError("NC110", f"{url!r} is not a valid URL: {error}") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:' URLs" if scheme else "URLs without a scheme"
        raise NewscredError("NC110", f"{url}: only http and https URLs are fetched, not {shown}")
    if parts.username is not None or parts.password is not None:
        raise NewscredError("NC110", f"{url}: URLs with a user name or password are not fetched")
    host = parts.hostname
    if not host:
        raise NewscredError("NC110", f"{url}: the URL has no host name")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NewscredError("NC111", f"{url}: the host {host!r} could not be resolved ({error})") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            reason = refusal_reason(address)
            if reason:
                via = "" if address == host else f"{host} resolves to "
                raise NewscredError("NC110", f"refused {url}: {via}{address} is {reason}")
    return parts, addresses


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 10.0,
    max_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    max_redirects: int = 5,
) -> FetchedPage:
    """GET a page as `newscred`; follow up to `max_redirects` redirects, each re-vetted.

    `timeout` bounds connecting and each read; the whole fetch gets `TOTAL_TIME_FACTOR`
    times that. Raises NC110 (refused address or scheme), NC111 (unreachable, timed out,
    HTTP error status, too many redirects), NC102 (a non-text Content-Type) or NC105 (a
    body over `max_bytes`: refused on its Content-Length before any of it is read, else
    when the download passes the limit, having read at most `max_bytes + 1` bytes).
    """
    import urllib3

    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    current = url.strip()
    for _hop in range(max_redirects + 1):
        parts, addresses = vet_url(current, allow_private=allow_private)
        pool, response = _request(parts, addresses, timeout, current)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise NewscredError("NC111", f"{current}: HTTP {response.status} redirect without a Location")
                logger.info("redirect %s -> %s", current, location)
                current = urljoin(current, location.strip())
                continue
            if not 200 <= response.status < 300:
                reason = f" {response.reason}" if response.reason else ""
                raise HTTPStatusError(
                    f"{current}: the server answered HTTP {response.status}{reason}", status=response.status
                )
            content_type = response.headers.get("Content-Type")
            _check_content_type(current, content_type)
            body = _read_body(response, current, max_bytes, deadline)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise NewscredError("NC111", f"{current}: {_describe(error)}") from error
        finally:
            response.release_conn()
            response.close()
            pool.close()
        match = _CHARSET.search(content_type or "")
        return FetchedPage(
            url=current,
            content_type=content_type,
            body=body,
            encoding=match.group(1) if match else None,
        )
    raise NewscredError("NC111", f"{url}: more than {max_redirects} redirects")


def _request(
    parts: SplitResult, addresses: list[str], timeout: float, url: str
) -> tuple[HTTPConnectionPool, BaseHTTPResponse]:
    """Send the GET to the first vetted address that accepts a connection."""
    import urllib3

    host = parts.hostname or ""
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    shown_host = f"[{host}]" if ":" in host else host
    default_port = parts.port is None or parts.port == (443 if https else 80)
    headers = {
        "Host": shown_host if default_port else f"{shown_host}:{port}",
        "User-Agent": USER_AGENT,
        "Accept": ACCEPT,
        "Accept-Encoding": "identity",
    }
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    pool_timeout = urllib3.Timeout(connect=timeout, read=timeout)
    last_error: Exception | None = None
    for address in addresses:
        pool: HTTPConnectionPool
        if https:
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=pool_timeout, retries=False, maxsize=1,
                cert_reqs="CERT_REQUIRED", server_hostname=host, assert_hostname=host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(
                address, port, timeout=pool_timeout, retries=False, maxsize=1
            )
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, retries=False,
                preload_content=False, assert_same_host=False,
            )
            return pool, response
        except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError) as error:
            pool.close()
            last_error = error
            logger.info("could not connect to %s at %s: %s", host, address, error)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            pool.close()
            raise NewscredError("NC111", f"{url}: {_describe(error)}") from error
    raise NewscredError("NC111", f"{url}: {_describe(last_error)}")


def _check_content_type(url: str, content_type: str | None) -> None:
    if not content_type:
        return  # sniffed later, and binary bodies are refused then
    media = content_type.split(";", 1)[0].strip().lower()
    if media.startswith("text/") or media in _TEXT_TYPES or media.endswith(("+xml", "+json")):
        return
    raise NewscredError("NC102", f"{url} is {media}, not a web page or text")


def _read_body(response: BaseHTTPResponse, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise NewscredError(
            "NC105", f"{url} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit for fetched pages"
        )
    chunks: list[bytes] = []
    total = 0
    while True:
        # Never ask for more than one byte past the limit: that byte is the proof.
        chunk = response.read(min(CHUNK_BYTES, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise NewscredError("NC105", f"{url} is over the {max_bytes:,}-byte limit for fetched pages")
        if time.monotonic() > deadline:
            raise NewscredError("NC111", f"{url}: the download took too long")
        chunks.append(chunk)


def _describe(error: BaseException | None) -> str:
    import urllib3

    if error is None:
        return "the host has no address to connect to"
    if isinstance(error, urllib3.exceptions.ConnectTimeoutError | socket.timeout | TimeoutError):
        return "the connection timed out"
    if isinstance(error, urllib3.exceptions.ReadTimeoutError):
        return "the server stopped answering (read timed out)"
    if isinstance(error, urllib3.exceptions.SSLError):
        return f"the TLS connection failed ({error})"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "the connection was refused or the host is unreachable"
    return f"the connection failed ({error})"
