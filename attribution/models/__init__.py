"""Estimators. No I/O happens here: models take frames and return results."""

from __future__ import annotations

from typing import Any

#: Subpackages reachable as attributes (``attribution.models.var``), imported
#: on first access so that ``import attribution.models`` stays cheap.
_SUBPACKAGES = (
    "breaks",
    "country_panel",
    "lp",
    "nowcast",
    "regression",
    "termstructure",
    "var",
    "volatility",
)


def __getattr__(name: str) -> Any:
    """Import a subpackage (``attribution.models.var``, ...) on first access."""
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f"attribution.models.{name}")
    raise AttributeError(f"module 'attribution.models' has no attribute {name!r}")
