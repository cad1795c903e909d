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
from scipy import stats

from attribution._typing import Float64Array
from attribution._validation import as_int
from attribution.exceptions import EmptySampleError, ModelSpecificationError, fmt
from attribution.models.termstructure.nss import (
    PARAM_NAMES,
    ParPricer,
    forward_rates,
    nss_loadings,
    zero_yields,
)

logger = logging.getLogger(__name__)

#: Bounds on the decay parameters (years); ``tau2 >= TAU_RATIO * tau1`` keeps
#: the two humps apart, so the four betas stay identified.
TAU1_BOUNDS = (0.05, 5.0)
TAU2_BOUNDS = (1.0, 15.0)
TAU_RATIO = 1.5
_STEP = 1e-6
#: Stop when an iteration lowers the sum of squared errors by less than this share
#: of it (the RMSE then moves by under 0.005%).
_SSR_TOL = 1e-4


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


def _clip(theta: Float64Array) -> Float64Array:
    out = theta.copy()
    out[4] = np.clip(out[4], math.log(TAU1_BOUNDS[0]), math.log(TAU1_BOUNDS[1]))
    low2 = max(math.log(TAU2_BOUNDS[0]), out[4] + math.log(TAU_RATIO))
    out[5] = np.clip(out[5], low2, math.log(TAU2_BOUNDS[1]))
    return out


def _to_params(theta: Float64Array) -> Float64Array:
    p = theta.copy()
    p[..., 4:] = np.exp(theta[..., 4:])
    return p


@dataclass(frozen=True)
class _DayFit:
    theta: Float64Array  # beta0..beta3, log tau1, log tau2
    resid: Float64Array  # percent, observed tenors only
    jac: Float64Array
    iterations: int
    converged: bool


class _DayProblem:
    """One day's fit by variable projection.

    For given decays ``u = log(tau)`` the betas are found by Gauss-Newton with
    the analytic Jacobian (par yields are close to linear in the zero curve, so
    two or three steps suffice); the two decays are then moved by
    Levenberg-Marquardt on the profiled residuals.
    """

    def __init__(self, pricer: ParPricer, obs: Float64Array, y: Float64Array):
        self.pricer = pricer
        self.obs = obs
        self.y = y
        self.grid = pricer.grid
        self.final = pricer.final[obs]
        self.annuity = pricer.annuity[obs]
        self.is_bill = pricer.is_bill[obs]
        self.mats = pricer.maturities[obs]

    def _loadings(self, u: Float64Array) -> Float64Array:
        tau = np.exp(u)
        l1, l2, l3 = nss_loadings(self.grid, tau[0], tau[1])
        return np.column_stack([np.ones_like(self.grid), l1, l2, l3])

    def _par_and_jac(
        self, beta: Float64Array, load: Float64Array
    ) -> tuple[Float64Array, Float64Array]:
        """Par yields at the observed tenors and their Jacobian in the betas."""
        d = np.exp(-(load @ beta) * self.grid / 100.0)
        d_m = self.final @ d
        ann = self.annuity @ d
        bill = self.is_bill
        ann[bill] = 1.0
        par = 100.0 * (1.0 - d_m) / ann
        par[bill] = 100.0 * (1.0 / d_m[bill] - 1.0) / self.mats[bill]
        coef_f = -100.0 / ann
        coef_f[bill] = -100.0 / (self.mats[bill] * d_m[bill] ** 2)
        coef_a = par / ann
        coef_a[bill] = 0.0
        dd_dbeta = (-self.grid / 100.0 * d)[:, None] * load
        jac = coef_f[:, None] * (self.final @ dd_dbeta) - coef_a[:, None] * (
            self.annuity @ dd_dbeta
        )
        return par, jac

    def profile(
        self, u: Float64Array, beta0: Float64Array, n_steps: int = 4
    ) -> tuple[Float64Array, Float64Array, Float64Array]:
        """Best betas for decays ``u``: (beta, residuals, d residuals / d beta)."""
        load = self._loadings(u)
        beta = beta0
        par, jac = self._par_and_jac(beta, load)
        resid = par - self.y
        ssr = float(resid @ resid)
        for _ in range(n_steps):
            step = np.linalg.solve(jac.T @ jac + 1e-10 * np.eye(4), -(jac.T @ resid))
            for _half in range(6):  # step halving keeps Gauss-Newton downhill
                trial = beta + step
                par_t, jac_t = self._par_and_jac(trial, load)
                r_t = par_t - self.y
                ssr_t = float(r_t @ r_t)
                if np.isfinite(ssr_t) and ssr_t <= ssr:
                    break
                step = step / 2.0
            else:
                break
            gain = ssr - ssr_t
            beta, jac, resid, ssr = trial, jac_t, r_t, ssr_t
            if gain <= 1e-6 * ssr or float(np.max(np.abs(step))) < 1e-5:
                break
        return beta, resid, jac

    def u_jacobian(
        self, u: Float64Array, beta: Float64Array, resid: Float64Array
    ) -> Float64Array:
        """Forward-difference d residuals / d log tau at fixed betas."""
        cols = []
        for k in range(2):
            du = u.copy()
            du[k] += 1e-6
            par, _ = self._par_and_jac(beta, self._loadings(du))
            cols.append((par - self.y - resid) / 1e-6)
        return np.column_stack(cols)


