r"""Shared kernels of the simulated worlds (internal; inputs are trusted).

Every world is a structural VAR(p) in the *changes* of its variables,

.. math::

    y_t = \nu + \sum_{i=1}^{p} A_i y_{t-i} + B\,\varepsilon_t,
    \qquad \varepsilon_{jt} = \sigma_{t}\, z_{jt},

with unit-variance :math:`z_{jt}` (standard normal, or Student t(4) scaled to
unit variance) and a volatility path :math:`\sigma_t` (1 outside stress
spells). The worlds set some shocks to chosen values inside their episode
window; everything else is drawn.

Exact contributions
-------------------
For a window :math:`W = \{t_0, \dots, t_1\}` with the decomposition restarted
at :math:`t_0`, the contribution of shock j to variable i over W is

.. math::

    c_{ij} = \sum_{t \in W}\sum_{s \in W, s \le t} \Theta_{t-s,ij}\,
             \varepsilon_{js}
           = \sum_{h=0}^{t_1-t_0} \Theta_{h,ij} \sum_{s=t_0}^{t_1-h}
             \varepsilon_{js},
    \qquad \Theta_h = \Phi_h B,

with :math:`\Phi_h` the MA coefficients of the lag polynomial. The
``baseline`` is :math:`\sum_{t\in W} y_{it} - \sum_j c_{ij}` (the constant and
the propagation of everything before :math:`t_0`). This is the convention of
:mod:`attribution.models.var.hd` summed over the window's dates.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from attribution._typing import Float64Array
from attribution.exceptions import WindowError, fmt
from attribution.models.var._arrays import companion, ma_coefs

BURN = 200  # rows simulated from zero initial values and discarded


def draw_innovations(
    rng: np.random.Generator, n_rows: int, n_shocks: int, *, fat_tails: bool
) -> Float64Array:
    """Unit-variance innovations ``z``: standard normal, or t(4) / sqrt(2)."""
    if fat_tails:
        draws: Float64Array = rng.standard_t(4, size=(n_rows, n_shocks)) / np.sqrt(2.0)
        return draws
    return rng.standard_normal((n_rows, n_shocks))


def simulate(
    intercept: Float64Array,
    lag_coefs: Float64Array,
    impact: Float64Array,
    shocks: Float64Array,
) -> Float64Array:
    r"""Run :math:`y_t = \nu + \sum_i A_i y_{t-i} + B\varepsilon_t` from zeros.

    ``shocks`` is ``(T, m)``; returns ``(T, n)`` (the p zero initial rows are
    not returned).
    """
    n_lags, n = lag_coefs.shape[0], lag_coefs.shape[1]
    forcing = intercept[None, :] + shocks @ impact.T
    y = np.zeros((shocks.shape[0] + n_lags, n))
    for t in range(shocks.shape[0]):
        acc = forcing[t].copy()
        for i in range(n_lags):
            acc += lag_coefs[i] @ y[n_lags + t - 1 - i]
        y[n_lags + t] = acc
    return y[n_lags:]


def window_contributions(
    lag_coefs: Float64Array,
    impact: Float64Array,
    shocks: Float64Array,
    y: Float64Array,
    first: int,
    last: int,
) -> Float64Array:
    """Exact contributions over rows ``first..last`` (inclusive).

    Returns ``(n, m + 1)``: column 0 is the baseline, column ``1 + j`` shock j
    (see the module docstring). Rows add up to ``y[first:last + 1].sum(0)``.
    """
    length = last - first + 1
    theta = ma_coefs(lag_coefs, length - 1) @ impact[None, :, :]  # (L, n, m)
    eps = shocks[first : last + 1]  # (L, m)
    # partial[h, j] = sum_{s=first}^{last-h} eps[s, j]
    partial = np.cumsum(eps, axis=0)[::-1]
    contrib = np.einsum("hij,hj->ij", theta, partial)
    total = y[first : last + 1].sum(axis=0)
    out = np.empty((impact.shape[0], impact.shape[1] + 1))
    out[:, 0] = total - contrib.sum(axis=1)
    out[:, 1:] = contrib
    return out


def standardized_to_natural(
    sd: Float64Array, lag_std: Float64Array, impact_std: Float64Array
) -> tuple[Float64Array, Float64Array]:
    r"""Rescale a system written in s.d. units to natural units.

    :math:`A_i = D A^s_i D^{-1}` and :math:`B = D B^s`, where ``sd`` is the
    diagonal of D (each variable's natural-unit scale).
    """
    d = np.diag(sd)
    d_inv = np.diag(1.0 / sd)
    lag = np.einsum("ab,pbc,cd->pad", d, lag_std, d_inv)
    return lag, d @ impact_std


def spectral_radius(lag_coefs: Float64Array) -> float:
    """Largest modulus of the companion matrix's eigenvalues."""
    return float(np.max(np.abs(np.linalg.eigvals(companion(lag_coefs)))))


def stress_scale(
    n_rows: int, spells: list[tuple[int, int]], factor: float
) -> Float64Array:
    """Volatility path: 1, and ``factor`` on rows ``[a, b)`` of each spell."""
    scale = np.ones(n_rows)
    for a, b in spells:
        scale[a:b] = factor
    return scale


def format_matrix(
    matrix: Float64Array, rows: list[str], cols: list[str], digits: int = 2
) -> str:
    """Plain-text table of a matrix (for descriptions)."""
    widths = [max(len(c), digits + 5) + 2 for c in cols]
    lines = [" " * 9 + "".join(f"{c:>{w}}" for c, w in zip(cols, widths, strict=True))]
    for name, row in zip(rows, matrix, strict=True):
        cells = "".join(f"{v:>{w}.{digits}f}" for v, w in zip(row, widths, strict=True))
        lines.append(f"{name:<9}{cells}")
    return "\n".join(lines)


def positions(index: pd.DatetimeIndex, first: Any, last: Any) -> tuple[int, int]:
    """Row positions (inclusive) of ``first..last`` in ``index``.

    ``first`` maps to the first row on or after it, ``last`` to the last row on
    or before it.

    Raises
    ------
    WindowError
        If the window holds no row of ``index``.
    """
    lo = int(index.searchsorted(pd.Timestamp(first), side="left"))
    hi = int(index.searchsorted(pd.Timestamp(last), side="right")) - 1
    if lo >= len(index) or hi < 0 or hi < lo:
        raise WindowError(
            fmt(
                "first:last",
                f"a window holding rows of the sample "
                f"({index[0]:%Y-%m-%d}..{index[-1]:%Y-%m-%d})",
                f"{first}:{last}",
            )
        )
    return lo, hi


def contributions_table(
    true_data: pd.DataFrame,
    shocks: pd.DataFrame,
    impact: Float64Array,
    lag_coefs: Float64Array,
    first: Any,
    last: Any,
) -> pd.DataFrame:
    """Label :func:`window_contributions` over ``first..last`` (dates).

    Index: the variables (``variable``); columns ``baseline`` then the shocks.
    """
    lo, hi = positions(pd.DatetimeIndex(true_data.index), first, last)
    arr = window_contributions(
        lag_coefs, impact, shocks.to_numpy(), true_data.to_numpy(), lo, hi
    )
    return pd.DataFrame(
        arr,
        index=pd.Index(list(true_data.columns), name="variable"),
        columns=["baseline", *shocks.columns],
    )
