"""Turn model results into per-driver, per-window contributions that add up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from attribution.engine.result import AttributionResult
    from attribution.engine.weekly_ols import WeeklySpec, attribute_weekly_ols

__all__ = ["AttributionResult", "WeeklySpec", "attribute_weekly_ols"]

_WHERE = {
    "AttributionResult": "attribution.engine.result",
    "WeeklySpec": "attribution.engine.weekly_ols",
    "attribute_weekly_ols": "attribution.engine.weekly_ols",
}


def __getattr__(name: str) -> Any:
    """Import on first use, so that a submodule loads only what it needs."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'attribution.engine' has no attribute {name!r}")
