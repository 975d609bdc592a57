"""The Markdown document: sections, tables, escaping of article text."""

from __future__ import annotations

import re

from newscred.article import CleaningEntry
from newscred.render import render_markdown
from newscred.report import WHAT_IT_MEASURES

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_section_score_and_reasons(report):
    out = render_markdown([report])
    assert "## Mayor \\[bold\\]sues\\[/\\] \\| council over grants" in out
    assert "**62/100 · mixed** (confidence 50%)" in out
    assert f"*{WHAT_IT_MEASURES}*" in out
    moves = out[out.index("### Why this score"):out.index("### Signals")]
    assert "- **language** (−5.0 points; concern 72%): Loaded, emotive words" in moves
    assert "- **wording** (+4.0 points): The text's word patterns" in moves
    assert (moves.index("**Lowered the score**") < moves.index("**language**")
            < moves.index("**sourcing**") < moves.index("**Raised the score**")
            < moves.index("**wording**"))
    assert "**style**" not in moves and "**headline**" not in moves  # under half a point; no points


def test_an_abstained_report_lists_the_signals_of_most_concern(abstained):
    out = render_markdown([abstained])
    assert "### Signals of most concern (no score was given)" in out
    assert "Why this score" not in out


def test_pipe_in_a_span_is_escaped(report):
    out = render_markdown([report])
    assert "> disgrace \\| sources\n>\n> — loaded\\_word: emotive" in out
    assert "disgrace | sources" not in out


def test_tables_keep_their_columns(report):
    out = render_markdown([report])
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows, "expected tables"
    signal_rows = [r for r in rows if r.startswith(("| language", "| sourcing", "| outlet"))]
    assert len(signal_rows) == 3
    for row in signal_rows:
        assert len(UNESCAPED_PIPE.findall(row)) == 5
    assert "| Anonymous sources | 1 |" in out
    assert "| Outlets relayed secondhand | Wire One |" in out
    assert "| Share of claims attributed | 25% |" in out
    assert "features" not in out


def test_text_section_marks_segments(report):
    out = render_markdown([report])
    # "sources" belongs to both spans; the sourcing span scores higher and takes it.
    assert ("**disgrace \\|** \\[language: loaded word\\] **sources say** "
            "\\[sourcing: anonymous source\\] the plan") in out
    assert "**shameful** \\[language: loaded word\\] stunt." in out


def test_abstained_warnings_errors_and_batch_error(abstained, batch_error):
    out = render_markdown([abstained, batch_error])
    assert "**No score: too short to assess (12 words)**" in out
    assert "- **Warning** NC900: Short article \\[red\\]x\\[/\\]" in out
    assert "- **Error** NC202: persuasion failed — Report it." in out
    assert "record 7 (r7): NC108 Record has no article text — Give a 'text' field." in out
    assert "1 article, 1 failed." in out


def test_multiple_reports_in_one_document(report, abstained, batch_error):
    out = render_markdown([report, batch_error, abstained])
    assert out.count("\n## ") == 2
    assert out.startswith("# newscred report\n")
    assert "2 articles, 1 failed." in out


def test_untitled_and_cleaning_log(make_report, article):
    cleaned = article.model_copy(update={
        "title": "",
        "cleaning": (CleaningEntry(part="body", start=0, end=9, text_removed="Share | this",
                                   rule="share_buttons"),),
    })
    out = render_markdown([make_report(article=cleaned, signals=())])
    assert "## (untitled)" in out
    assert "### Cleaning log" in out
    assert "| body | 0 | 9 | share\\_buttons | Share \\| this |" in out


def test_hostile_body_cannot_make_blocks_links_or_html(make_report, article):
    body = (
        "# Fake heading\n- fake item\n1. fake number\n> fake quote\n"
        "[click](javascript:alert(1)) <script>alert(1)</script> ![img](x)\n\n"
        "    indented code\n==="
    )
    out = render_markdown([make_report(article=article.model_copy(update={"body": body}),
                                       signals=())])
    text = out[out.index("### Text") + 8 : out.index("### Warnings")]
    for line in text.splitlines():
        assert not re.match(r"\s*(#|- |\d+\. |> |={3})", line), line
        assert not line.startswith("    ")
    assert not re.search(r"(?<!\\)<", out)
    assert not re.search(r"(?<!\\)\]\(", out) and "![" not in out
