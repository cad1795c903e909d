"""What every results class shares: the estimates table and labelled standard errors."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd


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
