"""`build_article`: one ArticleInput -> one cleaned, immutable Article and its warnings."""

from __future__ import annotations

import logging

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

    title = record.title or ""
    _check_lengths(record, max_chars)
    url, outlet, published, author = record.url, record.outlet, record.published, record.author
    links: tuple[Link, ...] = ()
    if record.text and record.text.strip():
        body = record.text
        from_html = False
    elif record.html and record.html.strip():
        from newscred.ingest.html import extract_html

        page = extract_html(record.html, url=record.url)
        if not page.text.strip():
            raise NewscredError("NC112", "the HTML holds no article text that could be extracted")
        body = page.text
        from_html = True
        if not record.title and page.title:
            title = page.title
            warnings.append(
                _notice("NC115", f"the title was taken from the page: {page.title!r}")
            )
        url = url or page.url
        outlet = outlet or page.outlet
        published = published or page.published
        author = author or page.author
        links = page.links
    else:
        raise NewscredError("NC108", "the record has neither 'text' (or 'body') nor 'html'")

    if len(body) > max_chars:
        raise NewscredError(
            "NC113", f"the article text is {len(body):,} characters, over the {max_chars:,} limit"
        )

    clean_title, title_entries = clean_text(title, part="title")
    clean_body, body_entries = clean_text(body, part="body", headline=clean_title or None)
    if not clean_body:
        removed = sorted({entry.rule for entry in body_entries})
        raise NewscredError(
            "NC112" if from_html else "NC108",
            f"nothing but boilerplate ({', '.join(removed)}) is left of the article text",
            hint="Give the article's own text; the lines removed are listed by rule name.",
        )
    cleaning: tuple[CleaningEntry, ...] = (*title_entries, *body_entries)
    if cleaning:
        logger.debug("cleaning removed %d region(s)", len(cleaning))

    language = detect_language(clean_body if len(clean_body) > 200 else f"{clean_title}\n{clean_body}")
    article = Article(
        id=record.id or article_id(clean_title, clean_body),
        title=clean_title,
        body=clean_body,
        url=url,
        outlet=outlet,
        published=published,
        author=author,
        language=language,
        links=links,
        cleaning=cleaning,
        extra=record.extra,
    )
    return article, warnings


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
