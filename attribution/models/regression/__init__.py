"""Linear regression with robust inference, and window contributions."""

from attribution.models.regression.contributions import window_contributions
from attribution.models.regression.model import HACRegression
from attribution.models.regression.results import RegressionResults

__all__ = ["HACRegression", "RegressionResults", "window_contributions"]
