r"""Historical decomposition of an identified VAR.

Convention (stated once; every function here follows it)
--------------------------------------------------------
The decomposition of the rows ``start..end`` treats the p rows before
``start`` as *initial conditions*. For each row t >= start,

.. math::

    y_t = \underbrace{b_t}_{\text{baseline}} +
          \sum_{j}\underbrace{\sum_{s=0}^{t-t_0}\Theta_{s,\cdot j}\,
          \varepsilon_{j,t-s}}_{\text{contribution of shock } j},

where :math:`b_t = \nu_t + \sum_i A_i b_{t-i}` with :math:`b_{t} = y_{t}` for
t < start: the deterministic terms (constant, trend) plus the propagation of
the initial conditions with every shock set to zero, i.e. the dynamic
forecast made just before ``start``. The structural shocks are
:math:`\varepsilon_t = B^{-1}\hat u_t` with :math:`\hat u_t` the residuals of
the observed data under the model. Baseline plus contributions reproduce the
data exactly (to rounding). Both the baseline and each contribution are
computed by running the VAR recursion (lags included) on its own forcing
term, so the decomposition is correct for any impact matrix B and any lag
matrices, not only B = I.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from attribution._typing import Float64Array, VariableKind
from attribution._validation import as_option
from attribution.exceptions import ModelSpecificationError, WindowError, fmt
from attribution.models.var import _arrays
from attribution.models.var.identification import IdentificationScheme, resolve

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from attribution.models.var.results import VARResults

BASELINE = "baseline"
_KINDS: tuple[VariableKind, ...] = ("levels", "changes")


def window_sum(arr: Float64Array, variables: VariableKind) -> Float64Array:
    """Collapse the date axis of ``(..., L, n, m+1)`` decompositions to a window.

    ``"changes"``: the sum over the window's rows (each row is one period's
    change, so the sum is the level change). ``"levels"``: the last row; the
    caller subtracts the pre-window level from the baseline.
    """
    kind = as_option(variables, "variables", _KINDS)
    return arr.sum(axis=-3) if kind == "changes" else arr[..., -1, :, :].copy()


def window_positions(results: VARResults, start: Any, end: Any) -> tuple[int, int]:
    """Row positions ``[lo, hi)`` of the data decomposed for ``start..end``.

    ``start`` maps to the first row on or after it, ``end`` to the last row
    on or before it. ``None`` means the first estimation row / the last row.
    """
    index = results.model.data.index
    lo = (
        results.n_lags if start is None else int(index.searchsorted(start, side="left"))
    )
    hi = len(index) if end is None else int(index.searchsorted(end, side="right"))
    if lo < results.n_lags:
        raise WindowError(
            fmt(
                "start",
                f"on or after {index[results.n_lags]} (the first {results.n_lags} "
                "rows are initial conditions)",
                start,
            )
        )
    if hi <= lo:
        raise WindowError(
            fmt(
                "end",
                f"after start ({index[min(lo, len(index) - 1)]})",
                end,
                "The window holds no observation.",
            )
        )
    return lo, hi


def components_frame(
    arr: Float64Array, dates: pd.Index, responses: list[str], shocks: list[str]
) -> pd.Series:
    """Label an ``(L, n, m+1)`` decomposition as a Series (date, response, shock)."""
    idx = pd.MultiIndex.from_product(
        [dates, responses, [BASELINE, *shocks]], names=["date", "response", "shock"]
    )
    return pd.Series(arr.reshape(-1), index=idx, name="contribution")


@dataclass(frozen=True)
class HistoricalDecomposition:
    """Baseline and shock contributions for each date and variable.

    Attributes
    ----------
    contributions : Series
        Indexed by (``date``, ``response``, ``shock``); ``shock`` holds
        ``"baseline"`` and then each structural shock. Sums over ``shock``
        equal ``data``.
    data : DataFrame
        The observed rows decomposed.
    initial : Series
        The observation just before the first decomposed row (the level
        from which window changes are measured).
    shock_names : list of str
        Structural shocks, in impact-matrix column order.
    """

    contributions: pd.Series
    data: pd.DataFrame
    initial: pd.Series
    shock_names: list[str]

    def to_frame(self) -> pd.DataFrame:
        """Wide table: rows (date, response); columns baseline, shocks, data."""
        wide = self.contributions.unstack("shock")[[BASELINE, *self.shock_names]]
        wide["data"] = self.data.stack().reindex(wide.index).to_numpy()
        return wide

    def plot(self, response: str | None = None, *, units: str = "") -> Figure:
        """Stacked bars of each date's baseline and shock parts, with the data.

        Parameters
        ----------
        response : str, optional
            Variable to draw (default the last column, e.g. the yield).
        units : str, default ""
            Units of the variable, for the axis label (e.g. ``"bp"``).

        Returns
        -------
        Figure
            A matplotlib figure (object API: no pyplot state, the backend is
            left alone); positive parts stack upwards, negative ones
            downwards, the black line is the observed value.
        """
        from attribution.models.var.plots import hd_figure

        name = str(self.data.columns[-1]) if response is None else response
        return hd_figure(self.to_frame(), self.shock_names, name, units=units)

    def adding_up_error(self) -> float:
        """Largest absolute gap between the summed components and the data."""
        wide = self.to_frame()
        total = wide[[BASELINE, *self.shock_names]].sum(axis=1)
        return float(np.max(np.abs(total - wide["data"])))

    def window_change(self, variables: VariableKind = "levels") -> pd.Series:
        r"""Change over the decomposed rows, by (response, shock).

        Parameters
        ----------
        variables : {"levels", "changes"}, default "levels"
            What the VAR's columns are. ``"levels"``: ``baseline`` is
            :math:`b_{end} - y_{start-1}` and each shock's entry is its
            contribution at ``end`` (only shocks dated inside the window move
            it); the entries sum to :math:`y_{end} - y_{start-1}`.
            ``"changes"`` (a VAR in first differences, e.g. weekly yield
            changes): every entry is the sum over the window's rows of that
            component, so the entries sum to the change of the underlying
            level over the window, :math:`\sum_{t=start}^{end} y_t`.

        Returns
        -------
        Series
            Indexed by (``response``, ``shock``), named ``change``.

        Raises
        ------
        ModelSpecificationError
            If ``variables`` is not one of the options.
        """
        kind = as_option(variables, "variables", _KINDS)
        if kind == "changes":
            total = self.contributions.groupby(
                level=["response", "shock"], sort=False
            ).sum()
            return total.rename("change")
        last = self.contributions.xs(self.data.index[-1], level="date").copy()
        base = last.xs(BASELINE, level="shock") - self.initial
        for resp, value in base.items():
            last.loc[(str(resp), BASELINE)] = value
        return last.rename("change")


def historical_decomposition(
    results: VARResults,
    identification: IdentificationScheme | None = None,
    *,
    start: Any = None,
    end: Any = None,
) -> HistoricalDecomposition:
    """Decompose the observed data into a baseline and structural-shock contributions.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    identification : IdentificationScheme, optional
        Default :class:`~attribution.models.var.Cholesky` in column order.
    start, end : date-like, optional
        First and last dates decomposed (default: the estimation sample). The
        p rows before ``start`` are the initial conditions; pass the first
        date of an episode to attribute the move over that episode to the
        shocks dated inside it.

    Returns
    -------
    HistoricalDecomposition

    Raises
    ------
    WindowError
        If ``start`` leaves fewer than p rows of initial conditions, or the
        window is empty.

    Notes
    -----
    See the module docstring for the equation and the initial-condition
    convention. The identifying assumption is that of ``identification``.
    Timing: the contribution of shock j at t includes its impact effect at t.

    References
    ----------
    Kilian, L. and Lütkepohl, H. (2017). *Structural Vector Autoregressive
    Analysis*. Cambridge UP, sec. 4.3, eq. (4.3.1).

    Examples
    --------
    >>> from attribution.models.var import VAR, Cholesky, simulate_svar
    >>> sim = simulate_svar([[[0.5, 0.1], [0.2, 0.4]]], [[1.0, 0.0], [0.3, 0.8]],
    ...                     nobs=200, seed=0)
    >>> res = VAR(sim.data, n_lags=1).fit()
    >>> hd = historical_decomposition(res, Cholesky(["y1", "y0"]))
    >>> hd.adding_up_error() < 1e-10
    True
    >>> list(hd.contributions.index.names)
    ['date', 'response', 'shock']
    """
    scheme = resolve(identification)
    lo, hi = window_positions(results, start, end)
    impact = scheme.impact(results._sigma, results.names)
    if abs(np.linalg.det(impact)) < 1e-300:
        raise ModelSpecificationError(
            fmt("identification", "an invertible impact matrix", "singular")
        )
    arr = _arrays.decompose(
        results._y,
        results._det,
        results._det_coefs[None],
        results._lag_coefs[None],
        impact[None],
        lo,
        hi,
    )[0]
    data = results.model.data
    shocks = scheme.shock_names(results.names)
    return HistoricalDecomposition(
        contributions=components_frame(arr, data.index[lo:hi], results.names, shocks),
        data=data.iloc[lo:hi],
        initial=data.iloc[lo - 1],
        shock_names=shocks,
    )


def window_contributions(
    results: VARResults,
    start: Any,
    end: Any,
    identification: IdentificationScheme | None = None,
    *,
    variables: VariableKind = "levels",
) -> pd.Series:
    r"""Contribution of each shock to each variable's change over a window.

    The decomposition is restarted at ``start`` (data before it are initial
    conditions), so ``baseline`` is the change predicted from information
    before the window and each shock's entry is the effect of the shocks
    dated ``start..end``.

    Parameters
    ----------
    results : VARResults
        A fitted VAR.
    start, end : date-like
        First and last rows of the window.
    identification : IdentificationScheme, optional
        Default :class:`~attribution.models.var.Cholesky` in column order.
    variables : {"levels", "changes"}, default "levels"
        What the VAR's columns are. For levels, entries sum per response to
        :math:`y_{end} - y_{start-1}` (each shock's entry is its contribution
        at ``end``). For a VAR in changes (the weekly SVARs of the
        attribution are in weekly changes) pass ``"changes"``: each entry is
        the sum of the window's per-period contributions, and the entries sum
        to the level change over the window, :math:`\sum_{t=start}^{end}
        \Delta x_t` -- the numbers the attribution report prints. With
        ``"levels"`` on a VAR in changes one gets the change of the change
        (the April 2025 10y baseline of ``svar_chol_weekly`` reads 16.6 bp
        instead of the report's 6.5 bp).

    Returns
    -------
    Series
        Indexed by (``response``, ``shock``), ``shock`` starting with ``"baseline"``.

    Raises
    ------
    WindowError
        If the window is empty or leaves too few initial conditions.
    ModelSpecificationError
        If ``variables`` is not one of the options.
    """
    return historical_decomposition(
        results, identification, start=start, end=end
    ).window_change(variables)
