"""Reports and comparisons in notebooks: _repr_html_ (scoped, escaped, no scripts), and
docs/notebook.ipynb executed end to end with nbclient."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import newscred
from newscred.comparison import Comparison
from newscred.render.notebook import scoped_css

ROOT = Path(__file__).resolve().parents[1]
BODY = ("The council voted 5-2 on Tuesday to approve the budget, the mayor said in a statement. "
        "\"We listened to residents,\" council member Ana Ruiz said. ") * 8


def _rules(css: str) -> list[str]:
    """Selectors of every rule, at-rules opened."""
    css = re.sub(r"@[^{]+\{", "", css)
    return [head.strip() for head in re.findall(r"([^{}]+)\{[^{}]*\}", css)]


def test_a_report_renders_as_a_scoped_fragment_without_scripts():
    report = newscred.check(title="<script>alert(1)</script> Council approves budget", text=BODY)
    html = report._repr_html_()
    assert html.startswith('<div class="newscred-nb">') and html.endswith("</div>")
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    selectors = [s.strip() for head in _rules(style) for s in head.split(",")]
    assert selectors and all(s.startswith(".newscred-nb") for s in selectors), selectors[:5]
    assert 'class="assessment' in html and "Council approves budget" in html
    again = newscred.check(title="Council approves budget", text=BODY)._repr_html_()
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', again))  # unique per output


def test_css_scoping_keeps_at_rules_and_commas_inside_functions():
    css = ("body { margin: 0 } h1, h2 { color: red }\n"
           "@media (max-width: 4rem) { .a:has(.b, .c) td { x: y } }")
    out = scoped_css(css, "s")
    assert ".s { margin: 0 }" in out and ".s h1, .s h2 {" in out
    assert "@media (max-width: 4rem) { .s .a:has(.b, .c) td { x: y } }" in out


@pytest.mark.slow
def test_a_comparison_renders_with_and_without_its_reports():
    comparison = newscred.compare({"title": "Council approves budget", "text": BODY},
                                  {"title": "Budget passes council", "text": BODY.replace("Tuesday", "Monday")})
    html = comparison._repr_html_()
    assert "Same story" in html and "class=columns" in html and "<script" not in html.lower()
    assert html.count('class="article"') == 2
    back = Comparison.model_validate(comparison.model_dump(mode="json"))
    plain = back._repr_html_()
    assert "Same story" in plain and plain.count('class="article"') == 0


@pytest.mark.slow
def test_the_notebook_runs_end_to_end_and_is_committed_without_outputs():
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    path = ROOT / "docs" / "notebook.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in notebook.cells if c.cell_type == "code"), "commit the notebook without outputs"
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('class="newscred-nb"' in h and "assessment" in h for h in html)  # a report
    assert any("Same story" in h for h in html)  # the comparison
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the score plot
