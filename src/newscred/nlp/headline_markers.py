"""Headline markers: wording in a headline that aims at clicks rather than at informing.

Bait labels ("WATCH:", "[VIDEO]"), exclamations, questions, teaser and numbered-list
phrases, emotive words, words in capitals, addressing the reader, superlatives, and a
"this" that points ahead at something the headline does not name. The headline analyzer
(analyzers/headline.py) weighs what is found here.
"""

from __future__ import annotations

import re

from newscred.nlp.wordlists import load_list, phrase_regex, split_entries
from newscred.text import Segment

# Longer acronyms that are names, not shouting (acronyms of up to four letters are skipped).
_LONG_ACRONYMS = frozenset(
    "NASDAQ UNESCO UNICEF NAACP USAID COVID ASEAN NASCAR ICANN UNHCR UNRWA INTERPOL NORAD "
    "DARPA LGBTQ LGBTQIA MERCOSUR FRONTEX SCOTUS POTUS FLOTUS".split()
)
_BAIT_WORDS = (
    r"watch|breaking(?:\s+news)?|video|just\s+in|exposed|exclusive|shocking|bombshell|"
    r"must[-\s](?:see|watch|read)|urgent|alert|revealed|leaked|photos?|pics|listen|omg|wow"
)
_BAIT_PHRASES = (
    "this is why", "here's why", "here is why", "this is what", "here's what", "here is what",
    "you won't believe", "you will not believe", "you'll never believe", "won't believe",
    "what happened next", "what happens next", "blow your mind", "you need to know",
    "no one is talking about", "nobody is talking about", "everyone is talking about",
    "goes viral", "went viral", "breaks the internet", "broke the internet", "will make you",
    "you have to see", "you need to see", "left speechless", "leaves you speechless",
    "the reason why", "the truth about", "what really happened", "one weird trick",
    "one simple trick", "wait until you see", "wait till you see", "restore your faith",
    "is losing it", "are losing it", "can't stop",
)
_COUNTED = (
    r"\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
)
_LISTICLE_NOUNS = (
    r"things|reasons|ways|times|facts|signs|photos|pictures|tweets|secrets|tricks|people|"
    r"celebrities|moments|questions|mistakes|rules|lessons|habits|foods|places|words|myths|"
    r"lies|truths|clues"
)
_SECOND_PERSON = frozenset(
    "you your yours yourself yourselves you're you'll you've you'd ya".split()
)
_TIME_WORDS = frozenset(
    "week weekend year month morning afternoon evening night season summer winter spring "
    "fall autumn time decade century term session quarter".split()
)
_FORWARD_FOLLOWERS = frozenset(
    "is was will just could might may are has have does did can would".split()
)
_ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "ble", "ing", "ic", "ent", "ant", "al", "ed", "less")
SEPARATORS = ":–—|"

Marker = tuple[str, int, int, str]  # (label, start, end, text of the headline there)


def inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` falls in one of the (start, end) ranges."""
    return any(s <= offset < e for s, e in ranges)


class HeadlineMarkers:
    """The marker patterns and word lists, compiled once; `find` reads one headline."""

    def __init__(self) -> None:
        self.emotive, emotive_phrases = split_entries(load_list("headline_emotive"))
        self.emotive_phrase_re = phrase_regex(emotive_phrases)
        self.superlatives = frozenset(load_list("superlatives"))
        self.prefix_re = re.compile(
            rf"^\s*(?:{_BAIT_WORDS})\s*(?:[:!|]+|[-–—](?=\s))", re.IGNORECASE
        )
        self.tag_re = re.compile(rf"[\[(](?:{_BAIT_WORDS}|graphic|viral)[\])]", re.IGNORECASE)
        self.suffix_re = re.compile(
            rf"\s[-–—|:]\s*(?:{_BAIT_WORDS})\s*[!.]*\s*$", re.IGNORECASE
        )
        self.bait_phrase_re = phrase_regex(_BAIT_PHRASES)
        self.listicle_re = re.compile(
            rf"\b(?:{_COUNTED})\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_LISTICLE_NOUNS})\b", re.IGNORECASE
        )
        self.question_re = re.compile(r"[^:–—|!?.]*\?+")
        self.exclamation_re = re.compile(r"!+")

    def find(
        self, title: str, title_words: tuple[Segment, ...], lowered: list[str]
    ) -> tuple[list[Marker], list[tuple[int, int]]]:
        """The markers in `title`, in the order found, and the ranges of its bait labels.

        `lowered`: each word of `title_words` lower-cased, curly apostrophes straightened.
        """
        found: list[Marker] = []
        bait_ranges = self._bait_labels(title, found)
        phrase_spans = self._marks_and_phrases(title, bait_ranges, found)
        self._word_markers(title, title_words, lowered, bait_ranges, phrase_spans, found)
        return found, bait_ranges

    def _bait_labels(self, title: str, found: list[Marker]) -> list[tuple[int, int]]:
        """Promotional labels: a prefix ("WATCH:"), a suffix ("- VIDEO"), a tag ("[PHOTOS]")."""
        bait_ranges = []
        for regex in (self.prefix_re, self.suffix_re):
            match = regex.search(title)
            if match:
                start = match.start() + len(match.group()) - len(match.group().lstrip())
                end = match.end() - (len(match.group()) - len(match.group().rstrip()))
                found.append(("bait_prefix", start, end, title[start:end]))
                bait_ranges.append((start, end))
        for match in self.tag_re.finditer(title):
            found.append(("bait_prefix", match.start(), match.end(), match.group()))
            bait_ranges.append((match.start(), match.end()))
        return bait_ranges

    def _marks_and_phrases(
        self, title: str, bait_ranges: list[tuple[int, int]], found: list[Marker]
    ) -> list[tuple[int, int]]:
        """Exclamations, questions, teaser and list phrases, emotive phrases; returns the
        ranges of the teaser and list phrases."""
        for match in self.exclamation_re.finditer(title):
            if not inside(bait_ranges, match.start()):
                found.append(("exclamation", match.start(), match.end(), match.group()))
        for match in self.question_re.finditer(title):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            found.append(("question_bait", start, match.end(), title[start : match.end()]))
        phrase_spans = []
        for regex, label in ((self.bait_phrase_re, "bait_phrase"), (self.listicle_re, "listicle")):
            for match in regex.finditer(title):
                found.append((label, match.start(), match.end(), match.group()))
                phrase_spans.append((match.start(), match.end()))
        for match in self.emotive_phrase_re.finditer(title):
            found.append(("emotive_word", match.start(), match.end(), match.group()))
        return phrase_spans

    def _word_markers(self, title, title_words, lowered, bait_ranges, phrase_spans, found):
        """Capitals, emotive words, the reader addressed, superlatives, a teasing "this"."""

        def add(label: str, start: int, end: int) -> None:
            found.append((label, start, end, title[start:end]))

        for i, word in enumerate(title_words):
            low = lowered[i]
            text = word.text
            if inside(bait_ranges, word.start):
                continue
            if len(text) > 4 and text.isupper() and text not in _LONG_ACRONYMS:
                add("all_caps", word.start, word.end)
            if low in self.emotive:
                add("emotive_word", word.start, word.end)
            if low in _SECOND_PERSON:
                add("second_person", word.start, word.end)
            if low in self.superlatives:
                add("superlative", word.start, word.end)
            elif low in ("most", "least") and i + 1 < len(title_words):
                nxt = lowered[i + 1]
                if nxt in self.emotive or nxt.endswith(_ADJECTIVE_ENDINGS):
                    add("superlative", word.start, title_words[i + 1].end)
            if low in ("this", "these", "here's") and _forward(title, title_words, lowered, i):
                if not inside(phrase_spans, word.start):
                    add("forward_reference", word.start, word.end)


def _forward(title: str, title_words, lowered: list[str], i: int) -> bool:
    """Does "this"/"these" point ahead, at something the headline does not name?"""
    nxt = lowered[i + 1] if i + 1 < len(title_words) else None
    if nxt in _TIME_WORDS:
        return False
    before = title[: title_words[i].start].rstrip()
    clause_start = not before or before[-1] in SEPARATORS
    return clause_start or nxt is None or nxt in _FORWARD_FOLLOWERS
