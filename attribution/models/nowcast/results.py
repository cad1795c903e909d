"""Immutable results of :class:`~attribution.models.nowcast.TicNowcast`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from attribution.models.nowcast.backtest import family_name

if TYPE_CHECKING:
    from attribution.models.nowcast.model import TicNowcast


@dataclass(frozen=True)
class NowcastResults:
    """Backtest, skill verdict and nowcasts of a :class:`TicNowcast` fit.

    Attributes
    ----------
    model : TicNowcast
        The specification and data.
    backtest : DataFrame
        One row per backtest month: ``actual``, ``nowcast``, ``naive`` (0),
        ``train_mean`` (historical-mean forecast, for reference), ``error``,
        ``naive_error``, the chosen ``family``/``alpha``,
        ``train_end`` and ``n_train``.
    stats : dict
        ``rmse``, ``rmse_naive``, ``rmse_ratio``, ``mae``, ``mae_naive``,
        ``rmse_train_mean``,
        ``dm_statistic``, ``dm_pvalue``, ``skill``, ``error_lower``,
        ``error_upper`` and ``coverage_out_of_sample``.
    estimator : Pipeline
        The final model fitted on every published month.
    selected : dict
        Its CV-chosen hyperparameters.
    future_dates : DatetimeIndex
        Months with features but no published target.
    level : float
        Interval coverage requested.

    Notes
    -----
    The interval is the nowcast plus the empirical ``(1-level)/2`` and
    ``(1+level)/2`` quantiles of the backtest errors (actual minus nowcast).
    ``coverage_out_of_sample`` re-checks it honestly: each backtest error is
    compared with quantiles of the errors *before* it only (first 12
    skipped). Penalised estimates have no standard errors here.
    """

    model: TicNowcast
    backtest: pd.DataFrame
    stats: dict[str, Any]
    estimator: Pipeline
    selected: dict[str, Any]
    future_dates: pd.DatetimeIndex
    level: float

    @property
    def skill(self) -> bool:
        """True when the nowcast beats no change (RMSE and one-sided DM test)."""
        return bool(self.stats["skill"])

    @property
    def no_skill(self) -> bool:
        """True when the nowcast does not beat the no-change forecast."""
        return not self.skill

    @property
    def family(self) -> str:
        """Family of the final model."""
        return family_name(self.estimator)

    @cached_property
    def params(self) -> pd.Series:
        """Final coefficients per feature unit (scaling undone) and ``const``."""
        scaler = self.estimator.named_steps["scale"]
        m = self.estimator.named_steps["model"]
        coef = np.asarray(m.coef_, dtype=float) / scaler.scale_
        const = float(m.intercept_) - float(coef @ scaler.mean_)
        names = ["const", *self.model.features.columns]
        return pd.Series([const, *coef], index=names, name="params")

    @cached_property
    def nowcasts(self) -> pd.DataFrame:
        """Nowcasts of the unpublished months with their intervals and skill flag."""
        x = self.model.features.loc[self.future_dates]
        pred = self.estimator.predict(x.to_numpy()) if len(x) else np.empty(0)
        return pd.DataFrame(
            {
                "nowcast": pred,
                "lower": pred + self.stats["error_lower"],
                "upper": pred + self.stats["error_upper"],
                "no_skill": self.no_skill,
            },
            index=self.future_dates,
        )

    def to_frame(self) -> pd.DataFrame:
        """Backtest rows and nowcast rows stacked (``kind`` column tells which)."""
        bt = self.backtest[["actual", "nowcast", "naive", "error"]].assign(
            kind="backtest"
        )
        nc = self.nowcasts[["nowcast", "lower", "upper"]].assign(kind="nowcast")
        return pd.concat([bt, nc], sort=False)

    def summary(self) -> str:
        """Plain-text summary with the skill verdict stated."""
        s = self.stats
        verdict = (
            "has skill"
            if self.skill
            else "NO SKILL: it does not beat the no-change forecast"
        )
        lines = [
            f"TIC nowcast of {self.model.target.name}: {verdict}.",
            f"Backtest {s['n_backtest']} months: RMSE {s['rmse']:.3f} vs no-change "
            f"{s['rmse_naive']:.3f} (ratio {s['rmse_ratio']:.3f}); one-sided DM "
            f"{s['dm_statistic']:.3f}, p = {s['dm_pvalue']:.3f}. (Historical-mean "
            f"forecast RMSE {s['rmse_train_mean']:.3f}, for reference.)",
            f"{self.level:.0%} interval from backtest error quantiles "
            f"[{s['error_lower']:.2f}, {s['error_upper']:.2f}]; out-of-sample coverage "
            f"{s['coverage_out_of_sample']:.2f}.",
            f"Final model: {self.family}, {self.selected_text()}; published through "
            f"{self.model.last_published.date()} (publication lag "
            f"{self.model.publication_lag} months).",
            "",
            self.params.to_string(float_format=lambda v: f"{v: .5f}"),
        ]
        if len(self.nowcasts):
            lines += ["", self.nowcasts.to_string(float_format=lambda v: f"{v: .3f}")]
        return "\n".join(lines)

    def selected_text(self) -> str:
        """Chosen hyperparameters as ``alpha=..., l1_ratio=...``."""
        return ", ".join(
            f"{k.split('__')[-1]}={v}" for k, v in self.selected.items() if k != "model"
        )
