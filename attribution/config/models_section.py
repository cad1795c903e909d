"""Config sections for ``breaks`` and the volatility / panel / nowcast models.

Every option has a default, so ``breaks: {}`` (or no section) is a valid run.
Unknown keys are errors. ``RunConfig`` holds them as ``breaks:``
(:class:`BreaksSection`, read by the ``breaks`` command), ``volatility:``
(:class:`VolatilitySection`, the ``features`` command's volatility regime),
``country_panel:`` (:class:`CountryPanelSection`, the ``panel`` command) and
``nowcast:`` (:class:`NowcastSection`, the ``nowcast`` command).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from attribution.config.renamed import renamed_keys

BreakRegion = Literal["japan", "euro_area", "switzerland", "china"]
ALL_REGIONS: tuple[BreakRegion, ...] = ("japan", "euro_area", "switzerland", "china")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BreaksSection(_Strict):
    """Options of ``python cli.py breaks``.

    ``trim`` is the minimum segment length as a fraction of each sample
    (strucchange's ``h``); ``sample_end: null`` uses all data available
    (breaks near the window can only be located with data after it). Break
    dates are the last observation of the old regime (strucchange).
    ``level`` is the coverage of the break-date and coefficient intervals
    (old key ``ci_level``, deprecated).
    """

    trim: float = Field(0.15, gt=0.0, lt=0.5)
    max_breaks: int = Field(5, ge=1, le=8)
    select: Literal["bic", "lwz", "sequential"] = "bic"
    cov: Literal["nonrobust", "hac"] = "hac"
    level: float = Field(0.95, gt=0.5, lt=1.0)
    sample_start: dt.date = dt.date(2010, 1, 1)
    sample_end: dt.date | None = None
    regions: tuple[BreakRegion, ...] = ALL_REGIONS
    japan_frequency: Literal["daily", "weekly"] = "weekly"
    slope_frequency: Literal["daily", "weekly"] = "daily"
    euro_yield: Literal["germany", "euro_area"] = "germany"

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        return renamed_keys(data, "breaks")

    @field_validator("regions")
    @classmethod
    def _regions(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(v)) != len(v):
            raise ValueError(f"has duplicates: {list(v)}")
        return v

    @field_validator("trim")
    @classmethod
    def _trim(cls, v: float) -> float:
        if v < 0.05:
            raise ValueError("must be >= 0.05 (the Bai-Perron tables start there)")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> BreaksSection:
        if self.sample_end is not None and self.sample_end <= self.sample_start:
            raise ValueError(
                f"breaks.sample_end ({self.sample_end}) must be after "
                f"breaks.sample_start ({self.sample_start})"
            )
        return self


class VolatilitySection(_Strict):
    """GARCH-family options for sizing moves in conditional sigmas."""

    kind: Literal["garch", "gjr", "egarch"] = "gjr"
    dist: Literal["normal", "t"] = "t"
    tenors: tuple[Literal["2y", "5y", "10y", "30y"], ...] = ("2y", "10y", "30y")
    sample_start: dt.date = dt.date(2010, 1, 1)
    move_days: int = Field(3, ge=1, le=20)


class CountryPanelSection(_Strict):
    """Country panel of monthly TIC holdings changes (``models.country_panel``)."""

    countries: tuple[str, ...] = (
        "Japan",
        "China, Mainland",
        "Switzerland",
        "Germany",
        "France",
        "Belgium",
        "Ireland",
        "Luxembourg",
    )
    dependent: Literal["pct_change", "usd_bn"] = "pct_change"
    cov: Literal["driscoll-kraay", "clustered", "unadjusted"] = "driscoll-kraay"
    bandwidth: int | None = Field(None, ge=0)
    time_effects: bool = False
    sample_start: dt.date = dt.date(2010, 1, 1)


class NowcastSection(_Strict):
    """TIC nowcast: model grid, CV folds, backtest span and interval level.

    ``level`` is the coverage of the nowcast interval (old key
    ``interval_level``, deprecated).
    """

    holders: tuple[str, ...] = ("Japan", "China, Mainland", "United Kingdom")
    families: tuple[Literal["ridge", "lasso", "elasticnet"], ...] = (
        "ridge",
        "lasso",
        "elasticnet",
    )
    alphas: tuple[float, ...] = (0.01, 0.1, 1.0, 10.0)
    cv_splits: int = Field(5, ge=2, le=20)
    backtest_months: int = Field(36, ge=6, le=240)
    refit_every: int = Field(12, ge=1, le=60)
    level: float = Field(0.80, gt=0.5, lt=1.0)
    sample_start: dt.date = dt.date(2008, 1, 1)

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        return renamed_keys(data, "nowcast")

    @field_validator("alphas")
    @classmethod
    def _alphas(cls, v: tuple[float, ...]) -> tuple[float, ...]:
        if not v or any(a <= 0 for a in v):
            raise ValueError("must list positive penalties")
        return v
