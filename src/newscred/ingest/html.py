"""Main-text and metadata extraction from an HTML page, with trafilatura."""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newscred.article import Link

logger = logging.getLogger(__name__)

# Only dates stated in the page's metadata or markup: a date guessed from running text
# would be presented as the publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}

# For `visible_chars`: the starts of blocks whose content is never text, their ends, any
# other tag (`[^<>]` keeps a stray "<" from making the scan quadratic) and entities.
_HIDDEN_START = re.compile(r"<(?:(script|style|template|noscript)\b|!--)", re.IGNORECASE)
_HIDDEN_END = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "template", "noscript")
}
_COMMENT_END = re.compile(r"-->")
_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = (" ", "\t", "\n", "\r", "\f", "\v", "\xa0")
_WINDOW = 1 << 16


@dataclass(frozen=True)
class ExtractedPage:
    """What trafilatura found in a page; any field may be empty."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    links: tuple[Link, ...] = ()


def extract_html(html: str, *, url: str | None = None) -> ExtractedPage:
    """Extract the main text (paragraphs joined by newlines), metadata and outbound links.

    `outlet` comes from og:site_name, JSON-LD publisher or similar; `url` is the page's
    canonical URL when it declares one, else `url` as given; links are those inside the
    main text, made absolute against that URL, http(s) only. `text` is "" when nothing
    could be extracted.
    """
    # trafilatura (with lxml and htmldate) takes ~0.3 s to import: only pay for it here.
    import trafilatura
    from lxml import etree
    from trafilatura.xml import xmltotxt

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_links=True,
            include_comments=False,
            include_formatting=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except (ValueError, TypeError, etree.LxmlError) as error:
        # trafilatura catches most parse failures itself; anything left means no text.
        logger.info("trafilatura could not parse the page: %s", error)
        document = None
    if document is None or document.body is None:
        return ExtractedPage(text="")

    page_url = _clean(document.url) or url
    links = _links(document.body, page_url)
    body = deepcopy(document.body)
    etree.strip_tags(body, "ref")  # links read as their plain text in the body
    return ExtractedPage(
        text=(xmltotxt(body, False) or "").strip(),
        title=_clean(document.title),
        outlet=_clean(document.sitename),
        published=_clean(document.date),
        author=_clean(document.author),
        url=page_url,
        links=links,
    )


def visible_chars(html: str) -> int:
    """About how many characters of text a page holds, without parsing it: the
    non-whitespace characters outside tags, comments, scripts and styles, an entity
    counting as one. An upper bound, near enough, of what extraction can return; linear
    in the length of the page (about 20 ms per MB) whatever the markup, and counted a
    window at a time, so it needs little memory beyond the page itself.
    """
    count = 0
    position = 0
    while True:
        start = _HIDDEN_START.search(html, position)
        count += _count_visible(html, position, len(html) if start is None else start.start())
        if start is None:
            return count
        end_pattern = _HIDDEN_END[start.group(1).lower()] if start.group(1) else _COMMENT_END
        end = end_pattern.search(html, start.end())
        if end is None:
            return count  # an unclosed block hides the rest of the page, as a browser would
        position = end.end()


def _count_visible(html: str, start: int, stop: int) -> int:
    count = 0
    while start < stop:
        end = min(stop, start + _WINDOW)
        if end < stop:  # cut before a tag, so that no tag or entity is split
            cut = html.rfind("<", start + 1, end)
            end = cut if cut > start else end
        text = _ENTITY.sub("&", _TAG.sub(" ", html[start:end]))
        count += len(text) - sum(text.count(space) for space in _SPACES)
        start = end
    return count


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _links(body: object, base_url: str | None) -> tuple[Link, ...]:
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for element in body.iter("ref"):  # type: ignore[attr-defined]
        target = (element.get("target") or "").strip()
        if not target or target.startswith("#"):
            continue
        absolute = urljoin(base_url, target) if base_url else target
        if urlsplit(absolute).scheme.lower() not in ("http", "https"):
            continue
        text = " ".join("".join(element.itertext()).split())
        if (absolute, text) not in seen:
            seen.add((absolute, text))
            links.append(Link(url=absolute, text=text))
    return tuple(links)

