"""clean_text: whole boilerplate lines removed, each removal logged with exact offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscred.article import CleaningEntry
from newscred.ingest import RULES, boilerplate_rule, clean_text

BOILERPLATE = [
    ("browser_notice", "You are using an outdated browser. Please upgrade your browser to improve your experience."),
    ("browser_notice", "Please enable JavaScript to view this page."),
    ("archive_notice", "This is an archived article and the information in the article may be outdated."),
    ("archive_notice", "This article is more than 5 years old."),
    ("cookie_notice", "We use cookies to improve your experience on our site."),
    ("cookie_notice", "By continuing to use this site you agree to our use of cookies."),
    ("subscription_prompt", "Subscribe now for unlimited access."),
    ("subscription_prompt", "You have reached your limit of free articles this month."),
    ("newsletter_prompt", "Sign up for our daily newsletter."),
    ("newsletter_prompt", "Get the morning headlines delivered to your inbox."),
    ("social_share", "Share this article"),
    ("social_share", "Facebook Twitter Email"),
    ("photo_credit", "Photo: Jane Roe/Getty Images"),
    ("photo_credit", "(AP Photo/John Doe)"),
    ("photo_credit", "Image credit: Sam Lee"),
    ("photo_credit", "Workers inspect the pier on Monday. (AP Photo/Jane Roe, File)"),
    ("photo_credit", "Residents queue at the town hall. Photograph: Ali Khan/Reuters"),
    ("advertisement", "Advertisement"),
    ("advertisement", "Story continues below advertisement"),
    ("read_more", "Read more: Council delays vote on bus lanes"),
    ("read_more", "Related: How the old pier was built"),
    ("click_here", "Click here to get the app."),
    ("navigation", "Skip to main content"),
]

CONTENT = [
    "Related concerns were raised by residents at the meeting.",
    "The photo showed the pier's corroded supports, the report said.",
    "She said the browser company would update its policy next year.",
    "Share prices fell sharply on Monday.",
    "Regulators said sites must let users reject cookies as easily as accept them.",
    "For subscribers, the change means higher prices.",
    "More from the council is expected later.",
    "Advertising revenue fell by a third last year.",
    "Read more about this in the council's report.",
    "Click-through rates fell, the company said.",
    "Read more: " + "the council will publish its full reasoning " * 8,  # too long to be a prompt
]

PARA_1 = "The harbour board delayed the new ferry until spring."
PARA_2 = "Engineers said two of the sea trials had failed."


def assert_log_consistent(supplied: str, cleaned: str, entries: list[CleaningEntry]) -> None:
    """Every entry slices its text out of the supplied text, and cutting them all out
    gives exactly the cleaned text."""
    position = 0
    pieces = []
    for entry in entries:
        assert supplied[entry.start : entry.end] == entry.text_removed
        assert entry.start >= position, "entries are sorted and do not overlap"
        pieces.append(supplied[position : entry.start])
        position = entry.end
    pieces.append(supplied[position:])
    assert "".join(pieces) == cleaned


def test_rule_names_are_stable() -> None:
    assert [name for name, _ in RULES] == [
        "browser_notice", "archive_notice", "cookie_notice", "subscription_prompt",
        "newsletter_prompt", "social_share", "photo_credit", "advertisement", "read_more",
        "click_here", "navigation",
    ]  # fmt: skip


@pytest.mark.parametrize(("rule", "line"), BOILERPLATE)
def test_each_kind_of_boilerplate_is_removed_and_logged(rule: str, line: str) -> None:
    supplied = f"{PARA_1}\n\n{line}\n\n{PARA_2}\n"
    cleaned, entries = clean_text(supplied, part="body")
    assert cleaned == f"{PARA_1}\n\n{PARA_2}"
    assert entries[0].rule == rule
    assert line in entries[0].text_removed
    assert_log_consistent(supplied, cleaned, entries)


@pytest.mark.parametrize("line", CONTENT)
def test_reporting_that_resembles_boilerplate_is_kept(line: str) -> None:
    assert boilerplate_rule(line) is None
    supplied = f"{PARA_1}\n{line}\n{PARA_2}"
    assert clean_text(supplied, part="body") == (supplied, [])


def test_paragraph_breaks_survive_a_removal() -> None:
    for supplied in (
        f"{PARA_1}\nAdvertisement\n\n{PARA_2}",
        f"{PARA_1}\n\nAdvertisement\n{PARA_2}",
        f"{PARA_1}\n\n\nAdvertisement\n\n\n{PARA_2}",
    ):
        cleaned, entries = clean_text(supplied, part="body")
        assert cleaned == f"{PARA_1}\n\n{PARA_2}"
        assert_log_consistent(supplied, cleaned, entries)
    supplied = f"{PARA_1}\nAdvertisement\n{PARA_2}"
    assert clean_text(supplied, part="body")[0] == f"{PARA_1}\n{PARA_2}"


def test_boilerplate_at_the_edges_leaves_no_stray_whitespace() -> None:
    supplied = f"Skip to main content\n\n{PARA_1}\n\n{PARA_2}\n\nShare this article\nRead more: Ferry fares rise\n"
    cleaned, entries = clean_text(supplied, part="body")
    assert cleaned == f"{PARA_1}\n\n{PARA_2}"
    assert [entry.rule for entry in entries] == ["navigation", "social_share", "read_more"]
    assert_log_consistent(supplied, cleaned, entries)


def test_surrounding_whitespace_is_trimmed_and_logged() -> None:
    supplied = f"\n  {PARA_1}\n{PARA_2}  \n\n"
    cleaned, entries = clean_text(supplied, part="body")
    assert cleaned == f"{PARA_1}\n{PARA_2}"
    assert {entry.rule for entry in entries} == {"whitespace"}
    assert_log_consistent(supplied, cleaned, entries)


def test_a_body_that_repeats_the_headline_loses_that_line() -> None:
    supplied = f"Ferry delayed until spring\n{PARA_1}\n{PARA_2}"
    cleaned, entries = clean_text(supplied, part="body", headline="Ferry  delayed until Spring")
    assert cleaned == f"{PARA_1}\n{PARA_2}"
    assert entries[0].rule == "repeated_headline"
    # A body that is only the headline keeps it.
    assert clean_text("Ferry delayed", part="body", headline="Ferry delayed")[0] == "Ferry delayed"


def test_titles_are_cleaned_with_part_title() -> None:
    cleaned, entries = clean_text("Advertisement", part="title")
    assert cleaned == ""
    assert entries == [
        CleaningEntry(part="title", start=0, end=13, text_removed="Advertisement", rule="advertisement")
    ]


LINES = st.sampled_from(
    [PARA_1, PARA_2, "", " ", "\t", "Advertisement", "Share this article", "Photo: Jane Roe/Reuters", "  Read more: x  "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_mix_of_lines_keeps_the_log_exact(lines: list[str], newline: str, final_newline: bool) -> None:
    supplied = newline.join(lines) + (newline if final_newline else "")
    cleaned, entries = clean_text(supplied, part="body")
    assert_log_consistent(supplied, cleaned, entries)
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned.replace("\r", "") or "\n\n\n" in supplied.replace("\r", "")
    for entry in entries:
        assert entry.rule == "whitespace" or boilerplate_rule(entry.text_removed.strip()) == entry.rule


def _ungated_rule(line: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > 300:
        return None
    return next((name for name, pattern in RULES if pattern.fullmatch(stripped)), None)


# Pieces of the rules' own lines, with the casing re's IGNORECASE reads as ASCII letters
# ("İ", "ı", "ſ", "K") swapped in, so a gate that misses a line its rule matches shows.
_SWAPS = str.maketrans({"i": "İ", "s": "ſ", "k": "K"})
_PIECES = [piece for _, line in BOILERPLATE for piece in (line, line.upper(), line.translate(_SWAPS))]
_PIECES += ["JAVASCRıPT", "Cookies", "ſign in to continue", "(Reuters Photos)", "image: x", "Credits: Sam Lee", "ILLUSTRATION by x",
            "delivered to your INBOX", "reached your free stories", "support our journalism"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), min_size=1, max_size=5),
       st.sampled_from([" ", "", ". "]))
def test_the_gates_skip_only_lines_their_rule_cannot_match(pieces: list[str], glue: str) -> None:
    line = glue.join(pieces)
    assert boilerplate_rule(line) == _ungated_rule(line)


def test_the_gates_read_case_as_the_rules_do() -> None:
    for rule, line in BOILERPLATE:
        assert boilerplate_rule(line) == rule
        for variant in (line.upper(), line.translate(_SWAPS)):
            assert boilerplate_rule(variant) == _ungated_rule(variant)
