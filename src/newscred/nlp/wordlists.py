"""Loading the bundled word lists and turning phrase lists into one compiled regex."""

from __future__ import annotations

import re
from itertools import compress, count
from functools import lru_cache
from importlib.resources import files

from newscred.text import WORD_RE


@lru_cache(maxsize=64)
def load_list(name: str, *, lower: bool = True) -> tuple[str, ...]:
    """Entries of `lexicons/<name>.txt` in file order, de-duplicated.

    Entries are separated by commas or line ends and may be phrases; `#` starts a comment.
    """
    text = files("newscred.nlp").joinpath("lexicons", f"{name}.txt").read_text("utf-8")
    entries: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        line = " ".join(line.split("#", 1)[0].split()).replace("’", "'")
        if lower:
            line = line.lower()
        for entry in line.split(","):
            entry = entry.strip()
            if entry and entry not in seen:
                seen.add(entry)
                entries.append(entry)
    return tuple(entries)


def split_entries(entries: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single words (looked up in a set, per token) versus phrases (matched by regex).

    Hyphenated entries are phrases because the shared tokenizer splits on hyphens.
    """
    single = frozenset(e for e in entries if " " not in e and "-" not in e)
    phrases = tuple(e for e in entries if " " in e or "-" in e)
    return single, phrases


def phrase_regex(
    phrases: tuple[str, ...] | list[str], *, ignore_case: bool = True
) -> re.Pattern[str]:
    """One alternation over `phrases`, longest first, tolerant of spacing and curly apostrophes."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        escaped = re.escape(phrase).replace(r"\ ", r"\s+").replace("'", "['’]")
        parts.append(escaped)
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


def norm(phrase: str) -> str:
    """The key a regex match is looked up under: lower-case, single spaces, straight apostrophe."""
    return " ".join(phrase.split()).lower().replace("’", "'")


def index_lists(
    lists: dict[str, str] | list[tuple[str, str]],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(word -> labels, phrase -> labels) over several lists given as label -> file name.

    A phrase's key is its words joined by single spaces, as `PhraseMatcher.find` reports it.
    """
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    items = lists.items() if isinstance(lists, dict) else lists
    for label, filename in items:
        single, multi = split_entries(load_list(filename))
        for word in single:
            words.setdefault(word, []).append(label)
        for phrase in multi:
            phrases.setdefault(" ".join(WORD_RE.findall(norm(phrase))), []).append(label)
    return ({w: tuple(v) for w, v in words.items()}, {p: tuple(v) for p, v in phrases.items()})


class PhraseMatcher:
    """Finds multi-word phrases by walking the tokens once (a long regex alternation costs
    milliseconds per article; this costs a dictionary lookup per token)."""

    def __init__(self, phrases: tuple[str, ...] | list[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in set(phrases):
            parts = tuple(WORD_RE.findall(norm(phrase)))
            if parts:
                self.by_first.setdefault(parts[0], []).append(parts)
        for options in self.by_first.values():
            options.sort(key=lambda p: (-len(p), p))

    def find(self, text: str, tokens, lowered: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, phrase) for each match, phrase as its tokens joined by spaces.

        `tokens` are `newscred.text.words(text)`, `lowered` their lower-cased texts with
        straight apostrophes; phrase words may be separated by spaces or a hyphen only.
        """
        found = []
        by_first = self.by_first
        if by_first.keys().isdisjoint(lowered):
            return found
        n = len(tokens)
        # Only the positions whose word starts some phrase (a C-level scan) are looked at.
        for i in compress(count(), map(by_first.__contains__, lowered)):
            for parts in by_first[lowered[i]]:
                k = len(parts)
                if k > 1 and (i + k > n or lowered[i + 1] != parts[1]
                              or tuple(lowered[i : i + k]) != parts):
                    continue
                if all(not text[tokens[j].end : tokens[j + 1].start].strip(" -\n\t")
                       for j in range(i, i + k - 1)):
                    found.append((tokens[i].start, tokens[i + k - 1].end, " ".join(parts)))
                    break
        return found
