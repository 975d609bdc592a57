"""The inline stylesheet of the HTML report (no external assets)."""

from __future__ import annotations

from collections.abc import Mapping

BASE_CSS = """\
:root { color-scheme: light; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; background: #ffffff; margin: 0; padding: 1rem; }
header.page, main { max-width: 52rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.35rem; margin: .2rem 0; overflow-wrap: break-word; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
article.report { border: 1px solid #c8c8c8; border-radius: 8px; padding: 1rem 1.25rem;
                 margin: 1.5rem 0; }
.meta, .measures, .confidence, .note { color: #4a4a4a; font-size: .9rem; }
.meta { margin: .2rem 0 .8rem; overflow-wrap: break-word; }
a { color: #0b57d0; }
.assessment { border-left: 6px solid #666; background: #f6f6f6; padding: .4rem .9rem; }
.score { font-size: 1.3rem; margin: .2rem 0; }
.measures { margin: .2rem 0; }
.band-reliable { border-left-color: #1b7a3a; }
.band-reliable .number, .band-reliable .band { color: #17652f; }
.band-mixed { border-left-color: #b07d00; }
.band-mixed .number, .band-mixed .band { color: #6f4e00; }
.band-unreliable { border-left-color: #b3261e; }
.band-unreliable .number, .band-unreliable .band { color: #9c1f18; }
.band-abstained .score { color: #4a4a4a; }
.genre-note { margin: .2rem 0; }
.genre-satire { font-weight: 600; color: #5b2a86; }
.genre { color: #3d3d8f; }
.outlet { border: 1px dashed #8a8a8a; border-radius: 6px; padding: .2rem .9rem;
          margin-top: .8rem; }
.outlet h3 { margin-top: .4rem; }
.reasons ol { padding-left: 1.4rem; }
.reasons li { margin: .3rem 0; }
.concern { color: #4a4a4a; font-size: .9rem; }
meter { width: 4.5rem; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .6rem 0; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid #d6d6d6; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f0f0f0; }
.signals th, .signals td:first-child, .signals td:nth-child(2), .signals td:last-child {
  white-space: nowrap; }
/* Cells never break inside a word: a table wider than the screen scrolls in its section. */
section.signals, section.sourcing, section.cleaning { overflow-x: auto; }
@media (max-width: 40rem) {  /* room to read the text columns, scrolled to */
  section.signals td:nth-child(3), section.cleaning td:last-child { min-width: 12rem; } }
.legend { border: 1px solid #d6d6d6; border-radius: 6px; padding: .3rem .8rem;
          margin: .4rem 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
.legend legend { font-size: .9rem; color: #4a4a4a; padding: 0 .3rem; }
.legend label { cursor: pointer; }
ul.legend.techniques { list-style: none; font-size: .88rem; border-style: dashed; }
.legend input:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.swatch { display: inline-block; width: 1.1em; height: 1em; margin-right: .4em;
          vertical-align: -.15em; border-radius: 2px; border-bottom: 3px solid #333333; }
.article-text { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem;
                overflow-wrap: break-word; }
.article-text .headline { font-weight: 700; font-size: 1.2rem; }
mark { color: #111111; padding: 0 .08em; border-radius: 2px;
       border-bottom: 2px solid #333333; }
mark:focus { outline: 3px solid #0b57d0; outline-offset: 1px; }
mark:focus::after { content: " [" attr(title) "]"; font-family: system-ui, sans-serif;
                    font-size: .8em; color: #333333; }
.notices .warning { color: #6f4e00; }
.notices .error { color: #9c1f18; }
.batch-error { color: #9c1f18; background: #fdecea; border-left: 6px solid #b3261e;
               padding: .5rem .9rem; overflow-wrap: break-word; }
@media print { article.report { break-inside: avoid-page; } mark:focus::after { content: none; } }
"""


# One colour per persuasion technique (the PTC's 14 names), so a reader can tell a loaded
# word from an appeal to fear inside the persuasion highlights. Class names come from
# `technique_class`, applied only to these constant names.
TECHNIQUE_COLOURS = {
    "Appeal_to_Authority": "#cfe3ff",
    "Appeal_to_fear-prejudice": "#ffb3b3",
    "Bandwagon,Reductio_ad_hitlerum": "#e0c8ff",
    "Black-and-White_Fallacy": "#d9d9d9",
    "Causal_Oversimplification": "#ffe0b3",
    "Doubt": "#c9f2ff",
    "Exaggeration,Minimisation": "#fff2a8",
    "Flag-Waving": "#c6f5c6",
    "Loaded_Language": "#ffc9a3",
    "Name_Calling,Labeling": "#ffc2e6",
    "Repetition": "#e6f2c2",
    "Slogans": "#f5d6ff",
    "Thought-terminating_Cliches": "#d6e4d6",
    "Whataboutism,Straw_Men,Red_Herring": "#f0dcc8",
}


def technique_class(technique: str) -> str:
    """'tech-' plus the technique name reduced to [a-z0-9-]."""
    return "tech-" + "-".join("".join(c if c.isalnum() else " " for c in technique.lower()).split())


def page_css(signal_rules: Mapping[str, tuple[str, ...]]) -> str:
    """The stylesheet: the base rules plus one rule per signal class.

    `signal_rules` maps a safe class name ([a-z0-9_-]) to (background colour, underline
    style); both come from constants in the renderer, never from a report.
    """
    rules = [BASE_CSS]
    for css_class, (colour, underline) in sorted(signal_rules.items()):
        rules.append(
            f".{css_class} {{ background-color: {colour}; border-bottom-style: {underline}; }}\n"
            f".text:has(.toggle-{css_class}:not(:checked)) mark.{css_class} "
            "{ background-color: transparent; border-bottom-color: transparent; }\n"
        )
    for technique, colour in TECHNIQUE_COLOURS.items():
        rules.append(f".{technique_class(technique)} {{ background-color: {colour}; }}\n")
    return "".join(rules)
