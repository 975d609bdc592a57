from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscred.cli import app

from .conftest import EXAMPLES, SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_json_report_for_a_text_file(tmp_path):
    path = write(tmp_path, "a.txt", f"{WIRE_TITLE}\n\n{WIRE_BODY}\n")
    result = invoke("check", path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["article"]["title"] == WIRE_TITLE
    assert data[0]["schema_version"]


def test_terminal_output_shows_score_and_reasons():
    result = invoke("check", str(EXAMPLES / "sensational_relay.txt"))
    assert result.exit_code == 0, result.output
    assert "/100" in result.stdout
    assert "sourcing" in result.stdout and "headline" in result.stdout


def test_bundled_sensational_example_is_well_below_the_wire_example():
    result = invoke("check", str(EXAMPLES / "wire_report.txt"),
                    str(EXAMPLES / "sensational_relay.txt"), "--format", "json")
    wire, sensational = json.loads(result.stdout)
    assert sensational["assessment"]["score"] <= wire["assessment"]["score"] - 15
    assert sum(1 for s in sensational["signals"] if s["spans"]) >= 3


def test_jsonl_batch_with_a_bad_line_reports_it_and_exits_3(tmp_path):
    lines = [
        json.dumps({"id": "a", "title": WIRE_TITLE, "text": WIRE_BODY}),
        "{not json",
        json.dumps({"id": "c", "title": SENSATIONAL_TITLE, "body": SENSATIONAL_BODY}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    result = invoke("check", path, "--format", "jsonl")
    assert result.exit_code == 3
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["article"]["id"] if "article" in o else o["id"] for o in out] == ["a", None, "c"]
    assert out[1]["error"]["code"] == "NC106" and out[1]["error"]["hint"]
    assert "1 failed" in result.stderr


def test_csv_batch(tmp_path):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "text", "outlet"])
    writer.writerow(["w", WIRE_TITLE, WIRE_BODY, "Ardenport Daily"])
    writer.writerow(["s", SENSATIONAL_TITLE, SENSATIONAL_BODY, ""])
    path = write(tmp_path, "batch.csv", buffer.getvalue())
    result = invoke("check", path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["article"]["id"] for o in out] == ["w", "s"]
    assert out[0]["article"]["outlet"] == "Ardenport Daily"


def test_stdin_and_output_file(tmp_path):
    target = tmp_path / "report.md"
    result = invoke("check", "-", "--format", "markdown", "-o", str(target),
                    input=f"{WIRE_TITLE}\n\n{WIRE_BODY}")
    assert result.exit_code == 0, result.output
    assert WIRE_TITLE in target.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temporary file left


def test_html_output_is_one_document(tmp_path):
    result = invoke("check", str(EXAMPLES / "wire_report.txt"), str(EXAMPLES / "satire.txt"),
                    "--format", "html")
    assert result.exit_code == 0
    assert result.stdout.count("<!doctype html>") + result.stdout.count("<!DOCTYPE html>") == 1


def test_fail_under_exits_4():
    result = invoke("check", str(EXAMPLES / "sensational_relay.txt"), "--format", "json",
                    "--fail-under", "99")
    assert result.exit_code == 4
    ok = invoke("check", str(EXAMPLES / "sensational_relay.txt"), "--format", "json",
                "--fail-under", "0")
    assert ok.exit_code == 0


