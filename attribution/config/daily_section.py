"""``attribution.daily``: options of the daily, price-based SVAR models.

Every option has a default. Sign restrictions are keyed by the daily design's
columns (``y2, y5, y30, real10, be10, tp10, usd, equity, stress, basis``, or
``"a - b"``); a key naming anything else is an error when the model runs
(the message names ``attribution.daily.shocks.<shock>.signs`` and the key).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DailyShockConfig(_Strict):
    """One sign-restricted daily shock: impact signs by design column."""

    description: str = ""
    signs: dict[str, Literal["+", "-"]]
    horizons: tuple[int, ...] = (0,)


class DailyNarrativeConfig(_Strict):
    """A narrative restriction: a shock's sign on ``date``, or its sum to ``end``."""

    date: dt.date
    end: dt.date | None = None
    shock: str
    sign: Literal["+", "-"]
    description: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> DailyNarrativeConfig:
        if self.end is not None and self.end < self.date:
            raise ValueError(f"end {self.end} is before date {self.date}")
        return self


class RegimeConfig(_Strict):
    """Volatility regimes for identification through heteroskedasticity.

    ``rolling_vol``: a day is high-volatility when the centred ``window``-day
    root mean square of the ``variable``'s daily change is above its sample
    ``quantile``.
    """

    method: Literal["rolling_vol"] = "rolling_vol"
    variable: str = "y10"
    window: int = Field(21, ge=5, le=250)
    quantile: float = Field(0.75, gt=0.0, lt=1.0)


class FlowBoundsConfig(_Strict):
    """Published range of price impacts, bp of 10y yield per $100bn of sales."""

    impact_low: float = Field(2.0, ge=0.0)
    impact_high: float = Field(100.0, gt=0.0)

    @model_validator(mode="after")
    def _ordered(self) -> FlowBoundsConfig:
        if self.impact_high < self.impact_low:
            raise ValueError("impact_high must be at least impact_low")
        return self


APRIL_2025: tuple[DailyNarrativeConfig, ...] = (
    DailyNarrativeConfig(
        date=dt.date(2025, 4, 2),
        end=dt.date(2025, 4, 8),
        shock="basis_deleveraging",
        sign="-",
        description="leveraged funds' 10y-note net short grew from 1 to 8 April "
        "2025 (CFTC TFF, Tuesdays): no futures-side unwind that week",
    ),
    DailyNarrativeConfig(
        date=dt.date(2025, 4, 1),
        end=dt.date(2025, 4, 30),
        shock="sell_america",
        sign="+",
        description="foreign private net sales of long-term Treasuries of "
        "$52.8bn in April 2025 (TIC SLT table 3)",
    ),
)


class DailySection(_Strict):
    """Options of the daily models (sign, narrative and heteroskedasticity).

    The daily VAR is estimated from ``start`` to ``end`` (default: all the
    daily data), independently of ``estimation`` (the weekly models'
    sample), so that every window is decomposed by one model. ``variables``
    are its columns: the six yield columns are required (the 10y is
    ``real10 + be10``); ``usd``, ``equity``, ``stress`` and ``basis`` may be
    dropped. ``extra_variables`` adds daily series by id (a swap spread or
    the true basis from ``data.local_series``), in their own units, as VAR
    columns that the sign restrictions may name. The bundled basis proxy
    ends on 2025-05-22: for later windows drop
    ``basis`` here and the ``basis_deleveraging`` shock from ``shocks``.
    """

    start: dt.date = dt.date(2016, 9, 27)
    end: dt.date | None = None
    variables: tuple[
        Literal[
            "y2", "y5", "y30", "real10", "be10", "tp10", "usd", "equity", "stress",
            "basis",
        ],
        ...,
    ] = ("y2", "y5", "y30", "real10", "be10", "tp10", "usd", "equity", "stress",
         "basis")  # fmt: skip
    extra_variables: tuple[str, ...] = ()
    n_lags: int = Field(1, ge=1, le=10)
    usd_timing: Literal["average", "same_day", "next_noon"] = "average"
    n_draws: int = Field(200_000, ge=1000)
    n_boot: int = Field(1000, ge=50)
    max_boot: int = Field(1000, ge=50)
    n_rotations: int = Field(2000, ge=10)
    set_paths: int = Field(10, ge=0)
    mc_tol: float = Field(1.0, gt=0.0)
    shocks: dict[str, DailyShockConfig] | None = None
    driver_shocks: tuple[str, ...] = ("sell_america", "basis_deleveraging")
    narrative: tuple[DailyNarrativeConfig, ...] = APRIL_2025
    regime: RegimeConfig = RegimeConfig()
    flow_bounds: FlowBoundsConfig = FlowBoundsConfig()
    largest_move: bool = True

    @model_validator(mode="after")
    def _core(self) -> DailySection:
        need = ("y2", "y5", "y30", "real10", "be10", "tp10")
        missing = [v for v in need if v not in self.variables]
        if missing:
            raise ValueError(
                f"variables must include {missing}: every reported row (2y, 5y, "
                "10y = real10 + be10, 30y, Kim-Wright) is a VAR column; usd, "
                "equity, stress and basis are optional"
            )
        if len(set(self.variables)) != len(self.variables):
            raise ValueError(f"variables has duplicates: {list(self.variables)}")
        return self
