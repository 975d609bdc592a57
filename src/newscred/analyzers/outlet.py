"""Outlet analyzer: who published the article, from the cited, user-editable source lists.

Shown beside the text assessment and never inside it (DESIGN.md): the assessment model
does not read its features (credibility.EXCLUDED_SIGNALS), so it cannot move the score.
An article with no URL and no outlet name gets no outlet signal at all; an outlet that no
list knows is reported as unknown, never as bad.

Concern: 0.9 for a lookalike of a known outlet's domain; else from the lists' own fields,
the highest of: categories fake/conspiracy/junksci/hate 0.8, unreliable/rumor/clickbait
0.6, bias/political/state 0.4, satire 0.3 (satire is labelled, not condemned);
factuality low 0.7, mixed 0.4; otherwise 0.
"""

from __future__ import annotations

from newscred.article import Article
from newscred.errors import NewscredError
from newscred.report import Signal
from newscred.outlets.table import SourceRecord, SourceTable, default_table, summary_of

CATEGORY_CONCERN = {
    "fake": 0.8, "conspiracy": 0.8, "junksci": 0.8, "hate": 0.8,
    "unreliable": 0.6, "rumor": 0.6, "clickbait": 0.6,
    "bias": 0.4, "political": 0.4, "state": 0.4, "satire": 0.3,
}
FACTUALITY_CONCERN = {"low": 0.7, "very low": 0.8, "mixed": 0.4}
LOOKALIKE_CONCERN = 0.9


class OutletAnalyzer:
    name = "outlet"
    version = "1"
    requires: tuple[str, ...] = ("data:sources",)

    def __init__(self, table: SourceTable | None = None) -> None:
        self.table = table or default_table()

    def analyze(self, article: Article) -> Signal | None:
        record = self._record(article)
        if record is None:
            return None
        concern = concern_of(record)
        return Signal(
            name=self.name, version=self.version, score=concern,
            summary=summary_of(record),
            details={"features": {"concern": concern}, "record": record.to_dict()},
        )


    def _record(self, article: Article) -> SourceRecord | None:
        """From the URL, else the outlet's name; None when neither resolves."""
        for given in (article.url, article.outlet):
            if given:
                try:
                    return self.table.lookup(given)
                except NewscredError:  # not a domain, URL or known name: try the next
                    continue
        return None


def concern_of(record: SourceRecord) -> float:
    if record.lookalike_of:
        return LOOKALIKE_CONCERN
    values = [CATEGORY_CONCERN.get(c, 0.0) for c in record.categories]
    values.append(FACTUALITY_CONCERN.get((record.factuality or "").lower(), 0.0))
    return max(values)
