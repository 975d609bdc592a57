"""Shortcut masking for the text representation of the credibility model.

Outlet names, URLs, social handles and wire datelines tell a model *who* published an
article, not how credible its text is. They are replaced by placeholder tokens before
hashing, at training and at run time alike. `mention_counts` is the probe that shows the
masking works: on masked text every count is zero.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newscred.nlp.wordlists import load_list

# Portals and sites of the training data that are not in the outlets word list.
EXTRA_OUTLETS = (
    "Eagle Rising", "Freedom Daily", "Occupy Democrats", "Addicting Info", "AddictingInfo",
    "Right Wing News", "The Other 98%", "The Other 98", "21st Century Wire", "21WIRE",
    "Activist Post", "Natural News", "Zero Hedge", "ZeroHedge", "Before It's News",
    "Your News Wire", "Patriot News", "Bipartisan Report", "Conservative Tribune",
    "SANA", "Syrian Arab News Agency", "Sputnik News", "Al Arabiya", "Al-Masdar News",
    "Alalam", "Press TV", "Anadolu", "Asharq Al-Awsat", "Syrian Observatory",
    "Middle East Eye", "Reuters", "Associated Press", "AP",
)

# Every URL_RE match holds one of these: texts without any skip the (slower) full search.
URL_HINT_RE = re.compile(r"https?://|www\.|\.(?:com|org|net|co|gov|news|info)\b", re.I)
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|gov|news|info)\b(?:/\S*)?", re.I)
HANDLE_RE = re.compile(r"(?<![\w@])@\w{2,}")
PIC_RE = re.compile(r"pic\.twitter\.com/\S+", re.I)
DATELINE_RE = re.compile(r"^[^\n]{0,120}?\((?:Reuters|AP|AFP|SANA)\)\s*[-–—]\s*")
WIRE_TAG_RE = re.compile(r"\((?:Reuters|AP|AFP|SANA)\)")


@lru_cache(maxsize=1)
def outlet_regex() -> re.Pattern[str]:
    names = {n.strip() for n in load_list("outlets", lower=False)} | set(EXTRA_OUTLETS)
    names = {n for n in names if len(n) >= 2}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # A match starts with "the"/"The" or a name's first character: the lookahead lets the
    # engine skip every other position at once (the matches are the same).
    first = "".join(re.escape(c) for c in sorted({n[0] for n in names} | {"T", "t"}))
    # Case-sensitive: outlet names are capitalised, and many are common words ("Slate").
    return re.compile(rf"(?<![\w])(?=[{first}])(?:[Tt]he\s+)?(?:{alternation})(?![\w])")


def mask(text: str) -> str:
    """Replace outlet names, URLs, handles and wire datelines with placeholder tokens."""
    text = DATELINE_RE.sub(" ", text, count=1)
    text = WIRE_TAG_RE.sub(" ", text)
    text = PIC_RE.sub(" ", text)
    if URL_HINT_RE.search(text):
        text = URL_RE.sub(" urltoken ", text)
    text = HANDLE_RE.sub(" handletoken ", text)
    return outlet_regex().sub(" outlettoken ", text)


def mention_counts(text: str) -> dict[str, int]:
    """How many shortcut mentions remain: the probe run on masked text must give zeros."""
    return {
        "outlet_names": len(outlet_regex().findall(text)),
        "urls": len(URL_RE.findall(text.replace("urltoken", ""))),
        "handles": len(HANDLE_RE.findall(text)),
        "wire_tags": len(WIRE_TAG_RE.findall(text)),
    }
