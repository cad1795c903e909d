r"""Time-series CV search, the rolling-origin backtest and its skill statistics.

Skill is judged against the no-change forecast with the Diebold-Mariano
statistic on squared-error differentials :math:`d_t = e_t^2 - e_{0,t}^2`,

.. math:: DM = \bar d / \sqrt{\hat S_d / n},

:math:`\hat S_d` the Newey-West long-run variance of :math:`d_t`
(:mod:`attribution.models.covariance`, rule-of-thumb lag), compared with a
t distribution with n - 1 degrees of freedom (Harvey, Leybourne and
Newbold 1997). One-sided: the alternative is that the nowcast is better.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.base import clone
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from attribution.models.covariance import long_run_covariance, nw_bandwidth

if TYPE_CHECKING:
    from attribution.models.nowcast.model import TicNowcast

_MAX_ITER = 50_000


def param_grid(model: TicNowcast) -> list[dict[str, list[Any]]]:
    """Return the scikit-learn grid over families, penalties and mixing values."""
    grid: list[dict[str, list[Any]]] = []
    alphas = list(model.alphas)
    if "ridge" in model.families:
        grid.append({"model": [Ridge()], "model__alpha": alphas})
    if "lasso" in model.families:
        grid.append({"model": [Lasso(max_iter=_MAX_ITER)], "model__alpha": alphas})
    if "elasticnet" in model.families:
        grid.append(
            {
                "model": [ElasticNet(max_iter=_MAX_ITER)],
                "model__alpha": alphas,
                "model__l1_ratio": list(model.l1_ratios),
            }
        )
    return grid


def cv_search(model: TicNowcast, x: pd.DataFrame, y: pd.Series) -> GridSearchCV:
    """Grid search with expanding-window ``TimeSeriesSplit`` folds (MSE)."""
    n_splits = min(model.cv_splits, max(2, len(y) // 12))
    pipe = Pipeline([("scale", StandardScaler()), ("model", Ridge())])
    search = GridSearchCV(
        pipe,
        param_grid(model),
        cv=TimeSeriesSplit(n_splits=n_splits),
        scoring="neg_mean_squared_error",
        refit=True,
        n_jobs=1,
        error_score="raise",
    )
    search.fit(x.to_numpy(), y.to_numpy())
    return search


def refit(template: Pipeline, x: pd.DataFrame, y: pd.Series) -> Pipeline:
    """Return a fresh copy of ``template`` fitted on ``(x, y)``."""
    est: Pipeline = clone(template)
    est.fit(x.to_numpy(), y.to_numpy())
    return est


def family_name(est: Pipeline) -> str:
    """``ridge``, ``lasso`` or ``elasticnet`` of a fitted pipeline."""
    return type(est.named_steps["model"]).__name__.lower()


def rolling_backtest(
    model: TicNowcast, n_bt: int, every: int, progress: Any
) -> pd.DataFrame:
    """Nowcast each of the last ``n_bt`` published months from its own information set.

    At origin t (a month end) the training rows are the months dated on or
    before ``t - publication_lag`` month ends (gaps in the monthly index do not
    shift the cutoff); the CV search is redone every ``every`` origins.
    """
    pub = model.target.loc[: model.last_published]
    x_all = model.features.loc[pub.index]
    origins = pub.index[-n_bt:]
    rows, template = [], None
    for i, t in enumerate(origins):
        cutoff = t - pd.offsets.MonthEnd(model.publication_lag)
        train = pub.index <= cutoff
        x_tr, y_tr = x_all.loc[train], pub.loc[train]
        if template is None or i % every == 0:
            template = cv_search(model, x_tr, y_tr).best_estimator_
            est = template
        else:
            est = refit(template, x_tr, y_tr)
        pred = float(est.predict(x_all.loc[[t]].to_numpy())[0])
        m = est.named_steps["model"]
        rows.append(
            {
                "date": t,
                "actual": float(pub.loc[t]),
                "nowcast": pred,
                "naive": 0.0,
                "train_mean": float(y_tr.mean()),
                "family": family_name(est),
                "alpha": float(m.alpha),
                "train_end": y_tr.index[-1],
                "n_train": len(y_tr),
            }
        )
        if progress is not None:
            progress(i + 1, len(origins))
    out = pd.DataFrame(rows).set_index("date")
    out["error"] = out["actual"] - out["nowcast"]
    out["naive_error"] = out["actual"] - out["naive"]
    return out


def diebold_mariano(e_model: np.ndarray, e_naive: np.ndarray) -> tuple[float, float]:
    """One-sided DM statistic and p-value (module notes); H1: the model is better."""
    d = e_model**2 - e_naive**2
    n = d.size
    dc = d - d.mean()
    lrv = float(long_run_covariance(dc[:, None], nw_bandwidth(n))[0, 0]) / n
    if lrv <= 0:
        return float("nan"), 1.0
    stat = float(d.mean() / np.sqrt(lrv / n))
    return stat, float(stats.t.cdf(stat, n - 1))


def interval_coverage(errors: np.ndarray, level: float, burn: int = 12) -> float:
    """Share of errors inside quantile bands built from the *earlier* errors only."""
    lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
    hits = [
        np.quantile(errors[:i], lo_q) <= errors[i] <= np.quantile(errors[:i], hi_q)
        for i in range(burn, errors.size)
    ]
    return float(np.mean(hits)) if hits else float("nan")


def evaluate(
    backtest: pd.DataFrame, level: float, skill_alpha: float
) -> dict[str, Any]:
    """RMSEs, their ratio, the DM test, the skill flag and the error quantiles."""
    e, e0 = backtest["error"].to_numpy(), backtest["naive_error"].to_numpy()
    rmse, rmse0 = float(np.sqrt(np.mean(e**2))), float(np.sqrt(np.mean(e0**2)))
    ratio = rmse / rmse0 if rmse0 > 0 else float("inf")
    dm, p = diebold_mariano(e, e0)
    e_mean = (backtest["actual"] - backtest["train_mean"]).to_numpy()
    skill = bool(ratio < 1.0 and p < skill_alpha)
    return {
        "n_backtest": int(e.size),
        "rmse": rmse,
        "rmse_naive": rmse0,
        "rmse_ratio": ratio,
        "mae": float(np.mean(np.abs(e))),
        "mae_naive": float(np.mean(np.abs(e0))),
        "rmse_train_mean": float(np.sqrt(np.mean(e_mean**2))),
        "dm_statistic": dm,
        "dm_pvalue": p,
        "skill_alpha": skill_alpha,
        "skill": skill,
        "error_lower": float(np.quantile(e, (1 - level) / 2)),
        "error_upper": float(np.quantile(e, (1 + level) / 2)),
        "coverage_out_of_sample": interval_coverage(e, level),
    }
