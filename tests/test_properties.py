"""Property tests: spans always slice their part, and no Unicode input crashes the pipeline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscred.errors import NewscredError
from newscred.pipeline import Pipeline

from .conftest import SENSATIONAL_BODY, WIRE_BODY

PIPELINE = Pipeline()
pieces = st.sampled_from(
    ["WATCH:", "BREAKING", "!", "?", '"', "“", "”", "according to Fox News", "said", "\n\n",
     "You", "SHOCKING", "Mayor Ana Ruiz said", "'", "(Reuters) -", "\u0301", "\U0001F600",
     "ß", "İ", "\u200b", "\r\n", "..."]
)
texty = st.lists(st.one_of(st.text(min_size=0, max_size=30), pieces), max_size=40).map(" ".join)


def check_spans(report):
    for signal in report.signals:  # Signal and Span themselves refuse a score outside 0-1
        for span in signal.spans:
            text = report.article.text_of(span.part)
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texty, body=texty)
def test_no_unicode_input_crashes_and_spans_slice(title, body):
    try:
        report = PIPELINE.check(title=title, text=body)
    except NewscredError as exc:
        assert exc.code in {"NC101", "NC108", "NC112", "NC113"}
        return
    check_spans(report)


@settings(max_examples=40, deadline=None)
@given(prefix=texty, cut=st.integers(min_value=0, max_value=len(SENSATIONAL_BODY)))
def test_spans_slice_on_realistic_text(prefix, cut):
    body = prefix + " " + SENSATIONAL_BODY[:cut] + " " + WIRE_BODY
    check_spans(PIPELINE.check(title=prefix[:80], text=body))
