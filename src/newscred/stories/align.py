"""Claim alignment across coverage of one story: corroborated, contradicted, disputed, unique.

For each check-worthy claim of each article (the `claims` signal's list), every other
article's sentences are compared with it by embedding cosine:
- the best sentence at or above `MATCH` reports the same thing. It *contradicts* the claim
  when a lexical check finds a conflict (different figures of the same unit, a negation on
  one side only, a different day, weekday, month or year, or different named actors in an
  otherwise near-identical sentence); otherwise it *corroborates* it. Figures are read with
  their unit and scale (`figures.py`): dates, times, ordinals, phone numbers and list
  numbering are not figures, and "6 percent" beside "6 people" is no conflict. A leading
  dateline ("WASHINGTON (AP) —", "April 12, 2025 —") is the date of the text, not of the
  event, so it is left out of the check; dates conflict only kind by kind ("April 12"
  with "April 18", weekday with weekday, month with month, year with year);
- an article whose sentences are related to the claim (best cosine ≥ `RELATED`) but do
  not report it is read by the stance model (FNC-1 agree/disagree/discuss/unrelated,
  `stance.py`); its P(disagree) is given on the evidence. It contradicts the claim only
  with `stance_contradicts=True` (P ≥ `DISAGREE`): measured on FNC-1, that rule is wrong
  five times in six, so it is off by default;
- otherwise that article does not report the claim.
A claim is `corroborated` when only supporting evidence exists, `contradicted` when only
contradicting evidence does, `disputed` when both do, `unique` when no other article
reports it. Corroboration means another article reports the same thing, not that it is
true: outlets copy one another, and a wire story reprinted ten times is one source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newscred.nlp.patterns import MONTH_NAMES as _MONTH_NAMES
from newscred.nlp.patterns import WEEKDAYS as _WEEKDAYS
from newscred.nlp.patterns import dateline_end
from newscred.stories.entities import entities_of
from newscred.stories.figures import disagreement, figures
from newscred.text import Segment

MATCH = 0.62  # cosine at which a sentence reports the same thing as the claim
RELATED = 0.45  # cosine at which the stance model is asked
DISAGREE = 0.5  # P(disagree) from the stance model that counts as contradicting ...
# ... but only when asked for: on FNC-1's held-out stories the model's "disagree" calls are
# right 17% of the time at 0.5 and no better at any threshold (docs/EVALUATION.md), so by
# default its reading is reported on the evidence (`disagree`) and does not set a status.
STANCE_CONTRADICTS = False
NEAR_IDENTICAL = 0.8  # above it, different named actors mean a conflict
MAX_EVIDENCE = 3  # evidence sentences listed per status

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|denied|denies|deny|"
    r"false|untrue|refused|rejected)\b|n['’]t\b", re.IGNORECASE)
_MONTHS = re.compile(rf"\b{_MONTH_NAMES}\b")
_YEARS = re.compile(r"(?<![\d$€£.,])\b(?:19|20)\d\d\b(?![\d,.]\d)")
_DAYS = re.compile(rf"\b(?:(?P<month>{_MONTH_NAMES})\s+(?P<day>\d{{1,2}})(?![\d:])"
                   rf"|(?P<day2>\d{{1,2}})\s+(?:of\s+)?(?P<month2>{_MONTH_NAMES})\b)")


@dataclass
class Doc:
    """One article as alignment sees it."""

    id: str
    outlet: str | None
    domain: str | None
    claims: list[dict[str, Any]]  # the claims signal's entries: text, start, end, ...
    claim_vectors: np.ndarray
    sentences: Sequence[Segment]
    sentence_vectors: np.ndarray


@dataclass
class Evidence:
    article: str
    outlet: str | None
    domain: str | None
    text: str
    start: int
    end: int
    similarity: float
    reason: str | None = None
    disagree: float | None = None  # the stance model's P(disagree), when it was asked

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "outlet": self.outlet, "domain": self.domain,
                "text": self.text, "start": self.start, "end": self.end,
                "similarity": round(self.similarity, 4), "reason": self.reason,
                "disagree": self.disagree}


@dataclass
class AlignedClaim:
    article: str
    text: str
    start: int
    end: int
    status: str
    corroborated_by: list[Evidence] = field(default_factory=list)
    contradicted_by: list[Evidence] = field(default_factory=list)
    best_matches: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"article": self.article, "text": self.text,
                "span": {"part": "body", "start": self.start, "end": self.end},
                "status": self.status,
                "corroborated_by": [e.as_dict() for e in self.corroborated_by],
                "contradicted_by": [e.as_dict() for e in self.contradicted_by],
                "best_matches": [e.as_dict() for e in self.best_matches]}


def _without_dateline(text: str) -> str:
    return text[dateline_end(text):]


def _days(text: str) -> set[str]:
    return {f"{m['month'] or m['month2']} {int(m['day'] or m['day2'])}" for m in _DAYS.finditer(text)}


def _different_dates(a: str, b: str) -> tuple[list[str], list[str]] | None:
    """The dates of the first kind (day of a month, weekday, month, year) both give and
    none shares: "April 12" and "Tuesday" may be the same day, "April 12" and "April 18"
    are not."""
    for kind in (_days, _WEEKDAYS.findall, _MONTHS.findall, _YEARS.findall):
        when_a, when_b = set(kind(a)), set(kind(b))
        if when_a and when_b and not (when_a & when_b):
            return sorted(when_a), sorted(when_b)
    return None


def conflict(claim: str, sentence: str, similarity: float) -> str | None:
    """Why two sentences about the same thing disagree, or None."""
    claim, sentence = _without_dateline(claim), _without_dateline(sentence)
    different = disagreement(figures(claim), figures(sentence))
    if different:
        mine, theirs = ([f.text for f in side] for side in different)
        return f"different figures ({', '.join(mine)} vs {', '.join(theirs)})"
    neg_a, neg_b = bool(_NEGATION.search(claim)), bool(_NEGATION.search(sentence))
    if neg_a != neg_b:
        return "negated on one side only"
    dates = _different_dates(claim, sentence)
    if dates:
        return f"different dates ({', '.join(dates[0])} vs {', '.join(dates[1])})"
    if similarity >= NEAR_IDENTICAL:
        actors_a, actors_b = entities_of(claim), entities_of(sentence)
        if actors_a and actors_b and not (actors_a & actors_b):
            return "different named actors"
    return None


def _status(support: list[Evidence], against: list[Evidence]) -> str:
    if support and against:
        return "disputed"
    if against:
        return "contradicted"
    return "corroborated" if support else "unique"


def align(docs: Sequence[Doc], stance: Any | None = None, *,
          only: str | None = None, stance_contradicts: bool = STANCE_CONTRADICTS) -> list[AlignedClaim]:
    """Every claim of every doc (or of the doc `only`) against the other docs; in doc
    order, then claim order."""
    out: list[AlignedClaim] = []
    for doc in docs:
        if only is not None and doc.id != only:
            continue
        for k, claim in enumerate(doc.claims):
            vector = doc.claim_vectors[k]
            support: list[Evidence] = []
            against: list[Evidence] = []
            best: list[Evidence] = []
            for other in docs:
                if other.id == doc.id or not len(other.sentences):
                    continue
                cosines = other.sentence_vectors @ vector
                j = int(np.argmax(cosines))
                sentence = other.sentences[j]
                evidence = Evidence(other.id, other.outlet, other.domain, sentence.text,
                                    sentence.start, sentence.end, float(cosines[j]))
                best.append(evidence)
                if evidence.similarity >= MATCH:
                    evidence.reason = conflict(claim["text"], sentence.text, evidence.similarity)
                    (against if evidence.reason else support).append(evidence)
                elif evidence.similarity >= RELATED and stance is not None:
                    p = stance.probabilities(claim["text"], vector,
                                             [s.text for s in other.sentences],
                                             other.sentence_vectors)
                    evidence.disagree = round(float(p["disagree"]), 4)
                    if stance_contradicts and p["disagree"] >= DISAGREE:
                        evidence.reason = f"the stance model reads disagreement ({p['disagree']:.2f})"
                        against.append(evidence)
            rank = lambda e: -e.similarity  # noqa: E731
            out.append(AlignedClaim(
                article=doc.id, text=claim["text"], start=claim["start"], end=claim["end"],
                status=_status(support, against),
                corroborated_by=sorted(support, key=rank)[:MAX_EVIDENCE],
                contradicted_by=sorted(against, key=rank)[:MAX_EVIDENCE],
                best_matches=sorted(best, key=rank)[:MAX_EVIDENCE],
            ))
    return out


def counts(claims: Sequence[AlignedClaim]) -> dict[str, int]:
    out = {"corroborated": 0, "contradicted": 0, "disputed": 0, "unique": 0}
    for claim in claims:
        out[claim.status] += 1
    return out
