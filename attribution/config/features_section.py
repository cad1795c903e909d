"""Config section ``features:`` (owned by the feature builders).

Every option has a default, so ``features: {}`` (or no section) is a valid run.
Unknown keys are errors, like everywhere else in the config. See
``docs/features.md`` for the meaning of each option.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from attribution.config.renamed import renamed_keys


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CurveOptions(_Strict):
    """Curve moves: k-day horizon, classification pair, rank history, gap rule."""

    k_days: Annotated[int, Field(ge=1, le=260)] = 5
    slope_pair: Literal["2s10s", "5s30s", "3m10y", "2s30s"] = "2s10s"
    slope_tolerance_bp: Annotated[float, Field(ge=0.0)] = 0.0
    rank_since: dt.date | None = None
    max_gap_business_days: Annotated[int, Field(ge=0, le=30)] = 3


class DivergenceOptions(_Strict):
    """FX-differential divergence: the estimation sample for each region's beta.

    ``level`` is the coverage of the divergence band (old key ``band_level``,
    deprecated).
    """

    sample_years: Annotated[float, Field(gt=0.0, le=30.0)] = 3.0
    daily_min_obs: Annotated[int, Field(ge=10)] = 60
    monthly_min_obs: Annotated[int, Field(ge=6)] = 24
    level: Annotated[float, Field(gt=0.5, lt=1.0)] = 0.90

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        return renamed_keys(data, "features.divergence")


class PositioningOptions(_Strict):
    """Positioning z-scores: the trailing sample in weeks."""

    zscore_weeks: Annotated[int, Field(ge=8)] = 156


class LiquidityOptions(_Strict):
    """Dollar-liquidity stress thresholds (bp, $bn)."""

    sofr_iorb_bp: float = 5.0
    sofr_effr_bp: float = 10.0
    rrp_floor_bn: Annotated[float, Field(ge=0.0)] = 100.0
    rrp_weekly_drop_bn: Annotated[float, Field(gt=0.0)] = 150.0


class LeverageOptions(_Strict):
    """Leverage arithmetic illustration in the summary."""

    leverage: Annotated[float, Field(gt=1.0, le=1000.0)] = 20.0
    loss_fraction: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.01
    contract_face_usd: Annotated[float, Field(gt=0.0)] = 100_000.0


class FeaturesSection(_Strict):
    """Options of ``python cli.py features``.

    ``equity_series`` names a daily equity index supplied through
    ``data.local_series`` (none is bundled); without it the triple-decline
    flag is reported as unavailable.
    """

    curve: CurveOptions = Field(default_factory=CurveOptions)
    divergence: DivergenceOptions = Field(default_factory=DivergenceOptions)
    positioning: PositioningOptions = Field(default_factory=PositioningOptions)
    liquidity: LiquidityOptions = Field(default_factory=LiquidityOptions)
    leverage: LeverageOptions = Field(default_factory=LeverageOptions)
    equity_series: Annotated[str | None, Field(pattern=r"^[A-Za-z0-9_.=^-]+$")] = None
    auction_history: Annotated[int, Field(ge=3)] = 24
    holdings_top_n: Annotated[int, Field(ge=3, le=60)] = 15
    record_since: dt.date = dt.date(2011, 1, 1)
