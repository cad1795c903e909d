"""Simulate monthly nowcasting data with known signal content."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from attribution._typing import SeedLike
from attribution._validation import as_float, as_generator, as_int


def simulate_nowcast_data(
    n_months: int,
    *,
    coefs: Sequence[float],
    noise: float = 1.0,
    n_unpublished: int = 2,
    start: str = "2005-01-31",
    seed: SeedLike = None,
) -> tuple[pd.Series, pd.DataFrame]:
    r"""Simulate :math:`\Delta H_t = x_t'\beta + \sigma u_t` with iid N(0, 1) features.

    Parameters
    ----------
    n_months : int
        Months of features.
    coefs : sequence of float
        :math:`\beta`, one per feature; all zeros makes the target pure noise
        (a nowcast can then have no skill).
    noise : float, default 1.0
        :math:`\sigma`.
    n_unpublished : int, default 2
        Last months whose target is NaN (not yet published).
    start : str, default "2005-01-31"
        First month end.
    seed : int, Generator or None
        Randomness (never the global state).

    Returns
    -------
    (Series, DataFrame)
        ``target`` (NaN for the unpublished months) and ``features`` ``x1..xk``.
    """
    n = as_int(n_months, "n_months", low=10)
    k_unpub = as_int(n_unpublished, "n_unpublished", low=0, high=n - 1)
    sigma = as_float(noise, "noise", low=0.0)
    rng = as_generator(seed)
    b = np.asarray(coefs, dtype=float)
    x = rng.standard_normal((n, b.size))
    y = x @ b + sigma * rng.standard_normal(n)
    y[n - k_unpub :] = np.nan
    idx = pd.date_range(start, periods=n, freq="ME", name="date")
    cols = [f"x{j + 1}" for j in range(b.size)]
    return pd.Series(y, index=idx, name="target"), pd.DataFrame(
        x, index=idx, columns=cols
    )
