"""Config section ``features:`` (owned by the feature builders; see attribution.features).

Every option has a default, so ``features: {}`` (or no section) is a valid run.
Unknown keys are errors, like everywhere else in the config.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CurveOptions(_Strict):
    """Curve moves: horizon of the k-day change, the classification pair, the rank history."""

    k_days: int = Field(5, ge=1, le=260)
    slope_pair: Literal["2s10s", "5s30s", "3m10y", "2s30s"] = "2s10s"
    slope_tolerance_bp: float = Field(0.0, ge=0.0)
    rank_since: dt.date | None = None
    max_gap_business_days: int = Field(3, ge=0, le=30)


class DivergenceOptions(_Strict):
    """FX-differential divergence: the estimation sample for each region's beta."""

    sample_years: float = Field(3.0, gt=0.0, le=30.0)
    daily_min_obs: int = Field(60, ge=10)
    monthly_min_obs: int = Field(24, ge=6)
    band_level: float = Field(0.90, gt=0.5, lt=1.0)


class PositioningOptions(_Strict):
    """Positioning z-scores: the trailing sample in weeks."""

    zscore_weeks: int = Field(156, ge=8)


class LiquidityOptions(_Strict):
    """Dollar-liquidity stress thresholds (bp, $bn)."""

    sofr_iorb_bp: float = 5.0
    sofr_effr_bp: float = 10.0
    rrp_floor_bn: float = Field(100.0, ge=0.0)
    rrp_weekly_drop_bn: float = Field(150.0, gt=0.0)


class LeverageOptions(_Strict):
    """Leverage arithmetic illustration in the summary."""

    leverage: float = Field(20.0, gt=1.0, le=1000.0)
    loss_fraction: float = Field(0.01, gt=0.0, lt=1.0)
    contract_face_usd: float = Field(100_000.0, gt=0.0)


class FeaturesSection(_Strict):
    """Options of ``python cli.py features``.

    ``equity_series`` names a daily equity index supplied through
    ``data.local_series`` (none is bundled); without it the triple-decline
    flag is reported as unavailable.
    """

    curve: CurveOptions = CurveOptions()
    divergence: DivergenceOptions = DivergenceOptions()
    positioning: PositioningOptions = PositioningOptions()
    liquidity: LiquidityOptions = LiquidityOptions()
    leverage: LeverageOptions = LeverageOptions()
    equity_series: str | None = Field(None, pattern=r"^[A-Za-z0-9_.=^-]+$")
    auction_history: int = Field(24, ge=3)
    holdings_top_n: int = Field(15, ge=3, le=60)
    record_since: dt.date = dt.date(2011, 1, 1)
