"""Other outlets' reporting relayed secondhand: "according to Fox News", "CNN reported".

Used by the sourcing analyzer. Outlets come from `lexicons/outlets.txt` plus a pattern for
local papers ("the Millbrook Gazette"). Mentions of the article's own outlet do not count.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscred.nlp.wordlists import load_list
from newscred.article import Article

_PAPER_NAMES = (
    r"Times|Post|Journal|News|Herald|Tribune|Gazette|Chronicle|Telegraph|Inquirer|Globe|"
    r"Observer|Courier|Sentinel|Dispatch|Register"
)
# Words that put an outlet's reporting in front of the reader: "according to X", "told X".
_BEFORE = (
    r"(?i:according\s+to|as\s+(?:first\s+)?reported\s+(?:by|in|on)|(?:first\s+)?reported\s+by|"
    r"reports?\s+(?:from|by|in)|reporting\s+(?:by|from|in)|told|in\s+an?\s+(?:interview|"
    r"statement)\s+(?:with|to)|cited\s+by|(?:an?\s+)?(?:article|story|investigation|"
    r"analysis)\s+(?:by|from|in))\s+"
    r"(?i:(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:report|story|article|investigation|"
    r"analysis|interview)\s+(?:by|from|in|with)\s+)?"
)
# Words after an outlet's name: "CNN reported", "the Post first reported".
_AFTER = (
    r"(?:(?:has|had|first|also|previously|earlier|later)\s+)?"
    r"(?:reported|reports|revealed|wrote|writes|published|broke\s+the\s+news|"
    r"was\s+(?:the\s+)?first\s+to\s+report)\b"
)
# The regexes are tried only at tokens that can start a match: scanning a whole body with
# an alternation of a hundred names costs milliseconds.
_BEFORE_GATES = frozenset(
    "according as first reported reports report reporting told in cited an a article story "
    "investigation analysis".split()
)
_AFTER_GATES = frozenset(
    "has had first also previously earlier later reported reports revealed wrote writes "
    "published broke was".split()
)


class OutletFinder:
    def __init__(self) -> None:
        listed = load_list("outlets", lower=False)
        free = [o for o in listed if not o.startswith("The ")]
        needs_the = [o[4:] for o in listed if o.startswith("The ")]
        outlet = (
            rf"(?:[Tt]he\s+)?(?P<free>{_alternation(free)})(?![\w-])"
            rf"|[Tt]he\s+(?P<the>{_alternation(needs_the)})(?![\w-])"
            rf"|(?:[Tt]he\s+)?(?P<paper>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:{_PAPER_NAMES}))"
            r"(?![\w-])"
        )
        self.before_re = re.compile(rf"\b{_BEFORE}(?:{outlet})")
        self.after_re = re.compile(_AFTER, re.IGNORECASE)
        self.outlet_end_re = re.compile(rf"(?:{outlet})\s+$")

    def find(self, article: Article, tokens, lowered, in_quote) -> list[tuple[int, int, str]]:
        """(start, end, outlet name) for each relayed report, in order, not overlapping."""
        body = article.body
        found = []
        for token, low in zip(tokens, lowered):
            if low in _BEFORE_GATES:
                match = self.before_re.match(body, token.start)
                if match:
                    found.append((match.start(), match.end(), _name(match)))
            if low in _AFTER_GATES:
                match = self.after_re.match(body, token.start)
                if match:
                    window = body[max(0, token.start - 60) : token.start]
                    outlet = self.outlet_end_re.search(window)
                    if outlet:
                        start = token.start - len(window) + outlet.start()
                        found.append((start, match.end(), _name(outlet)))
        own = _own_names(article)
        kept: list[tuple[int, int, str]] = []
        for start, end, name in sorted(found):
            if in_quote(start) or _squash(name) in own:
                continue  # an outlet named inside a quote, or the article's own outlet
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, name))
        return kept


def _alternation(names: list[str]) -> str:
    ordered = sorted(names, key=lambda n: (-len(n), n))  # longest first: "Fox News" before "Fox"
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


def _name(match: re.Match[str]) -> str:
    name = match.group("free") or match.group("the") or match.group("paper")
    return " ".join(name.split())


def _own_names(article: Article) -> set[str]:
    """Squashed names the article's own outlet goes by: its outlet field and host labels."""
    names = set()
    if article.outlet:
        outlet = _squash(article.outlet)
        names.update({outlet, outlet.removeprefix("the")})
    if article.url:
        try:
            host = urlsplit(article.url).hostname or ""
        except ValueError:
            host = ""
        names.update(label for label in host.split(".") if len(label) > 2)
    names.discard("")
    return names


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
