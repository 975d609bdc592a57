"""Domains: from a URL or a typed domain to a normalised host and its registrable domain.

Lower-case, IDN to punycode (ASCII), `www.`/`m.`/`amp.` prefixes stripped; the registrable
domain comes from the public suffix list bundled in the `publicsuffixlist` package (no
network at run time).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from newscred.errors import NewscredError

PREFIXES = ("www.", "m.", "amp.", "mobile.")
_LABEL = re.compile(r"^[a-z0-9-]{1,63}$")


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def host_of(value: str) -> str:
    """The normalised ASCII host of a URL or domain; NC114 when there is none."""
    text = value.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        host = ""
    host = host.strip(".").lower()
    try:
        host = host.encode("idna").decode("ascii") if host else ""
    except UnicodeError:
        host = ""
    changed = True
    while changed:
        changed = False
        for prefix in PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix):]
                changed = True
    if not host or "." not in host or not all(_LABEL.match(p) for p in host.split(".")):
        raise NewscredError(
            "NC114", f"{value!r} is not a domain or URL",
            hint="Give a domain such as example.com or a URL such as https://example.com/story.",
        )
    return host


def registrable(host: str) -> str:
    """example.co.uk for news.example.co.uk; the host itself when the list has no answer."""
    return _psl().privatesuffix(host) or host


def unicode_host(host: str) -> str:
    """The host for display (punycode labels decoded)."""
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host
