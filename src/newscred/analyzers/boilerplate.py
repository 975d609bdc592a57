"""What is never a claim: contact lines, datelines and press-release boilerplate.

The claims analyzer scores sentences; press releases and wire copy carry text that the
sentence splitter joins to the first or last sentence (a single line break does not end
a sentence) and that the check-worthiness model, trained on debate sentences, has never
seen: "Media Contact: … (555) 014-2290", "FOR IMMEDIATE RELEASE", "WASHINGTON (AP) —",
"###", "About <Org>", "All rights reserved". `claim_candidates` keeps the parts of the
body's sentences that may be claims, with offsets into the body:
- a sentence is cut into its lines; lines that are boilerplate (`is_boilerplate`) are
  dropped, and each run of remaining lines is one candidate (hard-wrapped prose, where no
  line is boilerplate, stays one sentence);
- a leading dateline ("WASHINGTON (AP) —", "April 12, 2025 —") is stripped from a
  candidate, so the sentence after it can still be a claim;
- everything after an end-of-release mark ("###", "-30-") is dropped, and so is an
  "About <Org>" or contact section (its heading's paragraph, or the next paragraph under a
  heading that stands alone).
The rules are plain patterns, deliberately narrow: a sentence reporting *on* a phone line
or a copyright suit is not boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newscred.ingest.clean import boilerplate_rule
from newscred.nlp.patterns import DATE, EMAIL, PHONE, URL, dateline_end
from newscred.text import Segment

_RELEASE = re.compile(r"FOR\s+IMMEDIATE\s+RELEASE\b.{0,40}|EMBARGOED\b.{0,80}|NEWS\s+RELEASE",
                      re.IGNORECASE)
# "###" and "-30-" end a press release; "* * *" is left alone: articles use it between sections.
_END_MARK = re.compile(r"^[ \t]*(?:#[ \t]*#[ \t]*#|-30-|ENDS)[ \t]*$", re.MULTILINE)
_LABEL = re.compile(
    r"(?:(?:media|press|news)\s+(?:contacts?|inquiries|enquiries|relations)"
    r"|contacts?\s*:|(?:tel|phone|telephone|fax|mobile|cell|e-?mail|web(?:site)?)\s*[:.]"
    r"|for\s+(?:more|further|additional)\s+information\b"
    r"|for\s+(?:media|press)\s+(?:inquiries|enquiries)\b)",
    re.IGNORECASE,
)
_CONTACT_HEADING = re.compile(
    r"(?:media|press|news)\s+(?:contacts?|inquiries|enquiries)\b|contacts?\s*(?::|$)", re.IGNORECASE)
_ABOUT = re.compile(r"About\s+(?:the\s+)?[A-Z][\w&.'’-]*"
                    r"(?:\s+(?:of\s+|and\s+|for\s+|&\s+)?[A-Z][\w&.'’-]*){0,6}\s*(?::|$)")
_SOCIAL = re.compile(
    r"(?:follow\s+us\s+on|like\s+us\s+on|connect\s+with\s+us|sign\s+up\s+for|subscribe\s+to"
    r"|find\s+us\s+on)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}", re.IGNORECASE)
_RIGHTS = re.compile(r"\ball\s+rights\s+reserved\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
CONTACT_WORDS = 12  # a line with a phone number or email and at most this many other words
URL_WORDS = 4  # a line with a URL and at most this many other words
# Necessary conditions of PHONE and URL, far cheaper to scan for: every PHONE match holds
# three digits in a row or a "+", every URL match one of these parts of URL itself.
_PHONE_GATE = re.compile(r"\d{3}|\+")
_URL_GATE = re.compile(r"://|www\.|\.(?:com|org|net|gov|edu|io|info)\b", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """True when `text` (a line or a sentence) is contact, dateline or release furniture."""
    text = text.strip()
    if not _WORD.search(text):
        return True  # "###", "1.", a phone number alone
    if DATE.fullmatch(text.rstrip(" .—–-")) or dateline_end(text) == len(text):
        return True
    if (_RELEASE.fullmatch(text) or _LABEL.match(text) or _ABOUT.match(text)
            or _SOCIAL.match(text) or _COPYRIGHT.match(text) or _RIGHTS.search(text)):
        return True
    contact = (_PHONE_GATE.search(text) and PHONE.search(text)) or (
        "@" in text and EMAIL.search(text))
    url = _URL_GATE.search(text) and URL.search(text)
    if contact or url:
        words = len(_WORD.findall(URL.sub(" ", EMAIL.sub(" ", PHONE.sub(" ", text)))))
        if words <= (CONTACT_WORDS if contact else URL_WORDS):
            return True
    return boilerplate_rule(text) is not None


def claim_candidates(body: str, sents: Sequence[Segment]) -> list[Segment]:
    """The parts of `sents` (sentences of `body`) that may be claims, in body order."""
    stop = _release_end(body)
    sections = _sections(body)
    out: list[Segment] = []
    for sent in sents:
        if sent.start >= stop:
            break
        for piece in _runs(body, sent, min(stop, sent.end)):
            if any(s <= piece.start < e for s, e in sections):
                continue
            cut = dateline_end(piece.text)
            if cut:
                piece = _trim(body, piece.start + cut, piece.end)
            if piece is not None and not is_boilerplate(piece.text):
                out.append(piece)
    return out


def _trim(body: str, start: int, end: int) -> Segment | None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Segment(start, end, body[start:end]) if end > start else None


def _runs(body: str, sent: Segment, end: int) -> list[Segment]:
    """Runs of consecutive non-boilerplate lines of one sentence."""
    if "\n" not in body[sent.start:end]:
        piece = _trim(body, sent.start, end)
        return [piece] if piece is not None else []
    runs: list[Segment] = []
    first: int | None = None
    last = sent.start
    start = sent.start
    for line_end in [m.start() for m in re.finditer("\n", body[sent.start:end])] + [end - sent.start]:
        line_end += sent.start
        line = body[start:line_end]
        if line.strip() and is_boilerplate(line):
            if first is not None:
                piece = _trim(body, first, last)
                if piece is not None:
                    runs.append(piece)
            first = None
        elif line.strip():
            first = start if first is None else first
            last = line_end
        start = line_end + 1
    if first is not None:
        piece = _trim(body, first, last)
        if piece is not None:
            runs.append(piece)
    return runs


def _release_end(body: str) -> int:
    """Offset of an end-of-release mark ("###", "-30-"), or the body's length."""
    match = _END_MARK.search(body)
    return match.start() if match else len(body)


def _sections(body: str) -> list[tuple[int, int]]:
    """(start, end) of each "About <Org>" or contact section: from its heading to the end of
    the heading's paragraph, or of the next paragraph when the heading stands alone."""
    blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*", body)]
    out = []
    for k, (start, end) in enumerate(blocks):
        for line in re.finditer(r"[^\n]+", body[start:end]):
            text = line.group().strip()
            heading = _ABOUT.match(text) or _CONTACT_HEADING.match(text)
            if heading:
                alone = not text[heading.end():].strip(" :") and line.end() >= end - start
                section_end = blocks[k + 1][1] if alone and k + 1 < len(blocks) else end
                out.append((start + line.start(), section_end))
                break
    return out
