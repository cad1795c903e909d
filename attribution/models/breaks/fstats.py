r"""Chow test and the sup-F, ave-F and exp-F tests with Hansen (1997) p-values.

For every candidate break ``i`` (the last observation of the old regime) in
``[from, to]`` the statistic is strucchange's ``Fstats``

.. math:: F_i = \frac{\hat e'\hat e - \hat u(i)'\hat u(i)}
   {\hat u(i)'\hat u(i) / (T - 2k)},

with :math:`\hat e` the full-sample OLS residuals and :math:`\hat u(i)` those
of separate fits before and after ``i``: a Wald statistic for all ``k``
coefficients changing at ``i`` (not divided by ``k``). Then
:math:`\sup F = \max_i F_i` (Andrews 1993),
:math:`\mathrm{ave}F = \overline{F_i}` and
:math:`\exp F = \log \overline{\exp(F_i/2)}` (Andrews and Ploberger 1994).
p-values come from Hansen's (1997) response surfaces in the trimming
:math:`\lambda = (T - from)\,to / (from\,(T - to))`, exactly as
``strucchange::sctest(Fstats(...))``. The identifying assumption is
stationary regressors and martingale-difference errors with constant
variance under the null.

References
----------
Andrews, D. W. K. (1993). Tests for parameter instability and structural
change with unknown change point. *Econometrica* 61(4), 821-856.

Andrews, D. W. K. and Ploberger, W. (1994). Optimal tests when a nuisance
parameter is present only under the alternative. *Econometrica* 62(6),
1383-1414.

Chow, G. C. (1960). Tests of equality between sets of coefficients in two
linear regressions. *Econometrica* 28(3), 591-605.

Hansen, B. E. (1997). Approximate asymptotic p values for structural-change
tests. *Journal of Business & Economic Statistics* 15(1), 60-67.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import logsumexp

from attribution._typing import Float64Array, FTestKind
from attribution._validation import as_frame, as_option, position
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.breaks.critical_values import hansen_table
from attribution.models.breaks.recursive import split_rss

_HANSEN_KIND: dict[FTestKind, Literal["sup", "ave", "exp"]] = {
    "supF": "sup",
    "aveF": "ave",
    "expF": "exp",
}


@dataclass(frozen=True)
class StructuralChangeTest:
    """Result of a structural-change test: statistic and p-value.

    Attributes
    ----------
    name : str
        Test name.
    statistic, pvalue : float
        Statistic and p-value.
    detail : str
        Text appended by ``str()``.
    df : tuple of int or None
        Degrees of freedom of the reference distribution when it has them
        (Chow: ``(k, T - 2k)``).
    rss_restricted, rss_unrestricted : float or None
        Chow: the pooled RSS and the sum of the two regimes' RSS.
    """

    name: str
    statistic: float
    pvalue: float
    detail: str = ""
    df: tuple[int, ...] | None = None
    rss_restricted: float | None = None
    rss_unrestricted: float | None = None

    def __str__(self) -> str:
        text = f"{self.name} = {self.statistic:.4f}, p-value = {self.pvalue:.4g}"
        return f"{text} {self.detail}".rstrip()


def design(
    endog: Any, exog: Any, add_const: bool
) -> tuple[Float64Array, Float64Array, pd.Index]:
    """Validate ``endog``/``exog`` and return ``(y, X, index)`` (X with constant)."""
    y = as_frame(endog, "endog", min_rows=3)
    if exog is None:
        x = pd.DataFrame(index=y.index)
    else:
        x = as_frame(exog, "exog")
        if not x.index.equals(y.index):
            raise ModelSpecificationError(
                fmt("exog.index", "equal to endog.index", len(x))
            )
    if exog is None or add_const:
        x.insert(0, "const", 1.0)
    return y.iloc[:, 0].to_numpy(), x.to_numpy(), y.index


def hansen_pvalue(
    stat: float, kind: Literal["sup", "ave", "exp"], k: int, lam: float
) -> float:
    r"""Return Hansen's (1997) approximate asymptotic p-value.

    Parameters
    ----------
    stat : float
        Test statistic (Wald form, not divided by ``k``).
    kind : {"sup", "ave", "exp"}
        Functional.
    k : int
        Number of parameters tested (capped at 40 as in strucchange).
    lam : float
        :math:`\lambda = (T - from)\,to / (from\,(T - to))`.

    Returns
    -------
    float
        As ``strucchange:::pvalue.Fstats`` (which computes ``1 - pchisq``).
    """
    k = min(k, 40)
    beta = hansen_table(kind)[(k - 1) * 25 : k * 25]
    m = beta.shape[1] - 1
    tau = lam if lam < 1 else 1.0 / (1.0 + math.sqrt(lam))
    dummy = beta[:, :m] @ (stat ** np.arange(m))
    dummy = dummy * (dummy > 0)
    pp = 1.0 - stats.chi2.cdf(dummy, beta[:, m])
    if tau == 0.5:
        return float(1.0 - stats.chi2.cdf(stat, k))
    if tau <= 0.01:
        return float(pp[24])
    if tau >= 0.49:
        return float(
            ((0.5 - tau) * pp[0] + (tau - 0.49) * (1 - stats.chi2.cdf(stat, k))) * 100
        )
    taua = (0.51 - tau) * 50
    tau1 = int(math.floor(taua))
    return float((tau1 + 1 - taua) * pp[tau1 - 1] + (taua - tau1) * pp[tau1])


@dataclass(frozen=True)
class FStatistics:
    r"""Sequence of break F statistics over the admissible dates.

    Attributes
    ----------
    fstats : Series
        :math:`F_i`, indexed by the label of the last old-regime observation.
    breakpoints : ndarray
        The same dates as 1-based positions (strucchange's ``from..to``).
    nobs, n_params : int
        T and k.
    lam : float
        Hansen's trimming parameter :math:`\lambda`.
    """

    fstats: pd.Series
    breakpoints: np.ndarray
    nobs: int
    n_params: int
    lam: float

    @property
    def breakpoint(self) -> int:
        """1-based position maximising :math:`F_i` (first one on ties)."""
        return int(self.breakpoints[int(np.argmax(self.fstats.to_numpy()))])

    def test(self, kind: FTestKind = "supF") -> StructuralChangeTest:
        """Return the sup-F, ave-F or exp-F test with its p-value (``sctest``)."""
        kind = as_option(kind, "kind", ("supF", "aveF", "expF"))
        f = self.fstats.to_numpy()
        if kind == "supF":
            stat = float(f.max())
        elif kind == "aveF":
            stat = float(f.mean())
        else:
            stat = float(logsumexp(0.5 * f) - math.log(f.size))
        if self.lam == 1 and kind != "expF":
            k, df2 = self.n_params, self.nobs - 2 * self.n_params
            return StructuralChangeTest(
                "Chow", stat, float(1 - stats.f.cdf(stat, k, df2))
            )
        p = hansen_pvalue(stat, _HANSEN_KIND[kind], self.n_params, self.lam)
        return StructuralChangeTest(kind, stat, p, "(Hansen 1997 approximation)")


def f_stats(
    endog: pd.Series,
    exog: pd.DataFrame | None = None,
    *,
    trim: float | int = 0.15,
    add_const: bool = True,
) -> FStatistics:
    """Compute the F statistics of strucchange's ``Fstats(formula, from = trim)``.

    Parameters
    ----------
    endog : Series
        Dependent variable.
    exog : DataFrame, optional
        Regressors (all tested for a change); None for the mean only.
    trim : float or int, default 0.15
        ``from = floor(trim * T)`` for a fraction, else ``trim`` itself;
        ``to = T - from``; ``from`` is raised to ``k + 1`` and ``to`` lowered
        to ``T - k - 1`` if needed (strucchange).
    add_const : bool, default True
        Add a constant to ``exog``.

    Returns
    -------
    FStatistics

    Examples
    --------
    >>> from attribution.models.breaks import simulate_mean_shift
    >>> y = simulate_mean_shift(120, breakpoints=(60,), means=(0.0, 1.0), seed=3)
    >>> fs = f_stats(y)
    >>> fs.breakpoint, round(fs.test("supF").statistic, 2)
    (66, 26.65)

    Notes
    -----
    Candidate ``i`` is the last observation of the old regime. The RSS of
    both sub-samples for every ``i`` come from forward and backward
    recursive residuals in :math:`O(T k^2)`.
    """
    y, x, index = design(endog, exog, add_const)
    n, k = x.shape
    start = int(math.floor(trim * n)) if trim < 1 else int(trim)
    end = n - start
    start, end = max(start, k + 1), min(end, n - k - 1)
    if start > end:
        raise ModelSpecificationError(
            fmt("trim", "leaving at least one candidate date", trim)
        )
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    e = y - x @ beta
    sume2 = float(e @ e)
    rss = split_rss(y, x)[start - 1 : end]
    f = (sume2 - rss) / (rss / (n - 2 * k))
    points = np.arange(start, end + 1)
    lam = ((n - start) * end) / (start * (n - end))
    series = pd.Series(f, index=index[points - 1], name="F")
    return FStatistics(series, points, n, k, lam)


def chow_test(
    endog: pd.Series,
    exog: pd.DataFrame | None = None,
    *,
    break_date: Any,
    add_const: bool = True,
) -> StructuralChangeTest:
    r"""Chow (1960) F test of all coefficients changing after ``break_date``.

    Parameters
    ----------
    endog : Series
        Dependent variable.
    exog : DataFrame, optional
        Regressors; None for the mean only.
    break_date : label
        Index label of the **last observation of the old regime**.
    add_const : bool, default True
        Add a constant to ``exog``.

    Returns
    -------
    StructuralChangeTest
        :math:`F = [(SSR_0 - SSR_1)/k] / [SSR_1/(T - 2k)] \sim F(k, T - 2k)`,
        with ``df = (k, T - 2k)``, ``rss_restricted`` :math:`SSR_0` and
        ``rss_unrestricted`` :math:`SSR_1` (R ``anova`` of the nested fits).
        strucchange's ``sctest(Fstats(from = i, to = i))`` reports ``k F``
        (equal for ``k = 1``).

    Examples
    --------
    >>> from attribution.models.breaks import simulate_mean_shift
    >>> y = simulate_mean_shift(120, breakpoints=(60,), means=(0.0, 1.0), seed=3)
    >>> round(chow_test(y, break_date=y.index[59]).statistic, 2)
    23.21
    """
    y, x, index = design(endog, exog, add_const)
    n, k = x.shape
    try:
        pos = position(index, break_date, "endog") + 1
    except KeyError as exc:
        raise ModelSpecificationError(
            fmt("break_date", "a label of endog.index", break_date)
        ) from exc
    if not k < pos < n - k:
        raise ModelSpecificationError(
            fmt(
                "break_date",
                f"leaving more than k = {k} observations on each side",
                break_date,
            )
        )
    rss0 = float(np.sum((y - x @ np.linalg.lstsq(x, y, rcond=None)[0]) ** 2))
    rss1 = 0.0
    for sl in (slice(0, pos), slice(pos, n)):
        b = np.linalg.lstsq(x[sl], y[sl], rcond=None)[0]
        rss1 += float(np.sum((y[sl] - x[sl] @ b) ** 2))
    stat = (rss0 - rss1) / k / (rss1 / (n - 2 * k))
    return StructuralChangeTest(
        "Chow F",
        stat,
        float(stats.f.sf(stat, k, n - 2 * k)),
        f"(F({k}, {n - 2 * k}); break after {break_date})",
        df=(k, n - 2 * k),
        rss_restricted=rss0,
        rss_unrestricted=rss1,
    )
