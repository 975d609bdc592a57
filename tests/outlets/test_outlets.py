"""Outlet records, user lists, lookalike detection and the outlet signal."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.pipeline import Pipeline
from newscred.outlets.domains import host_of, registrable
from newscred.outlets.lookalike import LookalikeDetector, skeleton
from newscred.outlets.table import SourceTable, normalised_bias
from tests.conftest import WIRE_BODY, WIRE_TITLE


@pytest.fixture
def table(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCRED_DATA_DIR", str(tmp_path))
    return SourceTable.load(tmp_path)


def test_host_normalisation():
    assert host_of("https://WWW.NYTimes.com/2020/01/x.html") == "nytimes.com"
    assert host_of("m.bbc.co.uk") == "bbc.co.uk"
    assert host_of("amp.cnn.com:443/x") == "cnn.com"
    assert host_of("nytіmes.com").startswith("xn--")  # Cyrillic і becomes punycode
    assert registrable("news.example.co.uk") == "example.co.uk"
    with pytest.raises(NewscredError):
        host_of("not a domain")


@pytest.mark.parametrize(("domain", "real"), [
    ("abcnews.com.co", "abcnews.go.com"),      # brand under another suffix
    ("cnn-news24.com", "cnn.com"),             # decoration
    ("newsbbc.net", "bbc.co.uk"),
    ("nytіmes.com", "nytimes.com"),            # Cyrillic homoglyph
    ("nytirnes.com", "nytimes.com"),           # rn for m
    ("washingtonpots.com", "washingtonpost.com"),  # one swap
    ("cnn.com.breaking-news.info", "cnn.com"),  # brand as a subdomain elsewhere
])
def test_lookalikes(table, domain, real):
    assert table.detector.lookalike_of(host_of(domain)) == real


@pytest.mark.parametrize("domain", [
    "nytimes.com", "edition.cnn.com", "news.sky.com", "abcnews.go.com", "timeout.com",
    "example.org", "cnbc.com", "theatlantic.com",
])
def test_real_and_unrelated_domains_are_not_lookalikes(table, domain):
    assert table.detector.lookalike_of(host_of(domain)) is None


def test_detector_is_data_driven():
    detector = LookalikeDetector(["ardenportdaily.com"])
    assert detector.lookalike_of("ardenportdaily.com.co") == "ardenportdaily.com"
    assert detector.lookalike_of("nytimes.com.co") is None  # not a known outlet here
    assert skeleton("рaypal") == "paypal"


def test_records_cite_every_field_and_unknown_is_not_bad(table):
    fake = table.lookup("abcnews.com.co")
    assert fake.known and fake.categories == ["fake"] and fake.lookalike_of == "abcnews.go.com"
    fields = {s["field"] for s in fake.sources}
    assert {"categories:fake", "lookalike_of"} <= fields
    assert all(s["source"] and s["licence"] for s in fake.sources)
    unknown = table.lookup("ardenport-gazette.example")
    assert not unknown.known and unknown.categories == [] and unknown.lookalike_of is None
    assert table.lookup("Fox News").domain == "foxnews.com"


def test_user_list_overrides_in_the_configured_order(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCRED_DATA_DIR", str(tmp_path / "data"))
    mine = tmp_path / "mine.csv"
    mine.write_text("domain,factuality,bias,categories,notes,source,date\n"
                    "https://www.foxnews.com,mixed,right,,,Our desk,2026-10\n"
                    "ardenport-gazette.example,high,center,local,,Our desk,2026-10\n")
    result = CliRunner().invoke(app, ["sources", "import", str(mine), "--name", "ourdesk"])
    assert result.exit_code == 0, result.output
    record = SourceTable.load().lookup("foxnews.com")
    assert record.factuality == "mixed" and record.bias_normalised == "right"
    assert record.name == "Fox News"  # from the curated list: fields merge, each cited
    cites = {s["field"]: s["list"] for s in record.sources}
    assert cites["factuality"] == "ourdesk" and cites["name"] == "curated"
    listed = CliRunner().invoke(app, ["sources", "list"])
    assert listed.output.index("ourdesk") < listed.output.index("curated")
    (tmp_path / "data" / "sources.toml").write_text('order = ["nonexistent"]\n')
    assert CliRunner().invoke(app, ["sources", "list"]).exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("site,rating\nx.com,1\n")
    assert CliRunner().invoke(app, ["sources", "import", str(bad), "--name", "bad"]).exit_code == 2


def test_bias_normalisation():
    assert normalised_bias("left-center") == "left"
    assert normalised_bias("Center") == "centre"
    assert normalised_bias("extreme-right") == "right"
    assert normalised_bias("pro-science") is None


def test_source_command_json(table):
    result = CliRunner().invoke(app, ["source", "https://usatoday.com.co/story", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["lookalike_of"] == "usatoday.com" and record["known"] is True
    assert CliRunner().invoke(app, ["source", "???"]).exit_code == 2


def test_outlet_signal_never_moves_the_score(pipeline, table):
    plain = pipeline.check({"title": WIRE_TITLE, "text": WIRE_BODY})
    fake = pipeline.check({"title": WIRE_TITLE, "text": WIRE_BODY, "url": "https://abcnews.com.co/x"})
    assert plain.signal("outlet") is None  # no outlet given: no outlet signal
    outlet = fake.signal("outlet")
    assert outlet is not None and outlet.score >= 0.8
    assert "abcnews.go.com" in outlet.summary
    assert fake.assessment.score == plain.assessment.score
    assert "outlet" not in {c.name for c in fake.assessment.components}


def test_sources_route():
    pytest.importorskip("fastapi", reason="needs the serve extra")
    from fastapi.testclient import TestClient

    from newscred.server.app import create_app

    with TestClient(create_app(pipeline=Pipeline(analyzers=[]))) as client:
        body = client.get("/v1/sources/abcnews.com.co").json()
        assert body["lookalike_of"] == "abcnews.go.com"
        assert client.get("/v1/sources/unknown-outlet.example").json()["known"] is False
        assert client.get("/v1/sources/%3F%3F").status_code == 422


def test_source_text_output_has_no_python_values():
    from typer.testing import CliRunner

    from newscred.cli import app

    result = CliRunner().invoke(app, ["source", "abcnews.com.co"])
    assert result.exit_code == 0
    assert "known: yes" in result.output and "categories: fake" in result.output
    for python_value in ("True", "False", "None", "['"):
        assert python_value not in result.output
