"""The Pipeline: owns its analyzers, model and config; turns inputs into Reports."""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newscred import __version__
from newscred.analyzers import Analyzer, registered
from newscred.article import Article
from newscred.errors import NewscredError
from newscred.ingest import DEFAULT_MAX_CHARS, ArticleInput, RecordError, build_article
from newscred.models.assessment import AssessmentModel
from newscred.models.features import assessment_features
from newscred.report import (
    Assessment,
    BatchError,
    Component,
    ErrorDetail,
    Notice,
    SATIRE_LEAD,
    Report,
    Signal,
    band_for,
)
from newscred.text import words

GENRE_SIGNAL = "genre"  # its details["genre"] is the kind of writing the report states

log = logging.getLogger(__name__)

# A component's points get a note when they go against its signal's concern by this much.
POINTS_NOTE_MIN = 1.0
LOW_CONCERN, HIGH_CONCERN = 0.25, 0.5

DEFAULT_ANALYZERS = (
    "headline", "language", "sourcing", "persuasion", "claims", "genre", "hyperpartisan",
    "outlet",
)


class PipelineConfig(BaseModel):
    """Flat settings, loadable from a TOML file (`Pipeline.from_toml`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    analyzers: tuple[str, ...] = DEFAULT_ANALYZERS
    max_chars: int = Field(default=DEFAULT_MAX_CHARS, gt=0)
    min_words: int = Field(
        default=80, ge=1, description="Below this many body words the assessment abstains."
    )
    model_path: Path | None = None

    def check_analyzers(self) -> None:
        """NC203 naming any analyzer that is not registered."""
        factories = registered()
        unknown = [n for n in self.analyzers if n not in factories]
        if unknown:
            raise NewscredError(
                "NC203",
                f"unknown analyzer(s) {', '.join(unknown)}",
                hint=f"Known analyzers: {', '.join(sorted(factories))}.",
            )

    @classmethod
    def from_toml(cls, path: Path) -> PipelineConfig:
        """The settings in a TOML file; a `[serve]` table (server settings) is skipped."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            data.pop("serve", None)
            return cls(**data)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise NewscredError("NC203", f"cannot read config {path}: {exc}") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise NewscredError("NC203", f"config key {key!r}: {first['msg']}") from exc


