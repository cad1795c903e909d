"""Cross-asset "triple decline": Treasury yields up, dollar down, equities down.

Daily rule: ``dy10 > 0`` (DGS10 change, bp) and ``d log dollar < 0`` (broad
dollar DTWEXBGS; DXY where the broad index is missing) and ``d log equity < 0``.
A window is a triple decline if its cumulative moves satisfy the same signs;
the summary also counts the triple-decline days inside it. Usually yields up
come with a stronger dollar; all three falling together is read as investors
leaving U.S. assets as a whole.

Equities: no equity index is in the bundled data. Supply one as a local
series (``data.local_series``, daily closes) and name it in
``features.equity_series``; without it the equity leg and the triple flag
are ``<NA>`` and only the yields-up-dollar-down pair is computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.domain.series import BROAD_DOLLAR, US_10Y
from attribution.features.registry import register
from attribution.panel import Panel

DOLLAR_IDS = (BROAD_DOLLAR, "DXY.close")


def dollar_index(panel: Panel) -> pd.Series:
    """Daily log change of the broad dollar (DTWEXBGS), DXY where it is missing.

    Returns the daily log change x100 (not a level).
    """
    d = panel.daily
    out = pd.Series(np.nan, index=d.index)
    for sid in DOLLAR_IDS:  # the first available wins on each day
        if sid in d:
            chg = np.log(d[sid].dropna()).diff() * 100.0
            out = out.combine_first(chg.reindex(d.index))
    return out.rename("dollar_dlog_pct")


@register("triple_decline", units="bp, %, bool", frequency="daily")
def triple_decline(panel: Panel, *, equity_series: str | None = None) -> pd.DataFrame:
    """Daily yield, dollar and equity moves and the flags (``<NA>`` if unavailable).

    Parameters
    ----------
    panel : Panel
        Holds DGS10, DTWEXBGS and/or ``DXY.close``, and the equity series if given.
    equity_series : str, optional
        Name of a daily equity close series (``data.local_series``).

    Returns
    -------
    DataFrame
        ``dy10_bp``, ``dollar_dlog_pct``, ``equity_dlog_pct`` and the nullable
        flags ``yields_up_dollar_down`` and ``triple_decline``.
    """
    d = panel.daily
    out = pd.DataFrame(index=d.index)
    out["dy10_bp"] = (d[US_10Y].dropna().diff() * 100.0).reindex(d.index)
    out["dollar_dlog_pct"] = dollar_index(panel)
    if equity_series is not None and equity_series in d:
        out["equity_dlog_pct"] = (
            np.log(d[equity_series].dropna()).diff() * 100.0
        ).reindex(d.index)
    else:
        out["equity_dlog_pct"] = np.nan
    pair = (out["dy10_bp"] > 0) & (out["dollar_dlog_pct"] < 0)
    out["yields_up_dollar_down"] = pair.astype("boolean").mask(
        out[["dy10_bp", "dollar_dlog_pct"]].isna().any(axis=1)
    )
    triple = pair & (out["equity_dlog_pct"] < 0)
    out["triple_decline"] = triple.astype("boolean").mask(
        out[["dy10_bp", "dollar_dlog_pct", "equity_dlog_pct"]].isna().any(axis=1)
    )
    return out


def window_triple_decline(
    daily: pd.DataFrame, base: pd.Timestamp, end: pd.Timestamp
) -> dict[str, object]:
    """Cumulative moves over ``(base, end]`` and counts of flagged days."""
    w = daily.loc[(daily.index > base) & (daily.index <= end)]
    dy = float(w["dy10_bp"].sum(min_count=1))
    dd = float(w["dollar_dlog_pct"].sum(min_count=1))
    eq_ok = bool(w["equity_dlog_pct"].notna().any())
    de = float(w["equity_dlog_pct"].sum()) if eq_ok else float("nan")
    return {
        "dy10_bp": dy,
        "dollar_pct": dd,
        "equity_pct": de,
        "window_yields_up_dollar_down": (dy > 0 and dd < 0)
        if np.isfinite(dd)
        else None,
        "window_triple_decline": (dy > 0 and dd < 0 and de < 0) if eq_ok else None,
        "days_yields_up_dollar_down": int(w["yields_up_dollar_down"].sum(skipna=True)),
        "days_triple_decline": int(w["triple_decline"].sum(skipna=True))
        if eq_ok
        else None,
        "equity_available": eq_ok,
    }
