"""read_source: files, stdin and formats; whole-input errors raise, record errors yield."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, RecordError, build_article, read_source
from newscred.ingest import url as url_module

HEADLINE = "Library extends weekend opening hours"
PARA_1 = "The central library will open on Sundays from next month, the city said on Friday."
PARA_2 = "Staff will be moved from weekday evening shifts, which draw few visitors."


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def only(source: str, **options: object) -> ArticleInput:
    records = list(read_source(source, **options))  # type: ignore[arg-type]
    assert len(records) == 1
    assert isinstance(records[0], ArticleInput)
    return records[0]


def code_of(source: str, **options: object) -> str:
    with pytest.raises(NewscredError) as caught:
        read_source(source, **options)  # type: ignore[arg-type]
    return caught.value.code


# --- the .txt headline rule -------------------------------------------------------------


def test_txt_first_line_is_the_headline_when_more_lines_follow(tmp_path: Path) -> None:
    record = only(write(tmp_path, "a.txt", f"\n{HEADLINE}\n\n{PARA_1}\n{PARA_2}\n"))
    assert record.title == HEADLINE
    assert record.text == f"{PARA_1}\n{PARA_2}"


def test_txt_single_paragraph_is_all_body(tmp_path: Path) -> None:
    record = only(write(tmp_path, "a.txt", f"{PARA_1} {PARA_2}\n"))
    assert record.title is None
    assert record.text == f"{PARA_1} {PARA_2}"


def test_txt_title_option_overrides_and_makes_everything_body(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", f"{HEADLINE}\n{PARA_1}\n")
    record = only(path, title="Sunday opening for library")
    assert record.title == "Sunday opening for library"
    assert record.text == f"{HEADLINE}\n{PARA_1}"
    no_title = only(path, no_title=True)
    assert no_title.title is None
    assert no_title.text == f"{HEADLINE}\n{PARA_1}"


def test_txt_leading_boilerplate_is_not_taken_for_the_headline(tmp_path: Path) -> None:
    text = f"Skip to main content\n# {HEADLINE}\n{PARA_1}\n{PARA_2}\n"
    record = only(write(tmp_path, "a.txt", text))
    assert record.title == HEADLINE
    article, _ = build_article(record)
    assert article.body == f"{PARA_1}\n{PARA_2}"
    assert article.cleaning[0].rule == "navigation"


def test_crlf_text_is_normalised(tmp_path: Path) -> None:
    record = only(write(tmp_path, "a.txt", f"{HEADLINE}\r\n{PARA_1}\r\n{PARA_2}\r\n".encode()))
    assert record.text == f"{PARA_1}\n{PARA_2}"


# --- other formats ----------------------------------------------------------------------


def test_html_file_is_one_html_record_without_url(tmp_path: Path) -> None:
    html = f"<html><body><h1>{HEADLINE}</h1><p>{PARA_1}</p></body></html>"
    record = only(write(tmp_path, "a.htm", html), title="Given title")
    assert record.html == html
    assert record.url is None
    assert record.title == "Given title"


def test_json_object_and_array(tmp_path: Path) -> None:
    record = only(write(tmp_path, "a.json", json.dumps({"id": 9, "title": HEADLINE, "body": PARA_1})))
    assert (record.id, record.title, record.text) == ("9", HEADLINE, PARA_1)
    items = [{"text": PARA_1}, "not an object", {"id": "b", "text": PARA_2, "title": 5}, {"html": "<p>x</p>"}]
    records = list(read_source(write(tmp_path, "b.json", json.dumps(items))))
    assert isinstance(records[0], ArticleInput)
    assert records[1] == RecordError(2, None, records[1].error)  # type: ignore[union-attr]
    assert isinstance(records[2], RecordError) and records[2].id == "b" and records[2].error.code == "NC109"
    assert isinstance(records[3], ArticleInput)


def test_jsonl_bad_line_fails_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "one", "title": HEADLINE, "text": PARA_1}),
        "",
        '{"id": "two", "text": "unterminated',
        json.dumps(["an", "array"]),
        json.dumps({"id": "five", "title": "No text here"}),
        json.dumps({"id": 6, "body": PARA_2, "tags": ["x"]}),
    ]
    records = list(read_source(write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")))
    assert len(records) == 5  # the blank line is not a record
    good = [r for r in records if isinstance(r, ArticleInput)]
    assert [r.id for r in good] == ["one", "6"]
    assert good[1].extra == {"tags": ["x"]}
    errors = [r for r in records if isinstance(r, RecordError)]
    assert [(e.record, e.id, e.error.code) for e in errors] == [(2, None, "NC106"), (3, None, "NC106"), (4, "five", "NC108")]
    assert "line 3" in errors[0].error.message


def test_csv_with_bom_multiline_cells_and_a_bad_row(tmp_path: Path) -> None:
    content = (
        "\ufeff ID ,Title,BODY,Section\r\n"
        f'1,{HEADLINE},"{PARA_1}\r\n{PARA_2}",local\r\n'
        "2,Missing text,,local\r\n"
        "\r\n"
        f'3,Too many cells,"{PARA_1}",local,extra\r\n'
        f'4,Fine,"{PARA_2}",\r\n'
    )
    records = list(read_source(write(tmp_path, "a.csv", content)))
    assert isinstance(records[0], ArticleInput)
    assert (records[0].id, records[0].title, records[0].text) == ("1", HEADLINE, f"{PARA_1}\r\n{PARA_2}")
    assert records[0].extra == {"Section": "local"}
    assert [(r.record, r.id, r.error.code) for r in records if isinstance(r, RecordError)] == [
        (2, "2", "NC108"),
        (3, None, "NC107"),
    ]
    assert isinstance(records[3], ArticleInput) and records[3].id == "4"


def test_csv_cells_longer_than_the_default_field_limit(tmp_path: Path) -> None:
    long_body = PARA_1 * 2000  # ~170 KB, over the csv module's default 128 KiB
    record = only(write(tmp_path, "a.csv", f'title,text\nLong,"{long_body}"\n'))
    assert record.text == long_body


def test_url_in_a_file_is_metadata_and_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("fetched")

    monkeypatch.setattr(url_module, "fetch_url", refuse)
    path = write(tmp_path, "a.jsonl", json.dumps({"url": "https://example.org/story", "text": PARA_1}))
    assert only(path).url == "https://example.org/story"
    errors = list(read_source(write(tmp_path, "b.jsonl", json.dumps({"url": "https://example.org/s"}))))
    assert isinstance(errors[0], RecordError) and errors[0].error.code == "NC108"


# --- whole-input errors -----------------------------------------------------------------


def test_missing_file_and_directory_are_nc100(tmp_path: Path) -> None:
    assert code_of(str(tmp_path / "nope.txt")) == "NC100"
    assert code_of(str(tmp_path / "nope")) == "NC100"
    assert code_of(str(tmp_path)) == "NC100"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", "\ufeff \n".encode()])
def test_empty_or_whitespace_is_nc101(tmp_path: Path, content: bytes) -> None:
    assert code_of(write(tmp_path, "a.txt", content)) == "NC101"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%binary",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"Headline\nbody with a \x00 NUL byte",
        bytes(range(1, 9)) * 50 + b"some text",
    ],
)
def test_binary_is_nc102(tmp_path: Path, content: bytes) -> None:
    assert code_of(write(tmp_path, "a.txt", content)) == "NC102"


def test_unknown_extension_is_nc103_and_bad_format_option_nc114(tmp_path: Path) -> None:
    assert code_of(write(tmp_path, "a.docx", PARA_1)) == "NC103"
    assert code_of(write(tmp_path, "article", PARA_1)) == "NC103"
    assert only(write(tmp_path, "b.dat", PARA_1), input_format="txt").text == PARA_1
    assert code_of(write(tmp_path, "c.txt", PARA_1), input_format="pdf") == "NC114"


def test_undecodable_bytes_are_nc104(tmp_path: Path) -> None:
    content = b"Headline\n" + bytes(range(0x80, 0x100)) * 3
    assert code_of(write(tmp_path, "a.txt", content)) == "NC104"


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = (
        "Caf\u00e9 reopens on Rue Lemoine\n"
        "The caf\u00e9 on Rue Lemoine reopened on Friday after eight months of repairs, "
        "its owner said. \u201cWe waited a long time,\u201d she told reporters \u2014 and the queue "
        "stretched past the bakery. Regulars said the new terrace was the best change.\n"
    )
    record = only(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert record.title == "Caf\u00e9 reopens on Rue Lemoine"
    assert "\u201cWe waited" in (record.text or "")
    assert record.decode_warning is not None and record.decode_warning.startswith("decoded as cp1252")
    _, warnings = build_article(record)
    assert [w.code for w in warnings] == ["NC104"]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    record = only(write(tmp_path, "a.txt", f"{HEADLINE}\n{PARA_1}".encode("utf-16")))
    assert (record.title, record.text, record.decode_warning) == (HEADLINE, PARA_1, None)


def test_over_max_bytes_is_nc105(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", PARA_1 * 10)
    assert code_of(path, max_bytes=100) == "NC105"
    assert code_of("-", stdin=io.BytesIO(b"x" * 101), max_bytes=100) == "NC105"


def test_a_sparse_100_mb_file_is_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(100_000_000)
    opened: list[object] = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    assert code_of(str(path)) == "NC105"
    assert opened == []


@pytest.mark.parametrize("content", ['{"text": "unclosed', "42", '"just a string"', "[1, 2"])
def test_malformed_json_file_is_nc106(tmp_path: Path, content: str) -> None:
    assert code_of(write(tmp_path, "a.json", content)) == "NC106"


def test_json_whole_input_checks(tmp_path: Path) -> None:
    assert code_of(write(tmp_path, "a.json", "[]")) == "NC101"
    assert code_of(write(tmp_path, "b.json", '{"title": "No text"}')) == "NC108"


@pytest.mark.parametrize("content", [f"{PARA_1},{PARA_2}\n1,2\n", "title,author\nA,B\n", 'text,"Text"\nA,B\n'])
def test_csv_without_usable_header_is_nc107(tmp_path: Path, content: str) -> None:
    assert code_of(write(tmp_path, "a.csv", content)) == "NC107"


def test_title_with_a_batch_is_nc114(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", json.dumps({"text": PARA_1}))
    assert code_of(path, title="One title for many") == "NC114"


# --- stdin and sniffing -----------------------------------------------------------------


def test_stdin_text() -> None:
    record = only("-", stdin=io.BytesIO(f"{HEADLINE}\n\n{PARA_1}\n".encode()))
    assert (record.title, record.text) == (HEADLINE, PARA_1)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"<!DOCTYPE html><html><body><p>{PARA_1}</p></body></html>", "html"),
        (json.dumps({"text": PARA_1}), "text"),
        (json.dumps({"text": PARA_1}) + "\n" + json.dumps({"text": PARA_2}), "jsonl"),
        (json.dumps([{"text": PARA_1}, {"text": PARA_2}]), "jsonl"),
        (f'title,text\n{HEADLINE},"{PARA_1}"\n', "text"),
    ],
)
def test_stdin_format_is_sniffed(content: str, expected: str) -> None:
    records = list(read_source("-", stdin=io.BytesIO(content.encode())))
    assert all(isinstance(r, ArticleInput) for r in records)
    if expected == "html":
        assert records[0].html == content  # type: ignore[union-attr]
    elif expected == "jsonl":
        assert [r.text for r in records] == [PARA_1, PARA_2]  # type: ignore[union-attr]
    else:
        assert [r.text for r in records] == [PARA_1]  # type: ignore[union-attr]


def test_stdin_errors_raise_before_anything_is_yielded() -> None:
    with pytest.raises(NewscredError) as caught:
        read_source("-", stdin=io.BytesIO(b""))
    assert caught.value.code == "NC101"
    with pytest.raises(NewscredError) as caught:
        read_source("-", stdin=io.BytesIO(b"%PDF-1.4 ..."))
    assert caught.value.code == "NC102"


def test_html_meta_charset_is_honoured_without_a_warning(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 d\u00e9j\u00e0 vu</p></body></html>'
    record = only(write(tmp_path, "a.html", html.encode("cp1252")))
    assert record.html == html
    assert record.decode_warning is None
