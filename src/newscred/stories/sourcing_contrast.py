"""Sourcing contrast: whom each of several articles quotes, cites and relays, set against
the others (from each report's `sourcing` signal); `stories/framing.py` puts it in the
block of `newscred compare`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newscred.report import Report
from newscred.text import WORD_RE

_TITLE_WORDS = frozenset(
    """mr mrs ms dr prof sir dame mayor president vice governor gov senator sen representative
    rep congressman congresswoman secretary minister prime chancellor judge justice chief
    police superintendent supt commissioner attorney general state district us u.s lt gen col
    sgt capt officer detective det spokesman spokeswoman spokesperson ceo chair chairman
    chairwoman director deputy assistant councilman councilwoman alderman alderwoman
    professor former acting interim the""".split()
)
_SUFFIXES = frozenset("jr sr ii iii iv".split())


@dataclass(frozen=True)
class SourcingSide:
    """One article's sourcing, set against the other articles'."""

    quoted: tuple[str, ...]  # named speakers it quotes directly (display names)
    attributed_only: tuple[str, ...]  # named sources it cites but never quotes directly
    relayed: tuple[str, ...]  # outlets whose reporting it relays secondhand
    anonymous: int  # anonymous sources ("sources say", "an official who asked ...")
    quoted_only_here: tuple[str, ...]  # of `quoted`, the speakers no other article quotes
    quoted_elsewhere_too: tuple[str, ...]  # of `quoted`, those another article quotes too
    spans: tuple[dict[str, Any], ...]  # {"label", "start", "end", "who"} in the body


def _name_key(name: str) -> tuple[str, frozenset[str]]:
    """(surname, other name words) with titles and suffixes dropped: 'Mayor Brandon
    Johnson' -> ('johnson', {'brandon'})."""
    words = [w.lower().replace("’", "'") for w in WORD_RE.findall(name)]
    while words and words[-1] in _SUFFIXES:
        words.pop()
    if not words:
        return "", frozenset()
    rest = frozenset(w for w in words[:-1] if w not in _TITLE_WORDS)
    return words[-1], rest


def same_person(a: str, b: str) -> bool:
    """Whether two speaker names can be one person: the same last word, and the other
    words of one (titles dropped) all found in the other ('Johnson' ~ 'Mayor Brandon
    Johnson' ~ 'Brandon Johnson'; not 'Boris Johnson' ~ 'Brandon Johnson')."""
    (last_a, rest_a), (last_b, rest_b) = _name_key(a), _name_key(b)
    return bool(last_a) and last_a == last_b and (rest_a <= rest_b or rest_b <= rest_a)


def report_ids(reports: Sequence[Report]) -> list[str]:
    """Article ids, made unique in order ('id', 'id-2', ...) for repeated inputs."""
    ids: list[str] = []
    for report in reports:
        base = report.article.id
        article_id, n = base, 1
        while article_id in ids:
            n += 1
            article_id = f"{base}-{n}"
        ids.append(article_id)
    return ids


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if name and not any(same_person(name, seen) for seen in out):
            out.append(name)
    return out


def _sourcing_spans(report: Report, quoted: list[str]) -> tuple[dict[str, Any], ...]:
    signal = report.signal("sourcing")
    rows: list[dict[str, Any]] = []
    for span in signal.spans if signal else ():
        if span.part != "body":
            continue
        who = None
        if span.label == "relayed_outlet":
            who = span.note.removeprefix("Reporting relayed secondhand from ")
        elif span.label == "direct_quote" and span.note.startswith("Quote attributed to "):
            said = span.note.removeprefix("Quote attributed to ").rstrip("…")
            who = next((q for q in quoted if q.startswith(said) or same_person(q, said)), None)
        if who:
            rows.append({"label": span.label, "start": span.start, "end": span.end, "who": who})
    return tuple(rows)


def sourcing_contrast(reports: Sequence[Report]) -> dict[str, SourcingSide]:
    """Per article id, its sourcing set against the others' (from each `sourcing` signal).

    Speakers match across articles by `same_person`. A report without a sourcing signal
    counts as quoting and relaying nobody.
    """
    ids = report_ids(reports)
    profiles = []
    for report in reports:
        signal = report.signal("sourcing")
        details = signal.details if signal else {}
        quoted = _unique([str(n) for n in details.get("quoted_speakers", [])])
        named = _unique([str(n) for n in details.get("named_source_names", [])])
        attributed = [n for n in named if not any(same_person(n, q) for q in quoted)]
        relayed = list(dict.fromkeys(str(o) for o in details.get("relayed_outlets", [])))
        profiles.append((quoted, attributed, relayed, int(details.get("anonymous_sources", 0))))
    sides: dict[str, SourcingSide] = {}
    for k, (article_id, report) in enumerate(zip(ids, reports)):
        quoted, attributed, relayed, anonymous = profiles[k]
        others = [q for j, p in enumerate(profiles) if j != k for q in p[0]]
        shared = [q for q in quoted if any(same_person(q, o) for o in others)]
        sides[article_id] = SourcingSide(
            quoted=tuple(quoted), attributed_only=tuple(attributed), relayed=tuple(relayed),
            anonymous=anonymous,
            quoted_only_here=tuple(q for q in quoted if q not in shared),
            quoted_elsewhere_too=tuple(shared),
            spans=_sourcing_spans(report, quoted),
        )
    return sides
