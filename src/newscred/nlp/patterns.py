"""Patterns for the furniture of news text: dates, phone numbers, emails, URLs and
datelines ("WASHINGTON (AP) —", "April 12, 2025 —"). The claims analyzer leaves them out
of claims (analyzers/boilerplate.py); compare reads no figure in them and ignores a
dateline when comparing sentences (stories/figures.py, stories/align.py)."""

from __future__ import annotations

import re

# Capitalised only: "may" and "march" are verbs too.
MONTH_NAMES = ("(?:January|February|March|April|May|June|July|August|September|October|"
               "November|December)")
WEEKDAYS = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
DATE = re.compile(
    rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?"
    rf"|{MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
PHONE = re.compile(
    r"(?<![\w.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w-])"
    r"|(?<![\w.-])\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?![\w-])"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|info)\b(?:/\S*)?",
                 re.IGNORECASE)

_DASH = r"(?:—|–|--|-)"
_PLACE = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*)*(?:,\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"
_AGENCY = r"(?:\(\s*[A-Z][\w&. ]{0,30}\)|/\s*[A-Z][\w ]{1,30}/)"
DATELINE = re.compile(
    rf"(?:FOR\s+IMMEDIATE\s+RELEASE\s*[:.]?\s*(?:{_DASH}\s*)?)?"
    rf"(?:(?:{_PLACE})(?:,\s*{DATE.pattern})?\s*{_AGENCY}?|{DATE.pattern}\s*{_AGENCY}?|{_AGENCY})"
    rf"\s*{_DASH}(?:\s+(?=[A-Z0-9\"“‘'(])|\s*$)"  # a dateline is followed by a sentence
)


def dateline_end(text: str) -> int:
    """Length of a leading dateline ("WASHINGTON (AP) — ", "April 12, 2025 — "), 0 if none."""
    match = DATELINE.match(text)
    return match.end() if match else 0
