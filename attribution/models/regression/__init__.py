"""Linear regression with robust inference, and window contributions."""

from attribution.models.regression.contributions import window_contributions
from attribution.models.regression.iv import IVRegression
from attribution.models.regression.iv_results import IVResults
from attribution.models.regression.model import HACRegression
from attribution.models.regression.results import RegressionResults

__all__ = [
    "HACRegression",
    "IVRegression",
    "IVResults",
    "RegressionResults",
    "window_contributions",
]
