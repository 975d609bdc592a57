"""The `corroboration` signal: what other stored coverage of the story says of the claims.

Added to a report by `newscred check --db` (and the API with a store) once the article is
stored and placed, and only when the store holds other coverage of its story. It is not
an analyzer (it needs the store, not just the article) and it never moves the text
assessment: like `outlet`, it is its own block.

Score (concern, 0-1): (contradicted + 0.5 × disputed + 0.25 × unique) / claims compared.
A claim nobody else reports is a reason to read further, not a fault (a scoop is unique
too), hence the low weight; a claim others contradict is the strongest concern.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from newscred.errors import NewscredError
from newscred.report import Notice, Report, Signal
from newscred.stories.align import align, counts
from newscred.stories.compare import Comparer
from newscred.stories.library import Library

log = logging.getLogger(__name__)

NAME = "corroboration"
VERSION = "1"
MAX_OTHERS = 8  # the most similar other articles of the story compared with
WEIGHTS = {"contradicted": 1.0, "disputed": 0.5, "unique": 0.25, "corroborated": 0.0}


def _note(claim: dict[str, Any]) -> str:
    status = claim["status"]
    if status == "unique":
        return "No other stored article of this story reports this."
    parts = []
    for key, verb in (("corroborated_by", "Reported also by"), ("contradicted_by", "Contradicted by")):
        names = sorted({e["outlet"] or e["domain"] or e["article"] for e in claim[key]})
        if names:
            reasons = sorted({e["reason"] for e in claim[key] if e.get("reason")})
            parts.append(f"{verb} {', '.join(names)}" + (f" ({'; '.join(reasons)})" if reasons else ""))
    return ". ".join(parts) + "."


def add_corroborated(report: Report, library: Library, comparer: Callable[[], Comparer], *,
                     store: bool = True) -> Report:
    """Store the article (when `store`), then add the corroboration signal when the store
    holds other coverage of its story. The one rule for the CLI (`check --db`) and the
    server (`?store=true`): a failure to store raises (the store is unusable: NC3xx); a
    failure to corroborate is recorded in the report's `errors`, and the report stands."""
    if store:
        library.add(report)
    elif not library.has_stories():
        return report
    try:
        signal = corroboration_signal(report, library, comparer)
    except NewscredError as exc:
        log.warning("corroboration failed: %s", exc)
        notice = Notice(code=exc.code, message=f"corroboration: {exc.message}", hint=exc.hint)
        return report.model_copy(update={"errors": (*report.errors, notice)})
    if signal is None:
        return report
    return report.model_copy(update={"signals": (*report.signals, signal)})


def corroboration_signal(report: Report, library: Library,
                         comparer: Callable[[], Comparer]) -> Signal | None:
    """None when the store holds no other coverage of the article's story. `comparer`
    gives the models, built only when there is something to compare."""
    related = library.related_to(report, limit=MAX_OTHERS)
    others = [library.store.report(r["id"]) for r in related]
    others = [o for o in others if o is not None]
    if not others:
        return None
    models = comparer()
    docs = [models.doc(report, library)] + [models.doc(o, library) for o in others]
    found = align(docs, models.stance, only=report.article.id)
    tally = counts(found)
    aligned = [c.as_dict() for c in found]
    n = len(aligned)
    score = sum(WEIGHTS[c["status"]] for c in aligned) / n if n else 0.0
    spans = tuple(
        report.article.span("body", c["span"]["start"], c["span"]["end"], label=c["status"],
                            score=WEIGHTS[c["status"]], note=_note(c))
        for c in sorted(aligned, key=lambda c: c["span"]["start"])
    )
    outlets = sorted({r["outlet"] or r["domain"] or r["id"] for r in related})
    if n:
        summary = (f"Of {n} check-worthy claim{'s' if n != 1 else ''}, {tally['corroborated']} "
                   f"reported also by other coverage, {tally['contradicted']} contradicted, "
                   f"{tally['disputed']} disputed, {tally['unique']} found nowhere else "
                   f"({len(others)} other article{'s' if len(others) != 1 else ''} of this story: "
                   f"{', '.join(outlets[:5])}).")
    else:
        summary = f"No check-worthy claims to compare with {len(others)} other article(s) of this story."
    return Signal(
        name=NAME, version=VERSION, score=round(score, 4), summary=summary, spans=spans,
        details={"story": related[0]["story"] if related else None,
                 "related": related, "counts": tally, "claims": aligned,
                 "weights": WEIGHTS},
    )
