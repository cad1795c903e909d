"""The per-period decompositions and impulse responses the report draws.

:class:`~attribution.engine.result.FigureData` for the two point-identified
SVARs: the daily one identified by heteroskedasticity (``svar_hetero_daily``)
and the weekly recursive one (``svar_chol_weekly``). Both come from objects
the engines fit anyway (the VAR, its impact matrix, the bootstrap): nothing
here draws random numbers or re-estimates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from attribution.engine.result import FigureData
from attribution.models.var import VARBootstrap, VARResults
from attribution.models.var.cv_window import OTHER, CVWindow
from attribution.models.var.hd import BASELINE, HistoricalDecomposition
from attribution.models.var.identification import FixedImpact

#: Horizons of the report's impulse responses (days for the daily model,
#: weeks for the weekly one).
IRF_HORIZON_DAYS = 10
IRF_HORIZON_WEEKS = 12


def _long(
    wide: pd.DataFrame, tenors: Mapping[str, Sequence[tuple[str, float]]]
) -> pd.DataFrame:
    """Long rows from (date, response) x driver columns, per reported tenor.

    ``tenors`` maps a row label to the weighted VAR columns it sums.
    """
    parts = []
    for label, cols in tenors.items():
        block = pd.DataFrame(cols[0][1] * wide.xs(cols[0][0], level="response"))
        for col, w in cols[1:]:
            block = block + w * pd.DataFrame(wide.xs(col, level="response"))
        long = pd.Series(block.stack(), name="contribution_bp").reset_index()
        long.columns = pd.Index(["date", "driver", "contribution_bp"])
        long.insert(1, "tenor", label)
        parts.append(long)
    out: pd.DataFrame = pd.concat(parts, ignore_index=True)
    return out


def hetero_figure_data(
    res: VARResults,
    win: CVWindow,
    days: pd.DatetimeIndex,
    reported: Mapping[str, str],
    combinations: Mapping[str, Mapping[str, float]],
) -> FigureData:
    """Per-day decomposition, window-day shocks and IRFs of ``svar_hetero_daily``.

    Parameters
    ----------
    res : VARResults
        The daily reduced form.
    win : CVWindow
        :func:`~attribution.models.var.cv_window.cv_window` on ``days``
        (with ``irf_horizon`` for :attr:`FigureData.irf`).
    days : DatetimeIndex
        The window's model days (first and last decomposed).
    reported : mapping
        Row label -> VAR column or combination name (``10y`` -> ``y10``).
    combinations : mapping
        Combination name -> {VAR column: weight}.

    Returns
    -------
    FigureData
        ``periods`` per day at the estimate, with the named shocks, the
        unnamed ones summed as ``other_shocks``, and ``baseline``; their sum
        over the days is the table's point.
    """
    naming = win.naming
    impact = win.identification.impact.to_numpy()[:, naming.order] * naming.signs
    names = naming.shock_names
    hd: HistoricalDecomposition = res.historical_decomposition(
        FixedImpact(impact, tuple(names)), start=days[0], end=days[-1]
    )
    named = [str(s) for s in naming.table.index]
    wide = hd.contributions.unstack("shock")
    grouped = wide[[BASELINE, *named]].copy()
    grouped[OTHER] = wide[[s for s in names if s not in named]].sum(axis=1)
    cols = {
        label: list(combinations[col].items()) if col in combinations else [(col, 1.0)]
        for label, col in reported.items()
    }
    shocks = win.shocks.loc[days[0] : days[-1], named]
    irf = None
    if win.irf is not None:
        back = {col: label for label, col in reported.items()}
        irf = win.irf.rename(index=back, level="response")
    return FigureData(_long(grouped, cols), "day", shocks, irf, win.level)


def chol_figure_data(
    hd: HistoricalDecomposition,
    boot: VARBootstrap,
    tenor_of: Mapping[str, str],
    tenors: Sequence[str],
    level: float,
) -> FigureData:
    """Per-week decomposition and bootstrap IRFs of ``svar_chol_weekly``.

    Parameters
    ----------
    hd : HistoricalDecomposition
        Of the window's model weeks (restarted at the first).
    boot : VARBootstrap
        The bootstrap behind the table's bands.
    tenor_of : mapping
        Tenor -> VAR column.
    tenors : sequence of str
        Reported tenors.
    level : float
        Coverage of the IRF bands.
    """
    wide = hd.contributions.unstack("shock")[[BASELINE, *hd.shock_names]]
    cols = {t: [(tenor_of[t], 1.0)] for t in tenors}
    bands = boot.irf_bands(IRF_HORIZON_WEEKS, level, cumulative=True)
    keep = [tenor_of[t] for t in tenors]
    bands = bands.loc[bands.index.get_level_values("response").isin(keep)]
    back = {tenor_of[t]: t for t in tenors}
    irf = bands.rename(index=back, level="response")
    return FigureData(_long(wide, cols), "week", None, irf, level)
