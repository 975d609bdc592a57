"""`build_article`: one ArticleInput -> one cleaned, immutable Article and its warnings."""

from __future__ import annotations

import logging
from typing import NamedTuple

from newscred.article import Article, CleaningEntry, Link, article_id
from newscred.errors import CATALOGUE, NewscredError
from newscred.ingest.clean import clean_text
from newscred.ingest.langid import detect_language
from newscred.ingest.record import DEFAULT_MAX_CHARS, ArticleInput
from newscred.report import Notice

logger = logging.getLogger(__name__)

HTML_TEXT_FACTOR = 4
"""A page whose text outside its markup is over this many times `max_chars` is refused
before extraction (NC113): no boilerplate removal brings so much text under the limit."""


def build_article(
    record: ArticleInput, *, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[Article, list[Notice]]:
    """Extract (for HTML), clean and identify one article; return it with its warnings.

    With `text`, that text is the body. Otherwise `html` goes through trafilatura, which
    supplies the body and any of title, outlet, published, author, canonical URL and
    outbound links the record does not give itself (the record's own fields win).

    The cleaning log's offsets index the text *as supplied to cleaning*: `record.text`
    and `record.title` for text input; for HTML input, the text trafilatura extracted
    (paragraphs joined by "\\n") and the title as given or extracted. Raises NC108 when
    there is neither text nor HTML, NC112 when nothing but boilerplate is left (or
    nothing could be extracted), NC113 when the body (or the title) is over `max_chars`,
    checked before any cleaning or extraction (see `_check_lengths` for pages).
    """
    warnings: list[Notice] = []
    if record.decode_warning:
        warnings.append(_notice("NC104", record.decode_warning))
    _check_lengths(record, max_chars)
    source = _source(record, warnings)
    if len(source.body) > max_chars:
        raise NewscredError(
            "NC113",
            f"the article text is {len(source.body):,} characters, over the {max_chars:,} limit",
        )
    clean_title, clean_body, cleaning = _clean(source)
    language = detect_language(clean_body if len(clean_body) > 200 else f"{clean_title}\n{clean_body}")
    article = Article(
        id=record.id or article_id(clean_title, clean_body),
        title=clean_title,
        body=clean_body,
        url=source.url,
        outlet=source.outlet,
        published=source.published,
        author=source.author,
        language=language,
        links=source.links,
        cleaning=cleaning,
        extra=record.extra,
    )
    return article, warnings


class _Source(NamedTuple):
    """The text to clean and the article's fields, from the record or its page."""

    title: str
    body: str
    from_html: bool
    url: str | None
    outlet: str | None
    published: str | None
    author: str | None
    links: tuple[Link, ...]


def _source(record: ArticleInput, warnings: list[Notice]) -> _Source:
    """The record's own text, or else what trafilatura extracts from its HTML."""
    title = record.title or ""
    fields = (record.url, record.outlet, record.published, record.author)
    if record.text and record.text.strip():
        return _Source(title, record.text, False, *fields, ())
    if not (record.html and record.html.strip()):
        raise NewscredError("NC108", "the record has neither 'text' (or 'body') nor 'html'")
    from newscred.ingest.html import extract_html

    page = extract_html(record.html, url=record.url)
    if not page.text.strip():
        raise NewscredError("NC112", "the HTML holds no article text that could be extracted")
    if not record.title and page.title:
        title = page.title
        warnings.append(_notice("NC115", f"the title was taken from the page: {page.title!r}"))
    return _Source(
        title, page.text, True, record.url or page.url, record.outlet or page.outlet,
        record.published or page.published, record.author or page.author, page.links,
    )


def _clean(source: _Source) -> tuple[str, str, tuple[CleaningEntry, ...]]:
    """The cleaned title and body and the cleaning log; NC112 or NC108 when nothing is left."""
    clean_title, title_entries = clean_text(source.title, part="title")
    clean_body, body_entries = clean_text(source.body, part="body", headline=clean_title or None)
    if not clean_body:
        removed = sorted({entry.rule for entry in body_entries})
        raise NewscredError(
            "NC112" if source.from_html else "NC108",
            f"nothing but boilerplate ({', '.join(removed)}) is left of the article text",
            hint="Give the article's own text; the lines removed are listed by rule name.",
        )
    cleaning: tuple[CleaningEntry, ...] = (*title_entries, *body_entries)
    if cleaning:
        logger.debug("cleaning removed %d region(s)", len(cleaning))
    return clean_title, clean_body, cleaning


def _check_lengths(record: ArticleInput, max_chars: int) -> None:
    """NC113 before any cleaning, extraction or analysis, by cheap measures only.

    A text or title over `max_chars` is refused on its length. A page is refused unread
    when the text outside its markup (`visible_chars`) is over HTML_TEXT_FACTOR times
    `max_chars`: extraction could not bring that under the limit, and parsing a page of
    megabytes of text costs seconds and hundreds of MB. Pages under that size, which is
    every real news page, are extracted and their text measured exactly afterwards.
    """
    has_text = bool(record.text and record.text.strip())
    for part, value in (("text", record.text if has_text else None), ("title", record.title)):
        if value is not None and len(value) > max_chars:
            raise NewscredError(
                "NC113", f"the article {part} is {len(value):,} characters, over the {max_chars:,} limit"
            )
    html = record.html
    if html is None or has_text:
        return
    limit = HTML_TEXT_FACTOR * max_chars
    if len(html) <= limit:  # the text of a page is never longer than the page
        return
    from newscred.ingest.html import visible_chars

    visible = visible_chars(html)
    if visible > limit:
        raise NewscredError(
            "NC113",
            f"the page holds about {visible:,} characters of text outside its markup, more than "
            f"{HTML_TEXT_FACTOR} times the {max_chars:,}-character limit on the article text; "
            "it was not extracted",
        )


def _notice(code: str, message: str) -> Notice:
    return Notice(code=code, message=message, hint=CATALOGUE[code].hint)
