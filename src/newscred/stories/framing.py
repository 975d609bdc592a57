"""Framing: how several articles covering one event tell it differently.

Two views, both pure (numpy + stdlib) and deterministic:

* `distinctive_terms` (stories/terms.py): the words and two-word phrases each article
  over-uses relative to the others, by the weighted log-odds ratio with an informative
  Dirichlet prior (Monroe, Colaresi & Quinn 2008), one article against the pooled rest.
* `sourcing_contrast` (stories/sourcing_contrast.py): who each article quotes directly,
  whom it cites without quoting, which outlets it relays secondhand, how many anonymous
  sources it leans on, and which of its quoted speakers no other article quotes.

`framing` joins the two into the JSON-ready block of `newscred compare`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newscred.report import Report
from newscred.stories.sourcing_contrast import report_ids, sourcing_contrast
from newscred.stories.terms import distinctive_terms

METHOD = (
    "Terms: weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn "
    "2008), each article against the others pooled; z >= 1.96 is marked significant. "
    "Sourcing: direct quotes, named attributions, relayed outlets and anonymous sources from "
    "each article's sourcing signal."
)


def framing(
    reports: Sequence[Report], *, background: Mapping[str, int] | None = None, top: int = 10
) -> dict[str, Any]:
    """The framing block of a comparison, JSON-ready.

    Terms come from the title and body together; each occurrence is given as
    {"part": "title"|"body", "start", "end"} into that part of the article.
    """
    ids = report_ids(reports)
    texts = {i: _joined(r) for i, r in zip(ids, reports)}
    terms = distinctive_terms(texts, background=background, top=top)
    sourcing = sourcing_contrast(reports)
    articles: dict[str, Any] = {}
    for article_id, report in zip(ids, reports):
        cut = len(report.article.title) + 2 if report.article.title else 0
        side = sourcing[article_id]
        articles[article_id] = {
            "title": report.article.title,
            "outlet": report.article.outlet,
            "terms": [
                {
                    "term": t.term, "z": round(t.z, 3), "count": t.count,
                    "other_count": t.other_count, "significant": t.significant,
                    "spans": [_part_span(s, e, cut) for s, e in t.spans],
                }
                for t in terms[article_id]
            ],
            "quoted": list(side.quoted),
            "attributed_only": list(side.attributed_only),
            "relayed": list(side.relayed),
            "anonymous": side.anonymous,
            "quoted_only_here": list(side.quoted_only_here),
            "quoted_elsewhere_too": list(side.quoted_elsewhere_too),
            "sourcing_spans": [dict(s, part="body") for s in side.spans],
        }
    return {"method": METHOD, "articles": articles}


def _joined(report: Report) -> str:
    # A blank line is a sentence boundary, so no phrase spans the title and the body.
    title, body = report.article.title, report.article.body
    return f"{title}\n\n{body}" if title else body


def _part_span(start: int, end: int, cut: int) -> dict[str, Any]:
    """Offsets in title + blank line + body -> offsets in the title or the body."""
    if start < cut:
        return {"part": "title", "start": start, "end": end}
    return {"part": "body", "start": start - cut, "end": end - cut}
