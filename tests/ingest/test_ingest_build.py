"""build_article: text or HTML in, one cleaned Article and its warnings out."""

from __future__ import annotations

import pytest

from newscred.article import Link, article_id
from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, build_article

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Harbour board delays new ferry | Eastport Ledger</title>
<meta property="og:title" content="Harbour board delays new ferry">
<meta property="og:site_name" content="Eastport Ledger">
<meta name="author" content="Mira Okafor">
<meta property="article:published_time" content="2024-04-09T08:15:00Z">
<link rel="canonical" href="https://ledger.example/local/ferry-delay">
</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article>
<h1>Harbour board delays new ferry</h1>
<p>The harbour board said on Monday that the new ferry would not enter service until the spring,
after its engines failed two of five sea trials off the east breakwater.</p>
<p>Board chair Tomas Reyes said the builder had agreed to replace both engines at its own cost,
according to the <a href="/documents/board-minutes-april.pdf">minutes of the meeting</a>.</p>
<p>Advertisement</p>
<p>Commuters who use the old ferry said delays had become routine. The
<a href="https://transit.example/ferry-schedule">published timetable</a> lists seven daily crossings.</p>
<p>The builder did not respond to a request for comment on Monday evening.</p>
</article>
<footer>Eastport Ledger, all rights reserved</footer>
</body></html>
"""


def test_html_extraction_fills_metadata_and_links() -> None:
    article, warnings = build_article(ArticleInput(html=PAGE))
    assert article.title == "Harbour board delays new ferry"
    assert article.outlet == "Eastport Ledger"
    assert article.published == "2024-04-09"
    assert article.author == "Mira Okafor"
    assert article.url == "https://ledger.example/local/ferry-delay"
    assert article.links == (
        Link(url="https://ledger.example/documents/board-minutes-april.pdf", text="minutes of the meeting"),
        Link(url="https://transit.example/ferry-schedule", text="published timetable"),
    )
    assert article.body.startswith("The harbour board said on Monday")
    assert "Advertisement" not in article.body
    assert "Home" not in article.body and "all rights reserved" not in article.body
    assert "minutes of the meeting" in article.body  # links read as their text
    assert article.language == "en"
    assert [entry.rule for entry in article.cleaning] == ["repeated_headline", "advertisement"]
    assert [warning.code for warning in warnings] == ["NC115"]


def test_record_fields_win_over_page_metadata() -> None:
    record = ArticleInput(
        html=PAGE, title="Ferry delayed to spring", outlet="Ledger", author="Desk", url="https://a.example/x"
    )
    article, warnings = build_article(record)
    assert (article.title, article.outlet, article.author, article.url) == (
        "Ferry delayed to spring", "Ledger", "Desk", "https://a.example/x",
    )  # fmt: skip
    assert article.published == "2024-04-09"
    assert warnings == []


def test_text_input_is_cleaned_with_offsets_into_the_supplied_text() -> None:
    text = (
        "This article is more than 5 years old.\n"
        "The harbour board delayed the new ferry until spring.\n\n"
        "Photo: Jane Roe/Reuters\n\n"
        "Engineers said two of the sea trials had failed.\n"
        "Share this article\n"
    )
    article, warnings = build_article(ArticleInput(title="Ferry delayed", text=text))
    assert article.body == (
        "The harbour board delayed the new ferry until spring.\n\n"
        "Engineers said two of the sea trials had failed."
    )
    assert [entry.rule for entry in article.cleaning] == ["archive_notice", "photo_credit", "social_share"]
    for entry in article.cleaning:
        assert text[entry.start : entry.end] == entry.text_removed
    assert article.id == article_id(article.title, article.body)
    assert warnings == []


def test_the_title_is_cleaned_too() -> None:
    article, _ = build_article(ArticleInput(title="Advertisement", text="The ferry is late again today."))
    assert article.title == ""
    assert article.cleaning[0].part == "title"


def test_given_id_is_kept_and_computed_id_is_stable() -> None:
    assert build_article(ArticleInput(id="a-1", text="Ferry late."))[0].id == "a-1"
    first = build_article(ArticleInput(title="T", text="Ferry late."))[0].id
    assert first == build_article(ArticleInput(title="T", text="Ferry late.\n"))[0].id
    assert len(first) == 16


def test_extra_fields_are_carried_and_a_guessed_encoding_warned() -> None:
    record = ArticleInput.from_mapping(
        {"text": "The ferry is late again.", "section": "local", "rank": {"n": 2}},
        decode_warning="decoded as cp1252: x",
    )
    article, warnings = build_article(record)
    assert article.extra == {"section": "local", "rank": {"n": 2}}
    assert [(w.code, w.message) for w in warnings] == [("NC104", "decoded as cp1252: x")]
    assert hash(article) == hash(build_article(record)[0])


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (ArticleInput(title="Only a title"), "NC108"),
        (ArticleInput(url="https://example.org/not-fetched"), "NC108"),
        (ArticleInput(html="<html><head><script>var page = 1;</script></head><body><img src='a.png'></body></html>"), "NC112"),
        (ArticleInput(text="Advertisement\n\nShare this article"), "NC108"),
        (ArticleInput(html="<html><body><p>Advertisement</p></body></html>"), "NC112"),
    ],
)
def test_no_usable_text_is_an_error(record: ArticleInput, code: str) -> None:
    with pytest.raises(NewscredError) as caught:
        build_article(record)
    assert caught.value.code == code


def test_over_max_chars_is_nc113() -> None:
    with pytest.raises(NewscredError) as caught:
        build_article(ArticleInput(text="The ferry is late. " * 20), max_chars=100)
    assert caught.value.code == "NC113"
