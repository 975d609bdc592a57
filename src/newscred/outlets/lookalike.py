"""Lookalike domains: a domain that imitates a known outlet's real domain.

The known outlets and their real domains are data (the curated list and any list that
names an outlet), not code. A domain is a lookalike of outlet X when it is not one of
X's real domains and:
- suffix swap: its registrable label is X's brand under another suffix (abcnews.com.co);
- decoration: the brand plus news-like decoration (cnn-news24.com, bbcnews.live);
- homoglyph or typo: the label, with confusable characters (Cyrillic letters, `rn` for
  `m`, digits for letters) mapped back, equals the brand, or is one edit from a brand of
  six letters or more (nytirnes.com, washingtonpots.com);
- subdomain: the brand, or X's real domain, sits in front of another registrable domain
  (cnn.com.breaking-news.info).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from newscred.outlets.domains import registrable, unicode_host

GENERIC_LABELS = frozenset({"news", "www", "edition", "m", "en", "us", "uk", "go"})
DECORATION = frozenset({
    "news", "live", "online", "today", "daily", "tv", "now", "report", "reports", "breaking",
    "world", "us", "usa", "uk", "24", "247", "365", "hd", "update", "updates", "alert",
    "alerts", "trending", "politics", "media", "net", "co", "official", "com", "go", "next",
    "the",
})
CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "ѕ": "s", "ј": "j", "ԁ": "d", "ɡ": "g", "ո": "n", "ⅿ": "m", "0": "o", "1": "l",
    "5": "s", "3": "e", "ı": "i", "ł": "l",
})
MIN_TYPO_BRAND = 6


@dataclass(frozen=True)
class Brand:
    label: str  # e.g. "nytimes"
    domain: str  # the real domain it protects, e.g. "nytimes.com"


def brand_of(domain: str) -> str:
    """The distinctive label of an outlet's real domain: abcnews.go.com -> abcnews,
    news.sky.com -> sky, nytimes.com -> nytimes."""
    reg = registrable(domain)
    sub = domain[: -len(reg)].rstrip(".")
    first = sub.split(".")[0] if sub else ""
    if first and first not in GENERIC_LABELS:
        return first
    return reg.split(".")[0]


def skeleton(label: str) -> str:
    """The label with confusable characters mapped to ASCII look-alikes."""
    text = unicodedata.normalize("NFKC", label.lower()).translate(CONFUSABLES)
    return text.replace("rn", "m").replace("vv", "w")


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion, deletion or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diffs) == 1 or (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


_PARTS = re.compile(r"[a-z]+|\d+")


class LookalikeDetector:
    def __init__(self, real_domains: Iterable[str]) -> None:
        self.real = frozenset(real_domains)

    # Built on the first lookup: they need the public-suffix list, which takes a fifth of a
    # second to load, and an article with no URL or outlet never asks.
    @cached_property
    def real_registrable(self) -> frozenset[str]:
        return frozenset(registrable(d) for d in self.real)

    @cached_property
    def brands(self) -> dict[str, Brand]:
        brands: dict[str, str] = {}
        for domain in sorted(self.real):
            brands.setdefault(brand_of(domain), domain)
        return {label: Brand(label, domain) for label, domain in brands.items() if len(label) >= 2}

    def lookalike_of(self, host: str) -> str | None:
        """The real domain `host` imitates, or None."""
        if host in self.real or any(host.endswith("." + d) for d in self.real):
            return None
        reg = registrable(host)
        if reg in self.real_registrable:
            return None  # on a real outlet's own registrable domain
        label = reg.split(".")[0]
        sub = host[: -len(reg)].rstrip(".")
        brand = self.brands.get(label)
        if brand is not None:
            return brand.domain  # suffix swap: the brand under another suffix
        found = self._decorated(label) or self._confusable(label)
        if found:
            return found
        for part in sub.split(".") if sub else ():
            if part in self.brands and part not in GENERIC_LABELS:
                return self.brands[part].domain  # the brand as a subdomain elsewhere
        return None

    def _decorated(self, label: str) -> str | None:
        pieces = label.replace("_", "-").split("-")
        for piece in pieces:
            for token in _PARTS.findall(piece):
                if len(pieces) > 1 and token in self.brands and len(token) >= 3:
                    rest = [p for p in pieces if p != token]
                    if all(any(t in DECORATION for t in _PARTS.findall(p)) or p.isdigit() for p in rest):
                        return self.brands[token].domain
        for brand in self.brands.values():
            if len(brand.label) < 3 or label == brand.label:
                continue
            if label.startswith(brand.label):
                rest = label[len(brand.label):].strip("-")
            elif label.endswith(brand.label):
                rest = label[: -len(brand.label)].strip("-")
            else:
                continue
            if rest and all(t in DECORATION for t in _PARTS.findall(rest)):
                return brand.domain
        return None

    def _confusable(self, label: str) -> str | None:
        shown = unicode_host(label)
        plain = skeleton(shown)
        if plain != shown and plain in self.brands:
            return self.brands[plain].domain
        for brand in self.brands.values():
            if len(brand.label) >= MIN_TYPO_BRAND and _one_edit(plain, brand.label):
                return brand.domain
        return None
