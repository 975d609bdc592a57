"""Figures in a sentence, with their unit and scale, for comparing two accounts of a fact.

`figures(text)` returns each figure as `Figure(value, unit, text)`: the value with its
scale applied ("$4.2m" and "4,200,000 dollars" are both 4200000.0 USD), and its unit:
- a currency (`USD`, `EUR`, `GBP`) from a symbol or a word ($, US$, dollars, USD, €,
  euros, £, pounds, ...);
- `percent` (%, percent, per cent, pct) or `percentage point`;
- else the noun after the number, lower-cased and stripped of a plural s ("18 pumping
  stations" -> `pumping`, "450 new teachers" -> `teacher`: a few common adjectives are
  skipped), "" when there is none ("voted 7-2 on Monday", "Reed, 54, said").
A range or a tally ("10-12 people", "voted 7-2", "a 7-2 vote") is one figure with `high`
set. Two small numbers with no unit, or with the second not above the first, are a tally
(unit `tally`, "7-2" or "a 7-2 vote"), which agrees with another only when both numbers
match; ranges of the same unit agree when they overlap.

Not figures: dates ("April 12, 2025", "12 April", "2025-04-12", "12/04/2025"), years
(a bare 1900-2100 integer: "in 2025", "the 2024 budget"), times ("3:30 p.m.", "10 a.m.",
"15:30"), ordinals ("1st", "22nd"), phone numbers, list numbering at a line start
("1." / "2)"), and numbers inside words or ids ("COVID-19", "F-35", "A4", "1990s").

`disagreement(a, b)` says when two sentences' figures conflict: only when they share a
unit (not "") and no figure of that unit in one agrees with one of the other within
`TOLERANCE` (relative). Figures of different units, or with no counterpart of the same
unit, are no contradiction: "6 percent" and "6 people" say different things.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from newscred.nlp.patterns import DATE, PHONE

TOLERANCE = 0.01  # relative difference within which two figures agree (rounding)


class Figure(NamedTuple):
    value: float
    unit: str
    text: str
    high: float | None = None  # the upper end of a range, the second number of a tally


_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
           "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR",
                   "euros": "EUR", "eur": "EUR", "pound": "GBP", "pounds": "GBP", "gbp": "GBP"}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_FIGURE = re.compile(
    rf"(?P<sign>US\$|[$€£]|(?:USD|EUR|GBP)\s?)?\s?(?P<num>{_NUM})"
    rf"(?:\s?[-–]\s?(?P<sign2>US\$|[$€£])?(?P<high>{_NUM})(?![\d/:]))?"
)
_TAIL = re.compile(
    r"(?P<suffix>k|K|mn|bn|m|M|b|B|tn)(?![\w])"
    r"|\s*(?P<scale>thousand|million|billion|trillion|mn|mln|bn)\b",
)
_PERCENT = re.compile(r"\s*(?:(?P<points>percentage\s+points?)\b|%|percent\b|per\s+cent\b|pct\b)",
                      re.IGNORECASE)
_CURRENCY_WORD = re.compile(r"\s+(?P<word>dollars?|usd|euros?|eur|pounds?|gbp)\b", re.IGNORECASE)
_NOUN = re.compile(r"(?:\s+|-)(?P<noun>[a-z][a-z'’]*(?:-[a-z]+)*)")
_EXCLUDED = re.compile(
    rf"(?-i:{DATE.pattern})"
    r"|\d{1,2}(?::\d{2})?\s?(?:a\.?m\.?|p\.?m\.?)(?!\w)"  # 10 a.m., 3:30pm
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # 15:30
    r"|\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d)"  # 12.04.2025
    r"|\d+(?:st|nd|rd|th)\b"  # ordinals
    r"|(?m:^[ \t]*\d{1,2}[.)](?=\s))"  # list numbering
    r"|" + PHONE.pattern,
    re.IGNORECASE,
)
# Words between a number and its unit noun that do not name the unit.
_SKIP = frozenset("""new more other additional extra further total full-time part-time local
    young old small large major minor separate different similar such""".split())
_NOT_UNITS = frozenset("""a an the of in on at to and or but for from with by per than as is are
    was were be been being has have had will would could should may might can do does did
    said says say told into over under about after before since during while when where
    that this these those which who whom whose it its they their them he she his her we our
    you your i me my not no nor so if then there here out up down off also just only still
    yet each every all any some most many much few less least last next first""".split())
_OK_SUFFIX = re.compile(r"(?:k|K|mn|bn|m|M|b|B|tn)(?![\w])")


def lemma(word: str) -> str:
    """A plain singular: strip a plural s ("stations" -> "station", "cities" -> "city")."""
    word = word.lower().replace("’", "'")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3:
        return word[:-1]
    return word


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def figures(text: str) -> list[Figure]:
    """The figures of `text`, in order (see the module docstring for what counts)."""
    excluded = [(m.start(), m.end()) for m in _EXCLUDED.finditer(text)]
    out: list[Figure] = []
    for match in _FIGURE.finditer(text):
        start, end = match.start("num"), match.end()
        if any(s < end and start < e for s, e in excluded):
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_/"
                          or text[start - 1] in "-.:" and start > 1 and text[start - 2].isalnum()):
            continue  # inside a word or an id: "COVID-19", "A4", "v2.1"
        after = text[end:end + 1]
        if after.isalpha() and not _OK_SUFFIX.match(text, end):
            continue  # "1990s", "4G", "3D", "10am"
        if after in ("/", ":") and text[end + 1:end + 2].isdigit():
            continue
        figure = _read(text, match)
        if figure is not None:
            out.append(figure)
    return out


def _read(text: str, match: re.Match[str]) -> Figure | None:
    number, high_number = match.group("num"), match.group("high")
    value = _value(number)
    high = _value(high_number) if high_number else None
    sign = (match.group("sign") or match.group("sign2") or "").strip()
    unit = _CURRENCY_SIGNS.get(sign) or _CURRENCY_WORDS.get(sign.lower(), "")
    end = match.end()
    scaled = False
    tail = _TAIL.match(text, end)
    if tail:
        scale = _SCALES[(tail.group("suffix") or tail.group("scale")).lower()]
        value *= scale
        high = high * scale if high is not None else None
        scaled = True
        end = tail.end()
    percent = _PERCENT.match(text, end)
    word = _CURRENCY_WORD.match(text, end)
    if percent:
        unit, end = ("percentage point" if percent.group("points") else "percent"), percent.end()
    elif word:
        unit, end = _CURRENCY_WORDS[word.group("word").lower()], word.end()
    elif not unit:
        unit, end = _noun(text, end)
    plain_year = (not unit or unit not in ("USD", "EUR", "GBP", "percent", "percentage point")) \
        and not scaled and re.fullmatch(r"\d{4}", number) and 1900 <= value <= 2100
    if plain_year:
        return None  # "in 2025", "the 2024 budget", "2019-2021"
    small = re.fullmatch(r"\d{1,2}", number) and re.fullmatch(r"\d{1,2}", high_number or "")
    if small and not scaled and (not unit or high is not None and high <= value):
        unit = "tally"  # "voted 7-2", "a 7-2 vote": both numbers must match
    return Figure(value, unit, text[match.start():end].strip(), high)


def _noun(text: str, end: int) -> tuple[str, int]:
    """The unit noun after a number and where it ends, else ("", end)."""
    noun = _NOUN.match(text, end)
    if noun is not None and noun.group("noun").lower() in _SKIP:
        noun = _NOUN.match(text, noun.end())
    if noun is None or noun.group("noun").lower() in _NOT_UNITS:
        return "", end
    return lemma(noun.group("noun")), noun.end()


def agree(a: Figure, b: Figure, *, tolerance: float = TOLERANCE) -> bool:
    """Same unit and the same value within `tolerance` (a value inside a range agrees)."""
    if a.unit != b.unit:
        return False

    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y))

    if a.high is None and b.high is None:
        return close(a.value, b.value)
    if a.unit == "tally":  # "7-2": both numbers must match
        return (a.high is not None and b.high is not None
                and close(a.value, b.value) and close(a.high, b.high))
    low_a, high_a = a.value, a.high if a.high is not None else a.value
    low_b, high_b = b.value, b.high if b.high is not None else b.value
    slack = tolerance * max(abs(high_a), abs(high_b))
    return low_a <= high_b + slack and low_b <= high_a + slack  # the ranges overlap


def disagreement(a: Sequence[Figure], b: Sequence[Figure], *,
                 tolerance: float = TOLERANCE) -> tuple[list[Figure], list[Figure]] | None:
    """The figures of the first unit both sides give where none agrees, else None."""
    for unit in dict.fromkeys(f.unit for f in a):
        if not unit:
            continue
        mine = [f for f in a if f.unit == unit]
        theirs = [f for f in b if f.unit == unit]
        if theirs and not any(agree(x, y, tolerance=tolerance) for x in mine for y in theirs):
            return mine, theirs
    return None