def test_title_options(tmp_path):
    path = write(tmp_path, "a.txt", f"First line here\n\n{WIRE_BODY}")
    as_title = json.loads(invoke("check", path, "-f", "json").stdout)[0]["article"]
    assert as_title["title"] == "First line here"
    no_title = json.loads(invoke("check", path, "-f", "json", "--no-title").stdout)[0]["article"]
    assert no_title["title"] == "" and no_title["body"].startswith("First line here")
    given = json.loads(invoke("check", path, "-f", "json", "--title", "Given").stdout)[0]["article"]
    assert given["title"] == "Given"


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("empty.txt", "", "NC101"),
        ("blank.txt", "   \n\n  ", "NC101"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "NC102"),
        ("doc.pdf", b"%PDF-1.4 hello", None),
        ("bad.json", "{oops", "NC106"),
        ("notext.json", json.dumps({"title": "only a title"}), "NC108"),
    ],
)
def test_bad_inputs_exit_2_with_a_clear_message(tmp_path, name, content, code):
    path = write(tmp_path, name, content)
    result = invoke("check", path, "--format", "json")
    assert result.exit_code == 2
    assert "error NC1" in result.stderr and "hint:" in result.stderr
    if code:
        assert code in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_missing_file_and_unknown_extension(tmp_path):
    missing = invoke("check", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "NC100" in missing.stderr
    odd = invoke("check", write(tmp_path, "a.docx", "hello"))
    assert odd.exit_code == 2 and "NC103" in odd.stderr


def test_undecodable_and_oversized_input(tmp_path):
    undecodable = invoke("check", write(tmp_path, "u.txt", bytes(range(128, 256)) * 40))
    assert undecodable.exit_code == 2 and "NC10" in undecodable.stderr
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing it
    too_big = invoke("check", str(big))
    assert too_big.exit_code == 2 and "NC105" in too_big.stderr


def test_refused_url_exits_2():
    result = invoke("check", "http://127.0.0.1:9/article")
    assert result.exit_code == 2 and "NC110" in result.stderr


def test_several_sources_one_missing_goes_on(tmp_path):
    result = invoke("check", str(EXAMPLES / "wire_report.txt"), str(tmp_path / "gone.txt"),
                    "--format", "jsonl")
    assert result.exit_code == 3
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert "article" in out[0] and out[1]["error"]["code"] == "NC100"


def test_version_and_schema():
    version = invoke("--version")
    assert version.exit_code == 0
    assert "newscred" in version.stdout and "schema" in version.stdout
    assert "assessment_model" in version.stdout
    schema = json.loads(invoke("schema").stdout)
    assert schema["title"] == "newscred report"


def test_subprocess_run_of_the_installed_command(tmp_path):
    exe = Path(sys.executable).with_name("newscred")
    proc = subprocess.run(
        [str(exe), "check", str(EXAMPLES / "wire_report.txt"), "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["assessment"]["band"] in {"reliable", "mixed", "unreliable"}
    bad = subprocess.run([str(exe), "check", str(tmp_path / "none.txt")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


PAGE = f"""<!doctype html><html><head><title>{WIRE_TITLE} | Ardenport Daily</title>
<meta property="og:site_name" content="Ardenport Daily">
<meta name="author" content="Jo Lee"><meta property="article:published_time" content="2026-03-02">
<link rel="canonical" href="https://ardenport-daily.example/grant-suit"></head>
<body><nav>Home | Politics | Sports</nav><article><h1>{WIRE_TITLE}</h1>
{''.join(f'<p>{p}</p>' for p in WIRE_BODY.split(chr(10) + chr(10)))}
<p>Read the <a href="https://www.justice.gov/grants/conditions.pdf">grant conditions</a>.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_html_file_gives_metadata_and_links(tmp_path):
    path = write(tmp_path, "page.html", PAGE)
    result = invoke("check", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    article = json.loads(result.stdout)[0]["article"]
    assert article["outlet"] == "Ardenport Daily"
    assert "Mayor" in article["body"] and "Politics | Sports" not in article["body"]
    assert any("justice.gov" in link["url"] for link in article["links"])


def test_url_is_fetched_from_a_local_server_when_allowed():
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            data = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story"
        refused = invoke("check", url)
        assert refused.exit_code == 2 and "NC110" in refused.stderr
        result = invoke("check", url, "--allow-private-urls", "--format", "json")
        assert result.exit_code == 0, result.stderr
        report = json.loads(result.stdout)[0]
        assert report["article"]["outlet"] == "Ardenport Daily"
        sourcing = next(s for s in report["signals"] if s["name"] == "sourcing")
        assert sourcing["details"]["quotes"] >= 2
    finally:
        server.shutdown()
        server.server_close()


def test_single_article_over_the_size_limit_exits_2(tmp_path):
    path = write(tmp_path, "long.txt", "Headline\n\n" + "word " * 3000)
    result = invoke("check", path, "--max-chars", "1000", "--format", "json")
    assert result.exit_code == 2 and "NC113" in result.stderr and result.stdout == ""
    single_bad = write(tmp_path, "one.jsonl", "{broken\n")
    result = invoke("check", single_bad, "--format", "jsonl")
    assert result.exit_code == 2 and "NC106" in result.stderr


def test_show_with_an_unknown_signal_names_the_known_ones(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n", encoding="utf-8")
    result = invoke("check", str(path), "--show", "persuasoin,claims")
    assert result.exit_code == 2
    assert "NC114" in result.output and "persuasoin" in result.output
    assert "persuasion" in result.output  # the hint lists the known names
    assert invoke("check", str(path), "--show", "persuasion,claims").exit_code == 0


def test_the_readme_json_example_gets_a_score():
    from newscred import check

    fields = json.loads((EXAMPLES / "wire_report.json").read_text(encoding="utf-8"))
    report = check(**fields)
    assert not report.assessment.abstained and report.assessment.score is not None
    assert "examples/wire_report.json" in (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")


def test_extra_input_fields_are_carried_in_article_extra_with_one_note_per_run(tmp_path):
    records = [{"id": str(n), "title": WIRE_TITLE, "text": WIRE_BODY, "section": f"local-{n}",
                "Desk": {"editor": "R. Diaz"}} for n in range(3)]
    path = write(tmp_path, "a.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    result = invoke("check", path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["extra"] for r in reports] == [
        {"section": f"local-{n}", "Desk": {"editor": "R. Diaz"}} for n in range(3)]
    assert all(not r["warnings"] for r in reports)
    assert result.stderr.count("article.extra") == 1
    assert "'section', 'Desk'" in result.stderr
    plain = invoke("check", write(tmp_path, "b.txt", f"{WIRE_TITLE}\n\n{WIRE_BODY}\n"), "-f", "json")
    assert json.loads(plain.stdout)[0]["article"]["extra"] == {}
    assert "article.extra" not in plain.stderr


def test_help_names_values_in_plain_words_for_every_command(capsys, monkeypatch):
    from newscred.cli import command

    monkeypatch.setenv("COLUMNS", "200")
    root = command()

    def help_of(path):
        root.main([*path, "--help"], prog_name="newscred", standalone_mode=False)
        return capsys.readouterr().out

    paths = [[]]
    for name, sub in root.commands.items():
        paths.append([name])
        paths.extend([name, inner] for inner in getattr(sub, "commands", {}))
    assert len(paths) > 15
    for path in paths:
        output = help_of(path)
        assert "--help" in output, path
        for typer_word in ("<bool>", "<str>", "<int", "<float", "<list", "<path>"):
            assert typer_word not in output, (path, typer_word)
    check = help_of(["check"])
    assert "terminal|json|jsonl|markdown|html" in check and " N [1<=x<=20]" in check
