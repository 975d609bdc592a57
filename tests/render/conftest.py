"""Reports built by hand for the renderer tests (no pipeline, no models)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newscred.article import Article, Span
from newscred.report import (
    Assessment,
    BatchError,
    Component,
    ErrorDetail,
    Notice,
    Report,
    Signal,
)

TITLE = "Mayor [bold]sues[/] | council over grants"
BODY = (
    "The mayor said [bold]nothing[/] today, her office confirmed.\n\n"
    "Critics call it a disgrace | sources say the plan is a shameful stunt.\n"
    "A second line of the same paragraph."
)


def find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def span_of(article: Article, needle: str, *, part: str = "body", **kwargs) -> Span:
    start, end = find(article.text_of(part), needle)  # type: ignore[arg-type]
    return article.span(part, start, end, **kwargs)  # type: ignore[arg-type]


MakeReport = Callable[..., Report]


@pytest.fixture
def article() -> Article:
    return Article(id="a1", title=TITLE, body=BODY, outlet="Daily Example",
                   url="https://news.example/a1")


@pytest.fixture
def signals(article: Article) -> tuple[Signal, ...]:
    return (
        Signal(
            name="headline", version="1", score=0.3, summary="Headline mostly matches the body.",
            spans=(
                span_of(article, "sues", part="title", label="loaded_verb", note="strong verb"),
            ),
        ),
        Signal(
            name="language", version="1", score=0.72,
            summary="Loaded, emotive words such as 'disgrace' and 'shameful'.",
            spans=(
                span_of(article, "disgrace | sources", label="loaded_word", score=0.6,
                        note="emotive"),
                span_of(article, "shameful", label="loaded_word", score=0.9),
            ),
        ),
        Signal(
            name="sourcing", version="1", score=0.55,
            summary="One anonymous source; no named sources.",
            spans=(span_of(article, "sources say", label="anonymous_source", score=0.8,
                           note="unnamed sources"),),
            details={"quotes": 0, "named_sources": 0, "anonymous_sources": 1,
                     "relayed_outlets": ["Wire One"], "share_claims_attributed": 0.25,
                     "features": {"quotes": 0.0}},
        ),
        Signal(name="claims", version="1", score=0.1, summary="Few check-worthy claims."),
        Signal(name="outlet", version="1", score=0.5, summary="Outlet not in the reference list."),
    )


@pytest.fixture
def make_report(article: Article, signals: tuple[Signal, ...]) -> MakeReport:
    def make(**changes) -> Report:
        fields = {
            "article": article,
            "assessment": Assessment(
                score=62, probability=0.62, band="mixed", confidence=0.5, abstained=False,
                components=(Component(name="language", points=-5.0),
                            Component(name="sourcing", points=-3.5),
                            Component(name="wording", points=4.0),
                            Component(name="style", points=0.2)),
            ),
            "signals": signals,
            "warnings": (Notice(code="NC900", message="Short article [red]x[/]"),),
            "errors": (Notice(code="NC202", message="persuasion failed", hint="Report it."),),
        }
        fields.update(changes)
        return Report(**fields)

    return make


@pytest.fixture
def report(make_report: MakeReport) -> Report:
    return make_report()


@pytest.fixture
def abstained(make_report: MakeReport) -> Report:
    return make_report(
        assessment=Assessment(score=None, probability=None, band=None, confidence=0.0,
                              abstained=True, reason="too short to assess (12 words)"),
    )


@pytest.fixture
def batch_error() -> BatchError:
    return BatchError(
        id="r7", record=7,
        error=ErrorDetail(code="NC108", message="Record has no article text",
                          hint="Give a 'text' field."),
    )


HOSTILE_BODY = (
    "Intro <script>alert(1)</script> and <img src=x onerror=alert(1)> here.\n\n"
    'Second "quoted" paragraph with </p></mark><b onclick="x()">bold</b> & more.'
)


@pytest.fixture
def hostile() -> Report:
    article = Article(id='x"><script>', title="<svg onload=alert(1)>", body=HOSTILE_BODY,
                      url="javascript:alert(1)", outlet="<i>Outlet</i>")
    start, end = find(HOSTILE_BODY, "<img src=x onerror=alert(1)> here.\n\nSecond")
    return Report(
        article=article,
        assessment=Assessment(score=20, probability=0.2, band="unreliable", confidence=0.9,
                              abstained=False),
        signals=(
            Signal(
                name='evil" onmouseover="x', version="1", score=0.9,
                summary="<script>alert('summary')</script>",
                spans=(article.span("body", start, end, label="<b>label</b>",
                                    note='" onfocus="alert(1)'),),
            ),
        ),
        warnings=(Notice(code="W", message="<iframe src=//evil>"),),
    )
