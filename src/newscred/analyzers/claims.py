"""Claims analyzer: the body sentences most worth fact-checking, and who the article says
made them.

Every body sentence that may be a claim is scored by the check-worthiness model
(`newscred.models.claims`, trained on CLEF CheckThat! 2019 debate sentences). The top
sentences (at most `MAX_CLAIMS`) whose probability reaches `THRESHOLD` are listed as
"check-worthy claim" spans, each with the figures and named actors it contains and the
source the article gives for it (an attribution verb in the sentence, or the speaker of
the quote it sits in), else "no source named in the article". Contact lines, datelines
and press-release boilerplate are never claims: they are left out before scoring
(`boilerplate.claim_candidates`), and a dateline in front of a sentence is stripped from
its span.

Check-worthy is not a warning by itself: a well-reported article is full of verifiable
facts. The concern score is therefore only about attribution: `UNATTRIBUTED_CONCERN` × the
share of listed claims that carry no attribution (a claim resting on an unnamed source
counts half). It is 0 when every listed claim is attributed or nothing is listed, and at
most 0.5. Reporters' own statements of fact ("The council voted 7-2") count as unattributed,
which is why the weight stays low.

`THRESHOLD` = 0.7 on the model's equal-prior probability: on 200 Reuters articles (ISOT
true sample) about 42% of sentences reach it and an article lists 3.6 claims on average;
pleasantries, questions and first-person opinion fall well below it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from newscred.analyzers.base import clamp01
from newscred.analyzers.boilerplate import claim_candidates
from newscred.analyzers.common import join_words
from newscred.nlp.quotes import QuoteIndex, quotes
from newscred.analyzers.sourcing import NOT_ATTRIBUTION
from newscred.analyzers.speakers import Speaker, SpeakerClassifier, subject_after, subject_before
from newscred.nlp.wordlists import load_list
from newscred.article import Article
from newscred.models.claims import ClaimModel, actor_words
from newscred.report import Signal
from newscred.text import WORD_RE, Segment, sentences

THRESHOLD = 0.7
MAX_CLAIMS = 5
UNATTRIBUTED_CONCERN = 0.5
ANONYMOUS_CREDIT = 0.5  # a claim on an unnamed source counts half as unattributed
MAX_LISTED = 6  # figures / actors per claim
_NUMBER = re.compile(
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?(?:[$£€]\s?)?\d[\d,]*(?:\.\d+)?(?:-\d+)?"
    r"(?:\s?(?:%|percent\b|per\s+cent\b|million\b|billion\b|trillion\b|thousand\b))?"
)
_NOT_ENTITY = frozenset(
    """January February March April May June July August September October November December
    According""".split()
)


class ClaimsAnalyzer:
    name = "claims"
    version = "2"  # 2: contact lines, datelines and boilerplate are never claims
    requires: tuple[str, ...] = ("model:claims",)

    def __init__(self, model: ClaimModel | None = None) -> None:
        self._model = model
        self.verbs = frozenset(load_list("report_verbs"))
        self.speakers = SpeakerClassifier()

    @property
    def model(self) -> ClaimModel:
        if self._model is None:  # loaded on first use, once per analyzer
            self._model = ClaimModel.load("claims")
        return self._model

    def analyze(self, article: Article) -> Signal:
        body = article.body
        sents = sentences(body)
        candidates = claim_candidates(body, sents)
        probabilities = self.model.probabilities([c.text for c in candidates]) if candidates else []
        ranked = sorted(range(len(candidates)), key=lambda i: (-probabilities[i], candidates[i].start))
        chosen = [i for i in ranked[:MAX_CLAIMS] if probabilities[i] >= THRESHOLD]
        context = _Context(self, body, sents)
        claims = [context.claim(candidates[i], float(probabilities[i])) for i in chosen]
        spans = [
            article.span("body", c["start"], c["end"], label="check-worthy claim",
                         score=c["probability"], note=_note(c))
            for c in sorted(claims, key=lambda c: c["start"])
        ]
        unattributed = sum(1 for c in claims if c["attributed_to"] is None)
        anonymous = sum(1 for c in claims if c["anonymous"])
        weighted = (unattributed + ANONYMOUS_CREDIT * anonymous) / len(claims) if claims else 0.0
        n_words = len(body.split())
        above = int(sum(1 for p in probabilities if p >= THRESHOLD))
        top = sorted((float(p) for p in probabilities), reverse=True)
        features = {
            "share_checkworthy": above / len(candidates) if candidates else 0.0,
            "checkworthy_per_100w": 100.0 * above / n_words if n_words else 0.0,
            "top_probability": top[0] if top else 0.0,
            "mean_top3_probability": sum(top[:3]) / len(top[:3]) if top else 0.0,
            "n_claims": float(len(claims)),
            "n_claims_unattributed": float(unattributed),
            "n_claims_anonymous": float(anonymous),
            "share_claims_unattributed": unattributed / len(claims) if claims else 0.0,
            "share_claims_with_numbers": (
                sum(1 for c in claims if c["numbers"]) / len(claims) if claims else 0.0),
        }
        details: dict[str, Any] = {
            "claims": [{k: v for k, v in c.items() if k != "anonymous"} for c in claims],
            "threshold": THRESHOLD,
            "sentences": len(sents),
            "candidates": len(candidates),  # sentence parts scored: boilerplate left out
            "features": {k: round(float(v), 4) for k, v in features.items()},
        }
        return Signal(
            name=self.name, version=self.version,
            score=round(clamp01(UNATTRIBUTED_CONCERN * weighted), 4),
            summary=_summary(claims, unattributed, anonymous), spans=tuple(spans),
            details=details,
        )


class _Context:
    """Per-article lookups: sentence offsets, quotes, and the words of the few sentences
    looked at (tokenised on demand: only the listed claims and their neighbours)."""

    def __init__(self, analyzer: ClaimsAnalyzer, body: str, sents: tuple[Segment, ...]) -> None:
        self.analyzer = analyzer
        self.body = body
        self.sents = sents
        self.sent_starts = [s.start for s in sents]
        self.quotes = QuoteIndex(quotes(body))
        self._words: dict[int, list[Segment]] = {}

    def words(self, sent: Segment) -> list[Segment]:
        found = self._words.get(sent.start)
        if found is None:
            found = [Segment(m.start(), m.end(), m.group())
                     for m in WORD_RE.finditer(self.body, sent.start, sent.end)]
            self._words[sent.start] = found
        return found

    def claim(self, sent: Segment, probability: float) -> dict[str, Any]:
        speaker = self._speaker(sent)
        attributed_to, anonymous = None, False
        if speaker is not None:
            anonymous = speaker.kind == "anonymous"
            text = " ".join(speaker.text.split())
            attributed_to = f"an unnamed source ({text})" if anonymous else speaker.name or text
        return {
            "text": sent.text, "start": sent.start, "end": sent.end,
            "probability": round(probability, 4),
            "numbers": _numbers(sent.text),
            "entities": self._entities(self.words(sent)),
            "attributed_to": attributed_to,
            "anonymous": anonymous,
        }

    def _entities(self, tokens: list[Segment]) -> list[str]:
        runs: list[list[int]] = []
        for i in actor_words([t.text for t in tokens]):
            if tokens[i].text in _NOT_ENTITY:
                continue
            joined = runs and runs[-1][-1] == i - 1 and self.body[
                tokens[i - 1].end : tokens[i].start] == " "
            if joined:
                runs[-1].append(i)
            else:
                runs.append([i])
        out: list[str] = []
        for run in runs:
            name = self.body[tokens[run[0]].start : tokens[run[-1]].end]
            if name not in out:
                out.append(name)
        return out[:MAX_LISTED]

    def _verbs(self, sent: Segment) -> list[tuple[int, int, str]]:
        found = []
        tokens = self.words(sent)
        lowered = [t.text.lower() for t in tokens]
        for j, (token, low) in enumerate(zip(tokens, lowered)):
            if low == "according" and j + 1 < len(lowered) and lowered[j + 1] == "to":
                found.append((token.start, tokens[j + 1].end, "according to"))
            elif low in self.analyzer.verbs:
                found.append((token.start, token.end, low))
        return [v for v in found if not self.quotes.inside(v[0])
                and not self.body[max(0, v[0] - 8) : v[0]].lower().replace("’", "'")
                .endswith(NOT_ATTRIBUTION)]

    def _attribution(self, sent: Segment) -> Speaker | None:
        for vs, ve, verb in self._verbs(sent):
            if verb == "according to":
                start, end = subject_after(self.body, ve, sent.end)
            else:
                start, end = subject_before(self.body, sent.start, vs)
                if start >= end and not verb.startswith(("tell", "told", "ask")):
                    start, end = subject_after(self.body, ve, sent.end)
            speaker = self.analyzer.speakers.classify(self.body, start, end, None)
            if speaker.kind == "pronoun" and not speaker.name:
                speaker = self._resolve(speaker, vs)
            if speaker.kind != "unknown":
                return speaker
        return None

    def _speaker(self, sent: Segment) -> Speaker | None:
        """The sentence's own attribution, else that of the quote it sits in."""
        speaker = self._attribution(sent)
        if speaker is not None:
            return speaker
        quote = self.quotes.at(sent.start) or self.quotes.at(sent.end - 1)
        if quote is None:
            return None
        for offset in (quote.end - 1, quote.start):  # '"…," she said.' / 'She said: "…"'
            i = bisect_right(self.sent_starts, offset) - 1
            other = self.sents[i] if i >= 0 else sent
            if not other.start <= sent.start < other.end:  # a sentence, not its claim part
                speaker = self._attribution(other)
                if speaker is not None:
                    return speaker
        return None

    def _resolve(self, pronoun: Speaker, before: int) -> Speaker:
        """'he said' / 'she said': the last person named as a speaker before it."""
        if pronoun.text.lower() not in ("he", "she"):
            return pronoun
        i = bisect_right(self.sent_starts, before) - 1
        for j in range(i - 1, max(-1, i - 8), -1):
            other = self.sents[j]
            for vs, ve, verb in reversed(self._verbs(other)):
                start, end = (subject_after(self.body, ve, other.end) if verb == "according to"
                              else subject_before(self.body, other.start, vs))
                found = self.analyzer.speakers.classify(self.body, start, end, None)
                if found.kind == "named":
                    return pronoun._replace(name=found.name, key=found.key)
        return pronoun


