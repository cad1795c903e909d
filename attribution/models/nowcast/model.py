"""Nowcast a holder's monthly TIC holdings change from data available at month end."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import pandas as pd

from attribution._validation import as_float, as_frame, as_int, as_option
from attribution.exceptions import (
    DeprecatedOptionWarning,
    EmptySampleError,
    ModelSpecificationError,
    fmt,
)
from attribution.models._estimates import check_level
from attribution.models.nowcast.backtest import (
    cv_search,
    evaluate,
    refit,
    rolling_backtest,
)
from attribution.models.nowcast.results import NowcastResults

logger = logging.getLogger(__name__)

Family = Literal["ridge", "lasso", "elasticnet"]
_FAMILIES: tuple[Family, ...] = ("ridge", "lasso", "elasticnet")


class TicNowcast:
    r"""Regularised regression nowcast of a monthly holdings change, with a backtest.

    Parameters
    ----------
    target : Series
        Monthly holdings change (e.g. $bn) on a month-end DatetimeIndex;
        NaN (or absent) for months TIC has not published yet.
    features : DataFrame
        Monthly predictors known at the end of each month (FX move, custody
        change, yield changes ...), on month ends, covering every month to
        be nowcast. No NaN inside the span used.
    families : sequence of {"ridge", "lasso", "elasticnet"}
        Model families searched.
    alphas : sequence of float, default (0.01, 0.1, 1, 10)
        Penalties searched (scikit-learn's ``alpha``).
    l1_ratios : sequence of float, default (0.2, 0.5, 0.8)
        Elastic-net mixing values searched.
    cv_splits : int, default 5
        Folds of ``TimeSeriesSplit`` (expanding window, no shuffling).
    publication_lag : int, default 2
        Months between a month's end and the last month whose TIC figure is
        published at that time: at the end of month t, TIC for t-2 is out
        (mid-month t), t-1 is not. Backtest nowcasts of t train only on
        targets through t - publication_lag.
    min_train : int, default 36
        Fewest training months at any backtest origin.

    Notes
    -----
    Model: :math:`\Delta H_t = c + x_t'\beta + u_t` with standardised
    :math:`x_t` and an L2 (ridge), L1 (lasso) or mixed penalty on
    :math:`\beta`; family and penalty are chosen by time-series
    cross-validation on mean squared error. The naive benchmark is the
    no-change forecast of the holdings level, :math:`\widehat{\Delta H}_t = 0`.
    Identifying assumption: the mapping from month-end data to the TIC
    change is stable over the training window; no causal reading is
    intended. Timing: features of month t use data up to the last close of
    month t (custody: last Wednesday of the month). The TIC history in the
    snapshot is the latest vintage, so the backtest ignores revisions.

    The constructor validates and stores the specification; :meth:`fit`
    runs the backtest and the final fit and returns a frozen
    :class:`NowcastResults`.

    References
    ----------
    Diebold, F. X. and Mariano, R. S. (1995). Comparing predictive accuracy.
    *Journal of Business and Economic Statistics* 13(3), 253-263.

    Harvey, D., Leybourne, S. and Newbold, P. (1997). Testing the equality of
    prediction mean squared errors. *International Journal of Forecasting*
    13(2), 281-291.
    """

    def __init__(
        self,
        target: pd.Series,
        features: pd.DataFrame,
        *,
        families: Sequence[Family] = _FAMILIES,
        alphas: Sequence[float] = (0.01, 0.1, 1.0, 10.0),
        l1_ratios: Sequence[float] = (0.2, 0.5, 0.8),
        cv_splits: int = 5,
        publication_lag: int = 2,
        min_train: int = 36,
    ) -> None:
        if not families:
            raise ModelSpecificationError(fmt("families", "non-empty", families))
        self.families: tuple[Family, ...] = tuple(
            as_option(f, "families", _FAMILIES) for f in families
        )
        self.alphas = tuple(as_float(a, "alphas", low=1e-12) for a in alphas)
        self.l1_ratios = tuple(
            as_float(r, "l1_ratios", low=0.0, high=1.0) for r in l1_ratios
        )
        if not self.alphas:
            raise ModelSpecificationError(fmt("alphas", "non-empty", alphas))
        self.cv_splits = as_int(cv_splits, "cv_splits", low=2)
        self.publication_lag = as_int(publication_lag, "publication_lag", low=0)
        self.min_train = as_int(min_train, "min_train", low=12)
        self.features = as_frame(features, "features", min_rows=self.min_train + 1)
        if not isinstance(self.features.index, pd.DatetimeIndex):
            raise ModelSpecificationError(
                fmt(
                    "features.index",
                    "a DatetimeIndex",
                    type(self.features.index).__name__,
                )
            )
        y = pd.Series(target, dtype=float).reindex(self.features.index)
        published = y.notna()
        if not published.any():
            raise EmptySampleError(
                fmt("target", "published values on the features' dates", "none")
            )
        last = published[published].index[-1]
        gaps = y.loc[:last].isna()
        if gaps.any():
            raise ModelSpecificationError(
                fmt(
                    "target",
                    "free of NaN up to its last published month",
                    f"{int(gaps.sum())} gaps, first at {gaps[gaps].index[0].date()}",
                    "Trim the sample or fill the gaps explicitly.",
                )
            )
        self.target: pd.Series = y.rename(
            str(getattr(target, "name", None) or "target")
        )
        self.last_published: pd.Timestamp = last

    @property
    def n_published(self) -> int:
        """Months with a published target."""
        return int(self.target.notna().sum())

    def fit(
        self,
        *,
        backtest_months: int = 36,
        refit_every: int = 12,
        level: float = 0.80,
        skill_alpha: float = 0.10,
        progress: Any = None,
        interval_level: float | None = None,
    ) -> NowcastResults:
        """Backtest, select on all published months, nowcast the unpublished ones.

        Parameters
        ----------
        backtest_months : int, default 36
            Last published months nowcast out of sample.
        refit_every : int, default 12
            Redo the CV search every this many backtest origins (the chosen
            family and penalty are refit on the expanding window in between).
        level : float, default 0.80
            Coverage of the interval, in (0, 1): empirical quantiles of the
            backtest errors.
        skill_alpha : float, default 0.10
            Level of the one-sided Diebold-Mariano test against no change;
            the nowcast has skill only if its RMSE is below the naive one and
            the test rejects at this level.
        progress : callable, optional
            Called with ``(done, total)`` after each backtest origin.
        interval_level : float, optional
            Deprecated name of ``level`` (the glossary's name of a coverage);
            still used when given, with a
            :class:`~attribution.exceptions.DeprecatedOptionWarning`.

        Returns
        -------
        NowcastResults

        Raises
        ------
        EmptySampleError
            If the backtest leaves fewer than ``min_train`` training months.
        """
        n_bt = as_int(backtest_months, "backtest_months", low=6)
        every = as_int(refit_every, "refit_every", low=1)
        if interval_level is not None:
            warnings.warn(
                "TicNowcast.fit(interval_level=...) is renamed level=... "
                "(same meaning: the interval's coverage).",
                DeprecatedOptionWarning,
                stacklevel=2,
            )
            level = check_level(interval_level, "interval_level")
        level = check_level(level)
        pub = self.target.loc[: self.last_published]
        if len(pub) <= n_bt:
            first_train = 0
        else:
            cutoff = pub.index[-n_bt] - pd.offsets.MonthEnd(self.publication_lag)
            first_train = int((pub.index <= cutoff).sum())
        if first_train < self.min_train:
            raise EmptySampleError(
                fmt(
                    "backtest_months",
                    f"small enough to leave {self.min_train} training months",
                    n_bt,
                    f"{self.n_published} months are published; use fewer.",
                )
            )
        backtest = rolling_backtest(self, n_bt, every, progress)
        stats = evaluate(
            backtest, level, as_float(skill_alpha, "skill_alpha", low=0.0, high=0.5)
        )
        search = cv_search(self, self.features.loc[pub.index], pub)
        final = refit(search.best_estimator_, self.features.loc[pub.index], pub)
        future = self.features.index[self.features.index > self.last_published]
        logger.info(
            "nowcast %s: rmse ratio %.3f, skill=%s",
            self.target.name,
            stats["rmse_ratio"],
            stats["skill"],
        )
        return NowcastResults(
            model=self,
            backtest=backtest,
            stats=stats,
            estimator=final,
            selected=dict(search.best_params_),
            future_dates=pd.DatetimeIndex(future),
            level=level,
        )