def _fit_day(
    pricer: ParPricer,
    obs: Float64Array,
    y: Float64Array,
    theta0: Float64Array,
    max_iter: int,
) -> _DayFit:
    """Variable-projection fit of one day's observed par yields (percent)."""
    prob = _DayProblem(pricer, obs, y)
    theta = _clip(theta0)
    u, beta = theta[4:].copy(), theta[:4].copy()
    beta, resid, jac_b = prob.profile(u, beta)
    ssr = float(resid @ resid)
    mu = 1e-2
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (reported below)
        # Kaufman (1975): the profiled Jacobian is the fixed-beta one projected
        # off the span of the beta Jacobian.
        raw = prob.u_jacobian(u, beta, resid)
        coef = np.linalg.lstsq(jac_b, raw, rcond=None)[0]
        jac_u = raw - jac_b @ coef
        a = jac_u.T @ jac_u
        g = jac_u.T @ resid
        improved = False
        moved = 0.0
        for _ in range(10):
            damp = a + mu * (np.diag(np.diag(a)) + 1e-12 * np.eye(2))
            step = np.linalg.lstsq(damp, -g, rcond=None)[0]
            trial = _clip(np.concatenate([beta, u + step]))[4:]
            b_new, r_new, j_new = prob.profile(trial, beta)
            ssr_new = float(r_new @ r_new)
            if ssr_new < ssr:
                improved = True
                gain = ssr - ssr_new
                moved = float(np.max(np.abs(trial - u)))
                u, beta, resid, jac_b, ssr = trial, b_new, r_new, j_new, ssr_new
                mu = max(mu / 3.0, 1e-9)
                break
            mu *= 4.0
        if not improved or gain <= _SSR_TOL * ssr or moved < 1e-6:
            converged = True
            break
    jac = np.column_stack([jac_b, prob.u_jacobian(u, beta, resid)])
    return _DayFit(np.concatenate([beta, u]), resid, jac, it, converged)


def _cold_start(mats: Float64Array, y: Float64Array) -> list[Float64Array]:
    short, long = float(y[np.argmin(mats)]), float(y[np.argmax(mats)])
    return [
        np.array([long, short - long, 0.0, 0.0, math.log(t1), math.log(t2)])
        for t1, t2 in ((1.5, 10.0), (0.5, 5.0), (3.0, 15.0))
    ]


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

    def fit(self, *, warm_start: bool = True, max_iter: int = 100) -> NSSCurveResults:
        """Fit one curve per date, in date order.

        Parameters
        ----------
        warm_start : bool, default True
            Start each day from the previous day's parameters (else from a
            fixed grid of three starting points, keeping the best).
        max_iter : int, default 100
            Levenberg-Marquardt iterations per day.

        Returns
        -------
        NSSCurveResults
        """
        max_iter = as_int(max_iter, "max_iter", low=1)
        pricer = ParPricer(self.maturities)
        values = self.par_yields.to_numpy()
        n_dates = len(values)
        theta_all = np.full((n_dates, 6), np.nan)
        resid_all = np.full(values.shape, np.nan)
        se_all = np.full((n_dates, 6), np.nan)
        iters = np.zeros(n_dates, dtype=np.int64)
        conv = np.zeros(n_dates, dtype=bool)
        prev: Float64Array | None = None
        skipped: list[pd.Timestamp] = []
        for i in range(n_dates):
            obs = ~np.isnan(values[i])
            if obs.sum() < self.min_tenors:
                skipped.append(self.par_yields.index[i])
                continue
            y = values[i, obs]
            starts = (
                [prev]
                if warm_start and prev is not None
                else _cold_start(self.maturities[obs], y)
            )
            fits = [_fit_day(pricer, obs, y, s, max_iter) for s in starts]
            best = min(fits, key=lambda f: float(f.resid @ f.resid))
            prev = best.theta
            theta_all[i] = best.theta
            resid_all[i, obs] = best.resid * 100.0
            iters[i] = sum(f.iterations for f in fits)
            conv[i] = best.converged
            dof = int(obs.sum()) - 6
            if dof > 0:
                s2 = float(best.resid @ best.resid) / dof
                cov = s2 * np.linalg.pinv(best.jac.T @ best.jac)
                se_all[i] = np.sqrt(np.clip(np.diag(cov), 0, None))
        if skipped:
            logger.info("NSS: %d dates skipped (< %d tenors)", len(skipped), 6)
        keep = ~np.isnan(theta_all[:, 0])
        index = self.par_yields.index[keep]
        params = _to_params(theta_all[keep])
        # delta method for tau = exp(u): se(tau) = tau se(u)
        se = se_all[keep].copy()
        se[:, 4:] *= params[:, 4:]
        return NSSCurveResults(
            model=self,
            params=pd.DataFrame(params, index=index, columns=list(PARAM_NAMES)),
            std_err=pd.DataFrame(se, index=index, columns=list(PARAM_NAMES)),
            residuals_bp=pd.DataFrame(
                resid_all[keep], index=index, columns=self.par_yields.columns
            ),
            iterations=pd.Series(iters[keep], index=index, name="iterations"),
            converged=pd.Series(conv[keep], index=index, name="converged"),
            skipped=tuple(skipped),
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
        z = float(stats.norm.ppf(0.5 + level / 2))
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
