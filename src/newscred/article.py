"""The immutable Article and the Span that points into it (DESIGN.md, report contract)."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Part = Literal["title", "body"]


class Span(BaseModel):
    """A stretch of `article.title` or `article.body`: code-point offsets, end exclusive."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: Part = Field(description="Which text the offsets index: 'title' or 'body'.")
    start: int = Field(ge=0, description="First code point of the span (Python string index).")
    end: int = Field(ge=0, description="One past the last code point (end exclusive).")
    label: str = Field(description="What the span is, e.g. 'direct_quote', 'Loaded_Language'.")
    score: float = Field(ge=0.0, le=1.0, description="How strongly the span shows it, 0-1.")
    note: str = Field(default="", description="A plain sentence a reader sees beside the span.")
    shown: bool = Field(
        default=True,
        description="False: kept for completeness but below the signal's display threshold; "
        "renderers do not highlight it.")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be greater than start {self.start}")
        return self


class CleaningEntry(BaseModel):
    """One removal of boilerplate; offsets index the text as supplied, before cleaning."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: Part
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text_removed: str
    rule: str


class Link(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    text: str = ""


class Article(BaseModel):
    """One article after ingest and cleaning. Analyzers read it; nothing writes to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str = ""
    body: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    links: tuple[Link, ...] = ()
    cleaning: tuple[CleaningEntry, ...] = ()
    extra: dict[str, Any] = Field(
        default_factory=dict,
        description="Input fields newscred does not read (e.g. 'section'), carried through "
        "unchanged under their names as given. Never analysed.")

    def __hash__(self) -> int:  # `extra` holds dicts; the id and texts identify an article
        return hash((self.id, self.title, self.body))

    def text_of(self, part: Part) -> str:
        return self.title if part == "title" else self.body

    def span(
        self, part: Part, start: int, end: int, *, label: str, score: float = 1.0, note: str = ""
    ) -> Span:
        """Make a span and check it lies inside the named part."""
        length = len(self.text_of(part))
        if not 0 <= start < end <= length:
            raise ValueError(f"span {start}:{end} outside {part} of length {length}")
        return Span(part=part, start=start, end=end, label=label, score=round(score, 4), note=note)


def normalise_for_id(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def article_id(title: str, body: str) -> str:
    """First 16 hex digits of sha256 over the normalised title and body (DESIGN.md)."""
    digest = hashlib.sha256(f"{normalise_for_id(title)}\n{normalise_for_id(body)}".encode())
    return digest.hexdigest()[:16]
