"""Local projections (Jordà 2005), with HAC inference and LP-IV."""

from attribution.models.lp.model import LocalProjections
from attribution.models.lp.results import LPResults
from attribution.models.lp.simulate import simulate_ar1, simulate_lp_iv, simulate_var

__all__ = [
    "LPResults",
    "LocalProjections",
    "simulate_ar1",
    "simulate_lp_iv",
    "simulate_var",
]
