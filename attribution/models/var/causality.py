r"""Granger and instantaneous causality tests of a fitted VAR (``vars::causality``).

Granger (Wald F)
----------------
With :math:`b = \mathrm{vec}(B')` the coefficients (regressor-major),
:math:`\hat\Sigma_u = \hat U'\hat U/(T_e - k)` and :math:`R` selecting the
lags of the ``cause`` variables in the equations of the other variables,

.. math:: F = \frac{(Rb)'\,[R((X'X)^{-1}\otimes\hat\Sigma_u)R']^{-1}(Rb)}{N}
   \sim F(N, K(T_e - k)),

N = p K_1 K_2 restrictions. H0: the cause variables do not Granger-cause
the others (Lütkepohl 2005, sec. 3.6.1). ``vars`` writes the denominator
degrees of freedom as :math:`K T_e - K^2 p - K`, the same number for a VAR
with a constant only.

Instantaneous (Wald chi-square)
-------------------------------
With :math:`\tilde\Sigma_u = \hat U'\hat U/T_e`, :math:`D^+` the
Moore-Penrose inverse of the duplication matrix and C selecting the
covariances between the cause and the other variables,

.. math:: \lambda_W = T_e\,(C\,\mathrm{vech}\tilde\Sigma_u)'
   [2 C D^+(\tilde\Sigma_u\otimes\tilde\Sigma_u)D^{+\prime}C']^{-1}
   C\,\mathrm{vech}\tilde\Sigma_u \sim \chi^2(K_1 K_2),

H0: no instantaneous causality (Lütkepohl 2005, sec. 3.6.3).

References
----------
Lütkepohl, H. (2005). *New Introduction to Multiple Time Series Analysis*.
Springer. Eqs. (3.6.5) and (3.6.14).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from attribution._typing import Float64Array
from attribution.exceptions import ModelSpecificationError, fmt

if TYPE_CHECKING:
    from attribution.models.var.results import VARResults


@dataclass(frozen=True)
class CausalityTest:
    """A causality test: statistic, degrees of freedom and p-value.

    Attributes
    ----------
    kind : {"granger", "instantaneous"}
        Which test.
    cause : tuple of str
        Variables whose causality is tested.
    effect : tuple of str
        The other variables.
    statistic : float
        F (Granger) or chi-square (instantaneous) statistic.
    df : tuple of int
        ``(df_num, df_denom)`` for F, ``(df,)`` for chi-square.
    pvalue : float
        Upper-tail p-value.
    """

    kind: str
    cause: tuple[str, ...]
    effect: tuple[str, ...]
    statistic: float
    df: tuple[int, ...]
    pvalue: float

    def __str__(self) -> str:
        verb = (
            "do not Granger-cause"
            if self.kind == "granger"
            else "have no instantaneous causality with"
        )
        dist = "F" if self.kind == "granger" else "chi2"
        dfs = ", ".join(str(d) for d in self.df)
        return (
            f"H0: {' '.join(self.cause)} {verb} {' '.join(self.effect)}: "
            f"{dist}({dfs}) = {self.statistic:.4f}, p-value = {self.pvalue:.4g}"
        )


def _split(results: VARResults, cause: str | Sequence[str]) -> tuple[list[int], ...]:
    names = results.names
    wanted = [cause] if isinstance(cause, str) else list(cause)
    unknown = [c for c in wanted if c not in names]
    if unknown or not wanted or len(set(wanted)) == len(names):
        raise ModelSpecificationError(
            fmt(
                "cause",
                f"one or more (not all) of {names}",
                cause,
            )
        )
    c1 = [names.index(c) for c in dict.fromkeys(wanted)]
    c2 = [i for i in range(len(names)) if i not in c1]
    return c1, c2


def granger(results: VARResults, cause: str | Sequence[str]) -> CausalityTest:
    """Return the Wald F test that ``cause`` does not Granger-cause the rest.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    cause : str or sequence of str
        The causing variable(s).

    Returns
    -------
    CausalityTest

    Raises
    ------
    ModelSpecificationError
        If ``cause`` names an unknown variable, or every variable.
    """
    c1, c2 = _split(results, cause)
    n = len(results.names)
    x = results.design
    n_det = x.shape[1] - n * results.n_lags
    b = results.params_array.reshape(-1)  # row-major (k, K): regressor-major
    pos = [
        (n_det + lag * n + j) * n + i
        for lag in range(results.n_lags)
        for j in c1
        for i in c2
    ]
    sigma = results.sigma_u.to_numpy()
    cov = np.kron(np.linalg.inv(x.T @ x), sigma)
    rb = b[pos]
    stat = float(rb @ np.linalg.solve(cov[np.ix_(pos, pos)], rb)) / len(pos)
    df2 = n * results.df_resid
    return CausalityTest(
        "granger",
        tuple(results.names[i] for i in c1),
        tuple(results.names[i] for i in c2),
        stat,
        (len(pos), df2),
        float(stats.f.sf(stat, len(pos), df2)),
    )


def _duplication_pinv(n: int) -> Float64Array:
    """Moore-Penrose inverse of the duplication matrix (vech -> vec)."""
    cols = [(i, j) for j in range(n) for i in range(j, n)]
    dup = np.zeros((n * n, len(cols)))
    for c, (i, j) in enumerate(cols):
        dup[j * n + i, c] = 1.0
        dup[i * n + j, c] = 1.0
    return np.asarray(np.linalg.pinv(dup), dtype=float)


def instantaneous(results: VARResults, cause: str | Sequence[str]) -> CausalityTest:
    """Return the Wald chi-square test of no instantaneous causality.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    cause : str or sequence of str
        The causing variable(s).

    Returns
    -------
    CausalityTest

    Raises
    ------
    ModelSpecificationError
        If ``cause`` names an unknown variable, or every variable.
    """
    c1, c2 = _split(results, cause)
    n = len(results.names)
    sigma = results.sigma_u_mle.to_numpy()
    cols = [(i, j) for j in range(n) for i in range(j, n)]  # vech order
    vech = np.array([sigma[i, j] for i, j in cols])
    sel = [cols.index((max(i, j), min(i, j))) for j in c1 for i in c2]
    cmat = np.zeros((len(sel), len(cols)))
    cmat[np.arange(len(sel)), sel] = 1.0
    dp = _duplication_pinv(n)
    mid = 2.0 * cmat @ dp @ np.kron(sigma, sigma) @ dp.T @ cmat.T
    cv = cmat @ vech
    stat = float(results.nobs * cv @ np.linalg.solve(mid, cv))
    return CausalityTest(
        "instantaneous",
        tuple(results.names[i] for i in c1),
        tuple(results.names[i] for i in c2),
        stat,
        (len(sel),),
        float(stats.chi2.sf(stat, len(sel))),
    )
