"""Input caps (issue 13): oversize input is refused early and cheaply.

Bytes first: no reading path reads more than `cap + 1` bytes before NC105, and nothing is
decoded or parsed by then. Then characters: a text, title or page far over `max_chars`
is NC113 before any cleaning, extraction or analysis.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.ingest import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGE_BYTES,
    ArticleInput,
    FetchedPage,
    build_article,
    read_source,
)
from newscred.ingest import html as html_module
from newscred.ingest import url as url_module
from newscred.ingest.build import HTML_TEXT_FACTOR
from newscred.ingest.feeds import FeedReader
from newscred.ingest.html import visible_chars

PARAGRAPH = "The council met on Monday to discuss the budget, the mayor said in a statement."


class CountingStream(io.RawIOBase):
    """An endless (or `size`-byte) stream of `fill` that counts the bytes handed out."""

    def __init__(self, fill: bytes = b"a", *, head: bytes = b"", size: int | None = None) -> None:
        self.fill = fill
        self.head = head
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            raise AssertionError("an unbounded read()")
        left = n if self.size is None else min(n, self.size - self.read_bytes)
        start = self.read_bytes
        out = self.head[start : start + left]
        if len(out) < left:
            out += self.fill * ((left - len(out)) // len(self.fill) + 1)
            out = out[:left]
        self.read_bytes += len(out)
        return out


def refused(source: str, **options: object) -> NewscredError:
    with pytest.raises(NewscredError) as caught:
        list(read_source(source, **options))  # type: ignore[arg-type]
    return caught.value


# --- bytes ------------------------------------------------------------------------------


def test_stdin_is_read_no_further_than_the_cap_plus_one_byte() -> None:
    stream = CountingStream(b"word ")
    error = refused("-", stdin=stream, max_bytes=1000)
    assert error.code == "NC105" and "1,000-byte limit" in error.message
    assert "--max-bytes" in error.hint
    assert stream.read_bytes == 1001


@pytest.mark.parametrize(
    ("head", "cap"),
    [
        (b"<!doctype html><html><body><p>", DEFAULT_MAX_PAGE_BYTES),
        (b"Plain headline\n\n", DEFAULT_MAX_PAGE_BYTES),
        (b'{"text": "a"}\n{"text": "', DEFAULT_MAX_BYTES),
        (b"title,text\nA,", DEFAULT_MAX_BYTES),
    ],
)
def test_stdin_defaults_follow_the_sniffed_format(head: bytes, cap: int) -> None:
    stream = CountingStream(b"a", head=head)
    error = refused("-", stdin=stream)
    assert error.code == "NC105" and f"{cap:,}-byte limit" in error.message
    assert stream.read_bytes == cap + 1


def test_a_file_that_grows_after_its_size_was_checked_is_read_only_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>small</p>")  # the size check passes; then the file "grows"
    streams: list[CountingStream] = []

    def fake_open(name: object, mode: str = "r", *args: object, **kwargs: object) -> CountingStream:
        assert str(name) == str(path) and mode == "rb"
        streams.append(CountingStream(b"<p>more</p>"))
        return streams[-1]

    monkeypatch.setattr("builtins.open", fake_open)
    error = refused(str(path), max_bytes=5000)
    assert error.code == "NC105" and streams[0].read_bytes == 5001


def test_html_and_text_files_default_to_the_page_cap_and_tables_to_the_batch_cap(tmp_path: Path) -> None:
    for name in ("page.html", "page.txt"):
        path = tmp_path / name
        with path.open("wb") as file:
            file.truncate(DEFAULT_MAX_PAGE_BYTES + 1)  # sparse: refused on its size, unread
        error = refused(str(path))
        assert error.code == "NC105" and "10,000,000-byte limit for pages" in error.message
    # An 11 MB JSONL batch is under the 20 MB batch cap: it is read.
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"text": "x" * (DEFAULT_MAX_PAGE_BYTES + 1_000_000)}) + "\n")
    (record,) = read_source(str(batch))
    assert isinstance(record, ArticleInput)
    # An explicit max_bytes applies to every format.
    assert refused(str(batch), max_bytes=1_000_000).code == "NC105"


class FakeResponse:
    """A urllib3 response: headers, and a body handed out by read(n) and counted."""

    def __init__(self, size: int | None, *, declared: int | None = None) -> None:
        self.headers = {} if declared is None else {"Content-Length": str(declared)}
        self.body = CountingStream(b"<p>a</p>", size=size)

    @property
    def read_bytes(self) -> int:
        return self.body.read_bytes

    def read(self, n: int) -> bytes:
        return self.body.read(n)


def test_a_fetched_body_without_a_length_is_read_no_further_than_the_cap_plus_one_byte() -> None:
    response = FakeResponse(None)
    with pytest.raises(NewscredError) as caught:
        url_module._read_body(response, "https://news.example/a", 200_000, time.monotonic() + 60)  # type: ignore[arg-type]
    assert caught.value.code == "NC105" and "200,000-byte limit" in caught.value.message
    assert response.read_bytes == 200_001  # not a whole chunk past it


def test_a_declared_oversize_body_is_refused_before_any_of_it_is_read() -> None:
    response = FakeResponse(None, declared=DEFAULT_MAX_PAGE_BYTES + 1)
    with pytest.raises(NewscredError) as caught:
        url_module._read_body(response, "https://news.example/a", DEFAULT_MAX_PAGE_BYTES, time.monotonic() + 60)  # type: ignore[arg-type]
    assert caught.value.code == "NC105" and response.read_bytes == 0


def test_a_body_exactly_at_the_cap_is_read_whole() -> None:
    response = FakeResponse(1000)
    body = url_module._read_body(response, "https://news.example/a", 1000, time.monotonic() + 60)  # type: ignore[arg-type]
    assert len(body) == 1000


def test_urls_and_feeds_default_to_the_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    assert url_module.fetch_url.__kwdefaults__["max_bytes"] == DEFAULT_MAX_PAGE_BYTES
    assert FeedReader().max_bytes == DEFAULT_MAX_PAGE_BYTES
    asked: list[int] = []

    def fake_fetch(url: str, *, max_bytes: int, **options: object) -> FetchedPage:
        asked.append(max_bytes)
        return FetchedPage(url=url, content_type="text/plain", body=f"Headline\n{PARAGRAPH}".encode(), encoding=None)

    monkeypatch.setattr(url_module, "fetch_url", fake_fetch)
    list(read_source("https://news.example/a"))
    list(read_source("https://news.example/a", max_bytes=123_456))
    assert asked == [DEFAULT_MAX_PAGE_BYTES, 123_456]


# --- characters ---------------------------------------------------------------------------


def test_a_6_million_character_text_is_refused_before_cleaning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newscred.ingest import build

    monkeypatch.setattr(build, "clean_text", lambda *a, **k: pytest.fail("cleaned"))
    path = tmp_path / "huge.txt"
    path.write_text("Budget talks\n\n" + f"{PARAGRAPH}\n\n" * 78_000, encoding="utf-8")  # 6.3M chars
    (record,) = read_source(str(path))
    with pytest.raises(NewscredError) as caught:
        build_article(record)  # type: ignore[arg-type]
    assert caught.value.code == "NC113" and "200,000" in caught.value.message


def test_text_over_the_limit_is_refused_before_cleaning(monkeypatch: pytest.MonkeyPatch) -> None:
    from newscred.ingest import build

    monkeypatch.setattr(build, "clean_text", lambda *a, **k: pytest.fail("cleaned"))
    for record in (ArticleInput(text="word " * 300), ArticleInput(title="word " * 300, text=PARAGRAPH)):
        with pytest.raises(NewscredError) as caught:
            build_article(record, max_chars=1000)
        assert caught.value.code == "NC113"


def big_page(paragraphs: int) -> str:
    body = "".join(f"<p>{PARAGRAPH} Paragraph {i}.</p>\n" for i in range(paragraphs))
    return f"<!doctype html><html><head><title>Budget</title></head><body><article>{body}</article></body></html>"


def test_a_page_of_megabytes_of_text_is_refused_before_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    page = big_page(62_000)  # ~6.2 MB of plain paragraphs
    assert len(page) > 6_000_000
    monkeypatch.setattr(html_module, "extract_html", lambda *a, **k: pytest.fail("extracted"))
    with pytest.raises(NewscredError) as caught:
        build_article(ArticleInput(html=page))
    assert caught.value.code == "NC113" and "not extracted" in caught.value.message


def test_a_heavy_page_with_a_normal_article_is_still_extracted() -> None:
    script = "<script>var data = '" + "x" * 3_000_000 + "';</script>"
    style = "<style>" + ".a{color:red}" * 50_000 + "</style>"
    nav = "<nav>" + "<a href='/s'>Section</a>" * 2_000 + "</nav>"
    page = (
        f"<html><head><title>Budget</title>{script}{style}</head><body>{nav}<article>"
        + "".join(f"<p>{PARAGRAPH} Point {i}.</p>" for i in range(40))
        + "</article></body></html>"
    )
    assert len(page) > HTML_TEXT_FACTOR * 200_000
    article, _ = build_article(ArticleInput(html=page))
    assert "Point 39." in article.body


def test_a_page_between_the_limit_and_the_pre_check_is_measured_after_extraction() -> None:
    with pytest.raises(NewscredError) as caught:
        build_article(ArticleInput(html=big_page(40)), max_chars=1000)
    assert caught.value.code == "NC113" and "article text is" in caught.value.message


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ("<p>a b</p>", 2),
        ("<p>caf&eacute; &#233;&#x41;</p>", 6),
        ("<script>x = '<p>hidden</p>'</script><style>p{}</style><!-- hidden -->seen", 4),
        ("seen<script>never closed <p>hidden</p>", 4),
        ("a < b and <!-- unclosed", 6),
        ("<template><p>hidden</p></template><noscript>hidden</noscript>ok", 2),
    ],
)
def test_visible_chars(html: str, count: int) -> None:
    assert visible_chars(html) == count


@pytest.mark.parametrize("unit", ["<", "<script>", "<!--", "<style", "<a ", "&#"])
def test_visible_chars_is_linear_on_hostile_markup(unit: str) -> None:
    assert 0 <= visible_chars(unit * (2_000_000 // len(unit))) <= 2_000_000  # time: bench/bench_caps.py


# --- the command --------------------------------------------------------------------------


def test_check_refuses_a_12_mb_page_naming_the_option_and_takes_it_when_raised(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text(big_page(120_000), encoding="utf-8")  # ~12 MB
    assert path.stat().st_size > DEFAULT_MAX_PAGE_BYTES
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 2 and "NC105" in result.stderr
    assert "10,000,000-byte limit" in result.stderr and "--max-bytes" in result.stderr
    raised = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--max-bytes", "20000000"])
    assert raised.exit_code == 2 and "NC113" in raised.stderr  # read now; far over --max-chars
    assert "--max-chars" in raised.stderr
