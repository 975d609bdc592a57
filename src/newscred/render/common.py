"""What every renderer shares: the top reasons, and the wording of scores and notices."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from newscred.report import SATIRE_LEAD, Assessment, BatchError, Notice, Report, Signal

Item = Report | BatchError
StyleT = TypeVar("StyleT")

# A signal below this concern is not offered as a reason for the score.
REASON_MIN_SCORE = 0.2

# The outlet is shown beside the text assessment, never among its reasons (DESIGN.md).
OUTLET_SIGNAL = "outlet"
SOURCING_SIGNAL = "sourcing"

# The sourcing profile keys, in display order, with their human labels.
SOURCING_PROFILE = (
    ("quotes", "Direct quotes"),
    ("quoted_speakers", "Quoted speakers"),
    ("attributions", "Attributions"),
    ("named_sources", "Named sources"),
    ("anonymous_sources", "Anonymous sources"),
    ("relayed_outlets", "Outlets relayed secondhand"),
    ("share_claims_attributed", "Share of claims attributed"),
    ("share_relayed_secondhand", "Share relayed secondhand"),
    ("primary_links", "Links to primary documents"),
)

UNTITLED = "(untitled)"

# C0 controls other than tab and newline, DEL and C1 controls: article text must not be
# able to send escape sequences to a terminal or break an HTML document.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Reason:
    """One signal offered as a reason: concern `score` in [0, 1] (None for a group of the
    model that is no signal: `wording`, `style`), `points` if known."""

    name: str
    summary: str
    score: float | None
    points: float | None = None
    note: str | None = None  # why the points go against the concern, when they do


def top_reasons(report: Report, *, top: int = 3) -> list[Reason]:
    """The `top` signals of highest concern (score >= REASON_MIN_SCORE).

    Ordered by concern, highest first, ties by name. The outlet signal is left out: it is
    shown beside the text assessment, not as a reason for it.
    """
    points = component_points(report.assessment)
    notes = {c.name: c.note for c in report.assessment.components}
    candidates = sorted(
        (
            s
            for s in report.signals
            if s.score >= REASON_MIN_SCORE and s.name != OUTLET_SIGNAL
        ),
        key=lambda s: (-s.score, s.name),
    )
    return [
        Reason(name=s.name, summary=s.summary, score=s.score, points=points.get(s.name),
               note=notes.get(s.name))
        for s in candidates[: max(0, top)]
    ]


# A component listed among what moved the score moved it by at least this many points.
MOVE_MIN_POINTS = 0.5

# What the components that are not signals measure, said for a reader.
GROUP_SUMMARIES = {
    "wording": "The text's word patterns (word pairs and punctuation, with outlet names, "
               "links and datelines hidden) resemble {side} reporting.",
    "style": "Its writing measurements (headline length and capitals, word length and "
             "variety, digits, stop words, quotation marks) resemble {side} reporting.",
}


@dataclass(frozen=True)
class Moves:
    """What raised and what lowered the score, largest first (components of at least
    MOVE_MIN_POINTS points)."""

    raised: list[Reason]
    lowered: list[Reason]


def score_moves(report: Report, *, top: int = 3) -> Moves:
    """The assessment's components split by direction, each with a plain summary: the
    signal's own, or what `wording` and `style` measure. Empty when the assessment
    abstained (nothing moved a score that was not given)."""
    raised: list[Reason] = []
    lowered: list[Reason] = []
    for component in sorted(report.assessment.components, key=lambda c: (-abs(c.points), c.name)):
        if abs(component.points) < MOVE_MIN_POINTS:
            continue
        side = "reliable" if component.points > 0 else "unreliable"
        signal = report.signal(component.name)
        if signal is not None:
            reason = Reason(name=component.name, summary=signal.summary, score=signal.score,
                            points=component.points, note=component.note)
        else:
            summary = GROUP_SUMMARIES.get(
                component.name, "These measurements resemble {side} reporting.").format(side=side)
            reason = Reason(name=component.name, summary=summary, score=None,
                            points=component.points, note=component.note)
        (raised if component.points > 0 else lowered).append(reason)
    return Moves(raised=raised[: max(0, top)], lowered=lowered[: max(0, top)])


MOVES_HEADINGS = (
    ("lowered", "Lowered the score", "nothing lowered it by half a point or more"),
    ("raised", "Raised the score", "nothing raised it by half a point or more"),
)


def label_text(label: str) -> str:
    """A span label for reading: 'Loaded_Language' -> 'Loaded Language',
    'Name_Calling,Labeling' -> 'Name Calling/Labeling', 'all_caps' -> 'all caps'."""
    return label.replace("_", " ").replace(",", "/")


def split_outer_space(text: str) -> tuple[str, str, str]:
    """(leading whitespace, the rest stripped, trailing whitespace): emphasis markers such
    as '**' must touch the stretch, so its outer whitespace goes outside them."""
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    return lead, core, text[len(lead) + len(core):]


def mark_tag(signal: str, label: str) -> str:
    """The tag written after a highlighted stretch where colour cannot show it:
    'persuasion: Loaded Language'."""
    return f"{signal}: {label_text(label)}"


def component_points(assessment: Assessment) -> dict[str, float]:
    return {component.name: component.points for component in assessment.components}


def outlet_signal(report: Report) -> Signal | None:
    return report.signal(OUTLET_SIGNAL)


OPINION_NOTE = ("Opinion: the writer's views. Being opinion does not lower the score; "
                "opinion presented as news is what the genre signal warns about.")


def score_text(assessment: Assessment) -> str:
    """'62/100 · mixed' ('· opinion' added for opinion), 'Satire: … · no score' for
    satire, or 'No score: <reason>' when the assessment abstained for another reason."""
    if assessment.genre == "satire":
        return f"{SATIRE_LEAD} · no score"
    if assessment.abstained or assessment.score is None:
        return f"No score: {assessment.reason or 'not given'}"
    band = assessment.band or "no band"
    text = f"{assessment.score}/100 · {band}"
    return f"{text} · opinion" if assessment.genre == "opinion" else text


def genre_note(assessment: Assessment) -> str | None:
    """The line shown under the score about the kind of writing, if it needs one."""
    if assessment.genre == "satire":  # the score line already leads with SATIRE_LEAD
        return (assessment.reason or "").removeprefix(f"{SATIRE_LEAD}. ") or None
    if assessment.genre == "opinion":
        return OPINION_NOTE
    return None


def percent(value: float) -> str:
    return f"{round(100 * value)}%"


def points_text(points: float) -> str:
    """Signed points with a real minus sign: '+9.0 points', '−5.0 points'."""
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return f"{sign}{abs(points):.1f} points"


def title_of(report: Report) -> str:
    return report.article.title.strip() or UNTITLED


def notice_line(notice: Notice) -> str:
    line = f"{notice.code}: {notice.message}"
    return f"{line} — {notice.hint}" if notice.hint else line


def batch_error_line(item: BatchError) -> str:
    """'record N (id): CODE message — hint'."""
    where = "record" if item.record is None else f"record {item.record}"
    if item.id is not None:
        where = f"{where} ({item.id})"
    line = f"{where}: {item.error.code} {item.error.message}"
    return f"{line} — {item.error.hint}" if item.error.hint else line


def sourcing_profile(report: Report) -> list[tuple[str, str]]:
    """(label, value) rows of the sourcing signal's details; empty when there is none."""
    signal = report.signal(SOURCING_SIGNAL)
    if signal is None:
        return []
    return [
        (label, profile_value(key, signal.details[key]))
        for key, label in SOURCING_PROFILE
        if key in signal.details
    ]


def profile_value(key: str, value: Any) -> str:
    if key.startswith("share_") and isinstance(value, int | float) and not isinstance(value, bool):
        return percent(float(value))
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) if value else "none"
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def summary_counts(items: Sequence[Item]) -> str:
    reports = sum(1 for item in items if isinstance(item, Report))
    failed = len(items) - reports
    text = f"{reports} article{'s' if reports != 1 else ''}"
    return f"{text}, {failed} failed" if failed else text


def visible_controls(text: str) -> str:
    """Replace control characters by visible symbols (ESC -> '␛'); drop carriage returns."""
    return _CONTROLS.sub(_control_picture, text)


def _control_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0D:
        return ""
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def assign_styles(
    names: Sequence[str], known: Mapping[str, StyleT], palette: Sequence[StyleT]
) -> dict[str, StyleT]:
    """A style per signal name: known names keep theirs, others take the palette in turn."""
    styles: dict[str, StyleT] = {}
    spare = 0
    for name in names:
        if name in styles:
            continue
        if name in known:
            styles[name] = known[name]
        else:
            styles[name] = palette[spare % len(palette)]
            spare += 1
    return styles
