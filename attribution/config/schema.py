"""The run configuration: YAML parsed into frozen, validated pydantic models.

:class:`RunConfig` has one section per top-level key of ``configs/default.yaml``
(which lists every key with its meaning): ``run``, ``window``, ``estimation``,
``data``, ``attribution`` (the weekly OLS and SVAR models here, the daily models
in :mod:`~attribution.config.daily_section`), ``features``
(:mod:`~attribution.config.features_section`), ``breaks``, ``volatility``,
``country_panel`` and ``nowcast`` (:mod:`~attribution.config.models_section`)
and ``output``. Unknown keys are errors; messages name the key path
(``estimation.start``) and the value. The window grammar and the futures DV01
table are domain facts (:mod:`attribution.domain`); ``DEFAULT_DV01`` is
re-exported here.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from attribution.config.daily_section import DailySection
from attribution.config.episode_section import EpisodeSection
from attribution.config.features_section import FeaturesSection
from attribution.config.models_section import (
    BreaksSection,
    CountryPanelSection,
    NowcastSection,
    VolatilitySection,
)
from attribution.config.renamed import renamed_keys
from attribution.config.termpremium_section import TermPremiumSection
from attribution.domain.dv01 import DEFAULT_DV01 as DEFAULT_DV01
from attribution.domain.window import Window
from attribution.exceptions import DeprecatedOptionWarning

Tenor = Literal["2y", "5y", "10y", "30y"]
Driver = Literal["custody", "lev_net_short"]
Control = Literal["ctrl_2y", "ctrl_dollar"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class RunSection(_Strict):
    """Run identity and randomness."""

    name: str = Field("default", pattern=r"^[A-Za-z0-9_.-]+$")
    seed: int = 20250401


class EstimationSection(_Strict):
    """Estimation sample, set apart from the window.

    ``end: null`` means the last model period that ends before the window starts
    (so the window is out of sample).
    """

    start: dt.date = dt.date(2021, 2, 17)
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EstimationSection:
        if self.end is not None and self.end <= self.start:
            raise ValueError(
                f"estimation.end ({self.end}) must be after estimation.start "
                f"({self.start})"
            )
        return self


class LocalSeriesConfig(_Strict):
    """A user file registered as a named series."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.]+$")
    path: str
    units: str
    frequency: Literal["daily", "weekly", "monthly"]
    column: str = "value"
    date_column: str = "date"


class DataSection(_Strict):
    """Where data come from."""

    use_cache: bool = True
    cache_dir: str | None = None
    point_in_time: dt.date | None = None
    local_series: tuple[LocalSeriesConfig, ...] = ()


