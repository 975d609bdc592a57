"""Whole-text caches are bounded by the characters they keep, not by their count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newscred.text import joined, sentences, text_cache, words


def test_cache_is_bounded_by_characters_and_shares_results():
    calls = []

    @text_cache(max_chars=100)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    assert length("a" * 40) == 40 and length("a" * 40) == 40
    assert calls == ["a" * 40]  # the second call was served from the cache
    length("b" * 40)
    length("c" * 40)  # 120 characters > 100: the oldest entry goes
    assert length.cache_chars() <= 100
    length("a" * 40)
    assert calls.count("a" * 40) == 2
    length("d" * 500)  # longer than the budget: computed, never kept
    assert length.cache_chars() <= 100


def test_huge_articles_do_not_stay_in_the_shared_caches():
    huge = "The council met on Monday. " * 60_000  # 1.6 million characters
    assert len(words(huge)) == 5 * 60_000 and sentences(huge)
    assert words.cache_chars() <= 1_000_000 and sentences.cache_chars() <= 1_000_000


def test_words_are_segments_and_a_sentences_words_are_the_texts_words_inside_it():
    """No word crosses a sentence edge: the persuasion features rely on it."""
    from newscred.text import Segment, sentences, words

    body = "Mr. Smith said it’s fine. The U.S. team won 3-1!\n\nNext para’s words here."
    tokens = words(body)
    assert all(type(t) is Segment for t in tokens)
    for sent in sentences(body):
        expected = tuple(Segment(t.start + sent.start, t.end + sent.start, t.text)
                         for t in words(sent.text))
        assert tuple(t for t in tokens if sent.start <= t.start < sent.end) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab’'İ1_ .\n-", max_size=12), st.sampled_from(["\n\n", " — ", "x", "'", ""]),
       st.text(alphabet="cd’'ſ2_ .\n-", max_size=12))
def test_joined_texts_split_into_the_words_of_the_joined_text(first: str, sep: str, second: str):
    text = joined(first, sep, second)
    assert text == first + sep + second
    assert words(text) == words.__wrapped__(text)  # the uncached split of the joined text
