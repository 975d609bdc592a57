"""Reports in the terminal with rich: one panel per article.

Highlights follow what the console can show. With colour, each signal has a background
(a 16-colour palette of its own where only 16 colours exist, so no two signals share one)
and persuasion stretches are followed by their technique's name. Without colour (piped,
NO_COLOR), every highlighted stretch is written `**stretch** [signal: label]`, as in
Markdown.

All text taken from a report goes through `rich.text.Text`, never through markup strings,
so an article containing "[bold]" or "[/]" is shown literally; control characters are made
visible so article text cannot send escape sequences to the terminal.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newscred.article import Part
from newscred.render.common import (
    MOVES_HEADINGS,
    Item,
    Reason,
    assign_styles,
    batch_error_line,
    genre_note,
    label_text,
    mark_tag,
    notice_line,
    outlet_signal,
    percent,
    points_text,
    score_moves,
    score_text,
    split_outer_space,
    title_of,
    top_reasons,
    visible_controls,
)
from newscred.render.segments import (
    highlighted_signals,
    marks_for,
    segments,
    shown_spans,
    span_count,
)
from newscred.report import BatchError, Report

BAND_STYLES = {"reliable": "bold green", "mixed": "bold yellow", "unreliable": "bold red"}

# Light backgrounds with black text: readable on dark and light terminals alike.
SIGNAL_STYLES = {
    "headline": "black on light_goldenrod1",
    "language": "black on pink1",
    "sourcing": "black on light_sky_blue1",
    "persuasion": "black on light_salmon1",
    "claims": "black on pale_green1",
    "genre": "black on thistle1",
    "outlet": "black on grey82",
}
# Where only 16 colours exist (rich's "standard" and "windows" systems), the palette above
# collapses (pink1 and light_salmon1 both become red), so signals get 16-colour
# backgrounds of their own.
STANDARD_SIGNAL_STYLES = {
    "headline": "black on yellow",
    "language": "white on magenta",
    "sourcing": "black on cyan",
    "persuasion": "white on red",
    "claims": "black on green",
    "genre": "white on blue",
    "outlet": "black on white",
}
STANDARD_SPARE_STYLES = (
    "black on bright_yellow",
    "black on bright_magenta",
    "black on bright_cyan",
    "black on bright_green",
    "white on bright_blue",
    "white on bright_black",
)
# Signals whose span labels are named after the stretch even in colour: the technique.
NAMED_LABELS = frozenset({"persuasion"})

SPARE_STYLES = (
    "black on aquamarine1",
    "black on wheat1",
    "black on plum1",
    "black on light_cyan1",
    "black on misty_rose1",
    "black on khaki1",
)

BAR_WIDTH = 10


def render_terminal(
    items: Sequence[Item],
    console: Console,
    *,
    top: int = 3,
    show: Collection[str] | None = None,
    show_text: bool = True,
) -> None:
    """Print each report as a panel and each failed record as a red line to `console`."""
    colours = colour_mode(console)
    for item in items:
        if isinstance(item, BatchError):
            console.print(_plain(batch_error_line(item), style="red"))
        else:
            console.print(report_panel(item, top=top, show=show, show_text=show_text,
                                       colours=colours))


def colour_mode(console: Console) -> str:
    """'none' (no colour: piped, NO_COLOR, a dumb terminal), 'standard' (16 colours) or
    'full' (256 colours or more)."""
    system = console.color_system
    if system is None:
        return "none"
    return "standard" if system in ("standard", "windows") else "full"


def report_panel(
    report: Report,
    *,
    top: int = 3,
    show: Collection[str] | None = None,
    show_text: bool = True,
    colours: str = "full",
) -> Panel:
    parts: list[RenderableType] = [_plain(title_of(report), style="bold"), _meta(report), Text()]
    parts.extend(_assessment(report))
    outlet = _outlet(report)
    if outlet is not None:
        parts.append(outlet)
    parts.extend([Text(), *_reasons(report, top)])
    parts.extend([Text(), Text("Signals", style="bold underline"), _signal_table(report)])
    if show_text:
        parts.extend(_article_text(report, show, colours))
    if report.article.cleaning:
        count = len(report.article.cleaning)
        parts.append(
            Text(f"Cleaning: {count} piece{'s' if count != 1 else ''} of boilerplate removed.",
                 style="dim")
        )
    parts.extend(_notices(report))
    return Panel(Group(*parts), box=box.ROUNDED, expand=True, padding=(0, 1))


def _plain(text: str, *, style: str = "") -> Text:
    return Text(visible_controls(text), style=style)


def _meta(report: Report) -> Text:
    article = report.article
    meta = Text("id ", style="dim")
    meta.append(visible_controls(article.id))
    for value in (article.outlet, article.url, article.published, article.author):
        if value:
            meta.append(" · ", style="dim")
            meta.append(visible_controls(value))
    return meta


def _assessment(report: Report) -> list[RenderableType]:
    assessment = report.assessment
    if assessment.abstained or assessment.score is None:
        line = _plain(score_text(assessment), style="bold yellow")
    else:
        line = Text(score_text(assessment), style=BAND_STYLES.get(assessment.band or "", "bold"))
        line.append(f"   confidence {percent(assessment.confidence)}", style="dim")
    note = genre_note(assessment)
    lines: list[RenderableType] = [line]
    if note:
        lines.append(_plain(note, style="bold" if assessment.genre == "satire" else ""))
    return [*lines, _plain(assessment.what_it_measures, style="dim")]


def _outlet(report: Report) -> Text | None:
    signal = outlet_signal(report)
    if signal is None:
        return None
    line = Text("\nOutlet ", style="bold")
    line.append("(shown beside the score, not part of it): ", style="dim")
    line.append(f"concern {percent(signal.score)} · ")
    line.append(visible_controls(signal.summary))
    return line


def _bar(score: float) -> Text:
    filled = round(score * BAR_WIDTH)
    style = "red" if score >= 0.6 else "yellow" if score >= 0.3 else "green"
    bar = Text("█" * filled, style=style)
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    return bar


def _reasons(report: Report, top: int) -> list[RenderableType]:
    """What lowered and what raised the score; without a score, the signals of most
    concern."""
    if report.assessment.abstained or not report.assessment.components:
        heading = Text("Signals of most concern (no score was given)", style="bold underline")
        reasons = top_reasons(report, top=top)
        if not reasons:
            return [heading, Text("No signal raised notable concern.", style="dim")]
        return [heading, _reason_grid(reasons)]
    moves = score_moves(report, top=top)
    width = max((len(r.name) + 2 for r in moves.raised + moves.lowered), default=0)
    parts: list[RenderableType] = [Text("Why this score", style="bold underline")]
    for key, heading, empty in MOVES_HEADINGS:
        reasons = getattr(moves, key)
        parts.append(Text(heading, style="bold"))
        parts.append(_reason_grid(reasons, width) if reasons else Text(f"  {empty}", style="dim"))
    return parts


def _reason_grid(reasons: Sequence[Reason], name_width: int = 0) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=name_width)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for reason in reasons:
        measure = Text()
        if reason.points is not None:
            measure.append(f"{points_text(reason.points):>13}", style=_points_style(reason.points))
        if reason.score is not None:
            measure.append(f"  concern {percent(reason.score):>4}", style="dim")
        elif reason.points is not None:
            measure.append(" " * 14)
        summary = reason.summary + (f" ({reason.note})" if reason.note else "")
        grid.add_row(_plain(f"  {reason.name}", style="bold"), measure, _plain(summary))
    return grid


def _points_style(points: float) -> str:
    return "green" if points > 0 else "red" if points < 0 else "dim"


def _signal_table(report: Report) -> RenderableType:
    if not report.signals:
        return Text("No signals.", style="dim")
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column(Text("Signal"), no_wrap=True)
    table.add_column(Text("Concern"), justify="right", no_wrap=True)
    table.add_column(Text("Summary"), ratio=1)
    table.add_column(Text("Spans"), justify="right", no_wrap=True)
    for signal in report.signals:
        table.add_row(
            _plain(signal.name),
            Text(percent(signal.score)),
            _plain(signal.summary),
            Text(span_count(signal)),
        )
    return table


def _article_text(report: Report, show: Collection[str] | None,
                  colours: str = "full") -> list[RenderableType]:
    names = highlighted_signals(report, show=show)
    known, spare = ((STANDARD_SIGNAL_STYLES, STANDARD_SPARE_STYLES) if colours == "standard"
                    else (SIGNAL_STYLES, SPARE_STYLES))
    styles = assign_styles([s.name for s in report.signals if shown_spans(s)], known, spare)
    legend = Text("Highlights: ", style="bold")
    if names:
        for index, name in enumerate(names):
            if index:
                legend.append(" ")
            legend.append(f" {visible_controls(name)} ", style=styles[name])
        if colours == "none":
            legend.append("  (each as **stretch** [signal: label])", style="dim")
    else:
        legend.append("none", style="dim")
    return [
        Text(),
        Text("Text", style="bold underline"),
        legend,
        Text(),
        _highlighted(report, "title", show, styles, colours, base="bold"),
        Text(),
        _highlighted(report, "body", show, styles, colours),
    ]


def _highlighted(
    report: Report,
    part: Part,
    show: Collection[str] | None,
    styles: dict[str, str],
    colours: str = "full",
    *,
    base: str = "",
) -> Text:
    source = report.article.text_of(part)
    text = Text(style=base)
    pieces = segments(source, marks_for(report, part, show=show))
    after_tag = False
    for index, segment in enumerate(pieces):
        mark = segment.mark
        if after_tag and segment.text[:1].strip():  # keep a tag off the next stretch
            text.append(" ")
        after_tag = False
        if mark is None:
            text.append(visible_controls(segment.text))
            continue
        last = index + 1 == len(pieces) or pieces[index + 1].mark != mark
        if colours == "none":
            _tagged(text, segment.text, mark_tag(mark.signal, mark.span.label) if last else None)
            after_tag = last and not segment.text[-1:].isspace()
            continue
        text.append(visible_controls(segment.text), style=styles[mark.signal])
        if last and mark.signal in NAMED_LABELS:
            text.append(f" ⟨{visible_controls(label_text(mark.span.label))}⟩", style="dim italic")
    if not source.strip():
        text.append(f"(no {part})", style="dim")
    return text


def _tagged(text: Text, stretch: str, tag: str | None) -> None:
    """'**stretch** [tag]', the outer whitespace of the stretch kept outside the stars."""
    lead, core, trail = split_outer_space(stretch)
    if not core:
        text.append(visible_controls(stretch))
        return
    text.append(visible_controls(f"{lead}**{core}**" + (f" [{tag}]" if tag else "") + trail))


def _notices(report: Report) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for notice in report.warnings:
        lines.append(_plain(f"warning {notice_line(notice)}", style="yellow"))
    for notice in report.errors:
        lines.append(_plain(f"error {notice_line(notice)}", style="red"))
    if lines:
        lines.insert(0, Text())
    return lines
