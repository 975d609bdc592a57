"""The assessment model's inputs, built one way for training and for `check`.

The features are the signals' own `details.features` (as `signal.feature`) plus the style
and complexity features of models/style.py. A feature that the text cannot carry is
missing (None), never zero, and the model reads a missing feature as an average article's:

- no title: every headline feature and every style feature of the title;
- casing stripped (no upper-case letter at all): the features that read capitals;
- punctuation stripped (almost no sentence ends): the features that need sentences,
  quotation marks or '!'/'?': sourcing, claims, persuasion, quoted language and the
  headline-body checks.
"""

from __future__ import annotations

from collections.abc import Iterable

from newscred.models.style import CASED, PUNCTUATED, is_caseless, is_unpunctuated, style_features
from newscred.report import Signal
from newscred.text import words

CASED_SIGNAL_FEATURES = (
    "headline.all_caps_share", "headline.title_case", "headline.proper_noun_share",
    "language.all_caps_per_100w",
)
# Prefixes of the signal features that need sentence ends or quotation marks.
PUNCTUATED_SIGNAL_PREFIXES = (
    "sourcing.", "claims.", "persuasion.", "language.quoted", "language.exclamation",
    "language.cue_sentence", "headline.exclamations", "headline.question", "headline.body_",
    "headline.lead_", "headline.unsupported",
)


def signal_features(signals: Iterable[Signal | None]) -> dict[str, float]:
    """`signal.feature` -> value for every numeric feature the signals report."""
    out: dict[str, float] = {}
    for signal in signals:
        if signal is None:  # an analyzer with nothing to say about this article
            continue
        for key, value in (signal.details.get("features") or {}).items():
            out[f"{signal.name}.{key}"] = float(value)
    return out


def assessment_features(
    signals: Iterable[Signal | None], title: str, body: str
) -> dict[str, float | None]:
    """Signal + style features of one article, with the unreadable ones set to None."""
    body_words = [text for _, _, text in words(body)]  # cached: the analyzers split the same body
    features: dict[str, float | None] = {
        **signal_features(signals), **style_features(title, body, body_words)}
    missing: set[str] = set()
    if not title.strip():
        missing.update(k for k in features if k.startswith(("headline.", "style.title")))
    if is_caseless(body, len(body_words)):
        missing.update(CASED_SIGNAL_FEATURES)
        missing.update(f"style.{name}" for name in CASED)
    if is_unpunctuated(body, len(body_words)):
        missing.update(k for k in features if k.startswith(PUNCTUATED_SIGNAL_PREFIXES))
        missing.update(f"style.{name}" for name in PUNCTUATED)
    for key in missing:
        if key in features:
            features[key] = None
    return features
