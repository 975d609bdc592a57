"""The report contract (DESIGN.md): Signal, Assessment, Report and batch error entries."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newscred.article import Article, Span

SCHEMA_VERSION = "1.1.0"

WHAT_IT_MEASURES = (
    "How closely the text resembles reliable rather than unreliable reporting, judged from "
    "the signals below; a credibility assessment of the writing, not a fact check."
)

Band = Literal["reliable", "mixed", "unreliable"]
BAND_THRESHOLDS = {"reliable": 70, "mixed": 40}


def band_for(score: int) -> Band:
    if score >= BAND_THRESHOLDS["reliable"]:
        return "reliable"
    if score >= BAND_THRESHOLDS["mixed"]:
        return "mixed"
    return "unreliable"


class Signal(BaseModel):
    """One named analyzer's finding. `score` is strength of concern: 0 none, 1 strong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    version: str
    score: float = Field(ge=0.0, le=1.0)
    summary: str
    spans: tuple[Span, ...] = ()
    details: dict[str, Any] = Field(default_factory=dict)


class Component(BaseModel):
    """How many score points one signal group moved the assessment (signed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="The signal (or 'style', 'wording') the points belong to.")
    points: float = Field(description="Signed score points; they add up to the score minus "
                          "an average article's.")
    note: str | None = Field(
        default=None,
        description="Why the points do not move the way the signal's concern does, when "
        "they do not (e.g. points lost although the concern is low).",
    )


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    score: int | None = Field(ge=0, le=100)
    probability: float | None = Field(ge=0.0, le=1.0)
    band: Band | None
    confidence: float = Field(ge=0.0, le=1.0)
    abstained: bool
    reason: str | None = None
    components: tuple[Component, ...] = ()
    what_it_measures: str = WHAT_IT_MEASURES

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.abstained:
            if self.reason is None:
                raise ValueError("an abstaining assessment needs a reason")
        elif self.probability is None or self.score != round(100 * self.probability):
            raise ValueError("score must equal round(100 * probability)")
        return self


class Notice(BaseModel):
    """A warning or an error recorded on a report (the report itself still stands)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    message: str
    hint: str | None = None


class Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = SCHEMA_VERSION
    article: Article
    assessment: Assessment
    signals: tuple[Signal, ...]
    warnings: tuple[Notice, ...] = ()
    errors: tuple[Notice, ...] = ()
    timings: dict[str, float] = Field(default_factory=dict)
    model_versions: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _spans_inside(self) -> Report:
        for signal in self.signals:
            for span in signal.spans:
                length = len(self.article.text_of(span.part))
                if span.end > length:
                    raise ValueError(
                        f"{signal.name} span {span.start}:{span.end} outside {span.part} "
                        f"of length {length}"
                    )
        return self

    def signal(self, name: str) -> Signal | None:
        return next((s for s in self.signals if s.name == name), None)


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    message: str
    hint: str


class BatchError(BaseModel):
    """The entry a failed batch record becomes, in input order among the reports."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str | None
    error: ErrorDetail
    record: int | None = Field(default=None, description="1-based record number in the input")


def report_json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newscred.invalid/schema/report-{SCHEMA_VERSION}.json"
    schema["title"] = "newscred report"
    return schema
