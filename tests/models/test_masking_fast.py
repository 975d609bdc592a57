"""The masking shortcuts (a first-character lookahead on the outlet names, a URL hint
checked before the full URL search) give what the plain patterns give."""

from __future__ import annotations

import re

from newscred.models import masking
from newscred.nlp.wordlists import load_list

TEXTS = [
    "", "www.x", "HTTP://A.B/c", "see Foo.COM now", "the Reuters said", "tHe Reuters",
    "The  New York Times and the Washington Post", "a.b.news", "x.co", "mail: a@b.org",
    "WASHINGTON (Reuters) - Officials said", "@handle pic.twitter.com/abc", "2 + 2 = 4",
    "Überraschung bei Fox News", "nothing to mask here at all", "example.com/path?q=1",
    "CNN reported, as did Al Arabiya; the AP too.", "foxnews.com.co is not Fox News",
]


def plain_mask(text: str) -> str:
    names = {n.strip() for n in load_list("outlets", lower=False)} | set(masking.EXTRA_OUTLETS)
    alternation = "|".join(re.escape(n) for n in sorted((n for n in names if len(n) >= 2),
                                                        key=len, reverse=True))
    outlets = re.compile(rf"(?<![\w])(?:[Tt]he\s+)?(?:{alternation})(?![\w])")
    text = masking.DATELINE_RE.sub(" ", text, count=1)
    text = masking.WIRE_TAG_RE.sub(" ", text)
    text = masking.PIC_RE.sub(" ", text)
    text = masking.URL_RE.sub(" urltoken ", text)
    text = masking.HANDLE_RE.sub(" handletoken ", text)
    return outlets.sub(" outlettoken ", text)


def test_the_fast_mask_equals_the_plain_patterns():
    for text in TEXTS + [" ".join(TEXTS) * 3]:
        assert masking.mask(text) == plain_mask(text), text
    assert masking.mask("the Reuters said") != "the Reuters said"  # something was masked
