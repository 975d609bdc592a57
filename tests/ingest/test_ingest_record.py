"""ArticleInput.from_mapping: the report contract's input fields, leniently validated."""

from __future__ import annotations

import pytest

from newscred.errors import NewscredError
from newscred.ingest import ArticleInput


def test_body_is_an_alias_of_text() -> None:
    record = ArticleInput.from_mapping({"title": "Pier reopens", "body": "The pier reopened."})
    assert record.text == "The pier reopened."
    assert record.title == "Pier reopens"


def test_text_and_body_agreeing_is_fine_but_differing_is_nc109() -> None:
    same = ArticleInput.from_mapping({"text": "One.", "body": "One."})
    assert same.text == "One."
    with pytest.raises(NewscredError) as caught:
        ArticleInput.from_mapping({"text": "One.", "body": "Two."})
    assert caught.value.code == "NC109"


def test_numeric_id_becomes_a_string() -> None:
    assert ArticleInput.from_mapping({"id": 42, "text": "x"}).id == "42"
    assert ArticleInput.from_mapping({"id": 7.0, "text": "x"}).id == "7"


@pytest.mark.parametrize(
    "data",
    [
        {"title": 3, "text": "x"},
        {"text": ["a", "b"]},
        {"id": True, "text": "x"},
        {"author": {"name": "Ana"}, "text": "x"},
    ],
)
def test_wrong_types_are_nc109(data: dict[str, object]) -> None:
    with pytest.raises(NewscredError) as caught:
        ArticleInput.from_mapping(data)
    assert caught.value.code == "NC109"


def test_unknown_keys_are_kept_as_given_and_left_out_of_dumps() -> None:
    record = ArticleInput.from_mapping({"text": "x", "Section": "Local", "likes": 3, "tags": ["a"]})
    assert record.extra == {"Section": "Local", "likes": 3, "tags": ["a"]}
    assert "extra" not in record.model_dump()
    assert "decode_warning" not in record.model_dump()


def test_keys_match_case_insensitively_and_blank_values_are_absent() -> None:
    record = ArticleInput.from_mapping({" Title ": "Ferry strike ends", "TEXT": "Ferries run.", "author": "  "})
    assert record.title == "Ferry strike ends"
    assert record.text == "Ferries run."
    assert record.author is None
    assert not ArticleInput.from_mapping({"url": "https://example.org/a"}).has_content
