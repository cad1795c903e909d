"""Daily Nelson-Siegel-Svensson zero curves fitted to Treasury par yields.

Each day's six parameters minimise the squared gaps between the NSS curve's par
yields and the observed par yields (equal weights in yield space; GSW 2007 fit
prices weighted by inverse duration, which is the same to first order). The
minimiser is Levenberg-Marquardt on ``(beta0..beta3, log tau1, log tau2)`` with
a forward-difference Jacobian computed in one vectorised call, started from the
previous day's parameters (warm start).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, IntArray
from attribution._validation import as_int
from attribution.exceptions import EmptySampleError, ModelSpecificationError, fmt
from attribution.models._estimates import critical_value
from attribution.models.termstructure._lm import BatchFit, BatchProblem, fit_batch
from attribution.models.termstructure.nss import (
    PARAM_NAMES,
    ParPricer,
    forward_rates,
    zero_yields,
)

logger = logging.getLogger(__name__)

#: Dates are fitted in runs of this many consecutive dates, side by side.
LANE_DATES = 8
_COLD_DECAYS = ((1.5, 10.0), (0.5, 5.0), (3.0, 12.0))


def tenor_years(name: str) -> float:
    """Years of a tenor label (``'1.5m'`` -> 0.125, ``'10y'`` -> 10.0).

    Raises
    ------
    ModelSpecificationError
        If the label is not ``<number>m`` or ``<number>y``.
    """
    unit = name[-1:]
    try:
        value = float(name[:-1])
    except ValueError:
        value = float("nan")
    if unit not in {"m", "y"} or not math.isfinite(value) or value <= 0:
        raise ModelSpecificationError(
            fmt("tenor", "'<number>m' or '<number>y'", name, "e.g. '3m' or '10y'.")
        )
    return value / 12.0 if unit == "m" else value


def _to_params(theta: Float64Array) -> Float64Array:
    p = theta.copy()
    p[..., 4:] = np.exp(theta[..., 4:])
    return p


def _cold_starts(values: Float64Array, obs: Float64Array) -> Float64Array:
    """Three starting points per row: level = longest, slope = shortest - longest."""
    first = np.argmax(obs, axis=1)
    last = obs.shape[1] - 1 - np.argmax(obs[:, ::-1], axis=1)
    rows = np.arange(len(values))
    short, long = values[rows, first], values[rows, last]
    starts = [
        np.column_stack(
            [
                long,
                short - long,
                np.zeros_like(long),
                np.zeros_like(long),
                np.full_like(long, math.log(t1)),
                np.full_like(long, math.log(t2)),
            ]
        )
        for t1, t2 in _COLD_DECAYS
    ]
    return np.stack(starts, axis=1)  # (n, 3, 6)


def _best_of_starts(
    prob: BatchProblem, rows: IntArray, starts: Float64Array, max_iter: int
) -> BatchFit:
    """Fit each row from each of its starts; keep the lowest sum of squares."""
    n_rows, n_starts = starts.shape[:2]
    fit = fit_batch(prob, starts.reshape(-1, 6), np.repeat(rows, n_starts), max_iter)
    ssr = np.einsum("bn,bn->b", fit.resid, fit.resid).reshape(n_rows, n_starts)
    pick = np.arange(n_rows) * n_starts + np.argmin(ssr, axis=1)
    return BatchFit(
        fit.theta[pick],
        fit.resid[pick],
        fit.jac[pick],
        fit.iterations.reshape(n_rows, n_starts).sum(axis=1),
        fit.converged[pick],
    )


class NSSCurveModel:
    """Nelson-Siegel-Svensson zero curves, one per day, from par yields.

    Parameters
    ----------
    par_yields : DataFrame
        Par yields in percent, one row per date (``DatetimeIndex``), one column
        per tenor named like ``'3m'`` or ``'10y'``. NaN where a tenor was not
        published that day (the 20-year before 1993-10, the 30-year from
        2002-02-19 to 2006-02-08, bills before their first issue); each day is
        fitted to the tenors it has.
    min_tenors : int, default 7
        Days with fewer observed tenors are skipped and listed in
        ``skipped`` of the results.

    Raises
    ------
    ModelSpecificationError
        On a bad tenor label or ``min_tenors`` below 6 (the parameter count).
    EmptySampleError
        If no day has ``min_tenors`` observed tenors.

    Notes
    -----
    The zero curve is ``z(m) = b0 + b1 L1(m/t1) + b2 L2(m/t1) + b3 L2'(m/t2)``
    (continuously compounded, percent) and par yields follow the conventions
    of :mod:`attribution.models.termstructure.nss`. Timing: each curve is that
    day's close.

    References
    ----------
    Gurkaynak, R., Sack, B., Wright, J. (2007). The U.S. Treasury yield curve:
    1961 to the present. Journal of Monetary Economics 54(8), 2291-2304,
    eqs. (21)-(22).
    Svensson, L. (1994). Estimating and interpreting forward interest rates:
    Sweden 1992-1994. NBER Working Paper 4871.
    """

    def __init__(self, par_yields: pd.DataFrame, *, min_tenors: int = 7) -> None:
        if not isinstance(par_yields, pd.DataFrame) or not isinstance(
            par_yields.index, pd.DatetimeIndex
        ):
            raise ModelSpecificationError(
                fmt("par_yields", "a DataFrame on a DatetimeIndex", type(par_yields))
            )
        self.min_tenors = as_int(min_tenors, "min_tenors", low=6)
        years = np.array([tenor_years(str(c)) for c in par_yields.columns])
        order = np.argsort(years)
        self.par_yields = par_yields.iloc[:, order].astype(float).sort_index()
        self.maturities = years[order]
        counts = self.par_yields.notna().sum(axis=1)
        if int((counts >= self.min_tenors).sum()) == 0:
            raise EmptySampleError(
                fmt(
                    "par_yields",
                    f"at least one date with {self.min_tenors} observed tenors",
                    f"{len(self.par_yields)} rows, at most {int(counts.max())} tenors",
                )
            )

    def fit(
        self,
        *,
        warm_start: bool = True,
        max_iter: int = 100,
        run_length: int = LANE_DATES,
    ) -> NSSCurveResults:
        """Fit one curve per date.

        Parameters
        ----------
        warm_start : bool, default True
            Start each date from the previous date's parameters. Dates are cut
            into runs of ``run_length`` consecutive dates that advance side
            by side in array operations; the first date of each run starts
            cold. With False every date starts cold.
        max_iter : int, default 100
            Levenberg-Marquardt iterations per date.
        run_length : int, default :data:`LANE_DATES`
            Dates per warm-started run (a longer run is smoother from date to
            date, a shorter one is faster and restarts from the cold grid more
            often).

        Returns
        -------
        NSSCurveResults

        Notes
        -----
        A cold start tries three decay pairs (``tau1, tau2`` = 1.5/10, 0.5/5
        and 3/12 years, level and slope from the longest and shortest observed
        tenors) and keeps the best fit.
        """
        max_iter = as_int(max_iter, "max_iter", low=1)
        run_length = as_int(run_length, "run_length", low=1)
        pricer = ParPricer(self.maturities)
        values = self.par_yields.to_numpy()
        obs = ~np.isnan(values)
        fitted = np.flatnonzero(obs.sum(axis=1) >= self.min_tenors)
        prob = BatchProblem(pricer, values, obs.astype(float))
        n_dates, n_ten = values.shape
        theta = np.full((n_dates, 6), np.nan)
        resid = np.zeros((n_dates, n_ten))
        jac = np.zeros((n_dates, n_ten, 6))
        iters = np.zeros(n_dates)
        conv = np.zeros(n_dates, dtype=bool)

        def store(rows: IntArray, fit: BatchFit) -> None:
            theta[rows], resid[rows], jac[rows] = fit.theta, fit.resid, fit.jac
            iters[rows], conv[rows] = fit.iterations, fit.converged

        cold = _cold_starts(values[fitted], obs[fitted])
        if not warm_start:
            store(fitted, _best_of_starts(prob, fitted, cold, max_iter))
        else:
            n_lanes = max(1, int(np.ceil(len(fitted) / run_length)))
            lanes = np.array_split(np.arange(len(fitted)), n_lanes)
            heads = np.array([lane[0] for lane in lanes])
            store(
                fitted[heads],
                _best_of_starts(prob, fitted[heads], cold[heads], max_iter),
            )
            for step in range(1, max(len(lane) for lane in lanes)):
                pos = np.array([lane[step] for lane in lanes if len(lane) > step])
                rows, prev = fitted[pos], fitted[pos - 1]
                store(rows, fit_batch(prob, theta[prev], rows, max_iter))
        skipped = tuple(self.par_yields.index[np.setdiff1d(np.arange(n_dates), fitted)])
        if skipped:
            logger.info(
                "NSS: %d dates skipped (< %d tenors)", len(skipped), self.min_tenors
            )
        params = _to_params(theta[fitted])
        se = np.full((len(fitted), 6), np.nan)
        for i, row in enumerate(fitted):
            dof = int(obs[row].sum()) - 6
            if dof > 0:
                r = resid[row]
                cov = float(r @ r) / dof * np.linalg.pinv(jac[row].T @ jac[row])
                se[i] = np.sqrt(np.clip(np.diag(cov), 0, None))
        se[:, 4:] *= params[:, 4:]  # delta method: se(tau) = tau se(log tau)
        index = self.par_yields.index[fitted]
        resid_bp = np.where(obs[fitted], resid[fitted] * 100.0, np.nan)
        return NSSCurveResults(
            model=self,
            params=pd.DataFrame(params, index=index, columns=list(PARAM_NAMES)),
            std_err=pd.DataFrame(se, index=index, columns=list(PARAM_NAMES)),
            residuals_bp=pd.DataFrame(
                resid_bp, index=index, columns=self.par_yields.columns
            ),
            iterations=pd.Series(
                iters[fitted].astype(int), index=index, name="iterations"
            ),
            converged=pd.Series(conv[fitted], index=index, name="converged"),
            skipped=skipped,
        )


@dataclass(frozen=True)
class NSSCurveResults:
    """Fitted NSS curves, one row per date.

    Attributes
    ----------
    model : NSSCurveModel
        The specification that was fitted.
    params : DataFrame
        ``beta0..beta3`` (percent) and ``tau1, tau2`` (years) per date.
    std_err : DataFrame
        Per-day nonlinear least-squares standard errors of ``params``
        (``s^2 (J'J)^-1``, ``s^2`` with n_tenors - 6 degrees of freedom; NaN
        on days with exactly six tenors).
    residuals_bp : DataFrame
        Fitted minus observed par yield, bp (NaN where not observed).
    iterations, converged : Series
        Levenberg-Marquardt iterations and convergence flag per day.
    skipped : tuple of Timestamp
        Dates with too few observed tenors.
    """

    model: NSSCurveModel
    params: pd.DataFrame
    std_err: pd.DataFrame
    residuals_bp: pd.DataFrame
    iterations: pd.Series
    converged: pd.Series
    skipped: tuple[pd.Timestamp, ...]

    @property
    def nobs(self) -> int:
        """Number of fitted dates."""
        return len(self.params)

    @cached_property
    def fit_error_bp(self) -> pd.DataFrame:
        """Per-day root-mean-square and largest absolute par-yield error, bp."""
        r = self.residuals_bp
        return pd.DataFrame(
            {
                "rmse_bp": np.sqrt((r**2).mean(axis=1)),
                "max_abs_bp": r.abs().max(axis=1),
                "n_tenors": r.notna().sum(axis=1),
            }
        )

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Per-day normal intervals of ``params`` (columns ``(param, bound)``)."""
        z = critical_value(level)
        lower = self.params - z * self.std_err
        upper = self.params + z * self.std_err
        return pd.concat({"lower": lower, "upper": upper}, axis=1).swaplevel(axis=1)

    def zero(self, maturities: Float64Array) -> pd.DataFrame:
        """Zero yields (continuously compounded, percent) at maturities in years.

        Parameters
        ----------
        maturities : array-like
            Maturities in years, e.g. ``np.arange(1, 361) / 12``.

        Returns
        -------
        DataFrame
            One row per fitted date, one column per maturity.
        """
        mats = np.asarray(maturities, dtype=float)
        return pd.DataFrame(
            zero_yields(self.params.to_numpy(), mats),
            index=self.params.index,
            columns=pd.Index(mats, name="maturity_years"),
        )

    def forward(self, maturities: Float64Array) -> pd.DataFrame:
        """Instantaneous forward rates (percent) at maturities in years."""
        mats = np.asarray(maturities, dtype=float)
        return pd.DataFrame(
            forward_rates(self.params.to_numpy(), mats),
            index=self.params.index,
            columns=pd.Index(mats, name="maturity_years"),
        )

    def summary(self) -> str:
        """Fit quality: dates, skipped dates, RMSE and largest error (bp)."""
        e = self.fit_error_bp
        return (
            f"NSS par-curve fits: {self.nobs} dates "
            f"({self.params.index.min():%Y-%m-%d} to "
            f"{self.params.index.max():%Y-%m-%d}), {len(self.skipped)} skipped; "
            f"RMSE median {e['rmse_bp'].median():.2f} bp "
            f"(95th pct {e['rmse_bp'].quantile(0.95):.2f}), largest error "
            f"{e['max_abs_bp'].max():.2f} bp; "
            f"{int((~self.converged).sum())} days not converged."
        )
