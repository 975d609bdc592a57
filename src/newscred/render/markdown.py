"""Reports as one Markdown document (CommonMark / GitHub flavour).

Article text is escaped everywhere: markdown punctuation gets a backslash, line-start
block markers are neutralised, and newlines inside table cells and quotes become spaces,
so a body cannot inject headings, links, HTML or table columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newscred.render.common import (
    MOVES_HEADINGS,
    Item,
    Reason,
    batch_error_line,
    genre_note,
    mark_tag,
    notice_line,
    outlet_signal,
    percent,
    points_text,
    score_moves,
    score_text,
    sourcing_profile,
    split_outer_space,
    summary_counts,
    title_of,
    top_reasons,
    visible_controls,
)
from newscred.render.segments import marks_for, paragraphs, segments, shown_spans, span_count
from newscred.report import BatchError, Report

# Characters that can start inline markup (emphasis, code, links, HTML, entities, tables,
# strikethrough, closing heading hashes); block markers are handled at line starts.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
# Markers that open a block at the start of a line: lists, quotes, headings, rules, fences.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Escape text for inline Markdown; newlines are kept (callers flatten where needed)."""
    text = _SPECIAL.sub(r"\\\1", visible_controls(text))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def inline(text: str) -> str:
    """Escaped and on one line: for headings, table cells, list items and quotes."""
    return escape(" ".join(text.split()))


def render_markdown(items: Sequence[Item], *, top: int = 3) -> str:
    """One Markdown document holding every report and failed record, in order."""
    blocks = ["# newscred report", f"{summary_counts(items)}."]
    for item in items:
        if isinstance(item, BatchError):
            blocks.append(f"**Failed:** {inline(batch_error_line(item))}")
        else:
            blocks.extend(report_blocks(item, top=top))
    return "\n\n".join(blocks) + "\n"


def report_blocks(report: Report, *, top: int = 3) -> list[str]:
    blocks = [f"## {inline(title_of(report))}", _meta(report)]
    blocks.extend(_assessment(report))
    outlet = outlet_signal(report)
    if outlet is not None:
        blocks.append(
            f"**Outlet** (shown beside the score, not part of it): concern "
            f"{percent(outlet.score)} · {inline(outlet.summary)}"
        )
    blocks.extend(_reasons(report, top))
    blocks.extend(_signals(report))
    blocks.extend(_sourcing(report))
    blocks.extend(_flagged(report))
    blocks.extend(_text(report))
    blocks.extend(_cleaning(report))
    blocks.extend(_notices(report))
    return blocks


def _meta(report: Report) -> str:
    article = report.article
    fields = [f"id `{_code(article.id)}`"]
    for label, value in (
        ("outlet", article.outlet),
        ("url", article.url),
        ("published", article.published),
        ("author", article.author),
    ):
        if value:
            fields.append(f"{label} {inline(value)}")
    return " · ".join(fields)


def _code(text: str) -> str:
    # Inside a code span nothing is interpreted; only a backtick could end it early.
    return " ".join(visible_controls(text).replace("`", "'").split())


def _assessment(report: Report) -> list[str]:
    assessment = report.assessment
    line = f"**{inline(score_text(assessment))}**"
    if not assessment.abstained:
        line += f" (confidence {percent(assessment.confidence)})"
    note = genre_note(assessment)
    lines = [line] + ([inline(note)] if note else [])
    return [*lines, f"*{inline(assessment.what_it_measures)}*"]


def _reasons(report: Report, top: int) -> list[str]:
    if report.assessment.abstained or not report.assessment.components:
        reasons = top_reasons(report, top=top)
        heading = "### Signals of most concern (no score was given)"
        if not reasons:
            return [heading, "No signal raised notable concern."]
        return [heading, "\n".join(_reason_line(reason) for reason in reasons)]
    moves = score_moves(report, top=top)
    lines = ["### Why this score"]
    for key, heading, empty in MOVES_HEADINGS:
        reasons = getattr(moves, key)
        body = "\n".join(_reason_line(reason) for reason in reasons) if reasons else f"*{empty}*"
        lines.append(f"**{heading}**\n\n{body}")
    return lines


