"""Ingest: read inputs (files, stdin, URLs) into records, and records into clean Articles.

    for item in read_source("articles.jsonl"):
        if isinstance(item, RecordError): ...
        article, warnings = build_article(item)

Heavy dependencies (trafilatura, urllib3, charset_normalizer) are imported only when an
input needs them, so checking plain text stays fast to start.
"""

from __future__ import annotations

from newscred.ingest.build import build_article
from newscred.ingest.clean import RULES, boilerplate_rule, clean_text
from newscred.ingest.langid import detect_language
from newscred.ingest.record import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_PAGE_BYTES,
    ArticleInput,
    RecordError,
)
from newscred.ingest.read import FORMATS, read_source, sniff_format, split_headline
from newscred.ingest.url import FetchedPage, fetch_url, refusal_reason, vet_url

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_PAGE_BYTES",
    "FORMATS",
    "RULES",
    "ArticleInput",
    "FetchedPage",
    "RecordError",
    "boilerplate_rule",
    "build_article",
    "clean_text",
    "detect_language",
    "fetch_url",
    "read_source",
    "refusal_reason",
    "sniff_format",
    "split_headline",
    "vet_url",
]
