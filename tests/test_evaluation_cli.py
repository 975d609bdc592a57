from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.evaluation.harness import Row, TaskResult
from newscred.evaluation.document import check_gate, update_baseline

from .conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

runner = CliRunner()


def result(value: float) -> TaskResult:
    return TaskResult("demo", "Demo", [Row("s", "model", {"accuracy": value})],
                      data_sha256={"a.csv": "abc"}, gate={"accuracy": value})


def test_gate_fails_below_minimum_and_on_changed_data(tmp_path):
    path = tmp_path / "baseline.json"
    baseline = update_baseline([result(0.9)], path, reason="first pin", allow_lower=False)
    assert baseline["tasks"]["demo"]["minimums"]["accuracy"] == pytest.approx(0.88)
    assert check_gate([result(0.89)], baseline) == []
    assert check_gate([result(0.5)], baseline)
    changed = result(0.9)
    changed.data_sha256 = {"a.csv": "zzz"}
    assert any("changed" in f for f in check_gate([changed], baseline))


def test_lowering_a_minimum_needs_the_flag_and_a_reason(tmp_path):
    path = tmp_path / "baseline.json"
    update_baseline([result(0.9)], path, reason="first pin", allow_lower=False)
    with pytest.raises(NewscredError):
        update_baseline([result(0.7)], path, reason="worse", allow_lower=False)
    with pytest.raises(NewscredError):
        update_baseline([result(0.7)], path, reason=" ", allow_lower=True)
    lowered = update_baseline([result(0.7)], path, reason="new data", allow_lower=True)
    assert lowered["tasks"]["demo"]["minimums"]["accuracy"] == pytest.approx(0.68)
    assert lowered["history"][-1]["lowered"]


def test_eval_on_a_users_labelled_file(tmp_path):
    rows = []
    for i in range(6):
        rows.append({"body": WIRE_BODY + f" Item {i}.", "headline": WIRE_TITLE, "verdict": "ok"})
        rows.append({"body": SENSATIONAL_BODY + f" Item {i}.", "headline": SENSATIONAL_TITLE,
                     "verdict": "bad"})
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = runner.invoke(app, ["eval", str(path), "--text-field", "body", "--title-field",
                              "headline", "--label-field", "verdict", "--positive", "ok",
                              "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    model = data["rows"][0]
    assert model["system"] == "newscred assessment" and model["metrics"]["roc_auc"] == 1.0
    missing = runner.invoke(app, ["eval", str(path), "--positive", "ok"])
    assert missing.exit_code == 2 and "NC109" in missing.stderr


def test_unknown_task_is_a_clear_error():
    out = runner.invoke(app, ["eval", "nosuchtask"])
    assert out.exit_code == 2 and "unknown evaluation task" in out.stderr


def test_an_unknown_output_format_is_refused_not_read_as_markdown():
    result = runner.invoke(app, ["eval", "clickbait", "--fast", "-f", "xml"])
    assert result.exit_code == 2
    assert "'markdown', 'json'" in result.output


def test_transfer_and_credibility_are_deprecated_names_of_the_assessment_task(capsys):
    from newscred.cli.evaluate import task_names
    from newscred.training.registry import TASKS

    assert task_names(["transfer"]) == ["assessment"]
    assert task_names(["credibility", "assessment", "transfer"]) == ["assessment"]
    assert "credibility" in capsys.readouterr().err
    assert "assessment" in TASKS and "transfer" not in TASKS
    assert task_names(["all"]) == list(TASKS)


def test_a_task_result_goes_by_the_name_it_ran_under(tmp_path):
    from newscred.evaluation.harness import Task

    task = Task("assessment", lambda root, fast: TaskResult("transfer", "T", []))
    assert task.run(tmp_path, fast=True).task == "assessment"


def test_naming_a_task_or_target_imports_no_fitting_code():
    import subprocess
    import sys

    code = ("import sys, newscred.cli, newscred.training.registry; "
            "print(','.join(m for m in sys.modules if m.startswith('newscred.training.') "
            "and m != 'newscred.training.registry'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
