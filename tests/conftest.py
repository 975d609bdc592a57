"""Shared fixtures: articles written for the tests (no third-party text), the pipeline, and
the shared datasets.

Tests that need the shared datasets skip with a reason when the folder (or one dataset's
folder) is absent; a dataset that is present but malformed fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from newscred.evaluation.data import Record

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

WIRE_TITLE = "Ardenport sues federal government over grant conditions"
WIRE_BODY = (
    "The city of Ardenport filed a lawsuit in federal court on Tuesday challenging new "
    "conditions attached to a $4.2 million public-safety grant.\n\n"
    '"We are asking the federal government to follow the law that Congress wrote," Mayor '
    "Elena Vasquez said at a news conference.\n\n"
    '"Our officers need people to call us when they are victims or witnesses," Police Chief '
    "Marcus Reed said. The state attorney general, Diane Holloway, joined the suit. "
    '"The statute says nothing about immigration enforcement," Holloway said in a statement.\n\n'
    "According to the complaint, the city would lose about 6 percent of its police training "
    "budget. The council voted 7-2 on Monday to authorise the lawsuit. A hearing is "
    "scheduled for March 14, and the Justice Department said it would respond in court."
)
SENSATIONAL_TITLE = "WATCH: Angry Cop BLASTS the Mayor – His SHOCKING Plot EXPOSED!"
SENSATIONAL_BODY = (
    "You won't believe what is happening in Ardenport. According to Fox News, an officer who "
    "asked not to be named blasted the mayor's disgraceful stunt. As reported by Reuters, the "
    "city is dragging Washington into court, and sources say the mayor's office is in chaos.\n\n"
    "Make no mistake: the mayor clearly wants to turn the city into a lawless sanctuary, and "
    "she is trying to hide the real reason behind this outrageous lawsuit. Dangerous criminals "
    "could be walking free in your neighborhood tonight. It is absolutely shameful!\n\n"
    "Frankly, this mayor should be ashamed of herself, and every decent citizen should be "
    "outraged. Share this before it gets buried. The truth is finally coming out."
)


@pytest.fixture(scope="session")
def pipeline():
    from newscred.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def shared_root() -> Path:
    """The shared datasets folder (--data, $NEWSCRED_DATA or ../shared/datasets).

    Skips the test, naming the places looked in, when the folder is absent.
    """
    from newscred.errors import NewscredError
    from newscred.evaluation.data import shared_data_dir

    try:
        return shared_data_dir()
    except NewscredError as exc:
        pytest.skip(f"shared datasets not available: {exc.message}")


_LOADED: dict[str, list[Record]] = {}


@pytest.fixture(scope="session")
def dataset(shared_root: Path) -> Callable[[str], list[Record]]:
    """dataset(name) -> its records, loaded once per test session; skips if its folder is absent."""
    from newscred.evaluation.data import DATASETS, load

    def get(name: str) -> list[Record]:
        folder = shared_root / DATASETS[name].folder
        if not folder.is_dir():
            pytest.skip(f"dataset folder {folder} not available")
        if name not in _LOADED:
            _LOADED[name] = load(name, shared_root)
        return _LOADED[name]

    return get
