from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newscred.models.masking import mask, mention_counts


def test_masking_removes_outlets_urls_handles_and_datelines():
    text = (
        "WASHINGTON (Reuters) - The New York Times said on Monday, according to CNN and "
        "https://example.com/story, that @someone posted pic.twitter.com/xyz. Breitbart News "
        "and Eagle Rising ran it; the Associated Press did not."
    )
    before = mention_counts(text)
    assert before["outlet_names"] >= 5 and before["urls"] >= 1 and before["wire_tags"] == 1
    masked = mask(text)
    assert sum(mention_counts(masked).values()) == 0
    assert "outlettoken" in masked and "urltoken" in masked and "handletoken" in masked
    assert "said on Monday" in masked


def test_common_words_that_are_outlet_names_in_capitals_survive_in_lower_case():
    assert mask("a variety of slate roofs under the sun") == "a variety of slate roofs under the sun"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_masked_text_never_has_mentions_left(text):
    assert sum(mention_counts(mask(text)).values()) == 0
