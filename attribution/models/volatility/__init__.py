"""Conditional volatility (GARCH, GJR, EGARCH via ``arch``) and moves in sigmas.

Timing: the conditional sigma of day t uses information through the close of
t-1; a multi-day move is sized against the square root of the summed variance
forecasts made at the last close before it (see :mod:`.sigma`).
"""

from attribution.models.volatility.model import VolatilityModel
from attribution.models.volatility.results import VolatilityFilter, VolatilityResults
from attribution.models.volatility.sigma import (
    MoveSize,
    move_in_sigmas,
    variance_forecast,
    volatility_regime,
)
from attribution.models.volatility.simulate import simulate_garch

__all__ = [
    "MoveSize",
    "VolatilityFilter",
    "VolatilityModel",
    "VolatilityResults",
    "move_in_sigmas",
    "simulate_garch",
    "variance_forecast",
    "volatility_regime",
]
