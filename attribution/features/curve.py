"""Curve moves: k-day changes, slopes, bear/bull steepening, historical rank of a move.

Units: yields in percent in the panel; every change here is in basis points.
Prices (TLT, front-month futures) change in percent.

Timing: daily closes (FRED H.15 CMT, Yahoo closes). A *k-day change* is
taken between observations ``k`` trading days apart (the series' own
observation dates, so holidays do not break it), and is **gap-aware**: if the
two observations are more than ``k + max_gap_business_days`` business days
apart, the change spans a hole in the data (DGS30 has none from 2002-02-19 to
2006-02-08 in FRED) and is set to NaN instead of being computed across it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution._validation import as_int, position
from attribution.domain.series import CMT_IDS
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.features.registry import register
from attribution.panel import Panel

TENOR_IDS: dict[str, str] = dict(CMT_IDS)
SLOPES: dict[str, tuple[str, str]] = {
    "2s10s": ("2y", "10y"),
    "5s30s": ("5y", "30y"),
    "3m10y": ("3m", "10y"),
    "2s30s": ("2y", "30y"),
}
PRICE_IDS: dict[str, str] = {
    "TLT": "TLT.close",
    "ZT": "ZT=F.close",
    "ZF": "ZF=F.close",
    "ZN": "ZN=F.close",
}
REGIMES = (
    "bear steepening",
    "bear flattening",
    "bull steepening",
    "bull flattening",
    "parallel up",
    "parallel down",
    "unchanged",
)


def yield_levels(panel: Panel) -> pd.DataFrame:
    """CMT yields for 3m, 2y, 5y, 10y, 30y (percent), daily, columns named by tenor."""
    cols = {t: panel.daily[sid] for t, sid in TENOR_IDS.items() if sid in panel.daily}
    return pd.DataFrame(cols, index=panel.daily.index)


def gap_aware_diff(
    values: pd.Series, k: int, max_gap_business_days: int = 3
) -> pd.Series:
    r"""Change over ``k`` observations, NaN where the pair of dates spans a data gap.

    Parameters
    ----------
    values : Series
        Levels indexed by date; NaN rows (holidays, published missing) are dropped.
    k : int
        Number of observations (trading days) back.
    max_gap_business_days : int, default 3
        Business days allowed beyond ``k`` between the two observations
        (holidays); more than that marks a gap.

    Returns
    -------
    Series
        ``values[t] - values[t-k]`` on the observation dates of ``values``.

    Notes
    -----
    :math:`\Delta_k y_t = y_t - y_{t-k}` with ``t-k`` the k-th previous
    observation, kept only if ``busday_count(d_{t-k}, d_t) <= k + g``.
    """
    k = as_int(k, "k", low=1)
    max_gap_business_days = as_int(
        max_gap_business_days, "max_gap_business_days", low=0
    )
    obs = values.dropna()
    dates = obs.index.to_numpy().astype("datetime64[D]")
    change = obs - obs.shift(k)
    span = np.full(len(obs), np.iinfo(np.int64).max)
    if len(obs) > k:
        span[k:] = np.busday_count(dates[:-k], dates[k:])
    out = change.where(span <= k + max_gap_business_days)
    out.name = values.name
    return out


@register("curve_changes", units="bp", frequency="daily")
def curve_changes(
    panel: Panel, *, k: int = 1, max_gap_business_days: int = 3
) -> pd.DataFrame:
    """Gap-aware k-day changes of the 3m-30y yields and the 2s10s/5s30s slopes (bp).

    Rows are the days on which at least one CMT yield is published.

    Parameters
    ----------
    panel : Panel
        Holds DGS3MO, DGS2, DGS5, DGS10, DGS30 (percent).
    k : int, default 1
        Horizon in trading days (observations).
    max_gap_business_days : int, default 3
        See :func:`gap_aware_diff`.

    Returns
    -------
    DataFrame
        Columns ``3m, 2y, 5y, 10y, 30y, 2s10s, 5s30s`` in bp, on the H.15 days.
    """
    levels = yield_levels(panel)
    levels = levels.dropna(how="all")
    out = pd.DataFrame(
        {t: gap_aware_diff(levels[t], k, max_gap_business_days) * 100.0 for t in levels}
    ).reindex(levels.index)
    for name in ("2s10s", "5s30s"):
        short, long_ = SLOPES[name]
        if short in out and long_ in out:
            out[name] = out[long_] - out[short]
    return out


def classify_move(d_short: float, d_long: float, tolerance_bp: float = 0.0) -> str:
    """Classify a curve move from the changes (bp) at a short and a long tenor.

    Rule: the *level* change is the mean ``(d_short + d_long) / 2`` and the
    *slope* change is ``d_long - d_short``. Bear if the level rose, bull if it
    fell; steepening if the slope rose by more than ``tolerance_bp``,
    flattening if it fell by more, otherwise a parallel move.

    Returns
    -------
    str
        One of :data:`REGIMES`; ``"unknown"`` if either change is NaN.
    """
    if not (np.isfinite(d_short) and np.isfinite(d_long)):
        return "unknown"
    level, slope = (d_short + d_long) / 2.0, d_long - d_short
    if level == 0.0 and abs(slope) <= tolerance_bp:
        return "unchanged"
    side = "bear" if level > 0 else "bull"
    if slope > tolerance_bp:
        return f"{side} steepening"
    if slope < -tolerance_bp:
        return f"{side} flattening"
    return "parallel up" if level > 0 else "parallel down"


@register("curve_regime", units="label", frequency="daily")
def curve_regime(
    panel: Panel, *, k: int = 1, pair: str = "2s10s", tolerance_bp: float = 0.0
) -> pd.Series:
    """Classify each k-day move on ``pair`` by :func:`classify_move`.

    Parameters
    ----------
    panel : Panel
        As for :func:`curve_changes`.
    k : int, default 1
        Horizon in trading days.
    pair : {"2s10s", "5s30s", "3m10y", "2s30s"}, default "2s10s"
        Short and long tenor of the rule.
    tolerance_bp : float, default 0.0
        Slope changes within this band are parallel moves.

    Returns
    -------
    Series
        Labels from :data:`REGIMES` (``"unknown"`` where a change is missing).

    Raises
    ------
    ModelSpecificationError
        If ``pair`` is unknown.
    """
    if pair not in SLOPES:
        raise ModelSpecificationError(fmt("pair", f"one of {sorted(SLOPES)}", pair))
    short, long_ = SLOPES[pair]
    ch = curve_changes(panel, k=k)
    labels = [
        classify_move(a, b, tolerance_bp)
        for a, b in zip(ch[short], ch[long_], strict=True)
    ]
    return pd.Series(labels, index=ch.index, name=f"regime_{pair}_{k}d", dtype=object)


def window_change(values: pd.Series, base: pd.Timestamp, end: pd.Timestamp) -> float:
    """Change from the last value on/before ``base`` to the last on/before ``end``."""
    obs = values.dropna()
    a, b = obs.loc[:base], obs.loc[:end]
    if a.empty or b.empty:
        return float("nan")
    return float(b.iloc[-1] - a.iloc[-1])


@register("price_changes", units="%", frequency="daily")
def price_changes(
    panel: Panel, *, k: int = 5, max_gap_business_days: int = 3
) -> pd.DataFrame:
    """k-day percent changes of TLT and the front-month 2y/5y/10y futures closes.

    Parameters
    ----------
    panel : Panel
        Holds ``TLT.close``, ``ZT=F.close``, ``ZF=F.close``, ``ZN=F.close``.
    k : int, default 5
        Horizon in trading days.
    max_gap_business_days : int, default 3
        See :func:`gap_aware_diff`.

    Returns
    -------
    DataFrame
        Columns ``TLT, ZT, ZF, ZN``: :math:`100 (P_t / P_{t-k} - 1)`. Yahoo's
        front-month series roll between contracts; a roll shows as a move.
    """
    out = {}
    for name, sid in PRICE_IDS.items():
        if sid in panel.daily:
            logp = np.log(panel.daily[sid])
            out[name] = np.expm1(gap_aware_diff(logp, k, max_gap_business_days)) * 100.0
    return pd.DataFrame(out).reindex(panel.daily.index)


@dataclass(frozen=True)
class MoveRank:
    """Where a k-day move ranks in its own history.

    Attributes
    ----------
    value : float
        The move ending at ``date``.
    date : Timestamp
        Last day of the move.
    rank : int
        1 = largest in the history (in the chosen direction).
    n_history : int
        Valid, non-overlapping-with-this-move k-day changes compared against.
    percentile : float
        Share (%) of history with a move no larger than this one.
    previous_larger : Timestamp or None
        Last date before the move whose k-day move was at least as large: the
        move is the largest since then (None: the largest in the history).
    history_start : Timestamp
        First date compared.
    n_gap_excluded : int
        k-day changes dropped because they spanned a data gap.
    """

    value: float
    date: pd.Timestamp
    rank: int
    n_history: int
    percentile: float
    previous_larger: pd.Timestamp | None
    history_start: pd.Timestamp
    n_gap_excluded: int


def move_rank(
    values: pd.Series,
    k: int,
    at: pd.Timestamp,
    *,
    since: pd.Timestamp | None = None,
    direction: str = "rise",
    max_gap_business_days: int = 3,
) -> MoveRank:
    """Rank the k-day move of ``values`` ending at ``at`` against its own history.

    Parameters
    ----------
    values : Series
        Levels (e.g. a yield in percent or a log price).
    k : int
        Horizon in observations.
    at : Timestamp
        Last day of the move (the last observation on or before it is used).
    since : Timestamp, optional
        First day of the history (default: the start of ``values``).
    direction : {"rise", "fall"}, default "rise"
        Rank rises (largest first) or falls (most negative first).
    max_gap_business_days : int, default 3
        See :func:`gap_aware_diff`.

    Returns
    -------
    MoveRank

    Raises
    ------
    ModelSpecificationError
        If ``direction`` is unknown or no k-day move ends by ``at``.

    Notes
    -----
    The history holds the k-day changes ending before the move's first day
    (so the windows overlapping the move itself are left out) plus the move.
    """
    if direction not in ("rise", "fall"):
        raise ModelSpecificationError(fmt("direction", "'rise' or 'fall'", direction))
    sign = 1.0 if direction == "rise" else -1.0
    obs = values.dropna()
    if since is not None:
        obs = obs.loc[pd.Timestamp(since) :]
    changes = gap_aware_diff(obs, k, max_gap_business_days) * sign
    upto = changes.loc[: pd.Timestamp(at)]
    if upto.empty or not np.isfinite(upto.iloc[-1]):
        raise ModelSpecificationError(
            fmt("at", f"a date ending a valid {k}-day move", str(at))
        )
    end, value = upto.index[-1], float(upto.iloc[-1])
    start_of_move = obs.index[position(obs.index, end, "values") - k]
    hist = changes.loc[:start_of_move].dropna()
    n_gap = int(changes.iloc[k:].isna().sum())
    larger = hist[hist >= value]
    pct = 100.0 * float((np.append(hist.to_numpy(), value) <= value).mean())
    return MoveRank(
        sign * value,
        end,
        int((hist > value).sum()) + 1,
        len(hist) + 1,
        pct,
        larger.index[-1] if len(larger) else None,
        obs.index[0],
        n_gap,
    )
