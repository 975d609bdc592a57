"""The shared segmentation: exact cover, overlaps resolved by score, paragraphs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscred.article import Span
from newscred.render.segments import Marked, marks_for, paragraphs, segments

TEXT = "abcdefghijklmnopqrstuvwxyz"


def mark(signal: str, start: int, end: int, score: float = 1.0) -> Marked:
    return Marked(signal, Span(part="body", start=start, end=end, label="x", score=score))


def assert_exact_cover(text: str, pieces, start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    assert "".join(p.text for p in pieces) == text[start:end]
    assert pieces[0].start == start and pieces[-1].end == end
    for left, right in zip(pieces, pieces[1:]):
        assert left.end == right.start
    for piece in pieces:
        assert piece.text == text[piece.start : piece.end] and piece.end > piece.start


def owners(pieces) -> list[tuple[str, str | None]]:
    return [(p.text, p.mark.signal if p.mark else None) for p in pieces]


def test_no_spans_is_one_plain_segment():
    pieces = segments(TEXT, [])
    assert owners(pieces) == [(TEXT, None)]


def test_empty_text_has_no_segments():
    assert segments("", []) == []


def test_overlap_goes_to_the_higher_score():
    pieces = segments(TEXT, [mark("a", 2, 10, 0.4), mark("b", 6, 14, 0.9)])
    assert_exact_cover(TEXT, pieces)
    assert owners(pieces) == [("ab", None), ("cdef", "a"), ("ghijklmn", "b"),
                              ("opqrstuvwxyz", None)]


def test_a_span_inside_another_shows_whatever_the_scores():
    """A phrase mark inside a sentence mark stays visible: the shorter covering span owns
    its characters, the outer one the rest."""
    for outer, inner in ((0.9, 0.2), (0.2, 0.9)):
        split = segments(TEXT, [mark("outer", 0, 10, outer), mark("inner", 3, 5, inner)])
        assert owners(split)[:3] == [("abc", "outer"), ("de", "inner"), ("fghij", "outer")]


def test_among_spans_of_one_length_the_higher_score_wins():
    pieces = segments(TEXT, [mark("high", 0, 4, 0.9), mark("low", 2, 6, 0.3)])
    assert owners(pieces)[:2] == [("abcd", "high"), ("ef", "low")]


def test_tie_goes_to_the_later_span():
    pieces = segments(TEXT, [mark("first", 0, 4, 0.5), mark("second", 2, 6, 0.5)])
    assert owners(pieces)[:2] == [("ab", "first"), ("cdef", "second")]


def test_adjacent_spans_of_one_winner_stay_apart_but_pieces_of_one_span_merge():
    first, second = mark("a", 0, 3), mark("a", 3, 6)
    pieces = segments(TEXT, [first, second, mark("low", 1, 5, 0.1)])
    assert [(p.text, p.mark) for p in pieces[:2]] == [("abc", first), ("def", second)]


def test_window_clips_spans():
    pieces = segments(TEXT, [mark("a", 3, 12)], start=5, end=9)
    assert_exact_cover(TEXT, pieces, 5, 9)
    assert owners(pieces) == [("fghi", "a")]


def test_paragraphs_split_at_blank_lines_and_trim():
    text = "  One\nline two.\n\n \n\tTwo.  \n\nThree\n"
    ranges = paragraphs(text)
    assert [text[a:b] for a, b in ranges] == ["One\nline two.", "Two.", "Three"]
    assert paragraphs("   \n\n ") == []


def test_marks_for_filters_part_and_show(report):
    assert {m.signal for m in marks_for(report, "title")} == {"headline"}
    body = marks_for(report, "body", show={"sourcing"})
    assert [m.signal for m in body] == ["sourcing"]


@st.composite
def text_and_marks(draw):
    text = draw(st.text(alphabet="ab \n", min_size=1, max_size=30))
    count = draw(st.integers(0, 6))
    marks = []
    for index in range(count):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        score = draw(st.sampled_from([0.1, 0.5, 0.9]))
        marks.append(mark(f"s{index}", start, end, score))
    return text, marks


@given(text_and_marks())
def test_every_character_goes_to_the_shortest_then_best_covering_span(case):
    text, marks = case
    pieces = segments(text, marks)
    assert_exact_cover(text, pieces)
    for piece in pieces:
        for position in range(piece.start, piece.end):
            covering = [(m.span.start - m.span.end, m.span.score, i) for i, m in enumerate(marks)
                        if m.span.start <= position < m.span.end]
            expected = marks[max(covering)[2]] if covering else None
            assert piece.mark is expected
