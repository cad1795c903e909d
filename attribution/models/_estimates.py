r"""What every results class shares: one ``level`` check, one reference distribution.

Each results class of :mod:`attribution.models` states its estimates
(``params``) and their standard errors (``std_err``), and says which
distribution its test statistics are compared with through one hook,
:attr:`Estimates.df`: Student t with ``df`` degrees of freedom when it is
finite, the standard normal when it is ``inf`` (the default). From those
three, :class:`Estimates` derives ``tvalues``, ``pvalues``,
``critical_value(level)``, ``conf_int(level)`` and ``to_frame(level)`` the
same way for every class; :class:`FrameEstimates` does the same for results
whose estimates are a table (a VAR's equations, a rolling regression's
windows) and whose intervals are long by the table's cells.

Every ``level`` is checked by :func:`check_level`: a coverage strictly
between 0 and 1. ``conf_int(95)`` therefore raises the same
:class:`~attribution.exceptions.ModelSpecificationError` (a ``ValueError``)
on every class instead of returning NaN on some and raising on others.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any, Protocol, cast

import numpy as np
import pandas as pd
from scipy import stats

from attribution.exceptions import ModelSpecificationError, fmt


class HasEstimates(Protocol):
    """Results with labelled estimates and their inference."""

    @property
    def params(self) -> pd.Series:
        """Estimates indexed by parameter name."""
        ...

    @property
    def std_err(self) -> pd.Series:
        """Standard errors."""
        ...

    @property
    def tvalues(self) -> pd.Series:
        """Test statistics of zero coefficients."""
        ...

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values."""
        ...

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Intervals with ``lower`` and ``upper`` columns."""
        ...


def check_level(level: Any, name: str = "level") -> float:
    """Return ``level`` as a float strictly between 0 and 1.

    Parameters
    ----------
    level : float
        Coverage of an interval, e.g. 0.95.
    name : str, default "level"
        Name of the argument, for the message.

    Returns
    -------
    float

    Raises
    ------
    ModelSpecificationError
        A ``ValueError``, naming the argument and the value, when ``level`` is
        not a number in (0, 1) (``95`` for 95% is the usual slip).

    Examples
    --------
    >>> check_level(0.9)
    0.9
    """
    try:
        value = float(level)
    except (TypeError, ValueError) as exc:
        raise ModelSpecificationError(fmt(name, "a number in (0, 1)", level)) from exc
    if isinstance(level, bool) or not 0.0 < value < 1.0:
        hint = "Give a coverage such as 0.95, not a percentage." if value > 1 else ""
        raise ModelSpecificationError(fmt(name, "in (0, 1)", level, hint))
    return value


def reference_distribution(df: float) -> Any:
    """Return the frozen scipy distribution of test statistics.

    Parameters
    ----------
    df : float
        Degrees of freedom: Student t when finite, the standard normal when
        ``inf``.

    Returns
    -------
    rv_frozen
        ``scipy.stats.t(df)`` or ``scipy.stats.norm()``.
    """
    return stats.t(df) if math.isfinite(df) else stats.norm()


def critical_value(level: float, df: float = math.inf) -> float:
    r"""Return the two-sided critical value :math:`q_{(1+\text{level})/2}`.

    Parameters
    ----------
    level : float
        Coverage in (0, 1) (:func:`check_level`).
    df : float, default inf
        Degrees of freedom of the reference distribution
        (:func:`reference_distribution`).

    Returns
    -------
    float
        R's ``qt((1 + level) / 2, df)``, or ``qnorm`` for ``df = inf``.

    Examples
    --------
    >>> round(critical_value(0.95), 6), round(critical_value(0.95, 1), 6)
    (1.959964, 12.706205)
    """
    return float(reference_distribution(df).ppf(0.5 + check_level(level) / 2.0))


def two_sided_pvalues(tvalues: Any, df: float = math.inf) -> np.ndarray:
    """Return :math:`2 P(T > |t|)` under the reference distribution.

    Parameters
    ----------
    tvalues : array_like
        Test statistics.
    df : float, default inf
        Degrees of freedom (:func:`reference_distribution`).

    Returns
    -------
    ndarray
        Same shape as ``tvalues``.
    """
    t = np.abs(np.asarray(tvalues, dtype=float))
    return np.asarray(2.0 * reference_distribution(df).sf(t), dtype=float)


def estimates_frame(results: HasEstimates, level: float = 0.95) -> pd.DataFrame:
    """Return params, std_err, tvalues, pvalues and the interval side by side.

    Parameters
    ----------
    results : HasEstimates
        Any results object with those labelled accessors.
    level : float, default 0.95
        Interval level passed to ``results.conf_int``.

    Returns
    -------
    DataFrame
        One row per parameter; the columns take the Series' names, then
        ``lower`` and ``upper``.
    """
    return pd.concat(
        [
            results.params,
            results.std_err,
            results.tvalues,
            results.pvalues,
            results.conf_int(level),
        ],
        axis=1,
    )


def std_err_from_cov(params: pd.Series, cov: pd.DataFrame | np.ndarray) -> pd.Series:
    """Return the standard errors (square roots of the covariance diagonal), labelled.

    Parameters
    ----------
    params : Series
        Estimates; their index labels the result.
    cov : DataFrame or ndarray
        Covariance of ``params``, in the same order.

    Returns
    -------
    Series
        Named ``std_err``.
    """
    return pd.Series(
        np.sqrt(np.diag(np.asarray(cov, dtype=float))),
        index=params.index,
        name="std_err",
    )


class _HasDf(Protocol):
    @property
    def df(self) -> float: ...


class _Point(Protocol):
    @property
    def params(self) -> pd.Series: ...

    @property
    def std_err(self) -> pd.Series: ...

    @property
    def df(self) -> float: ...


class _Table(Protocol):
    @property
    def params(self) -> pd.DataFrame: ...

    @property
    def std_err(self) -> pd.DataFrame: ...

    @property
    def df(self) -> float: ...

    @property
    def tvalues(self) -> pd.DataFrame: ...

    @property
    def pvalues(self) -> pd.DataFrame: ...

    def conf_int(self, level: float = 0.95) -> pd.DataFrame: ...

    def _stack(self, frame: pd.DataFrame) -> pd.Series: ...


class _Reference:
    """The reference-distribution hook and the critical value derived from it."""

    @property
    def df(self) -> float:
        """Degrees of freedom of the reference distribution (inf: the normal).

        Subclasses with Student-t inference override this hook.
        """
        return math.inf

    def critical_value(self: _HasDf, level: float = 0.95) -> float:
        """Two-sided critical value of the reference distribution at ``level``.

        Parameters
        ----------
        level : float, default 0.95
            Coverage in (0, 1).

        Returns
        -------
        float
            :func:`critical_value` with this result's :attr:`df`.
        """
        return critical_value(level, self.df)


class Estimates(_Reference):
    """Mixin of results whose ``params`` and ``std_err`` are labelled Series.

    Subclasses (frozen dataclasses) provide ``params`` and ``std_err`` and,
    for Student-t inference, override :attr:`df`; they inherit
    ``tvalues``, ``pvalues``, ``critical_value``, ``conf_int`` and
    ``to_frame``, computed once (results are immutable).
    """

    @cached_property
    def tvalues(self: _Point) -> pd.Series:
        """``params / std_err``."""
        return (self.params / self.std_err).rename("tvalues")

    @cached_property
    def pvalues(self: _Point) -> pd.Series:
        """Two-sided p-values under the reference distribution (:attr:`df`)."""
        t = (self.params / self.std_err).to_numpy()
        return pd.Series(
            two_sided_pvalues(t, self.df), index=self.params.index, name="pvalues"
        )

    def conf_int(self: _Point, level: float = 0.95) -> pd.DataFrame:
        """Intervals ``params -/+ c std_err`` with columns ``lower`` and ``upper``.

        Parameters
        ----------
        level : float, default 0.95
            Coverage in (0, 1); ``c`` is the reference distribution's
            two-sided critical value.

        Returns
        -------
        DataFrame
            Indexed like ``params``.

        Raises
        ------
        ModelSpecificationError
            If ``level`` is not in (0, 1).
        """
        c = critical_value(level, self.df)
        return pd.DataFrame(
            {
                "lower": self.params - c * self.std_err,
                "upper": self.params + c * self.std_err,
            }
        )

    def to_frame(self: HasEstimates, level: float = 0.95) -> pd.DataFrame:
        """Tidy table of params, std_err, tvalues, pvalues and intervals."""
        return estimates_frame(self, level)


class FrameEstimates(_Reference):
    """Mixin of results whose ``params`` and ``std_err`` are tables.

    ``tvalues`` and ``pvalues`` keep the table's shape; ``conf_int`` and
    ``to_frame`` are long, by the labels :meth:`_stack` gives each cell.
    """

    def _stack(self, frame: pd.DataFrame) -> pd.Series:
        """Return the table as a long Series (default: ``frame.stack()``)."""
        return cast(pd.Series, frame.stack())  # a frame of one column level

    @cached_property
    def tvalues(self: _Table) -> pd.DataFrame:
        """``params / std_err``."""
        return self.params / self.std_err

    @cached_property
    def pvalues(self: _Table) -> pd.DataFrame:
        """Two-sided p-values under the reference distribution (:attr:`df`)."""
        t = (self.params / self.std_err).to_numpy()
        return pd.DataFrame(
            two_sided_pvalues(t, self.df),
            index=self.params.index,
            columns=self.params.columns,
        )

    def conf_int(self: _Table, level: float = 0.95) -> pd.DataFrame:
        """Long intervals ``params -/+ c std_err``, columns ``lower``, ``upper``.

        Parameters
        ----------
        level : float, default 0.95
            Coverage in (0, 1).

        Returns
        -------
        DataFrame
            Indexed by the stacked cells.

        Raises
        ------
        ModelSpecificationError
            If ``level`` is not in (0, 1).
        """
        c = critical_value(level, self.df)
        point, se = self._stack(self.params), self._stack(self.std_err)
        return pd.DataFrame({"lower": point - c * se, "upper": point + c * se})

    def to_frame(self: _Table, level: float = 0.95) -> pd.DataFrame:
        """Long table: params, std_err, tvalues, pvalues, lower, upper."""
        cols = {
            "params": self._stack(self.params),
            "std_err": self._stack(self.std_err),
            "tvalues": self._stack(self.tvalues),
            "pvalues": self._stack(self.pvalues),
        }
        return pd.concat([pd.DataFrame(cols), self.conf_int(level)], axis=1)
