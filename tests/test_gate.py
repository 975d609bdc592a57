"""The CI gate: the fast evaluation subset must stay at or above eval/baseline.json."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newscred.cli import app

from .conftest import ROOT


@pytest.mark.slow
def test_fast_evaluation_meets_the_pinned_baseline(tmp_path, monkeypatch, shared_root):
    monkeypatch.setenv("NEWSCRED_PREDICTIONS", str(tmp_path))  # keep the checkout clean
    result = CliRunner().invoke(
        app, ["eval", "--gate", "--baseline", str(ROOT / "eval" / "baseline.json")]
    )
    assert result.exit_code == 0, result.stderr
    assert "gate passed" in result.stderr
