"""Who said it: find the speaker phrase beside an attribution verb and classify it.

Used by the sourcing analyzer. Classes: "named" (a person or organisation by name),
"role" (on the record but unnamed: "the mayor", "police", "the complaint"), "anonymous"
("a source", "officials familiar with the talks", "critics"), "pronoun" (he/she/they,
resolved to the last named person where possible) and "unknown".
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BREAK_CHARS = ',;:"“”‘(—–'
_PRONOUNS = frozenset("he she they it i we".split())
_LEADING_FILLER = frozenset(
    "and but while as so then also meanwhile however later earlier yet though although".split()
)
_DESCRIPTIVE = ("who ", "which ", "whose ", "a ", "an ", "the ")
_TITLE_ABBREVIATIONS = frozenset(
    "Sen Rep Gov Dr Mr Mrs Ms Prof Gen Lt Col Sgt Capt Cmdr Adm Maj Supt Det Insp St Jr Sr".split()
)
_TRAILING_FILLER = frozenset("has had have also later previously would will once".split())
_NOT_NAME = frozenset(
    """The A An This That These Those It He She They We I But And Or In On At As According
    Meanwhile However Later Earlier Also Then Some Many Other Others One Two Three Several
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Mr Mrs Ms""".split()
)
_PARTICLES = frozenset("de da del der van von bin al la le di du dos das".split())
_ORG_WORDS = frozenset(
    """Department Ministry Office Police Council Court Committee Commission Agency
    Administration University Institute Company Corp Corporation Inc Party Association Union
    Board Bureau Service Authority Government Group Foundation Center Centre Bank Fund
    Organization Organisation Network Agency Hospital School District County City State
    Senate House Congress Parliament Army Navy Force Forces Club League Federation Society
    Trust Council Times Post News Journal Herald Tribune""".split()
)
# Common nouns that start a sentence capitalised ("Police said") but name nobody.
_ROLE_NOUNS = frozenset(
    """police officials authorities prosecutors investigators officers lawyers attorneys doctors
    scientists researchers economists analysts experts critics residents witnesses observers
    sources insiders supporters opponents activists organizers organisers firefighters
    paramedics spokesperson spokesman spokeswoman officers regulators lawmakers legislators
    protesters parents teachers students voters""".split()
)
_ANONYMOUS = (
    r"\b(?:sources?|insiders?|familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of|"
    r"anonymity|anonymous|unnamed|unidentified|not\s+(?:to\s+be\s+)?(?:named|identified)|"
    r"critics|observers|experts|analysts|people|some|many|others|rumou?rs?|"
    r"it\s+is\s+(?:said|believed)|"
    r"(?:a|an|one|two|three|four|several|some|many|other|senior|top)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:officials?|people|persons?|aides?|staffers?|employees?|diplomats?|experts?|analysts?|"
    r"officers?|insiders?|sources?|individuals?|someone))\b"
)
# "..., who asked not to be named" right after a speaker makes that speaker anonymous.
_ANONYMITY_TAIL = (
    r"\s*,?\s*(?:who|because|speaking)\b[^.\n]{0,40}?(?:not\s+(?:to\s+be\s+)?(?:named|identified)|"
    r"anonymity|not\s+authori[sz]ed)"
)


class Speaker(NamedTuple):
    start: int  # offsets of the speaker phrase in the body; start == end when not found
    end: int
    text: str
    kind: str  # named | role | anonymous | pronoun | unknown
    name: str  # display name for named speakers
    key: str  # distinct-source key: surname for people, full name for organisations


def subject_before(body: str, lo: int, verb_start: int) -> tuple[int, int]:
    """The phrase before an attribution verb ("Ruiz" in '"…," Ruiz said'), as offsets."""
    cut = verb_start
    i = verb_start - 1
    while i >= lo and not _is_break(body, i):
        i -= 1
    start = i + 1
    if not body[start:cut].strip() and i >= lo and body[i] == ",":
        # An appositive: "a parent, Dana Whitfield, said" or "Donnelly, who voted no, said".
        j = i - 1
        while j >= lo and not _is_break(body, j):
            j -= 1
        segment = body[j + 1 : i].strip().lower()
        if j >= lo and body[j] == "," and segment.startswith(_DESCRIPTIVE):
            # The clause describes the speaker named before it: "Mr. Lee, a farmer, said".
            k = j - 1
            while k >= lo and not _is_break(body, k):
                k -= 1
            relative = segment.startswith(("who ", "which ", "whose "))
            if relative or len(body[k + 1 : j].split()) <= 4:
                return _trim(body, k + 1, j)
        return _trim(body, j + 1, i)
    return _trim(body, start, cut)


def subject_after(body: str, verb_end: int, hi: int) -> tuple[int, int]:
    """The phrase after a verb ('said Mayor Ana Ruiz', 'according to two officials')."""
    i = verb_end
    words = 0
    while i < hi and body[i] not in _BREAK_CHARS and body[i] not in "!?\n":
        if body[i] == "." and not _abbreviation(body, verb_end, i):
            break  # the end of the sentence ("said Ruiz."), not "Sen." or an initial
        if body[i] == " " and i > verb_end and body[i - 1] != " ":
            words += 1
            if words >= 10:
                break
        i += 1
    return _trim(body, verb_end, i)


def _abbreviation(body: str, lo: int, dot: int) -> bool:
    start = dot
    while start > lo and body[start - 1].isalpha():
        start -= 1
    word = body[start:dot]
    return word in _TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _is_break(body: str, i: int) -> bool:
    # A curly apostrophe closes a single-quoted quote only after punctuation: ‘…,’ said Ruiz.
    return body[i] in _BREAK_CHARS or (body[i] == "’" and i > 0 and body[i - 1] in ",.!?")


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not body[start].isalnum():
        start += 1
    while end > start and not body[end - 1].isalnum():
        end -= 1
    # Drop leading conjunctions ("and Ruiz said") and trailing auxiliaries ("Ruiz has said").
    while True:
        space = body.find(" ", start, end)
        if space == -1 or body[start:space].lower() not in _LEADING_FILLER:
            break
        start = space + 1
    while True:
        space = body.rfind(" ", start, end)
        if space == -1 or body[space + 1 : end].lower() not in _TRAILING_FILLER:
            break
        end = space
    return start, end


class SpeakerClassifier:
    """Sorts speaker phrases into classes; holds its compiled patterns."""

    def __init__(self) -> None:
        self.anonymous_re = re.compile(_ANONYMOUS, re.IGNORECASE)
        self.anonymity_tail_re = re.compile(_ANONYMITY_TAIL, re.IGNORECASE)

    def classify(self, body: str, start: int, end: int, last_person: Speaker | None) -> Speaker:
        text = body[start:end]
        tokens = text.split()
        if not tokens:
            return Speaker(start, end, text, "unknown", "", "")
        anonymous = (self.anonymous_re.search(text)
                     or self.anonymity_tail_re.match(body, end, end + 90))
        if len(tokens) == 1 and tokens[0].lower() in _PRONOUNS:
            if tokens[0].lower() in ("he", "she") and last_person is not None:
                return Speaker(start, end, text, "pronoun", last_person.name, last_person.key)
            return Speaker(start, end, text, "pronoun", "", "")
        if anonymous:
            return Speaker(start, end, text, "anonymous", "", "")
        if len(tokens) > 8:
            return Speaker(start, end, text, "unknown", "", "")
        name = _name_run(tokens)
        if name:
            parts = name.split()
            is_org = parts[-1].strip(".") in _ORG_WORDS
            key = name.lower() if is_org else parts[-1].strip(".").lower()
            return Speaker(start, end, text, "named", name, key)
        return Speaker(start, end, text, "role", "", "")


def _name_run(tokens: list[str]) -> str:
    """The last run of capitalised words ("Mayor Ana Ruiz"), or "" when it names nobody."""
    runs: list[list[str]] = []
    current: list[str] = []
    for index, raw in enumerate(tokens):
        token = raw.strip(",;:()\"'“”‘’")
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        capital = token[:1].isupper() and token.strip(".") not in _NOT_NAME
        if capital and index == 0 and len(tokens) > 1 and not tokens[1][:1].isupper():
            capital = False  # capitalised only because it starts the sentence: "Legal experts"
        elif capital and index == 0 and len(tokens) == 1 and token.lower() in _ROLE_NOUNS:
            capital = False  # "Police said"
        if capital or (current and token in _PARTICLES):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    while runs and runs[-1][-1] in _PARTICLES:
        runs[-1].pop()
    return " ".join(runs[-1]) if runs and runs[-1] else ""
