"""The report contract (DESIGN.md): Signal, Assessment, Report and batch error entries."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from newscred.article import Article, Span

SCHEMA_VERSION = "1.3.0"

WHAT_IT_MEASURES = (
    "How closely the text resembles reliable rather than unreliable reporting, judged from "
    "the signals below; a credibility assessment of the writing, not a fact check."
)
# What a report leads with when the genre signal calls a piece satire.
SATIRE_LEAD = "Satire: written to amuse, not to inform"

Band = Literal["reliable", "mixed", "unreliable"]
Genre = Literal["reporting", "opinion", "satire"]
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

    name: str = Field(description="The signal's bare name: headline, language, sourcing, ...")
    version: str = Field(description="The analyzer's version.")
    score: float = Field(ge=0.0, le=1.0, description="Strength of concern: 0 = nothing to "
                         "worry about, 1 = a strong warning. Never a verdict on truth.")
    summary: str = Field(description="One plain sentence saying what was found.")
    spans: tuple[Span, ...] = Field(default=(), description="The words that triggered it.")
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="Signal-specific findings; `features` holds the numbers the assessment reads.")


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
    """How closely the writing resembles reliable reporting: a calibrated score from a
    trained model, or an abstention with its reason. Not a fact check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    score: int | None = Field(ge=0, le=100, description="round(100 × probability); null "
                              "when the assessment abstained.")
    probability: float | None = Field(ge=0.0, le=1.0, description="Calibrated probability "
                                      "that the text belongs with reliable reporting.")
    band: Band | None = Field(description="reliable (score ≥ 70), mixed (40-69) or "
                              "unreliable (< 40); null when abstained.")
    confidence: float = Field(ge=0.0, le=1.0, description="|2p − 1|, scaled down for texts "
                              "under 300 words.")
    abstained: bool = Field(description="True when the text is out of the model's scope.")
    reason: str | None = Field(default=None, description="Why the assessment abstained.")
    components: tuple[Component, ...] = Field(
        default=(), description="Signed score points per group of the model's inputs.")
    genre: Genre | None = Field(
        default=None, description="The kind of writing, from the genre signal: satire makes "
        "the assessment abstain (the score measures news reporting); opinion is shown beside "
        "the score and does not lower it. Null when the genre signal did not judge.")
    what_it_measures: str = Field(default=WHAT_IT_MEASURES,
                                  description="One sentence on what the score measures.")

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.genre == "satire" and not self.abstained:
            raise ValueError("satire is not scored as reporting: the assessment abstains")
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
    """Everything newscred says about one article: the article as read, the assessment,
    the named signals behind it, and what went wrong on the way."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = Field(default=SCHEMA_VERSION, description="This contract's semver.")
    article: Article = Field(description="The cleaned article the signals point into.")
    assessment: Assessment = Field(description="The score, or an abstention.")
    signals: tuple[Signal, ...] = Field(description="Named findings, each with its spans.")
    warnings: tuple[Notice, ...] = Field(default=(), description="Things to know (e.g. the "
                                         "text was cut, or decoded with a guessed encoding).")
    errors: tuple[Notice, ...] = Field(default=(), description="Analyzers that failed; the "
                                       "other signals are complete.")
    timings: dict[str, float] = Field(default_factory=dict, description="Milliseconds per "
                                      "step; the only part that differs between runs.")
    model_versions: dict[str, str] = Field(default_factory=dict, description="Version and "
                                           "artifact digest of each model used.")

    def _repr_html_(self) -> str:
        """The report as the HTML page shows it, for notebooks (scoped styles, no scripts)."""
        from newscred.render.notebook import report_html

        return report_html(self)

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
