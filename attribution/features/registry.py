"""Registry of feature builders, so that configs can select features by name.

A feature builder is a pure function from a :class:`~attribution.panel.Panel`
(plus keyword options) to a Series or DataFrame with a DatetimeIndex. It is
registered with its units and frequency::

    @register("curve_changes", units="bp", frequency="daily")
    def curve_changes(panel, k=1): ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from attribution.exceptions import UnknownSeriesError


@dataclass(frozen=True)
class FeatureInfo:
    """A registered builder with its declared units and frequency."""

    name: str
    func: Callable[..., Any]
    units: str
    frequency: str
    description: str


FEATURES: dict[str, FeatureInfo] = {}


def register(
    name: str, *, units: str, frequency: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a feature builder under ``name`` (decorator)."""

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        doc = (func.__doc__ or "").strip().splitlines()
        FEATURES[name] = FeatureInfo(
            name, func, units, frequency, doc[0] if doc else ""
        )
        return func

    return deco


def get_feature(name: str) -> FeatureInfo:
    """Return a registered feature.

    Raises
    ------
    UnknownSeriesError
        Listing the registered names.
    """
    if name not in FEATURES:
        raise UnknownSeriesError(
            f"unknown feature {name!r}; registered: {sorted(FEATURES)}"
        )
    return FEATURES[name]
