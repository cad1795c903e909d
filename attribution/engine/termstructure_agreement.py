"""Agreement of our term premia with the published ACM and Kim-Wright series."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from attribution._validation import to_float, to_timestamp

__all__ = ["agreement", "compare", "to_month"]


def compare(ours: pd.Series, ref: pd.Series) -> dict[str, Any]:
    """Correlation, RMSE, mean and largest gap (bp) on the common dates.

    Parameters
    ----------
    ours, ref : Series
        Yields or term premia in percent.

    Returns
    -------
    dict
        ``n`` (common dates) and, with at least 3 of them, ``start``,
        ``end``, ``corr``, ``rmse_bp``, ``mean_gap_bp`` (ours minus ref),
        ``max_gap_bp`` and ``max_gap_date`` (the largest absolute gap) and
        ``corr_changes`` (correlation of the changes).
    """
    both = pd.concat({"ours": ours, "ref": ref}, axis=1, sort=True).dropna()
    if len(both) < 3:
        return {"n": len(both)}
    gap = (both["ours"] - both["ref"]) * 100.0
    worst = to_timestamp(gap.abs().idxmax())
    return {
        "n": len(both),
        "start": f"{both.index.min():%Y-%m-%d}",
        "end": f"{both.index.max():%Y-%m-%d}",
        "corr": float(np.corrcoef(both["ours"], both["ref"])[0, 1]),
        "rmse_bp": float(np.sqrt((gap**2).mean())),
        "mean_gap_bp": float(gap.mean()),
        "max_gap_bp": float(gap.loc[worst]),
        "max_gap_date": f"{worst:%Y-%m-%d}",
        "corr_changes": to_float(both.diff().dropna().corr().iloc[0, 1]),
    }


def to_month(series: pd.Series) -> pd.Series:
    """Re-index a month-end series by calendar month end (publishers differ)."""
    out = series.copy()
    out.index = pd.DatetimeIndex(out.index).to_period("M").to_timestamp("M")
    return out


def agreement(
    monthly: Mapping[int, pd.Series],
    daily_10y: pd.Series,
    published: Mapping[str, pd.Series],
    acm_ids: Mapping[int, str],
    kw_id: str,
) -> pd.DataFrame:
    """Agreement of our term premia with the published ACM and Kim-Wright.

    Parameters
    ----------
    monthly : mapping of int to Series
        Our month-end term premia (percent) by maturity in months.
    daily_10y : Series
        Our daily 10y term premium (percent).
    published : mapping of str to Series
        Published series by id (absent ones are skipped).
    acm_ids : mapping of int to str
        Maturity (months) -> id of the NY Fed's ACM term premium.
    kw_id : str
        Id of the Kim-Wright 10y term premium (daily).

    Returns
    -------
    DataFrame
        One row per (reference, maturity): ``n``, dates, ``corr``,
        ``rmse_bp``, ``mean_gap_bp`` (ours minus theirs), ``max_gap_bp`` and
        its date, and the correlation of changes.
    """
    rows = []
    for n, sid in acm_ids.items():
        if sid in published and n in monthly:
            stats = compare(to_month(monthly[n]), to_month(published[sid]))
            rows.append(
                {"reference": sid, "months": n, "frequency": "monthly", **stats}
            )
    if kw_id in published:
        stats = compare(daily_10y, published[kw_id])
        rows.append({"reference": kw_id, "months": 120, "frequency": "daily", **stats})
    return pd.DataFrame(rows)
