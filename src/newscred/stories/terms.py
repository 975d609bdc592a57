"""Distinctive terms: the words and two-word phrases each of several articles over-uses.

By the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
Quinn 2008, "Fightin' Words", eq. 22), one article against the pooled rest. Pure (numpy +
stdlib) and deterministic; `stories/framing.py` puts it in the block of `newscred compare`.

Choices (why, briefly):

* Tokens are `newscred.text.WORD_RE` words, lower-cased, curly apostrophes straightened and
  a possessive 's dropped ("Chicago's" counts as "chicago"). Unigrams drop stopwords (the
  bundled `stopwords` lexicon plus "according", "told", "added" and honorifics), pure
  numbers and one-letter tokens; a bigram is two kept
  words next to each other in one sentence, separated by spaces or a hyphen only (so never
  across a sentence, comma or dash). Words and phrases form one vocabulary, so their
  z-scores share one scale.
* Prior: its mean pi is an even mix of the compared texts' pooled distribution and, when
  given, the `background` distribution (rescaled to the same total over the vocabulary in
  play), so a word the background never saw still gets a prior and a word the background
  makes common is shrunk harder. Its strength alpha_0 (the pseudo-token count) is
  `prior_tokens`, by default the mean token count of one compared article: the prior weighs
  as much as one more article. Monroe used the full corpus counts (alpha_0 = corpus size);
  for a handful of short news texts that would swamp the data, while a tiny alpha_0 lets a
  word seen twice in one article and never elsewhere rank first.
* Threshold: news articles are short, so few terms reach |z| >= 1.96 (a word used five
  times in one 300-word article and never in another scores about 1.5). Each article's list
  therefore holds its top terms with z >= `min_z` (default 1.0: at least one standard
  error of over-use) and count >= `min_count`, and each term says whether it is
  `significant` (z >= 1.96) so readers can judge. The z-scores are per term and not
  corrected for the many terms tested: read them as a ranking with a strength, not as a
  test (two samples of the same random words still give each a few terms above 1.0).
* A unigram is dropped from a list when a listed bigram containing it has the same count in
  that article (the word only occurs inside the phrase; the phrase says more).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newscred.nlp.wordlists import load_list
from newscred.text import WORD_RE, sentences

SIGNIFICANT_Z = 1.96
MAX_SPANS = 5
_PHRASE_GAP = re.compile(r"\s+|\s*-\s*")


@dataclass(frozen=True)
class Term:
    """One distinctive word or phrase for one article."""

    term: str  # lower-cased; a phrase is two words joined by one space
    z: float  # weighted log-odds z-score, this article vs the pooled others
    count: int  # occurrences in this article
    other_count: int  # occurrences in all the other articles together
    significant: bool  # z >= 1.96
    spans: tuple[tuple[int, int], ...]  # (start, end) in the article text, first MAX_SPANS


# ---------------------------------------------------------------------------- tokens


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    # Plus a few reporting words that say how, not what, an article tells.
    return frozenset(load_list("stopwords")) | {"according", "added", "told", "mr", "mrs", "ms"}


def _tokens(text: str) -> list[tuple[str, int, int, int, bool]]:
    """(normalised word, start, end, sentence index, kept) for every word of `text`."""
    stop = _stopwords()
    out = []
    for index, sentence in enumerate(sentences(text)):
        for match in WORD_RE.finditer(sentence.text):
            word = match.group().lower().replace("’", "'")
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if word.endswith("'s") and len(word) > 2:
                word, end = word[:-2], end - 2
            kept = len(word) > 1 and not word.isdigit() and word not in stop
            out.append((word, start, end, index, kept))
    return out


Occurrences = dict[str, list[tuple[int, int]]]


def _ngrams(text: str) -> tuple[Occurrences, Occurrences]:
    """Unigram and bigram occurrences: term -> [(start, end), ...] in text order."""
    tokens = _tokens(text)
    unigrams: Occurrences = {}
    bigrams: Occurrences = {}
    for i, (word, start, end, sent, kept) in enumerate(tokens):
        if not kept:
            continue
        unigrams.setdefault(word, []).append((start, end))
        if i + 1 < len(tokens):
            word2, start2, end2, sent2, kept2 = tokens[i + 1]
            if kept2 and sent2 == sent and _PHRASE_GAP.fullmatch(text, end, start2):
                bigrams.setdefault(f"{word} {word2}", []).append((start, end2))
    return unigrams, bigrams


def term_counts(text: str) -> Counter[str]:
    """Unigram and bigram counts of `text`, tokenised as `distinctive_terms` does.

    Sum these over other coverage of a story to build a `background`.
    """
    unigrams, bigrams = _ngrams(text)
    counts: Counter[str] = Counter({t: len(v) for t, v in unigrams.items()})
    counts.update({t: len(v) for t, v in bigrams.items()})
    return counts


# ---------------------------------------------------------------------------- log-odds


def log_odds_z(
    counts: np.ndarray, *, prior: np.ndarray | None = None, prior_tokens: float | None = None
) -> np.ndarray:
    """z-scores of each row's term use against the sum of the other rows.

    `counts`: (articles, terms) non-negative counts over one vocabulary. `prior`: prior
    counts per term (the mean of the Dirichlet prior is `prior` normalised); default the
    column sums. `prior_tokens`: alpha_0, default the mean row total. Needs at least two
    rows with tokens and two terms; returns zeros otherwise.
    """
    y = np.asarray(counts, dtype=np.float64)
    z = np.zeros_like(y)
    if y.ndim != 2 or y.shape[1] < 2 or np.count_nonzero(y.sum(axis=1)) < 2:
        return z
    pooled = y.sum(axis=0)
    weights = pooled if prior is None else np.asarray(prior, dtype=np.float64)
    if weights.shape != pooled.shape or weights.sum() <= 0 or np.any(weights < 0):
        raise ValueError("prior needs one non-negative count per term, not all zero")
    if prior_tokens is not None and not prior_tokens > 0:
        raise ValueError("prior_tokens must be positive")
    n = y.sum(axis=1)
    alpha0 = float(prior_tokens) if prior_tokens is not None else float(n[n > 0].mean())
    alpha = alpha0 * weights / weights.sum()
    alpha = np.maximum(alpha, 1e-9)  # a term the prior never saw: nearly flat, still finite
    alpha0 = float(alpha.sum())
    ya, na = y, n[:, None]
    yb, nb = pooled[None, :] - y, n.sum() - na
    delta = (np.log(ya + alpha) - np.log(na + alpha0 - ya - alpha)
             - np.log(yb + alpha) + np.log(nb + alpha0 - yb - alpha))
    variance = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
    z = delta / np.sqrt(variance)
    z[n == 0, :] = 0.0
    return z


def _mixed_prior(terms: list[str], pooled: np.ndarray, background: Mapping[str, int] | None):
    """Prior counts: the pooled counts plus the background rescaled to the same total."""
    if not background:
        return pooled
    bg = np.array([max(0.0, float(background.get(t, 0))) for t in terms])
    if bg.sum() <= 0:
        return pooled
    return pooled + bg * (pooled.sum() / bg.sum())


def distinctive_terms(
    texts: Mapping[str, str],
    *,
    background: Mapping[str, int] | None = None,
    top: int = 10,
    min_count: int = 2,
    min_z: float = 1.0,
    prior_tokens: float | None = None,
    max_spans: int = MAX_SPANS,
) -> dict[str, list[Term]]:
    """Per article id, the terms it over-uses relative to the other texts, best first.

    Each text is compared with the union of the others (one-vs-rest). `background`: counts
    per term (as from `term_counts`) from other coverage of the story, mixed into the prior
    mean. `prior_tokens`: alpha_0, the prior's strength in tokens (default: the mean count
    of words plus phrases in one article). Lists hold terms with count >= `min_count` and
    z >= `min_z`, sorted by z (ties by term), at most `top`. Fewer than two texts with
    words give empty lists.
    """
    ids = list(texts)
    # One vocabulary of words and phrases: their z-scores share one scale, so a phrase and
    # the word it is made of rank comparably.
    occurrences = [{**u, **b} for u, b in (_ngrams(texts[i] or "") for i in ids)]
    terms = sorted(set().union(*occurrences)) if occurrences else []
    found: dict[str, list[Term]] = {i: [] for i in ids}
    if len(terms) < 2:
        return found
    index = {t: j for j, t in enumerate(terms)}
    counts = np.zeros((len(ids), len(terms)))
    for row, occ in enumerate(occurrences):
        for term, spans in occ.items():
            counts[row, index[term]] = len(spans)
    pooled = counts.sum(axis=0)
    z = log_odds_z(counts, prior=_mixed_prior(terms, pooled, background),
                   prior_tokens=prior_tokens)
    for row, article_id in enumerate(ids):
        for j in np.flatnonzero((counts[row] >= max(1, min_count)) & (z[row] >= min_z)):
            score = float(z[row, j])
            if not np.isfinite(score):
                continue
            term = terms[j]
            found[article_id].append(Term(
                term=term, z=score, count=int(counts[row, j]),
                other_count=int(pooled[j] - counts[row, j]),
                significant=score >= SIGNIFICANT_Z,
                spans=tuple(occurrences[row][term][: max(0, max_spans)]),
            ))
    return {i: _select(found[i], top) for i in ids}


def _select(candidates: list[Term], top: int) -> list[Term]:
    phrases = [t for t in candidates if " " in t.term]
    subsumed = {
        word for p in phrases for word in p.term.split()
        for t in candidates if t.term == word and t.count == p.count
    }
    kept = [t for t in candidates if t.term not in subsumed]
    kept.sort(key=lambda t: (-t.z, t.term))
    return kept[: max(0, top)]
