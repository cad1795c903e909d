r"""Identification through heteroskedasticity: a change in volatility (two regimes).

Model
-----
Reduced-form VAR residuals :math:`u_t = B\varepsilon_t` with
:math:`E\varepsilon_t\varepsilon_t' = I` on calm days and :math:`\Lambda =
\mathrm{diag}(\lambda_1, \dots, \lambda_n)` on high-volatility days, so

.. math:: \Sigma_1 = BB', \qquad \Sigma_2 = B\Lambda B'.

The identifying assumption: B (the impact of a shock, in units of its calm-day
s.d.) is the same in both regimes and only the shocks' variances change, by
*different* factors. With distinct :math:`\lambda_j` the columns of B are
unique up to order and sign (Rigobon 2003; Lanne and Lütkepohl 2008). Columns
whose :math:`\lambda` cannot be told apart are not identified one by one;
only the space they span is.

Timing: the regime of residual :math:`u_t` is the regime of day t (a shock's
variance is that of the day it is dated); shocks move every variable on the
day they are dated.

Normalisation: columns are ordered by decreasing :math:`\lambda` (named
``shock_1`` .. ``shock_n``) and each column's largest-magnitude entry is
positive. :func:`attribution.models.var.naming.name_shocks` then names
columns with sign restrictions (and may flip them).

References
----------
Rigobon, R. (2003). Identification through heteroskedasticity. *Review of
Economics and Statistics* 85(4), 777-792.
Lanne, M. and Lütkepohl, H. (2008). Identifying monetary policy shocks via
changes in volatility. *J. Money, Credit and Banking* 40(6), 1131-1149.
Lanne, M., Lütkepohl, H. and Maciejowska, K. (2010). Structural vector
autoregressions with Markov switching. *J. Economic Dynamics and Control*
34(2), 121-131 (Wald tests of equal :math:`\lambda`).
Lange, A., Dalheimer, B., Herwartz, H. and Maxand, S. (2021). svars: an R
package for data-driven identification in multivariate time series analysis.
*J. Statistical Software* 97(5) (``id.cv``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats

from attribution._typing import Float64Array
from attribution._validation import as_float, as_int
from attribution.exceptions import (
    ConvergenceWarning,
    ModelSpecificationError,
    WeakIdentificationWarning,
    fmt,
)
from attribution.models.var import _cv_arrays as cva

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults

_JAC_STEP = 1e-6


@dataclass(frozen=True)
class VolatilityTest:
    """A test statistic with its degrees of freedom and upper-tail chi-square p-value.

    Attributes
    ----------
    name : str
        What is tested.
    statistic : float
    df : int
    pvalue : float
    """

    name: str
    statistic: float
    df: int
    pvalue: float


def aligned_regime(results: VARResults, regime: pd.Series) -> np.ndarray:
    """Boolean regime of each residual date (True = high volatility).

    Raises
    ------
    ModelSpecificationError
        If ``regime`` is not a Series, misses a residual date (the first one is
        named), is not boolean or holds a single regime.
    """
    if not isinstance(regime, pd.Series):
        raise ModelSpecificationError(
            fmt("regime", "a boolean pandas Series", type(regime).__name__)
        )
    dates = results.index
    missing = dates.difference(regime.index)
    if len(missing):
        raise ModelSpecificationError(
            fmt(
                "regime",
                "defined on every residual date of the VAR",
                f"no entry for {pd.Timestamp(missing.min()).date()} "
                f"({len(missing)} dates missing)",
                "Reindex the regime on results.index.",
            )
        )
    values = regime.reindex(dates)
    if values.dtype != bool:
        bad = values[~values.isin([True, False])]
        where = f" (e.g. {bad.iloc[0]!r} on {pd.Timestamp(bad.index[0]).date()})"
        raise ModelSpecificationError(
            fmt("regime", "boolean (True = high volatility)", str(values.dtype) + where)
            if len(bad)
            else fmt("regime", "of dtype bool", str(values.dtype))
        )
    flag: np.ndarray = np.asarray(values.to_numpy(dtype=bool), dtype=bool)
    n = len(results.names)
    for label, count in (("high", int(flag.sum())), ("calm", int((~flag).sum()))):
        if count <= n:
            raise ModelSpecificationError(
                fmt(
                    "regime",
                    f"more than {n} {label}-volatility residual dates",
                    count,
                    "Both regimes need a full-rank covariance.",
                )
            )
    return flag


def _gls(
    results: VARResults, high: np.ndarray, sigma_calm: Float64Array,
    sigma_high: Float64Array,
) -> Float64Array:  # fmt: skip
    r"""GLS coefficients ``(k, n)`` given the two regime covariances.

    Solves :math:`\sum_r (W_r \otimes X_r'X_r)\,\mathrm{vec}A =
    \mathrm{vec}(\sum_r X_r'Y_rW_r)`, :math:`W_r = \Sigma_r^{-1}`.
    """
    x, y = results.design, results._y[results.n_lags :]
    k, n = x.shape[1], y.shape[1]
    lhs = np.zeros((k * n, k * n))
    rhs = np.zeros((k, n))
    for mask, sig in ((~high, sigma_calm), (high, sigma_high)):
        w = np.linalg.inv(sig)
        xr = x[mask]
        lhs += np.kron(w, xr.T @ xr)
        rhs += xr.T @ y[mask] @ w
    vec = np.linalg.solve(lhs, rhs.reshape(-1, order="F"))
    out: Float64Array = np.asarray(vec.reshape((k, n), order="F"), dtype=np.float64)
    return out


def _iterate(
    results: VARResults, high: np.ndarray, tol: float, max_iter: int
) -> tuple[Float64Array, Float64Array, int, bool]:
    """Iterate GLS and regime covariances; return params, resid, iterations, flag."""
    params = results.params_array
    resid = results._resid
    y = results._y[results.n_lags :]
    for it in range(1, max_iter + 1):
        s1, s2 = cva.regime_covariances(resid, high)
        new = _gls(results, high, s1, s2)
        step = float(np.max(np.abs(new - params)))
        params = new
        resid = y - results.design @ params
        if step < tol * (1.0 + float(np.max(np.abs(params)))):
            return params, resid, it, True
    return params, resid, max_iter, False


@dataclass(frozen=True)
class ChangeInVolatility:
    r"""Impact matrix identified by a change in volatility, with its tests.

    Attributes
    ----------
    results : VARResults
        The reduced form.
    high : ndarray of bool, shape (T_e,)
        Regime of each residual date (True = high volatility).
    params_array : ndarray, shape (k, n)
        VAR coefficients behind the residuals: OLS, or GLS when iterated.
    resid_array : ndarray, shape (T_e, n)
    iterations : int
        GLS iterations (0 when not iterated).
    converged : bool
    test_level : float
        Size of the pairwise distinctness tests behind ``weak``.

    Notes
    -----
    ``std_err`` are asymptotic (delta method): the covariance of
    :math:`(\mathrm{vech}\hat\Sigma_1, \mathrm{vech}\hat\Sigma_2)` is taken
    from the empirical fourth moments of the residuals within each regime
    (no Gaussian assumption, regimes independent), mapped through a
    central-difference Jacobian of the closed form (columns kept in order and
    sign). Estimation error in the VAR coefficients is ignored (it does not
    affect the covariances' limit distribution). Near-equal :math:`\lambda`
    make the eigenvectors, and so the s.e. of the corresponding B columns,
    blow up: that is the weak identification the tests report.
    """

    results: VARResults
    high: np.ndarray
    params_array: Float64Array
    resid_array: Float64Array
    iterations: int
    converged: bool
    test_level: float

    # ------------------------------------------------------------ estimates
    @cached_property
    def _covs(self) -> tuple[Float64Array, Float64Array]:
        return cva.regime_covariances(self.resid_array, self.high)

    @cached_property
    def _closed(self) -> tuple[Float64Array, Float64Array]:
        return cva.closed_form(*self._covs)

    @property
    def shock_names(self) -> list[str]:
        """Statistical shocks ``shock_1..shock_n`` (decreasing lambda)."""
        return [f"shock_{j + 1}" for j in range(len(self.results.names))]

    @property
    def n_high(self) -> int:
        """High-volatility residual dates."""
        return int(self.high.sum())

    @property
    def n_calm(self) -> int:
        """Calm residual dates."""
        return int(len(self.high) - self.high.sum())

    @property
    def impact(self) -> pd.DataFrame:
        """B (variables x shocks), one calm-day s.d. shocks."""
        return pd.DataFrame(
            self._closed[0], index=self.results.names, columns=self.shock_names
        )

    @property
    def lambdas(self) -> pd.Series:
        """Variance of each shock on high days relative to calm days."""
        return pd.Series(self._closed[1], index=self.shock_names, name="lambda")

    @property
    def sigma_calm(self) -> pd.DataFrame:
        r""":math:`\hat\Sigma_1` (MLE over calm dates)."""
        names = self.results.names
        return pd.DataFrame(self._covs[0], index=names, columns=names)

    @property
    def sigma_high(self) -> pd.DataFrame:
        r""":math:`\hat\Sigma_2` (MLE over high-volatility dates)."""
        names = self.results.names
        return pd.DataFrame(self._covs[1], index=names, columns=names)

    @property
    def param_names(self) -> list[str]:
        """``B[variable,shock]`` (row-major) then ``lambda[shock]``."""
        b = [f"B[{v},{s}]" for v in self.results.names for s in self.shock_names]
        return b + [f"lambda[{s}]" for s in self.shock_names]

    @property
    def params(self) -> pd.Series:
        """B entries and lambdas as one Series."""
        b, lam = self._closed
        return pd.Series(np.concatenate([b.ravel(), lam]), index=self.param_names)

    @cached_property
    def _jacobian(self) -> Float64Array:
        """d(vec B, lambda) / d(vech S1, vech S2), central differences."""
        s1, s2 = self._covs
        n = s1.shape[0]
        rows, cols = cva.vech_indices(n)
        m = len(rows)
        base_b = self._closed[0]
        pert = np.empty((2, 2 * m, 2, n, n))
        pert[:] = np.stack([s1, s2])
        for sign_i, sign in enumerate((1.0, -1.0)):
            for which, sig in enumerate((s1, s2)):
                h = _JAC_STEP * np.sqrt(sig[rows, rows] * sig[cols, cols])
                idx = np.arange(m) + which * m
                pert[sign_i, idx, which, rows, cols] += sign * h
                off = rows != cols
                pert[sign_i, idx[off], which, cols[off], rows[off]] += sign * h[off]
        b, lam = cva.closed_form(pert[:, :, 0], pert[:, :, 1])
        b = cva.align_columns(b, base_b)
        vals = np.concatenate([b.reshape(2, 2 * m, -1), lam], axis=-1)
        steps = np.concatenate(
            [_JAC_STEP * np.sqrt(s[rows, rows] * s[cols, cols]) for s in (s1, s2)]
        )
        jac: Float64Array = ((vals[0] - vals[1]) / (2.0 * steps[:, None])).T
        return jac

    @cached_property
    def cov_array(self) -> Float64Array:
        """Asymptotic covariance of ``params`` (see Notes)."""
        u = self.resid_array
        v1 = cva.moment_cov(u[~self.high])
        v2 = cva.moment_cov(u[self.high])
        m = v1.shape[0]
        v = np.zeros((2 * m, 2 * m))
        v[:m, :m], v[m:, m:] = v1, v2
        out: Float64Array = self._jacobian @ v @ self._jacobian.T
        return 0.5 * (out + out.T)

    @property
    def cov(self) -> pd.DataFrame:
        """Covariance of ``params`` as a labelled frame."""
        names = self.param_names
        return pd.DataFrame(self.cov_array, index=names, columns=names)

    @property
    def std_err(self) -> pd.Series:
        """Asymptotic standard errors of ``params``."""
        se = np.sqrt(np.clip(np.diag(self.cov_array), 0.0, None))
        return pd.Series(se, index=self.param_names)

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Return normal confidence intervals of ``params`` (columns lower, upper)."""
        level = as_float(level, "level", low=0.0, high=1.0)
        z = stats.norm.ppf(0.5 + level / 2.0)
        p, se = self.params, self.std_err
        return pd.DataFrame({"lower": p - z * se, "upper": p + z * se})

    # ------------------------------------------------------------ tests
    @cached_property
    def covariance_test(self) -> VolatilityTest:
        r"""Gaussian LR test of :math:`\Sigma_1 = \Sigma_2`.

        :math:`LR = T\log|\tilde\Sigma| - T_1\log|\hat\Sigma_1| -
        T_2\log|\hat\Sigma_2|` with :math:`\tilde\Sigma` the pooled MLE,
        :math:`\chi^2` with :math:`n(n+1)/2` degrees of freedom.
        """
        s1, s2 = self._covs
        t1, t2 = self.n_calm, self.n_high
        pooled = (t1 * s1 + t2 * s2) / (t1 + t2)
        logdet = [np.linalg.slogdet(s)[1] for s in (pooled, s1, s2)]
        stat = float((t1 + t2) * logdet[0] - t1 * logdet[1] - t2 * logdet[2])
        n = s1.shape[0]
        df = n * (n + 1) // 2
        return VolatilityTest(
            "LR: regime covariances equal", stat, df, float(stats.chi2.sf(stat, df))
        )

    @cached_property
    def distinctness(self) -> pd.DataFrame:
        r"""Wald tests of :math:`\lambda_j = \lambda_{j+1}` for adjacent ordered pairs.

        :math:`W = (\hat\lambda_j - \hat\lambda_{j+1})^2 /
        \widehat{\mathrm{Var}}(\hat\lambda_j - \hat\lambda_{j+1})`,
        :math:`\chi^2(1)`, asymptotic s.e. (see the class Notes). Because the
        estimates are ordered, the test is somewhat liberal when two
        :math:`\lambda` are equal (the sample eigenvalues repel).
        """
        n = len(self.shock_names)
        lam = self._closed[1]
        cov = self.cov_array[-n:, -n:]
        rows = []
        for j in range(n - 1):
            var = cov[j, j] + cov[j + 1, j + 1] - 2.0 * cov[j, j + 1]
            stat = float((lam[j] - lam[j + 1]) ** 2 / max(var, 1e-300))
            p = float(stats.chi2.sf(stat, 1))
            rows.append(
                (self.shock_names[j], self.shock_names[j + 1], lam[j], lam[j + 1],
                 stat, p, p < self.test_level)
            )  # fmt: skip
        return pd.DataFrame(
            rows,
            columns=["shock", "next", "lambda", "lambda_next", "statistic",
                     "pvalue", "distinct"],
        )  # fmt: skip

    @property
    def weak_groups(self) -> list[tuple[str, ...]]:
        """Runs of shocks whose adjacent lambdas are not distinct at ``test_level``."""
        groups: list[tuple[str, ...]] = []
        current = [self.shock_names[0]]
        for _, row in self.distinctness.iterrows():
            if bool(row["distinct"]):
                if len(current) > 1:
                    groups.append(tuple(current))
                current = [str(row["next"])]
            else:
                current.append(str(row["next"]))
        if len(current) > 1:
            groups.append(tuple(current))
        return groups

    @property
    def weak(self) -> bool:
        """Whether some shocks cannot be told apart (only their span is identified)."""
        return bool(self.weak_groups)

    @property
    def weak_text(self) -> str:
        """One sentence naming the shocks that cannot be told apart, or none."""
        if not self.weak:
            return (
                f"All adjacent lambdas differ at the {self.test_level:.0%} level: "
                "every column is identified."
            )
        parts = [", ".join(g) for g in self.weak_groups]
        return (
            "Weak identification: cannot tell apart "
            + "; ".join(parts)
            + f" (adjacent lambdas not distinct at the {self.test_level:.0%} level); "
            "only the span of each group is identified."
        )

    # ------------------------------------------------------------ outputs
    def structural_shocks(self) -> pd.DataFrame:
        r"""Daily structural shocks :math:`\hat\varepsilon_t = \hat B^{-1}u_t`."""
        eps = np.linalg.solve(self._closed[0], self.resid_array.T).T
        return pd.DataFrame(eps, index=self.results.index, columns=self.shock_names)

    def loglikelihood(self) -> float:
        """Gaussian log-likelihood of the residuals under the two regimes."""
        n = self.resid_array.shape[1]
        out = 0.0
        for t, s in ((self.n_calm, self._covs[0]), (self.n_high, self._covs[1])):
            out -= 0.5 * t * (n * np.log(2 * np.pi) + np.linalg.slogdet(s)[1] + n)
        return float(out)

    def summary(self) -> str:
        """Lambdas, tests and the weak-identification verdict as text."""
        cov = self.covariance_test
        lines = [
            "Identification through heteroskedasticity (change in volatility, 2 "
            f"regimes): {self.n_calm} calm and {self.n_high} high-volatility days"
            + (f"; GLS iterations {self.iterations}" if self.iterations else ""),
            f"{cov.name}: {cov.statistic:.2f} ~ chi2({cov.df}), p = {cov.pvalue:.4g}",
            "lambda (high/calm variance) with asymptotic s.e.:",
        ]
        se = self.std_err
        for s, v in self.lambdas.items():
            lines.append(f"  {s:>9}  {v:8.3f}  ({se[f'lambda[{s}]']:.3f})")
        lines.append("Adjacent-pair Wald tests (H0 equal lambdas):")
        for _, r in self.distinctness.iterrows():
            lines.append(
                f"  {r['shock']} vs {r['next']}: W = {r['statistic']:.2f}, "
                f"p = {r['pvalue']:.4g}"
            )
        lines.append(self.weak_text)
        return "\n".join(lines)


def identify_cv(
    results: VARResults,
    regime: pd.Series,
    *,
    iterate: bool = False,
    tol: float = 1e-8,
    max_iter: int = 100,
    test_level: float = 0.05,
) -> ChangeInVolatility:
    r"""Identify B from a change in volatility between two known regimes.

    Parameters
    ----------
    results : VARResults
        Reduced-form VAR.
    regime : Series of bool
        True on high-volatility days, indexed by date; must cover every
        residual date of ``results`` (extra dates are ignored).
    iterate : bool, default False
        Re-estimate the VAR coefficients by GLS given the regime covariances,
        then the covariances from the new residuals, until the largest change
        of a coefficient is below ``tol * (1 + max |coefficient|)`` (the
        ``svars::id.cv`` scheme, whose B is ML given the residuals: with two
        regimes the model is just identified, so B is the closed form).
    tol : float, default 1e-8
    max_iter : int, default 100
    test_level : float, default 0.05
        Size of the adjacent-pair tests behind ``weak``.

    Returns
    -------
    ChangeInVolatility

    Raises
    ------
    ModelSpecificationError
        On a regime that misses a residual date, is not boolean, or has at
        most n days in a regime.

    Warns
    -----
    ConvergenceWarning
        If the GLS iterations did not converge.
    WeakIdentificationWarning
        If some adjacent lambdas are not distinct at ``test_level``.

    Notes
    -----
    Closed form (just identified): :math:`P = \mathrm{chol}\,\hat\Sigma_1`,
    :math:`P^{-1}\hat\Sigma_2P^{-\prime} = V\Lambda V'`, :math:`B = PV`,
    columns by decreasing :math:`\lambda`, largest-magnitude entry of each
    column positive. :math:`\hat\Sigma_r = \sum_{t\in r}u_tu_t'/T_r`.

    Examples
    --------
    >>> from attribution.models.var import VAR
    >>> from attribution.simulate import daily_world
    >>> w = daily_world("large", "holds", n_days=12000, seed=2)
    >>> core = w.data.drop(columns="y10")
    >>> cv = identify_cv(VAR(core, n_lags=1).fit(), w.volatility == "episode")
    >>> cv.weak, cv.covariance_test.df
    (False, 55)
    >>> bool(cv.lambdas.iloc[0] > 10.0)  # sell_america: true ratio 3.6**2 = 12.96
    True
    """
    high = aligned_regime(results, regime)
    tol = as_float(tol, "tol", low=0.0)
    max_iter = as_int(max_iter, "max_iter", low=1)
    test_level = as_float(test_level, "test_level", low=0.0, high=1.0)
    if iterate:
        params, resid, its, ok = _iterate(results, high, tol, max_iter)
        if not ok:
            warnings.warn(
                f"GLS iterations did not converge in {max_iter}; raise max_iter "
                "or loosen tol.",
                ConvergenceWarning,
                stacklevel=2,
            )
    else:
        params, resid, its, ok = results.params_array, results._resid, 0, True
    out = ChangeInVolatility(
        results=results,
        high=high,
        params_array=np.asarray(params, dtype=np.float64),
        resid_array=np.asarray(resid, dtype=np.float64),
        iterations=its,
        converged=ok,
        test_level=test_level,
    )
    if out.weak:
        warnings.warn(
            out.weak_text + " Name only shocks outside these groups.",
            WeakIdentificationWarning,
            stacklevel=2,
        )
    return out