def _reason_line(reason: Reason) -> str:
    measures = []
    if reason.points is not None:
        measures.append(points_text(reason.points))
    if reason.score is not None:
        measures.append(f"concern {percent(reason.score)}")
    return (f"- **{inline(reason.name)}** ({'; '.join(measures)}): {inline(reason.summary)}"
            + (f" *{inline(reason.note)}*" if reason.note else ""))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _signals(report: Report) -> list[str]:
    if not report.signals:
        return ["### Signals", "No signals."]
    rows = [
        [inline(s.name), percent(s.score), inline(s.summary), span_count(s)]
        for s in report.signals
    ]
    return ["### Signals", _table(["Signal", "Concern", "Summary", "Spans"], rows)]


def _sourcing(report: Report) -> list[str]:
    rows = sourcing_profile(report)
    if not rows:
        return []
    table = _table(["Measure", "Value"], [[label, inline(value)] for label, value in rows])
    return ["### Sourcing profile", table]


def _flagged(report: Report) -> list[str]:
    blocks: list[str] = []
    for signal in report.signals:
        spans = shown_spans(signal)
        if not spans:
            continue
        blocks.append(f"**{inline(signal.name)}**")
        for span in spans:
            quoted = inline(report.article.text_of(span.part)[span.start : span.end])
            note = f"{span.label}: {span.note}" if span.note else span.label
            where = " (headline)" if span.part == "title" else ""
            blocks.append(f"> {quoted}\n>\n> — {inline(note)}{where}")
    return ["### Flagged spans", *blocks] if blocks else []


def _text(report: Report) -> list[str]:
    """The article with flagged stretches in bold, each followed by its signal's name and
    the span's label."""
    body = report.article.body
    paragraphs_out = []
    for start, end in paragraphs(body):
        pieces = []
        after_tag = False
        for segment in segments(body, marks_for(report, "body"), start=start, end=end):
            text = segment.text
            # Keep a tag from running into the next word or the next bold stretch.
            if after_tag and (segment.mark is not None or text[:1].isalnum()):
                pieces.append(" ")
            if segment.mark is None:
                pieces.append(escape(text))
            else:
                pieces.append(_bold(text, tag=mark_tag(segment.mark.signal, segment.mark.span.label)))
            after_tag = segment.mark is not None and not text[-1:].isspace()
        paragraphs_out.append(_hard_breaks("".join(pieces)))
    return ["### Text", *paragraphs_out] if paragraphs_out else []


def _bold(text: str, *, tag: str) -> str:
    """'**text** \\[tag\\]', the outer whitespace of the stretch outside the stars."""
    lead, core, trail = split_outer_space(text)
    if not core:
        return escape(text)
    return f"{escape(lead)}**{inline(core)}** \\[{inline(tag)}\\]{escape(trail)}"


def _hard_breaks(text: str) -> str:
    # Single newlines inside a paragraph: trim each line so none turns into code or a block.
    return "  \n".join(line.strip() for line in text.split("\n") if line.strip())


def _cleaning(report: Report) -> list[str]:
    entries = report.article.cleaning
    if not entries:
        return []
    rows = [
        [e.part, str(e.start), str(e.end), inline(e.rule), inline(e.text_removed)]
        for e in entries
    ]
    return ["### Cleaning log", _table(["Part", "Start", "End", "Rule", "Removed"], rows)]


def _notices(report: Report) -> list[str]:
    lines = [f"- **Warning** {inline(notice_line(n))}" for n in report.warnings]
    lines += [f"- **Error** {inline(notice_line(n))}" for n in report.errors]
    return ["### Warnings and errors", "\n".join(lines)] if lines else []
