"""Style and complexity features of an article's text, for the assessment model.

After Horne & Adali (2017): fabricated stories tend to have longer titles with more proper
nouns and fewer stop words, and shorter, simpler, more repetitive bodies. Each feature is a
plain count or ratio of the text alone (no HTML, no outlet), so a page and its text score
the same.

Some texts arrive with their casing or punctuation stripped (CoAID is lower-cased with the
punctuation removed by its authors). A feature that reads casing or punctuation is then
*missing* (None), not zero: the model treats a missing feature as an average article's,
so a stripped text is judged on what it still carries.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from newscred.nlp.wordlists import load_list
from newscred.text import WORD_RE

GROUP = "style"
_STOPWORDS = frozenset(load_list("stopwords"))
_PERSONAL = frozenset("i me my mine myself we us our ours ourselves you your yours yourself "
                      "yourselves".split())
_REPORTING = frozenset("said says told according".split())
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$|[\"'”’)])")
_QUOTE_MARKS = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")
_TTR_WINDOW = 300  # type/token ratio over the first N words: TTR falls with length

# Features that read casing or punctuation: missing for texts stripped of them.
CASED = ("title_capitalised_share", "title_allcaps_share", "body_capitalised_share",
         "body_allcaps_per_100w")
PUNCTUATED = ("quotes_per_100w", "exclaim_question_per_100w", "words_per_sentence",
              "flesch_kincaid_grade")
LENGTH = ("log_body_words", "title_words")


_last_facts: tuple[str, bool, int] = ("", True, 0)


def _facts(text: str) -> tuple[bool, int]:
    """(text is all lower-case, number of sentence ends); the last text's are kept, as
    `style_features` and `assessment_features` ask about the same body in turn."""
    global _last_facts
    last = _last_facts
    if last[0] == text:
        return last[1], last[2]
    _last_facts = last = (text, text == text.lower(), len(_SENTENCE_END.findall(text)))
    return last[1], last[2]


def is_caseless(text: str, n_words: int) -> bool:
    """No upper-case letter at all in a text of 40 words or more: casing was stripped."""
    return n_words >= 40 and _facts(text)[0]


def is_unpunctuated(text: str, n_words: int) -> bool:
    """Fewer than one sentence end per 80 words: punctuation was stripped."""
    return n_words >= 80 and _facts(text)[1] < n_words / 80


@lru_cache(maxsize=65536)  # bounded: word frequencies are Zipfian, hostile input is not
def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWEL_RUNS.findall(word))
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee")):
        count -= 1
    return max(1, count)


def style_features(
    title: str, body: str, body_words: list[str] | None = None
) -> dict[str, float | None]:
    """`style.<name>` -> value, None where the text cannot carry the feature."""
    title_words = WORD_RE.findall(title)
    body_words = WORD_RE.findall(body) if body_words is None else body_words
    n = len(body_words)
    per100 = 100.0 / max(n, 1)
    caseless = is_caseless(body, n)
    unpunctuated = is_unpunctuated(body, n)
    out: dict[str, float | None] = {}

    out["title_words"] = float(len(title_words))
    out["title_stopword_share"] = (
        sum(w.lower() in _STOPWORDS for w in title_words) / len(title_words) if title_words else None
    )
    out["title_mean_word_length"] = (
        sum(map(len, title_words)) / len(title_words) if title_words else None
    )
    title_caseless = caseless or (title_words and title == title.lower())
    if title_words and not title_caseless:
        out["title_capitalised_share"] = sum(w[0].isupper() for w in title_words) / len(title_words)
        out["title_allcaps_share"] = sum(
            len(w) > 1 and w.isupper() for w in title_words) / len(title_words)
    else:
        out["title_capitalised_share"] = out["title_allcaps_share"] = None

    out["log_body_words"] = math.log1p(n)
    # One pass over the distinct words; every total is an integer, so the order is free.
    counts: dict[str, int] = {}
    get = counts.get
    total_length = long_words = capitalised = allcaps = digit_words = 0
    for w, c in Counter(body_words).items():
        low = w.lower()
        counts[low] = get(low, 0) + c
        length = len(w)
        total_length += length * c
        if length >= 7:
            long_words += c
        if w[0].isupper():
            capitalised += c
        if length > 1 and w.isupper():
            allcaps += c
        if not w.isalpha() and _DIGIT.search(w):
            digit_words += c
    out["mean_word_length"] = total_length / n if n else None
    head = [w.lower() for w in body_words[:_TTR_WINDOW]]
    out["type_token_ratio"] = len(set(head)) / len(head) if head else None
    out["stopword_share"] = sum(counts[w] for w in _STOPWORDS & counts.keys()) / n if n else None
    out["long_word_share"] = long_words / n if n else None
    out["syllables_per_word"] = (
        sum(syllables(w) * c for w, c in counts.items()) / n if n else None)
    out["personal_pronouns_per_100w"] = sum(get(w, 0) for w in _PERSONAL) * per100
    out["reporting_words_per_100w"] = sum(get(w, 0) for w in _REPORTING) * per100
    out["digits_per_100w"] = digit_words * per100  # words holding a digit

    if caseless or not n:
        out["body_capitalised_share"] = out["body_allcaps_per_100w"] = None
    else:
        out["body_capitalised_share"] = capitalised / n
        out["body_allcaps_per_100w"] = allcaps * per100

    if unpunctuated or not n:
        for name in PUNCTUATED:
            out[name] = None
    else:
        sentence_count = max(1, _facts(body)[1])
        per_sentence = n / sentence_count
        out["quotes_per_100w"] = len(_QUOTE_MARKS.findall(body)) * per100
        out["exclaim_question_per_100w"] = (body.count("!") + body.count("?")) * per100
        out["words_per_sentence"] = min(per_sentence, 80.0)
        out["flesch_kincaid_grade"] = min(
            0.39 * per_sentence + 11.8 * out["syllables_per_word"] - 15.59, 40.0)
    return {f"{GROUP}.{k}": (None if v is None else round(float(v), 6)) for k, v in out.items()}
