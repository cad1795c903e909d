"""The volatility facts of the ``features`` command: a GARCH-family fit per tenor.

Per CMT tenor: daily changes (bp) from ``volatility.sample_start`` to the
window end, a :class:`~attribution.models.volatility.VolatilityModel` fit, the
window's largest k-day move in conditional sigmas and the volatility regime
on the window's first, last and peak days.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from attribution._typing import DateLike
from attribution._validation import to_float, to_timestamp
from attribution.config.schema import RunConfig
from attribution.exceptions import ConvergenceWarning
from attribution.features import curve
from attribution.models.volatility import (
    VolatilityModel,
    move_in_sigmas,
    volatility_regime,
)
from attribution.panel import Panel

log = logging.getLogger(__name__)


def daily_changes_bp(
    panel: Panel, tenor: str, start: DateLike, end: DateLike
) -> pd.Series:
    """Daily changes (bp) of a CMT tenor between consecutive published closes."""
    sid = curve.TENOR_IDS[tenor]
    levels = panel.daily[sid].dropna().loc[pd.Timestamp(start) : pd.Timestamp(end)]
    return (levels.diff() * 100.0).dropna().rename(sid)


def largest_move(
    dy: pd.Series, base: pd.Timestamp, end: pd.Timestamp, days: int
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return (origin, end) of the window's largest absolute ``days``-observation move.

    Parameters
    ----------
    dy : Series
        Daily changes on the dates of consecutive closes.
    base : Timestamp
        The window's base close (on ``dy``'s index); the earliest origin.
    end : Timestamp
        The last close a move may end on.
    days : int
        Observations per move, h.

    Returns
    -------
    tuple of Timestamp
        The origin close t0 and the end close t0 + h of the move
        ``sum(dy[t0+1 .. t0+h])`` largest in absolute value (first one on
        ties). A window with fewer than ``days`` observations gives its
        whole span.
    """
    idx = dy.index
    first = int(idx.searchsorted(base, side="left"))  # the origin may be base itself
    last = int(idx.searchsorted(end, side="right")) - 1
    n_obs = last - first  # observations after the first possible origin
    h = max(1, min(days, n_obs))
    csum = np.concatenate([[0.0], np.cumsum(dy.to_numpy())])
    origins = np.arange(first, last - h + 1)
    sums = csum[origins + h + 1] - csum[origins + 1]
    o = int(origins[np.argmax(np.abs(sums))])
    return idx[o], idx[o + h]


def _tenor_volatility(
    dy: pd.Series, base: pd.Timestamp, end: pd.Timestamp, config: RunConfig
) -> dict[str, object]:
    """Fit one tenor, size its largest window move and describe the regime."""
    opts = config.volatility
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        res = VolatilityModel(dy, kind=opts.kind, dist=opts.dist).fit()
    flags = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    if flags:
        log.warning("volatility %s: %s", dy.name, flags[0].message)
    origin, stop = largest_move(dy, base, end, opts.move_days)
    move = move_in_sigmas(res, origin=origin, end=stop, seed=config.run.seed)
    reg = volatility_regime(res, dy.index[dy.index > base][0], end)
    peak = to_timestamp(reg["sigma"].idxmax())
    return {
        **move.to_dict(),
        "sigma_first": float(reg["sigma"].iloc[0]),
        "pctile_first": float(reg["percentile"].iloc[0]),
        "sigma_last": float(reg["sigma"].iloc[-1]),
        "pctile_last": float(reg["percentile"].iloc[-1]),
        "sigma_peak": to_float(reg.loc[peak, "sigma"]),
        "pctile_peak": to_float(reg.loc[peak, "percentile"]),
        "peak_date": f"{peak:%Y-%m-%d}",
        "sigma_median": float(res.conditional_volatility.median()),
        "persistence": float(res.persistence),
        "nobs": res.nobs,
        "converged": not flags,
        "statement": move.statement(),
    }


def volatility_rows(
    panel: Panel, config: RunConfig, base: pd.Timestamp, end: pd.Timestamp
) -> list[dict[str, object]]:
    """Fit each configured tenor and return one row of facts per tenor.

    The rows are what :func:`attribution.reports.volatility_report.volatility_frame`
    tabulates; a tenor without data in the window is logged and skipped.
    """
    opts = config.volatility
    rows: list[dict[str, object]] = []
    for tenor in opts.tenors:
        dy = daily_changes_bp(panel, tenor, opts.sample_start, end)
        before = dy.index[dy.index <= base]
        if len(before) == 0 or not (dy.index > base).any():
            log.warning("volatility: %s has no data in the window; skipped", tenor)
            continue
        b = before[-1]  # the tenor's last close on or before the base close
        rows.append({"tenor": tenor, **_tenor_volatility(dy, b, end, config)})
    return rows


__all__ = ["daily_changes_bp", "largest_move", "volatility_rows"]
