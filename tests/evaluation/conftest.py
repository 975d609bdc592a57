"""Fixtures for the dataset tests: the shared folder and a cache of loaded datasets.

Tests that need the shared datasets skip with a reason when the folder (or one dataset's
folder) is absent; a dataset that is present but malformed fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newscred.errors import NewscredError
from newscred.evaluation.data import DATASETS, Record, load, shared_data_dir

_LOADED: dict[str, list[Record]] = {}


@pytest.fixture(scope="session")
def shared_root() -> Path:
    try:
        return shared_data_dir()
    except NewscredError as exc:
        pytest.skip(f"shared datasets not available: {exc.message}")


@pytest.fixture(scope="session")
def dataset(shared_root: Path) -> Callable[[str], list[Record]]:
    """dataset(name) -> its records, loaded once per test session."""

    def get(name: str) -> list[Record]:
        folder = shared_root / DATASETS[name].folder
        if not folder.is_dir():
            pytest.skip(f"dataset folder {folder} not available")
        if name not in _LOADED:
            _LOADED[name] = load(name, shared_root)
        return _LOADED[name]

    return get
