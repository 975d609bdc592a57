"""The rich terminal view, read back as plain text."""

from __future__ import annotations

from rich.console import Console

from newscred.render import render_terminal
from newscred.report import WHAT_IT_MEASURES


def rendered(items, **options) -> str:
    console = Console(record=True, width=100, force_terminal=False)
    render_terminal(items, console, **options)
    return console.export_text()


def flat(text: str) -> str:
    """Panel borders and wrapping removed, so sentences can be searched whole."""
    lines = [line.strip().strip("│").strip() for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


def test_score_band_reasons_and_measures(report):
    out = rendered([report])
    assert "62/100 · mixed" in out
    text = flat(out)
    assert " ".join(WHAT_IT_MEASURES.split()) in text
    for name in ("language", "sourcing", "headline"):
        assert report.signal(name).summary in text
    assert "−5.0 points" in text
    assert "Daily Example" in text and "a1" in text
    moves = text[text.index("Why this score"):text.index("Signal Concern")]
    assert moves.index("Lowered the score") < moves.index("language") < moves.index("Raised the score")
    assert moves.index("Raised the score") < moves.index("wording +4.0 points")
    assert "reliable reporting" in moves


def test_article_markup_is_shown_literally(report):
    out = rendered([report])
    assert "The mayor said [bold]nothing[/] today" in out
    assert "Mayor [bold]sues[/] | council over grants" in out
    assert "Short article [red]x[/]" in flat(out)


def test_signal_table_lists_every_signal_with_span_counts(report):
    text = flat(rendered([report]))
    assert "Few check-worthy claims." in text  # below the reason threshold, still listed
    assert "outlet" in text and "Outlet not in the reference list." in text


def test_abstained_report_says_no_score_and_still_lists_signals(abstained):
    text = flat(rendered([abstained]))
    assert "No score: too short to assess (12 words)" in text
    assert "/100" not in text
    assert abstained.signal("language").summary in text


def test_warnings_errors_and_batch_error(report, batch_error):
    text = flat(rendered([report, batch_error]))
    assert "warning NC900" in text
    assert "error NC202: persuasion failed — Report it." in text
    assert (
        "record 7 (r7): NC108 Record has no article text — Give a 'text' field." in text
    )


def test_show_limits_the_legend_and_show_text_false_hides_the_body(report):
    limited = flat(rendered([report], show={"sourcing"}))
    assert "Highlights: sourcing (each as **stretch** [signal: label]) Mayor" in limited
    hidden = rendered([report], show_text=False)
    assert "her office confirmed" not in hidden


def test_long_body_is_shown_in_full(make_report, article):
    body = " ".join(f"word{i}" for i in range(2000))
    long = make_report(article=article.model_copy(update={"body": body}), signals=())
    text = flat(rendered([long]))
    assert "word0 " in text and "word1999" in text


def test_control_characters_do_not_reach_the_terminal(make_report, article):
    body = "Safe text \x1b]0;owned\x07 and \x1b[31mred\x1b[0m."
    report = make_report(article=article.model_copy(update={"body": body}), signals=())
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    render_terminal([report], console)
    styled = console.export_text(styles=True)
    assert "\x1b]" not in styled and "\x07" not in styled  # no operating-system command
    assert "\x1b[31mred" not in styled
    assert "␛]0;owned␇" in styled and "␛[31mred" in styled  # shown, as symbols


def test_colours_follow_the_band(make_report):
    from newscred.report import Assessment

    console = Console(record=True, width=100, force_terminal=True, color_system="standard")
    good = make_report(assessment=Assessment(score=81, probability=0.81, band="reliable",
                                             confidence=0.8, abstained=False))
    render_terminal([good], console)
    styled = console.export_text(styles=True)
    assert "\x1b[1;32m81/100 · reliable" in styled


def test_without_colour_every_stretch_is_marked_in_words(report):
    text = flat(rendered([report]))  # a console with no colour, as when piped
    assert ("Critics call it a **disgrace |** [language: loaded word] **sources say** "
            "[sourcing: anonymous source] the plan is a **shameful** [language: loaded word] stunt."
            ) in text


def _backgrounds(styles):
    from rich.color import ColorSystem
    from rich.style import Style

    return [Style.parse(style).bgcolor.downgrade(ColorSystem.STANDARD).number for style in styles]


def test_sixteen_colours_give_every_signal_its_own_background():
    from newscred.render.terminal import (
        SIGNAL_STYLES,
        SPARE_STYLES,
        STANDARD_SIGNAL_STYLES,
        STANDARD_SPARE_STYLES,
    )

    standard = _backgrounds([*STANDARD_SIGNAL_STYLES.values(), *STANDARD_SPARE_STYLES])
    assert len(set(standard)) == len(standard)
    assert set(STANDARD_SIGNAL_STYLES) == set(SIGNAL_STYLES)
    assert len(STANDARD_SPARE_STYLES) == len(SPARE_STYLES)
    # the 256-colour palette does collapse in 16 colours: that is why the second one exists
    full = _backgrounds(SIGNAL_STYLES.values())
    assert len(set(full)) < len(full)


def test_colour_consoles_use_their_palette_and_name_persuasion_techniques(make_report, article):
    from newscred.report import Signal
    from tests.render.conftest import span_of

    signals = (
        Signal(name="language", version="1", score=0.7, summary="s",
               spans=(span_of(article, "disgrace", label="loaded_word"),)),
        Signal(name="persuasion", version="1", score=0.7, summary="s",
               spans=(span_of(article, "shameful stunt", label="Name_Calling,Labeling"),)),
    )
    report = make_report(signals=signals)
    for system, language, persuasion in (("standard", "37;45", "37;41"),
                                         ("256", "30;48;5;218", "30;48;5;216")):
        console = Console(record=True, width=100, force_terminal=True, color_system=system)
        render_terminal([report], console)
        styled = console.export_text(styles=True)
        assert f"\x1b[{language}mdisgrace" in styled, system
        assert f"\x1b[{persuasion}mshameful stunt" in styled, system
        assert "⟨Name Calling/Labeling⟩" in styled and "⟨loaded word⟩" not in styled
