"""Linear regression with robust inference, and window contributions."""

from attribution.models.regression.contributions import window_contributions
from attribution.models.regression.iv import IVRegression
from attribution.models.regression.iv_results import IVResults
from attribution.models.regression.lmg import LMGResults, lmg_decomposition
from attribution.models.regression.model import HACRegression
from attribution.models.regression.results import RegressionResults
from attribution.models.regression.rolling import RollingRegression, RollingResults

__all__ = [
    "HACRegression",
    "IVRegression",
    "IVResults",
    "LMGResults",
    "RegressionResults",
    "RollingRegression",
    "RollingResults",
    "lmg_decomposition",
    "window_contributions",
]