def _numbers(text: str) -> list[str]:
    out: list[str] = []
    for match in _NUMBER.finditer(text):
        value = match.group().rstrip(",. ")
        if value and value not in out:
            out.append(value)
    return out[:MAX_LISTED]


def _note(claim: dict[str, Any]) -> str:
    parts = [f"Worth verifying (probability {claim['probability']:.2f})"]
    if claim["numbers"]:
        parts.append("figures: " + ", ".join(claim["numbers"]))
    if claim["entities"]:
        parts.append("actors: " + ", ".join(claim["entities"]))
    parts.append(f"source: {claim['attributed_to']}" if claim["attributed_to"]
                 else "no source named in the article")
    return "; ".join(parts)


def _clip(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _summary(claims: list[dict[str, Any]], unattributed: int, anonymous: int) -> str:
    caveat = "Check-worthy means worth verifying, not false."
    if not claims:
        return f"No check-worthy claims: no sentence reached probability {THRESHOLD:.2f}. {caveat}"
    n = len(claims)
    head = f"{n} check-worthy claim{'s' if n != 1 else ''}"
    parts = []
    if unattributed:
        first = next(c for c in claims if c["attributed_to"] is None)
        verb = "names" if unattributed == 1 else "name"
        parts.append(f"{unattributed} {verb} no source (“{_clip(first['text'])}”)")
    if anonymous:
        parts.append(f"{anonymous} rest{'s' if anonymous == 1 else ''} on an unnamed source")
    sources = []
    for c in claims:
        if c["attributed_to"] and not c["anonymous"] and c["attributed_to"] not in sources:
            sources.append(c["attributed_to"])
    if sources:
        parts.append("attributed to " + join_words([_clip(s, 32) for s in sources[:3]]))
    return f"{head}; {'; '.join(parts)}. {caveat}"
