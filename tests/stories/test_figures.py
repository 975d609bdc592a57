"""The figure extractor: values with unit and scale; dates, times, phones and ids are not figures."""

from __future__ import annotations

import pytest

from newscred.stories.figures import Figure, agree, disagreement, figures, lemma


def pairs(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("a $4.2m grant", (4_200_000.0, "USD")),
    ("a grant of 4,200,000 dollars", (4_200_000.0, "USD")),
    ("a $4.2 million grant", (4_200_000.0, "USD")),
    ("US$4.2 mn in aid", (4_200_000.0, "USD")),
    ("USD 4.2 million", (4_200_000.0, "USD")),
    ("€3bn of debt", (3e9, "EUR")),
    ("5 billion euros", (5e9, "EUR")),
    ("£20 a ticket", (20.0, "GBP")),
    ("12 million pounds", (12e6, "GBP")),
    ("2 trillion", (2e12, "")),
    ("5k runners", (5000.0, "runner")),
    ("fell 6 percent", (6.0, "percent")),
    ("fell 6%", (6.0, "percent")),
    ("fell 6 per cent", (6.0, "percent")),
    ("rose 0.5 percentage points", (0.5, "percentage point")),
    ("6 people were hurt", (6.0, "people")),
    ("40 officers", (40.0, "officer")),
    ("1,200 cases", (1200.0, "case")),
    ("3 cities", (3.0, "city")),
    ("450 new teachers", (450.0, "teacher")),
])
def test_values_carry_their_unit_and_scale(text, expected):
    assert pairs(text) == [expected]


@pytest.mark.parametrize("text", [
    "April 12, 2025", "on April 12", "12 April 2025", "Sept. 3", "in March 2024",
    "in 2025", "since 1998", "the 2024 budget", "2019-2021", "2025-04-12", "12/04/2025", "4/12",
    "12.04.2025", "at 3:30 p.m.", "at 10 a.m.", "at 10am", "at 15:30", "the 1st prize",
    "her 22nd birthday", "call (555) 014-2290", "call 555-014-2290", "call 555.014.2290",
    "call +1 555 014 2290", "COVID-19", "an F-35 jet", "A4 paper", "the 1990s", "4G phones",
    "version v2", "room B12",
])
def test_dates_times_ordinals_phones_and_ids_are_not_figures(text):
    assert figures(text) == []


def test_list_numbering_at_a_line_start_is_not_a_figure():
    text = "The plan:\n1. Hire 40 officers.\n2) Spend $3 million.\n 3. Review it in 2026."
    assert pairs(text) == [(40.0, "officer"), (3e6, "USD")]


def test_a_numbered_line_in_a_sentence_is_still_a_figure():
    assert pairs("The council has 9 members.") == [(9.0, "member")]


def test_ranges_and_tallies():
    assert figures("10-12 people")[0] == Figure(10.0, "people", "10-12 people", 12.0)
    vote, tally = figures("voted 7-2 on Monday"), figures("by a 7-2 vote")
    assert vote[0].unit == tally[0].unit == "tally" and vote[0].high == 2.0
    assert agree(vote[0], tally[0])
    assert not agree(figures("voted 7-2")[0], figures("voted 6-3")[0])
    assert agree(figures("11 people")[0], figures("10-12 people")[0])
    assert not agree(figures("15 people")[0], figures("10-12 people")[0])


def test_lemma_strips_a_plural():
    assert [lemma(w) for w in ("stations", "cities", "people", "boxes", "bus", "census")] == [
        "station", "city", "people", "box", "bus", "census"]


def test_disagreement_needs_a_shared_unit():
    def differ(a: str, b: str):
        return disagreement(figures(a), figures(b))

    assert differ("a $4.2m grant", "a grant of 4,200,000 dollars") is None
    assert differ("a $4.2 million grant", "a $4.21 million grant") is None  # within 1%
    mine, theirs = differ("a $4.2 million grant", "a $5.8 million grant")
    assert [f.text for f in mine] == ["$4.2 million"] and [f.text for f in theirs] == ["$5.8 million"]
    assert differ("outages fell 6 percent", "outages hit 6 people") is None
    assert differ("outages fell 6 percent", "outages hit 8 people") is None  # different units
    assert differ("outages fell 6 percent", "outages fell 8 percent") is not None
    assert differ("6 percent of 40 officers", "6 percent of the force") is None  # no counterpart
    assert differ("Reed, 54, said", "Reed, 55, said") is None  # unitless numbers never conflict
    assert differ("on April 12, 2025", "18 stations, 2 years, 5 towns and 6 schools") is None