class PositioningSection(_Strict):
    """How leveraged-fund positioning is measured.

    ``tff_all``: all six Treasury contracts from the raw TFF files, in 10-year
    note equivalents (DV01-weighted); weeks missing from the files are skipped.
    ``tff_10y_derived``: the 10y note contract only, from the continuous
    re-serialised series that covers the raw files' gaps.
    """

    measure: Literal["tff_all", "tff_10y_derived"] = "tff_all"
    dv01: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_DV01))

    @field_validator("dv01")
    @classmethod
    def _dv01(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = set(v) - set(DEFAULT_DV01)
        if unknown:
            raise ValueError(
                f"unknown contract(s) {sorted(unknown)}; use {sorted(DEFAULT_DV01)}"
            )
        if any(x <= 0 for x in v.values()):
            raise ValueError("every DV01 must be positive")
        return {**DEFAULT_DV01, **v}


class HacSection(_Strict):
    """Newey-West HAC options; ``bandwidth: null`` is floor(4 (T/100)^(2/9))."""

    kernel: Literal["bartlett", "parzen"] = "bartlett"
    bandwidth: int | None = Field(None, ge=0)


ModelName = Literal[
    "ols_weekly",
    "ols_weekly_total",
    "svar_sign_weekly",
    "svar_narrative_weekly",
    "svar_chol_weekly",
    "acm_termstructure",
    "svar_sign_daily",
    "svar_narrative_daily",
    "svar_hetero_daily",
]


Role = Literal[
    "custody", "leveraged_net", "2y", "10y", "dollar", "swap_spread", "2y - 10y"
]


class ShockConfig(_Strict):
    """One sign-restricted shock: impact signs by variable role, over horizons.

    Roles: ``custody``, ``leveraged_net`` (long minus short; + = the net short
    shrinks), ``2y``, ``10y``, ``dollar``, ``swap_spread`` (only if
    ``attribution.svar.swap_spread`` names a series) and ``2y - 10y`` (the
    difference of the two responses).
    """

    description: str = ""
    signs: dict[Role, Literal["+", "-"]]
    horizons: tuple[int, ...] = (0,)

    @field_validator("signs")
    @classmethod
    def _some(cls, v: dict[str, str]) -> dict[str, str]:
        if not v:
            raise ValueError("must restrict at least one role")
        return v

    @field_validator("horizons")
    @classmethod
    def _horizons(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if not v or min(v) < 0 or max(v) > 52:
            raise ValueError(f"must be horizons between 0 and 52 weeks; got {list(v)}")
        return v


class NarrativeConfig(_Strict):
    """A narrative sign restriction: the sign of one shock in one model week.

    ``date`` is the Wednesday ending the week (the weekly models' row).
    """

    date: dt.date
    shock: str
    sign: Literal["+", "-"]
    description: str = ""


class SvarSection(_Strict):
    """Options of the SVAR models (weekly changes, in-sample through the window)."""

    n_lags: int = Field(2, ge=1, le=8)
    n_draws: int = Field(1000000, ge=100)
    n_boot: int = Field(500, ge=50)
    n_rotations: int = Field(2000, ge=10)
    max_boot: int = Field(4000, ge=50)
    mc_tol: float = Field(0.5, gt=0.0)
    shocks: dict[str, ShockConfig] | None = None
    driver_shocks: tuple[str, ...] = ("foreign_official_selling", "basis_unwind")
    swap_spread: str | None = None
    narrative: tuple[NarrativeConfig, ...] = (
        NarrativeConfig(
            date=dt.date(2025, 4, 9),
            shock="foreign_official_selling",
            sign="-",
            description="custody rose $3.6bn in the week to 9 April 2025",
        ),
        NarrativeConfig(
            date=dt.date(2025, 4, 9),
            shock="basis_unwind",
            sign="-",
            description="leveraged funds' 10y net short grew from 1 to 8 April 2025",
        ),
    )

    @model_validator(mode="after")
    def _drivers_named(self) -> SvarSection:
        if self.shocks is not None:
            unknown = [d for d in self.driver_shocks if d not in self.shocks]
            if unknown:
                raise ValueError(
                    f"attribution.svar.driver_shocks names {unknown}, which are not in "
                    f"attribution.svar.shocks ({sorted(self.shocks)})"
                )
        return self


class AttributionSection(_Strict):
    """The first attribution model: weekly OLS of tenor changes on drivers and controls.

    ``extra_drivers`` lists further series ids (your ``data.local_series`` or any
    catalogued id) whose weekly change, in the series' own units, enters as a
    driver: e.g. a swap spread or the futures-cash basis from a terminal.
    ``level`` is the coverage of every model's interval (the old key
    ``ci_level`` still works, with a warning).
    """

    models: tuple[ModelName, ...] = (
        "svar_hetero_daily",
        "svar_sign_daily",
        "svar_narrative_daily",
        "ols_weekly",
        "ols_weekly_total",
        "svar_sign_weekly",
        "svar_narrative_weekly",
        "svar_chol_weekly",
        "acm_termstructure",
    )
    tenors: tuple[Tenor, ...] = ("2y", "5y", "10y", "30y")
    drivers: tuple[Driver, ...] = ("custody", "lev_net_short")
    controls: tuple[Control, ...] = ("ctrl_2y", "ctrl_dollar")
    extra_drivers: tuple[str, ...] = ()
    level: float = Field(0.95, gt=0.5, lt=1.0)
    hac: HacSection = HacSection()
    positioning: PositioningSection = PositioningSection()
    svar: SvarSection = SvarSection()
    daily: DailySection = DailySection()

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data: Any) -> Any:
        return renamed_keys(data, "attribution")

    @property
    def ci_level(self) -> float:
        """The old name of :attr:`level` (deprecated; warns)."""
        warnings.warn(
            "AttributionSection.ci_level is deprecated; use AttributionSection.level",
            DeprecatedOptionWarning,
            stacklevel=2,
        )
        return self.level

    @field_validator("tenors", "drivers", "models")
    @classmethod
    def _nonempty(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("must list at least one entry")
        if len(set(v)) != len(v):
            raise ValueError(f"has duplicates: {list(v)}")
        return v


class OutputSection(_Strict):
    """Where the run writes."""

    dir: str = "outputs"
    figures: bool = True


class ReportSection(_Strict):
    """What ``attribute`` puts into its report (``report.md``).

    ``diagnostics``: ``basic`` = fit and residual checks of the daily VAR;
    ``full`` adds the sensitivity reruns of the daily sign model (lag length,
    sample start, each sign restriction dropped in turn, a second seed), about
    25 reruns (roughly 50 s of CPU on the selloff week). ``facts``: the facts of
    the episode (curve ranks, day-by-day table, positioning, flows, FX
    divergence, stress flags, auctions).
    """

    diagnostics: Literal["basic", "full"] = "basic"
    facts: bool = True


class RunConfig(_Strict):
    """A whole run, validated before any work starts."""

    run: RunSection = RunSection()
    window: str = "2025-04"
    estimation: EstimationSection = EstimationSection()
    data: DataSection = DataSection()
    attribution: AttributionSection = AttributionSection()
    features: FeaturesSection = FeaturesSection()
    breaks: BreaksSection = BreaksSection()
    volatility: VolatilitySection = VolatilitySection()
    country_panel: CountryPanelSection = CountryPanelSection()
    nowcast: NowcastSection = NowcastSection()
    termpremium: TermPremiumSection = TermPremiumSection()
    output: OutputSection = OutputSection()
    report: ReportSection = ReportSection()
    #: set by the episode configs (configs/episodes/), see docs/episodes.md
    episode: EpisodeSection | None = None

    @field_validator("window")
    @classmethod
    def _window(cls, v: str) -> str:
        return Window.parse(v).label  # as written, without surrounding blanks

    @property
    def parsed_window(self) -> Window:
        """The window as a :class:`Window`."""
        return Window.parse(self.window)

    @model_validator(mode="after")
    def _window_after_start(self) -> RunConfig:
        if self.parsed_window.last.date() <= self.estimation.start:
            raise ValueError(
                f"window {self.window!r} ends before estimation.start "
                f"({self.estimation.start})"
            )
        return self
