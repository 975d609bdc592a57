"""Small helpers shared by the built-in analyzers: stemming and plain-English summaries."""

from __future__ import annotations

_NUMBER_WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()
_DOUBLE_KEEP = frozenset("lsz")
_VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to map "sue"/"sues"/"sued"/"suing" onto one key.

    Expects a lower-cased word. Not a linguistic stemmer (a few Porter-style steps): it only
    has to give the forms a headline and its article use for one word the same key.
    """
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) <= 3 or not word.isalpha():
        return word[:-1] if len(word) == 3 and word.endswith("e") and word.isalpha() else word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and _has_vowel(word[:-3]) and len(word) > 4:
        word = word[:-3]
    elif word.endswith("ed") and not word.endswith("eed") and _has_vowel(word[:-2]):
        word = word[:-2]
    if word.endswith("e") and len(word) > 2:
        word = word[:-1]
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _DOUBLE_KEEP:
        word = word[:-1]
    return word


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


def number_word(count: int) -> str:
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def join_words(items: list[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_phrase(count: int, singular: str, plural: str, examples: list[str] | None = None) -> str:
    """(2, "emotive word", "emotive words", ["angry", "epic"]) -> "two emotive words (angry and
    epic)"; more than four examples are cut with an ellipsis."""
    text = f"{'one' if count == 1 else number_word(count)} {singular if count == 1 else plural}"
    if examples:
        shown = ", ".join(examples[:4]) + ", …" if len(examples) > 4 else join_words(examples)
        text += f" ({shown})"
    return text


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return singular if count == 1 else (plural_form or singular + "s")
