"""The comparison's typed shape: what `newscred.compare(...)`, `newscred compare -f json`
and `POST /v1/compare` return (docs/lateral-reading.md).

`Comparison.model_dump(mode="json")` gives the same JSON object, key for key and in the
same order, as the CLI and the HTTP API (the API adds `reports` only with
`?reports=true`). Light on purpose: importing this module loads Pydantic only, not the
embedding models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, PrivateAttr


# No docstrings on the parts: they would change the OpenAPI schema the server publishes.
class ComparedArticle(BaseModel):
    # One compared article, in the order given.
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    domain: str | None
    published: str | None
    score: int | None
    band: str | None
    story: int | None = Field(description="The article's story in the store, if stored.")


class ComparedPair(BaseModel):
    # One pair of articles: cosine similarity and the same-story model's verdict.
    a: str
    b: str
    same_story: bool
    similarity: float
    probability: float


class Comparison(BaseModel):
    """The comparison (docs/lateral-reading.md): same story?, each check-worthy claim's
    status and evidence, framing and outlets."""

    comparison_version: str
    articles: list[ComparedArticle]
    same_story: bool
    similarity: float
    pairs: list[ComparedPair]
    claims: list[dict[str, Any]]
    counts: dict[str, int]
    framing: dict[str, Any]
    outlets: dict[str, dict[str, Any] | None]
    # The compared reports, when this process made the comparison (not serialised).
    _reports: tuple[Any, ...] = PrivateAttr(default=())

    def _repr_html_(self) -> str:
        """The comparison as the compare page shows it, for notebooks: the articles side
        by side need the reports, which a comparison read back from JSON lacks."""
        from newscred.render.notebook import comparison_html

        return comparison_html(self, self._reports)


__all__ = ["ComparedArticle", "ComparedPair", "Comparison"]
