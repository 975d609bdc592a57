"""Reports as one self-contained HTML page: inline CSS, no scripts, no external assets.

Every piece of text taken from a report passes through `esc` (stdlib `html.escape` with
quotes, after control characters are made visible); markup is only ever built from
constant strings here. Article text is hostile input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from newscred.article import Part
from newscred.render.common import (
    MOVES_HEADINGS,
    Item,
    Reason,
    assign_styles,
    batch_error_line,
    genre_note,
    notice_line,
    outlet_signal,
    percent,
    points_text,
    score_moves,
    score_text,
    sourcing_profile,
    summary_counts,
    title_of,
    top_reasons,
    visible_controls,
)
from newscred.render.html_style import TECHNIQUE_COLOURS, page_css, technique_class
from newscred.render.segments import (
    Segment,
    highlighted_signals,
    marks_for,
    paragraphs,
    segments,
    shown_spans,
    span_count,
    span_title,
)
from newscred.report import BatchError, Report

# Background colour and underline style per signal: the underline gives a second cue
# besides colour, and the legend and each mark's title name the signal.
SIGNAL_COLOURS = {
    "headline": ("#ffe08a", "solid"),
    "language": ("#ffc8d8", "dashed"),
    "sourcing": ("#bde3ff", "dotted"),
    "persuasion": ("#ffd0a6", "double"),
    "claims": ("#c8f0c4", "solid"),
    "genre": ("#e2d6ff", "dashed"),
    "outlet": ("#dcdcdc", "dotted"),
}
SPARE_COLOURS = (
    ("#b5f0e6", "double"),
    ("#f3e3b5", "solid"),
    ("#f5c6f0", "dashed"),
    ("#d4eef5", "dotted"),
    ("#ffd6cc", "double"),
    ("#e8f5b0", "solid"),
)

_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]+")
PERSUASION = "persuasion"


def esc(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(visible_controls(str(value)), quote=True)


def signal_class(name: str) -> str:
    """A CSS class for a signal: 'sig-' plus the name reduced to [a-z0-9_-]."""
    return "sig-" + (_CLASS_UNSAFE.sub("-", name.lower()).strip("-") or "signal")


def render_html(items: Sequence[Item], *, top: int = 3) -> str:
    """One HTML document holding every report and failed record, in input order."""
    names = [
        signal.name
        for item in items
        if isinstance(item, Report)
        for signal in item.signals
        if shown_spans(signal)
    ]
    colours = assign_styles(names, SIGNAL_COLOURS, SPARE_COLOURS)
    title = "newscred report"
    reports = [item for item in items if isinstance(item, Report)]
    if len(items) == 1 and reports:
        title = f"newscred: {title_of(reports[0])}"
    body: list[str] = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, BatchError):
            body.append(f'<p class="batch-error" role="alert">{esc(batch_error_line(item))}</p>')
        else:
            body.append(report_article(item, index=index, top=top))
    rules = {signal_class(name): colour for name, colour in colours.items()}
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>\n{page_css(rules)}</style>",
            "</head>",
            "<body>",
            "<header class=\"page\"><h1>newscred report</h1>"
            f"<p>{esc(summary_counts(items))}</p></header>",
            "<main>",
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def report_article(report: Report, *, index: int = 1, top: int = 3) -> str:
    """One <article> for one report; `index` makes its element ids unique on the page."""
    anchor = f"report-{index}"
    out = [f'<article class="report" id="{anchor}" aria-labelledby="{anchor}-title">']
    out.append(f'<header><h2 id="{anchor}-title">{esc(title_of(report))}</h2>')
    out.append(_meta(report) + "</header>")
    out.append(_assessment(report))
    out.append(_outlet(report))
    out.append(_reasons(report, top))
    out.append(_signal_table(report))
    out.append(_text(report, anchor))
    out.append(_sourcing(report))
    out.append(_cleaning(report))
    out.append(_notices(report))
    out.append("</article>")
    return "\n".join(part for part in out if part)


def _link(url: str) -> str:
    # Only http(s) addresses become links; anything else (javascript:, data:) is text.
    if re.match(r"https?://", url.strip(), re.IGNORECASE):
        return f'<a href="{esc(url.strip())}" rel="noopener noreferrer nofollow">{esc(url)}</a>'
    return esc(url)


def _meta(report: Report) -> str:
    article = report.article
    fields = [f"id <code>{esc(article.id)}</code>"]
    if article.outlet:
        fields.append(esc(article.outlet))
    if article.url:
        fields.append(_link(article.url))
    if article.published:
        fields.append(esc(article.published))
    if article.author:
        fields.append(f"by {esc(article.author)}")
    return f'<p class="meta">{" · ".join(fields)}</p>'


def _assessment(report: Report) -> str:
    assessment = report.assessment
    if assessment.abstained or assessment.score is None:
        score = f'<p class="score abstained"><strong>{esc(score_text(assessment))}</strong></p>'
        band = "abstained"
    else:
        band = assessment.band or "none"
        score = (
            f'<p class="score"><strong class="number">{assessment.score}/100</strong> · '
            f'<strong class="band">{esc(band)}</strong> '
            f'<span class="confidence">confidence {percent(assessment.confidence)}</span>'
            + (' · <strong class="genre">opinion</strong>' if assessment.genre == "opinion" else "")
            + '</p>'
        )
    note = genre_note(assessment)
    genre = (f'<p class="genre-note genre-{esc(assessment.genre or "")}">{esc(note)}</p>'
             if note else "")
    return (
        f'<section class="assessment band-{esc(band)}" aria-label="Assessment">{score}{genre}'
        f'<p class="measures">{esc(assessment.what_it_measures)}</p></section>'
    )


def _outlet(report: Report) -> str:
    signal = outlet_signal(report)
    if signal is None:
        return ""
    return (
        '<aside class="outlet"><h3>Outlet</h3>'
        f"<p>Concern {percent(signal.score)} · {esc(signal.summary)}</p>"
        '<p class="note">Shown beside the text assessment; it does not move the score.</p>'
        "</aside>"
    )


def _meter(score: float) -> str:
    # The meter is decoration; the percentage beside it is the text everyone gets.
    return (
        f'<meter min="0" max="1" low="0.3" high="0.6" optimum="0" value="{score:.2f}" '
        f'aria-hidden="true"></meter> {percent(score)}'
    )


def _reasons(report: Report, top: int) -> str:
    if report.assessment.abstained or not report.assessment.components:
        reasons = top_reasons(report, top=top)
        items = (_reason_list(reasons) if reasons
                 else "<p>No signal raised notable concern.</p>")
        return (f'<section class="reasons"><h3>Signals of most concern (no score was given)</h3>'
                f"{items}</section>")
    moves = score_moves(report, top=top)
    parts = []
    for key, heading, empty in MOVES_HEADINGS:
        reasons = getattr(moves, key)
        items = _reason_list(reasons) if reasons else f'<p class="none">{esc(empty)}</p>'
        parts.append(f'<h4 class="{key}">{esc(heading)}</h4>{items}')
    return f'<section class="reasons"><h3>Why this score</h3>{"".join(parts)}</section>'


def _reason_list(reasons: Sequence[Reason]) -> str:
    rows = []
    for reason in reasons:
        measures = []
        if reason.points is not None:
            measures.append(esc(points_text(reason.points)))
        if reason.score is not None:
            measures.append(f"concern {_meter(reason.score)}")
        rows.append(
            f"<li><strong>{esc(reason.name)}</strong> "
            f'<span class="concern">{" · ".join(measures)}</span>'
            f"<br>{esc(reason.summary)}"
            + (f'<br><small class="note">{esc(reason.note)}</small>' if reason.note else "")
            + "</li>"
        )
    return "<ol>" + "".join(rows) + "</ol>"


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table from already-escaped cells."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _signal_table(report: Report) -> str:
    if not report.signals:
        return '<section class="signals"><h3>Signals</h3><p>No signals.</p></section>'
    rows = [
        [
            f'<span class="swatch {signal_class(s.name)}"></span>{esc(s.name)}',
            _meter(s.score),
            esc(s.summary),
            span_count(s),
        ]
        for s in report.signals
    ]
    table = _table("All signals (concern: 0% none, 100% strong warning)",
                   ["Signal", "Concern", "Summary", "Spans"], rows)
    return f'<section class="signals"><h3>Signals</h3>{table}</section>'


def _marked(segments_: Iterable[Segment]) -> str:
    out = []
    for segment in segments_:
        text = esc(segment.text).replace("\n", "<br>\n")
        mark = segment.mark
        if mark is None:
            out.append(text)
        else:
            classes = signal_class(mark.signal)
            if mark.signal == PERSUASION and mark.span.label in TECHNIQUE_COLOURS:
                classes += " " + technique_class(mark.span.label)
            out.append(
                f'<mark class="{classes}" title="{esc(span_title(mark))}" '
                f'tabindex="0" data-signal="{esc(mark.signal)}">{text}</mark>'
            )
    return "".join(out)


def _part(report: Report, part: Part) -> list[str]:
    """The paragraphs of one part as marked-up HTML strings (the title is one paragraph)."""
    text = report.article.text_of(part)
    marks = marks_for(report, part)
    if part == "title":
        return [_marked(segments(text, marks))] if text.strip() else []
    return [_marked(segments(text, marks, start=a, end=b)) for a, b in paragraphs(text)]


def _text(report: Report, anchor: str) -> str:
    names = highlighted_signals(report)
    if names:
        # One checkbox per signal: ticked shows its highlights. The hiding is pure CSS
        # (`:has`), so the toggles work without JavaScript and under a strict CSP.
        toggles = "".join(
            f'<label><input type="checkbox" class="toggle toggle-{signal_class(n)}" '
            f'id="{anchor}-show-{signal_class(n)}" data-signal="{esc(n)}" checked> '
            f'<span class="swatch {signal_class(n)}"></span>{esc(n)}</label>'
            for n in names
        )
        legend = (
            '<fieldset class="legend"><legend>Highlights (untick a signal to hide its '
            f"spans)</legend>{toggles}</fieldset>" + _technique_legend(report)
        )
    else:
        legend = '<p class="legend">No spans flagged.</p>'
    title = "".join(f'<p class="headline">{p}</p>' for p in _part(report, "title"))
    body = "".join(f"<p>{p}</p>" for p in _part(report, "body")) or "<p>(no body)</p>"
    return (
        f'<section class="text"><h3>Text</h3>{legend}'
        f'<div class="article-text">{title}{body}</div></section>'
    )


def _technique_legend(report: Report) -> str:
    """The persuasion techniques present, each with its colour, in the PTC's names."""
    signal = report.signal(PERSUASION)
    present = sorted({s.label for s in shown_spans(signal)} if signal else set())
    items = "".join(
        f'<li><span class="swatch {technique_class(t)}"></span>{esc(t)}</li>'
        for t in present if t in TECHNIQUE_COLOURS
    )
    if not items:
        return ""
    return f'<ul class="legend techniques" aria-label="Persuasion techniques">{items}</ul>'


def _sourcing(report: Report) -> str:
    rows = sourcing_profile(report)
    if not rows:
        return ""
    table = _table("Sourcing profile", ["Measure", "Value"],
                   [[esc(label), esc(value)] for label, value in rows])
    return f'<section class="sourcing">{table}</section>'


def _cleaning(report: Report) -> str:
    entries = report.article.cleaning
    if not entries:
        return ""
    rows = [
        [esc(e.part), str(e.start), str(e.end), esc(e.rule), esc(e.text_removed)]
        for e in entries
    ]
    table = _table("Cleaning log (offsets into the text as supplied)",
                   ["Part", "Start", "End", "Rule", "Removed"], rows)
    return f'<section class="cleaning">{table}</section>'


def _notices(report: Report) -> str:
    items = [f'<li class="warning"><strong>Warning</strong> {esc(notice_line(n))}</li>'
             for n in report.warnings]
    items += [f'<li class="error"><strong>Error</strong> {esc(notice_line(n))}</li>'
              for n in report.errors]
    if not items:
        return ""
    return (
        f'<section class="notices"><h3>Warnings and errors</h3><ul>{"".join(items)}</ul>'
        "</section>"
    )
