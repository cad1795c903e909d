"""Turn model results into per-driver, per-window contributions that add up."""

from attribution.engine.result import AttributionResult
from attribution.engine.weekly_ols import WeeklySpec, attribute_weekly_ols

__all__ = ["AttributionResult", "WeeklySpec", "attribute_weekly_ols"]
