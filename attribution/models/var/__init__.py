"""VAR / SVAR: estimation, identification, IRF, FEVD, historical decomposition, bands."""

from __future__ import annotations

from attribution.models.var.fevd import fevd
from attribution.models.var.hd import (
    HistoricalDecomposition,
    historical_decomposition,
    window_contributions,
)
from attribution.models.var.identification import Cholesky, IdentificationScheme, Rotation
from attribution.models.var.irf import impulse_responses
from attribution.models.var.model import VAR
from attribution.models.var.results import LagOrderResults, VARResults
from attribution.models.var.simulate import SimulatedSVAR, simulate_svar, stable_lag_coefs

__all__ = [
    "VAR",
    "Cholesky",
    "HistoricalDecomposition",
    "IdentificationScheme",
    "LagOrderResults",
    "Rotation",
    "SimulatedSVAR",
    "VARResults",
    "fevd",
    "historical_decomposition",
    "impulse_responses",
    "simulate_svar",
    "stable_lag_coefs",
    "window_contributions",
]
