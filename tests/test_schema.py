from __future__ import annotations

import json

import jsonschema

from newscred.report import SCHEMA_VERSION, report_json_schema

from .conftest import ROOT, SENSATIONAL_BODY, SENSATIONAL_TITLE


def test_report_validates_against_published_schema(pipeline):
    published = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    assert published == report_json_schema(), "docs/report.schema.json is stale: run make schema"
    report = pipeline.check(title=SENSATIONAL_TITLE, text=SENSATIONAL_BODY)
    jsonschema.Draft202012Validator(published).validate(json.loads(report.model_dump_json()))
    short = pipeline.check(text="Too short to judge.")
    jsonschema.Draft202012Validator(published).validate(json.loads(short.model_dump_json()))


def test_schema_rejects_a_broken_report(pipeline):
    published = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    data = json.loads(pipeline.check(title="t", text=SENSATIONAL_BODY).model_dump_json())
    data["signals"][0]["score"] = "high"
    errors = list(jsonschema.Draft202012Validator(published).iter_errors(data))
    assert errors


def test_schema_version_is_semver():
    major, minor, patch = SCHEMA_VERSION.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))
