"""Term structure: NSS zero curves from the par curve and the ACM term premium."""

from attribution.models.termstructure.acm import ACMModel, ACMResults, AffineParams
from attribution.models.termstructure.curve import NSSCurveModel, NSSCurveResults
from attribution.models.termstructure.simulate import AffineWorld, simulate_world

__all__ = [
    "ACMModel",
    "ACMResults",
    "AffineParams",
    "AffineWorld",
    "NSSCurveModel",
    "NSSCurveResults",
    "simulate_world",
]