class Pipeline:
    """Build once, reuse for many articles. Not shared between processes."""

    def __init__(
        self,
        *,
        config: PipelineConfig | None = None,
        analyzers: Iterable[Analyzer] | None = None,
    ) -> None:
        self.config = config or PipelineConfig()
        if analyzers is None:
            self.config.check_analyzers()
            factories = registered()
            analyzers = [factories[n]() for n in self.config.analyzers]
        self.analyzers: tuple[Analyzer, ...] = tuple(analyzers)
        self.model = AssessmentModel.load(self.config.model_path)

    @classmethod
    def from_toml(cls, path: Path) -> Pipeline:
        return cls(config=PipelineConfig.from_toml(path))

    @property
    def model_versions(self) -> dict[str, str]:
        return {"assessment": f"{self.model.version}+{self.model.sha256[:12]}"}

    # -- single articles -------------------------------------------------------------
    def check(self, record: ArticleInput | Mapping[str, Any] | None = None, **fields: Any) -> Report:
        """Analyse one article given as an ArticleInput, a mapping, or keyword fields."""
        started = time.perf_counter()
        if record is None:
            record = ArticleInput.from_mapping(fields)
        elif not isinstance(record, ArticleInput):
            record = ArticleInput.from_mapping(record)
        article, notices = build_article(record, max_chars=self.config.max_chars)
        ingest_ms = (time.perf_counter() - started) * 1000
        return self.check_article(article, warnings=notices, started=started, ingest_ms=ingest_ms)

    def check_article(
        self,
        article: Article,
        *,
        warnings: Iterable[Notice] = (),
        started: float | None = None,
        ingest_ms: float = 0.0,
    ) -> Report:
        started = started if started is not None else time.perf_counter()
        timings: dict[str, float] = {"ingest_ms": round(ingest_ms, 3)}
        signals: list[Signal] = []
        errors: list[Notice] = []
        for analyzer in self.analyzers:
            t0 = time.perf_counter()
            try:
                signal = analyzer.analyze(article)
                if signal is not None:  # None: nothing to say (e.g. no outlet given)
                    signals.append(signal)
            except Exception as exc:  # one analyzer failing must not sink the report
                log.exception("analyzer %s failed on article %s", analyzer.name, article.id)
                errors.append(
                    Notice(
                        code="NC202",
                        message=f"analyzer {analyzer.name!r} failed: {type(exc).__name__}: {exc}",
                        hint="The other signals are complete; report this as a bug.",
                    )
                )
            timings[f"{analyzer.name}_ms"] = round((time.perf_counter() - t0) * 1000, 3)
        t0 = time.perf_counter()
        assessment = self._assess(article, signals)
        timings["assessment_ms"] = round((time.perf_counter() - t0) * 1000, 3)
        timings["total_ms"] = round((time.perf_counter() - started) * 1000, 3)
        return Report(
            article=article,
            assessment=assessment,
            signals=tuple(signals),
            warnings=tuple(warnings),
            errors=tuple(errors),
            timings=timings,
            model_versions=self.model_versions,
        )

    def _assess(self, article: Article, signals: list[Signal]) -> Assessment:
        n_words = len(words(article.body))
        genre_signal = next((s for s in signals if s.name == GENRE_SIGNAL), None)
        genre = genre_signal.details.get("genre") if genre_signal is not None else None
        reason = None
        if genre == "satire":
            details = genre_signal.details  # type: ignore[union-attr]
            reason = (
                f"{SATIRE_LEAD}. The score measures how closely writing resembles reliable "
                "news reporting, so satire gets none (genre signal: satire probability "
                f"{details['probabilities']['satire']:.2f}, threshold "
                f"{details['satire_threshold']:.2f})."
            )
        elif n_words < self.config.min_words:
            reason = (
                f"too short to judge: {n_words} words in the body, "
                f"at least {self.config.min_words} needed"
            )
        elif article.language not in (None, "en"):
            reason = f"not English (detected {article.language!r}); the models read English only"
        prediction = None
        features: dict[str, float | None] = {}
        if reason is None:
            features = assessment_features(signals, article.title, article.body)
            prediction = self.model.predict(features, text=f"{article.title}\n\n{article.body}")
            if prediction.ood_score > self.model.ood_threshold:
                reason = (
                    "far from the articles the model was trained on (out-of-distribution "
                    f"score {prediction.ood_score:.2f}, threshold {self.model.ood_threshold:.2f})"
                )
        if reason is not None or prediction is None:
            return Assessment(
                score=None, probability=None, band=None, confidence=0.0,
                abstained=True, reason=reason, genre=genre,
            )
        probability = round(prediction.probability, 4)
        score = round(100 * probability)
        # Confidence: distance from a coin flip, discounted for shorter texts.
        confidence = abs(2 * probability - 1) * min(1.0, n_words / 300)
        concern = {s.name: s.score for s in signals}
        components = tuple(
            Component(name=name, points=points,
                      note=self._points_note(name, points, concern.get(name), features))
            for name, points in sorted(prediction.components.items(), key=lambda kv: -abs(kv[1]))
        )
        return Assessment(
            score=score,
            probability=probability,
            band=band_for(score),
            confidence=round(confidence, 3),
            abstained=False,
            components=components,
            genre=genre,
        )

    def _points_note(self, name: str, points: float, concern: float | None,
                     features: dict[str, float | None]) -> str | None:
        """Say why, when a signal's points do not follow its concern (a low concern that
        costs points, or a high one that adds them)."""
        if concern is None or abs(points) < POINTS_NOTE_MIN:
            return None
        if points < 0 and concern < LOW_CONCERN:
            way = "lowers the score although its concern is low"
        elif points > 0 and concern >= HIGH_CONCERN:
            way = "raises the score although its concern is high"
        else:
            return None
        drivers = self.model.drivers(features, name, points)
        named = ", ".join(d.split(".", 1)[1].replace("_", " ") for d in drivers)
        return (f"{name} {way}: the score reads the signal's measurements ({named}), which "
                "in the training data " + ("went with unreliable" if points < 0 else
                                            "went with reliable") + " articles; the concern "
                "weighs them differently.")

    # -- batches ---------------------------------------------------------------------
    def check_frame(self, frame: Any, *, fields: Mapping[str, str] | None = None,
                    with_report: bool = False) -> Any:
        """Check every row of a pandas DataFrame; one output row per input row, on its
        index: the columns of `newscred.rows`, then the input columns not used as fields.
        `fields` maps input fields to other column names ({"text": "content"}). Needs
        the `scale` extra."""
        from newscred.frames import check_frame

        return check_frame(self, frame, fields=fields, with_report=with_report)

    def run(
        self, items: Iterable[ArticleInput | Mapping[str, Any] | RecordError], *, first: int = 1
    ) -> Iterator[Report | BatchError]:
        """Reports in input order; a bad record becomes a BatchError and the run goes on.

        Items are ArticleInputs, mappings of the input fields, or RecordErrors from a
        reader. Records are numbered from `first` (1-based) in error entries.
        """
        for number, item in enumerate(items, start=first):
            if isinstance(item, RecordError):
                yield batch_error(item.error, record=item.record, record_id=item.id)
                continue
            record_id = _record_id(item)
            try:
                if not isinstance(item, ArticleInput | Mapping):
                    raise NewscredError(
                        "NC114", f"record {number} is a {type(item).__name__}, not an article",
                        hint="Pass ArticleInput objects or mappings of the input fields.")
                yield self.check(item)
            except NewscredError as exc:
                yield batch_error(exc, record=number, record_id=record_id)


def _record_id(item: object) -> str | None:
    value = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
    return None if value is None else str(value)




def batch_error(exc: NewscredError, *, record: int | None, record_id: str | None) -> BatchError:
    return BatchError(
        id=record_id,
        record=record,
        error=ErrorDetail(code=exc.code, message=exc.message, hint=exc.hint),
    )


def versions() -> dict[str, str]:
    from newscred.report import SCHEMA_VERSION

    return {"newscred": __version__, "schema": SCHEMA_VERSION}
