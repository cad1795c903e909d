"""Simulated data with known breaks, for tests, docs and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_generator
from attribution.exceptions import ModelSpecificationError, fmt


def simulate_mean_shift(
    nobs: int,
    breakpoints: Sequence[int],
    means: Sequence[float],
    *,
    sigma: float = 1.0,
    seed: SeedLike = None,
    start: str | None = "2000-01-03",
    freq: str = "B",
) -> pd.Series:
    r"""Simulate :math:`y_t = \mu_j + \sigma\varepsilon_t` with known break dates.

    Parameters
    ----------
    nobs : int
        Sample size T.
    breakpoints : sequence of int
        True break dates as 1-based last observations of each old regime.
    means : sequence of float
        Regime means, ``len(breakpoints) + 1`` of them.
    sigma : float, default 1.0
        Standard deviation of the i.i.d. normal errors.
    seed : int, Generator or None
        Random seed.
    start : str or None, default "2000-01-03"
        First date of a DatetimeIndex with frequency ``freq``; None gives a
        RangeIndex.
    freq : str, default "B"
        Frequency of the index.

    Returns
    -------
    Series
        Named ``"y"``.
    """
    if len(means) != len(breakpoints) + 1:
        raise ModelSpecificationError(
            fmt(
                "means",
                f"of length len(breakpoints) + 1 = {len(breakpoints) + 1}",
                len(means),
            )
        )
    rng = as_generator(seed)
    cuts = [0, *breakpoints, nobs]
    mu = np.concatenate(
        [np.full(cuts[i + 1] - cuts[i], m) for i, m in enumerate(means)]
    )
    y = mu + sigma * rng.standard_normal(nobs)
    index = (
        pd.RangeIndex(nobs)
        if start is None
        else pd.date_range(start, periods=nobs, freq=freq)
    )
    return pd.Series(y, index=index, name="y")


def simulate_regression_breaks(
    nobs: int,
    breakpoints: Sequence[int],
    coefs: Sequence[Sequence[float]],
    *,
    fixed_coefs: Sequence[float] = (),
    sigma: float = 1.0,
    seed: SeedLike = None,
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame | None]:
    r"""Simulate a regression whose coefficients change at known dates.

    :math:`y_t = x_t'\beta + z_t'\delta_j + \sigma\varepsilon_t` with
    :math:`z_t = (1, z_{1t}, \dots)` and all regressors i.i.d. N(0, 1).

    Parameters
    ----------
    nobs : int
        Sample size.
    breakpoints : sequence of int
        True dates (1-based last observations of each old regime).
    coefs : sequence of sequence of float
        :math:`\delta_j` per regime; the first element is the constant.
    fixed_coefs : sequence of float, default ()
        :math:`\beta` of the fixed regressors (partial change).
    sigma : float, default 1.0
        Error standard deviation.
    seed : int, Generator or None
        Random seed.

    Returns
    -------
    tuple
        ``(endog, exog, fixed_exog)``: ``exog`` holds the non-constant
        changing regressors ``z1..``; ``fixed_exog`` is None without
        ``fixed_coefs``.
    """
    rng = as_generator(seed)
    q = len(coefs[0])
    z = np.column_stack([np.ones(nobs), rng.standard_normal((nobs, q - 1))])
    x = rng.standard_normal((nobs, len(fixed_coefs)))
    cuts = [0, *breakpoints, nobs]
    y = sigma * rng.standard_normal(nobs) + x @ np.asarray(fixed_coefs, dtype=float)
    for j, c in enumerate(coefs):
        sl = slice(cuts[j], cuts[j + 1])
        y[sl] += z[sl] @ np.asarray(c, dtype=float)
    index = pd.RangeIndex(nobs)
    exog = pd.DataFrame(z[:, 1:], index=index, columns=[f"z{i}" for i in range(1, q)])
    fixed = (
        pd.DataFrame(
            x, index=index, columns=[f"x{i}" for i in range(1, x.shape[1] + 1)]
        )
        if len(fixed_coefs)
        else None
    )
    return pd.Series(y, index=index, name="y"), exog, fixed
