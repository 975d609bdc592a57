"""Sourcing analyzer: who is quoted, who is named, and what is relayed from other outlets.

Concern rises when claims carry no attribution, when sources are anonymous ("sources say",
"officials familiar with"), and when the article relays other outlets' reporting secondhand
("according to Fox News", "CNN reported"); it falls with direct quotes from distinct named
sources and links to primary documents. Span scores follow the same scale: a quote from a
named speaker adds little concern, a relayed report or an anonymous source adds more.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import urlsplit

from newscred.analyzers.base import clamp01
from newscred.analyzers.common import count_phrase, join_words, number_word, plural
from newscred.nlp.relayed import OutletFinder
from newscred.nlp.quotes import quotes
from newscred.analyzers.speakers import Speaker, SpeakerClassifier, subject_after, subject_before
from newscred.nlp.wordlists import load_list
from newscred.article import Article, Span
from newscred.report import Signal
from newscred.text import sentences, words

_MIN_WORDS = 25
_MIN_QUOTE_WORDS = 4
_MAX_SPANS = 40
_ANONYMOUS_GATES = frozenset(
    "an a one two three several who that on people persons person sources source officials "
    "official someone unnamed anonymous insider insiders some many critics it".split()
)
_ANONYMOUS_PHRASES = (
    r"\b(?:(?:(?:an?|one|two|three|several)\s+(?:[\w'’-]+\s+){0,3}?)?(?:who|that)\s+"
    r"(?:asked|requested|spoke|declined)\s+(?:not\s+to\s+be\s+"
    r"(?:named|identified)|on\s+(?:the\s+)?condition\s+of\s+anonymity|anonymity)|"
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity|"
    r"(?:people|persons?|sources?|officials?|someone|a\s+source)\s+(?:familiar\s+with|close\s+to|"
    r"briefed\s+on|with\s+knowledge\s+of)|(?:unnamed|anonymous)\s+[a-z]+|"
    r"sources?\s+(?:say|said|says|tell|told|claim|claimed|suggest)|insiders?|"
    r"(?:some|many)\s+(?:people\s+|observers\s+|experts\s+)?(?:are\s+)?(?:say|saying|believe|"
    r"believing|claim|claiming|think|thinking|suspect|feel|argue|worry)|"
    r"critics\s+(?:say|said|argue|claim)|it\s+is\s+(?:said|believed|rumou?red))\b"
)
# Words that, just before a reporting verb, mean it is not an attribution ("who said").
NOT_ATTRIBUTION = (
    "who ", "which ", "that ", "been ", "being ", "was ", "were ", " is ", " are ", " be ",
    "not ", "n't ", "never ",
)
# Between 'Ruiz said' and the quote it introduces: 'said on Tuesday: "…"', 'said that "…"'.
_LEAD_IN = r"[^.!?\n\"“”]{0,40}?[,:]?\s*(?:that\s+)?"
_PRIMARY_HOST = (
    r"(?:\.gov|\.mil|\.int|\.gov\.[a-z]{2}|\.gouv\.[a-z]{2}|\.gc\.ca|\.europa\.eu|"
    r"(?:^|\.)doi\.org|(?:^|\.)courtlistener\.com|(?:^|\.)pacer\.|(?:^|\.)data\.[a-z.]+|"
    r"(?:^|\.)un\.org|(?:^|\.)worldbank\.org|(?:^|\.)imf\.org|(?:^|\.)oecd\.org|"
    r"(?:^|\.)arxiv\.org|(?:^|\.)ourworldindata\.org|(?:^|\.)[a-z.]*courts?\.[a-z.]+)$"
)


class SourcingAnalyzer:
    name = "sourcing"
    version = "1"
    requires: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.verbs = frozenset(load_list("report_verbs"))
        self.outlets = OutletFinder()
        self.anonymous_re = re.compile(_ANONYMOUS_PHRASES, re.IGNORECASE)
        self.lead_in_re = re.compile(_LEAD_IN)
        self.primary_host_re = re.compile(_PRIMARY_HOST)
        self.sentence_end_re = re.compile(r"[.!?]\s+[A-Z]")
        self.speakers = SpeakerClassifier()

    def analyze(self, article: Article) -> Signal:
        body = article.body
        sents = sentences(body)
        tokens = words(body)
        links = [link.url for link in article.links]
        if len(tokens) < _MIN_WORDS or not sents:
            details = _profile([], [], 0, [], [], 0.0, 0.0, self._primary(links))
            details["features"] = {k: 0.0 for k in _FEATURES}
            return Signal(
                name=self.name, version=self.version, score=0.0,
                summary="The text is too short to judge its sourcing.", details=details,
            )
        starts = [s.start for s in sents]
        sentence_of = lambda offset: bisect_right(starts, offset) - 1  # noqa: E731
        found = quotes(body)
        quote_starts = [q.start for q in found]

        def in_quote(offset: int) -> bool:
            i = bisect_right(quote_starts, offset) - 1
            return i >= 0 and offset < found[i].end

        lowered = [t.text.lower() for t in tokens]
        verbs = []
        for i, low in enumerate(lowered):
            if low in self.verbs:
                verbs.append((tokens[i].start, tokens[i].end, low))
            elif low == "according" and i + 1 < len(tokens) and lowered[i + 1] == "to":
                verbs.append((tokens[i].start, tokens[i + 1].end, "according to"))
        relays = self.outlets.find(article, tokens, lowered, in_quote)
        relay_ranges = [(r[0], r[1]) for r in relays]
        attributions: list[tuple[int, int, Speaker]] = []  # verb start, verb end, speaker
        last_person: Speaker | None = None
        for vs, ve, verb in verbs:
            if in_quote(vs) or any(s <= vs < e for s, e in relay_ranges):
                continue
            before = body[max(0, vs - 8) : vs].lower().replace("’", "'")
            if before.endswith(NOT_ATTRIBUTION):
                continue  # relative clause, passive or negated: not words put to a speaker
            sent = sents[max(0, sentence_of(vs))]
            if verb == "according to":
                start, end = subject_after(body, ve, sent.end)
            else:
                start, end = subject_before(body, sent.start, vs)
                if start >= end and not verb.startswith(("tell", "told", "ask")):
                    start, end = subject_after(body, ve, sent.end)
            speaker = self.speakers.classify(body, start, end, last_person)
            if speaker.kind == "named" and not any(ch in speaker.name for ch in "&"):
                last_person = speaker
            attributions.append((vs, ve, speaker))

        anonymous = self._anonymous(body, tokens, lowered, attributions, in_quote)
        quote_rows = self._quote_speakers(body, found, attributions)
        return self._signal(article, sents, sentence_of, found, quote_rows, attributions,
                            anonymous, relays, links, len(tokens))

    def _anonymous(self, body, tokens, lowered, attributions, in_quote):
        """(start, end, text) of anonymous sourcing: anonymous speakers plus stock phrases."""
        ranges = [(sp.start, sp.end) for _, _, sp in attributions
                  if sp.kind == "anonymous" and sp.end > sp.start]
        for token, low in zip(tokens, lowered):
            if low in _ANONYMOUS_GATES and not in_quote(token.start):
                match = self.anonymous_re.match(body, token.start)
                if match:
                    ranges.append((match.start(), match.end()))
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and not body[merged[-1][1] : start].strip(" ,"):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e, " ".join(body[s:e].split())) for s, e in merged]

    def _quote_speakers(self, body, found, attributions):
        """(quote, speaker or None, words in the quote) for every quote."""
        verb_starts = [a[0] for a in attributions]
        rows = []
        previous: tuple[int, Speaker | None] = (-1, None)  # paragraph start, speaker
        for index, quote in enumerate(found):
            n_words = len(body[quote.inner_start : quote.inner_end].split())
            next_quote = found[index + 1].start if index + 1 < len(found) else len(body)
            speaker = None
            # After the quote: '"…," said Ruiz' / '"…," Ruiz said' in the same paragraph.
            i = bisect_right(verb_starts, quote.end - 1)
            if i < len(attributions):
                vs, _, candidate = attributions[i]
                between = body[quote.end : vs]
                close = vs - quote.end <= 60 and vs < next_quote and "\n" not in between
                if close and not self.sentence_end_re.search(between):
                    speaker = candidate
            # Before the quote: 'Ruiz said: "…"'.
            if speaker is None and i > 0:
                vs, ve, candidate = attributions[i - 1]
                gap = body[ve : quote.start]
                if self.lead_in_re.fullmatch(gap):
                    speaker = candidate
            paragraph = body.rfind("\n", 0, quote.start) + 1
            if speaker is None and previous[0] == paragraph:
                speaker = previous[1]  # a second quote from the same speaker in one paragraph
            if speaker is not None and speaker.kind == "unknown":
                speaker = None
            previous = (paragraph, speaker)
            rows.append((quote, speaker, n_words))
        return rows

    def _signal(self, article, sents, sentence_of, found, quote_rows, attributions, anonymous,
                relays, links, n_words):
        body = article.body
        long_quotes = [(q, sp) for q, sp, n in quote_rows if n >= _MIN_QUOTE_WORDS]
        short_quotes = sum(1 for _, _, n in quote_rows if n < _MIN_QUOTE_WORDS)
        names: dict[str, str] = {}  # key -> longest display name
        for _, _, sp in attributions:
            if sp.kind in ("named", "pronoun") and sp.key:
                if len(sp.name) > len(names.get(sp.key, "")):
                    names[sp.key] = sp.name
        speakers: list[str] = []
        for _, sp in long_quotes:
            if sp is not None and sp.key and sp.key not in speakers:
                speakers.append(sp.key)
        quoted_speakers = [names.get(k, k) for k in speakers]
        outlets: list[str] = []
        for _, _, name in relays:
            if name not in outlets:
                outlets.append(name)
        attributed = set()
        for q, _ in long_quotes:
            first, last = sentence_of(q.start), sentence_of(max(q.start, q.end - 1))
            attributed.update(range(max(first, 0), last + 1))
        attributed.update(sentence_of(vs) for vs, _, _ in attributions)
        attributed.update(sentence_of(s) for s, _, _ in relays)
        relayed = {sentence_of(s) for s, _, _ in relays}
        n_sent = len(sents)
        share_attributed = len(attributed) / n_sent
        share_relayed = len(relayed) / n_sent
        primary = self._primary(links)
        kinds = [sp.kind for _, _, sp in attributions]
        on_record = sum(1 for k in kinds if k in ("named", "role"))
        anonymous_share = len(anonymous) / max(1, on_record + len(anonymous))
        named_quoted = len(speakers)
        concern = 0.45 * max(0.0, 1.0 - share_attributed / 0.4)
        concern += min(0.45, 1.5 * share_relayed)
        concern += 0.35 * anonymous_share + min(0.15, 0.03 * len(anonymous))
        concern -= 0.06 * min(4, named_quoted) + 0.03 * min(3, max(0, len(names) - named_quoted))
        concern -= 0.05 if primary else 0.0
        per100 = 100.0 / n_words
        quoted_words = sum(len(body[q.inner_start : q.inner_end].split()) for q in found)
        with_speaker = sum(1 for _, sp in long_quotes if sp)
        features = {
            "quotes_per_100w": len(long_quotes) * per100,
            "quoted_word_share": quoted_words / n_words,
            "quotes_with_speaker_share": with_speaker / max(1, len(long_quotes)),
            "named_quoted_speakers": float(min(named_quoted, 10)),
            "named_sources": float(min(len(names), 10)),
            "attributions_per_100w": len(attributions) * per100,
            "anonymous_per_100w": len(anonymous) * per100,
            "anonymous_share": anonymous_share,
            "share_claims_attributed": share_attributed,
            "share_relayed_secondhand": share_relayed,
            "relayed_outlets_per_100w": len(relays) * per100,
            "scare_quotes_per_100w": short_quotes * per100,
            "links_per_100w": len(links) * per100,
            "primary_link_share": len(primary) / len(links) if links else 0.0,
            "has_primary_link": float(bool(primary)),
        }
        spans = self._spans(article, long_quotes, attributions, anonymous, relays, names)
        summary = _summary(len(long_quotes), named_quoted, len(names), len(anonymous), outlets,
                           share_attributed, len(primary))
        details = _profile(long_quotes, quoted_speakers, len(attributions), list(names.values()),
                           outlets, share_attributed, share_relayed, primary)
        details["anonymous_sources"] = len(anonymous)
        details["features"] = {k: round(float(features[k]), 4) for k in _FEATURES}
        return Signal(name=self.name, version=self.version, score=round(clamp01(concern), 4),
                      summary=summary, spans=tuple(spans), details=details)

    def _primary(self, links: list[str]) -> list[str]:
        """Links to primary documents: government, courts, PDFs, DOIs and data portals."""
        out = []
        for url in links:
            try:
                parts = urlsplit(url)
            except ValueError:
                continue
            host = (parts.hostname or "").lower()
            if self.primary_host_re.search(host) or parts.path.lower().endswith(".pdf"):
                out.append(url)
        return out[:20]

    def _spans(self, article, long_quotes, attributions, anonymous, relays, names) -> list[Span]:
        rows: list[tuple[int, int, int, str, float, str]] = []  # priority first
        for start, end, name in relays:
            note = f"Reporting relayed secondhand from {name}"
            rows.append((0, start, end, "relayed_outlet", 0.7, note))
        for start, end, text in anonymous:
            note = f"Unnamed source: “{_clip(text)}”"
            rows.append((1, start, end, "anonymous_source", 0.6, note))
        for quote, speaker in long_quotes:
            if speaker is None:
                note = "Quote with no identified speaker"
                rows.append((2, quote.start, quote.end, "direct_quote", 0.3, note))
            else:
                who = names.get(speaker.key, speaker.name) or speaker.text
                if speaker.kind == "anonymous":
                    score, note = 0.5, f"Quote from an unnamed source ({_clip(who)})"
                else:
                    score = 0.1 if speaker.name else 0.25
                    note = f"Quote attributed to {_clip(who)}"
                rows.append((2, quote.start, quote.end, "direct_quote", score, note))
        for vs, ve, sp in attributions:
            if sp.kind in ("anonymous", "unknown") or sp.end <= sp.start:
                continue
            start, end = min(vs, sp.start), max(ve, sp.end)
            who = names.get(sp.key, sp.name) or sp.text
            kind = "a named source" if sp.name else "identified but not by name"
            note = f"Attributed to {_clip(who)} ({kind})"
            rows.append((3, start, end, "attribution", 0.1 if sp.name else 0.2, note))
        rows.sort(key=lambda r: (r[0], r[1]))
        kept = sorted(rows[:_MAX_SPANS], key=lambda r: (r[1], r[2], r[3]))
        return [article.span("body", s, e, label=label, score=score, note=note)
                for _, s, e, label, score, note in kept if e > s]


_FEATURES = (
    "anonymous_per_100w", "anonymous_share", "attributions_per_100w", "has_primary_link",
    "links_per_100w", "named_quoted_speakers", "named_sources", "primary_link_share",
    "quoted_word_share", "quotes_per_100w", "quotes_with_speaker_share",
    "relayed_outlets_per_100w", "scare_quotes_per_100w", "share_claims_attributed",
    "share_relayed_secondhand",
)


def _profile(long_quotes, quoted_speakers, n_attributions, named, outlets, share_attributed,
             share_relayed, primary) -> dict:
    return {
        "quotes": len(long_quotes),
        "quoted_speakers": quoted_speakers,
        "attributions": n_attributions,
        "named_sources": len(named),
        "named_source_names": named,
        "anonymous_sources": 0,
        "relayed_outlets": outlets,
        "share_claims_attributed": round(share_attributed, 4),
        "share_relayed_secondhand": round(share_relayed, 4),
        "primary_links": primary,
    }


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(n_quotes, named_quoted, n_named, n_anonymous, outlets, share, n_primary) -> str:
    if n_quotes:
        quotes_part = count_phrase(n_quotes, "direct quote", "direct quotes").capitalize()
        if named_quoted:
            quotes_part += f" from {count_phrase(named_quoted, 'named source', 'named sources')}"
        else:
            quotes_part += " with no named speaker"
    elif n_named:
        named = count_phrase(n_named, "named source", "named sources")
        quotes_part = f"No direct quotes, but {named}"
    else:
        quotes_part = "No direct quotes or named sources"
    parts = [quotes_part]
    if n_anonymous:
        parts.append(count_phrase(n_anonymous, "anonymous source", "anonymous sources"))
    if outlets:
        parts.append(f"reporting relayed secondhand from {join_words(outlets[:4])}"
                     + (f" and {len(outlets) - 4} more" if len(outlets) > 4 else ""))
    else:
        parts.append("nothing relayed secondhand from other outlets")
    tail = f"{round(100 * share)}% of sentences carry an attribution or quote"
    if n_primary:
        documents = plural(n_primary, "document")
        tail += f", and it links to {number_word(n_primary)} primary {documents}"
    return f"{join_words(parts)}; {tail}."
