"""Built-in analyzers and the registry that names them."""

from __future__ import annotations

from collections.abc import Callable

from newscred.analyzers.base import Analyzer

AnalyzerFactory = Callable[[], Analyzer]

_REGISTRY: dict[str, AnalyzerFactory] = {}


def register(name: str, factory: AnalyzerFactory) -> None:
    """Register an analyzer factory under `name` (built-ins use this too)."""
    if name in _REGISTRY:
        raise ValueError(f"analyzer {name!r} is already registered")
    _REGISTRY[name] = factory


def registered() -> dict[str, AnalyzerFactory]:
    _register_builtins()
    return dict(_REGISTRY)


def _register_builtins() -> None:
    if "headline" in _REGISTRY:
        return
    from newscred.analyzers.claims import ClaimsAnalyzer
    from newscred.analyzers.genre import GenreAnalyzer
    from newscred.analyzers.headline import HeadlineAnalyzer
    from newscred.analyzers.hyperpartisan import HyperpartisanAnalyzer
    from newscred.analyzers.language import LanguageAnalyzer
    from newscred.analyzers.outlet import OutletAnalyzer
    from newscred.analyzers.persuasion import PersuasionAnalyzer
    from newscred.analyzers.sourcing import SourcingAnalyzer

    for factory in (
        HeadlineAnalyzer, LanguageAnalyzer, SourcingAnalyzer, PersuasionAnalyzer, ClaimsAnalyzer,
        GenreAnalyzer, HyperpartisanAnalyzer, OutletAnalyzer,
    ):
        register(factory.name, factory)


__all__ = ["Analyzer", "register", "registered"]
