r"""Leveraged-fund and asset-manager positioning in Treasury futures (CFTC TFF, weekly).

Units: contracts of each future, or 10-year-note equivalents (DV01-weighted):
:math:`\text{eq}_t = \sum_c n_{c,t} \, DV01_c / DV01_{10y}`, with the
approximate contract DV01s of
:data:`attribution.config.schema.DEFAULT_DV01` (USD per bp per contract,
typical cheapest-to-deliver of 2023-2025; constant over time, an
approximation to be stated with results).

Sign: the *net short* is short minus long (positive = net short). The
basis trade is long cash Treasuries and short futures, so leveraged funds
run a large net short; an unwind buys futures back and the net short shrinks.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from attribution.features.registry import register
from attribution.panel import Panel
from attribution.sources.cftc import TREASURY_CONTRACTS

TEN_YEAR = "10y"
#: Contracts listed after the TFF history starts; zero before their first report.
LATE_LISTINGS: tuple[str, ...] = ("ultra10y", "ultrabond")


def tff_columns(field: str) -> dict[str, str]:
    """Return contract name -> panel column for a TFF field (e.g. ``lev_long``)."""
    return {name: f"TFF.{code}.{field}" for code, name in TREASURY_CONTRACTS.items()}


def net_short_10y_equivalent(
    weekly: pd.DataFrame,
    dv01: Mapping[str, float],
    *,
    trader: str = "lev",
) -> pd.Series:
    """Net short of a trader group across all Treasury futures, in 10y-note equivalents.

    Parameters
    ----------
    weekly : DataFrame
        Weekly panel holding ``TFF.<code>.<trader>_long`` and ``_short`` columns.
    dv01 : mapping
        Contract name (``2y``, ``5y``, ``10y``, ``ultra10y``, ``bond``,
        ``ultrabond``) -> DV01 in USD per bp per contract.
    trader : {"lev", "am", "dealer"}, default "lev"
        Trader group.

    Returns
    -------
    Series
        Thousands of 10y-note-equivalent contracts, net short positive. A week
        is NaN unless the 2y, 5y, 10y and bond contracts all report, so every
        week before the TFF files start is NaN, never zero. The contracts in
        :data:`LATE_LISTINGS` (Ultra 10y, listed 2016; Ultra bond) count as
        zero before their first report and as missing after it.
    """
    longs, shorts = tff_columns(f"{trader}_long"), tff_columns(f"{trader}_short")
    total = pd.Series(0.0, index=weekly.index)
    for name in TREASURY_CONTRACTS.values():
        lcol, scol = longs[name], shorts[name]
        if lcol not in weekly or scol not in weekly:
            raise KeyError(f"weekly panel lacks {lcol!r} / {scol!r}")
        net = weekly[scol] - weekly[lcol]
        first = weekly[lcol].first_valid_index()
        if name in LATE_LISTINGS and first is not None:
            net = net.mask(net.index < first, 0.0)
        total = total + net * (dv01[name] / dv01[TEN_YEAR])
    return (total / 1000.0).rename(f"{trader}_net_short_10yeq_k")


def net_short_10y_note_derived(weekly: pd.DataFrame) -> pd.Series:
    """Leveraged funds' net short in the 10y note only (derived series), k contracts."""
    return (-weekly["TFF10Y.lev_net"] / 1000.0).rename("lev_net_short_10y_note_k")


GROUPS: dict[str, str] = {"lev": "leveraged funds", "am": "asset managers"}


def positions_long(
    weekly: pd.DataFrame, traders: tuple[str, ...] = ("lev", "am")
) -> pd.DataFrame:
    """Long, short and net (long minus short) positions per contract and trader group.

    Parameters
    ----------
    weekly : DataFrame
        Weekly panel with ``TFF.<code>.<trader>_long/_short`` and ``open_interest``.
    traders : tuple of {"lev", "am", "dealer"}
        Groups to include.

    Returns
    -------
    DataFrame
        Columns ``<contract>.<trader>_<long|short|net>``
        and ``<contract>.open_interest``, in contracts; rows = Wednesdays (positions
        as of the Tuesday before); a week without a report is NaN.
    """
    out: dict[str, pd.Series] = {}
    for code, name in TREASURY_CONTRACTS.items():
        for trader in traders:
            lcol, scol = f"TFF.{code}.{trader}_long", f"TFF.{code}.{trader}_short"
            if lcol in weekly and scol in weekly:
                out[f"{name}.{trader}_long"] = weekly[lcol]
                out[f"{name}.{trader}_short"] = weekly[scol]
                out[f"{name}.{trader}_net"] = weekly[lcol] - weekly[scol]
        oi = f"TFF.{code}.open_interest"
        if oi in weekly:
            out[f"{name}.open_interest"] = weekly[oi]
    return pd.DataFrame(out, index=weekly.index)


def trailing_zscore(values: pd.Series, window: int) -> pd.Series:
    r"""z-score of each value against the previous ``window`` non-missing values.

    Notes
    -----
    :math:`z_t = (x_t - \bar x_{t-w..t-1}) / s_{t-w..t-1}`, with at least
    ``window // 2``
    values required; NaN otherwise. Missing weeks are skipped, not filled.
    """
    obs = values.dropna()
    prev = obs.shift(1).rolling(window, min_periods=max(window // 2, 2))
    z = (obs - prev.mean()) / prev.std()
    return z.reindex(values.index)


def positioning_table(
    weekly: pd.DataFrame, dv01: Mapping[str, float], *, zscore_weeks: int = 156
) -> pd.DataFrame:
    """Aggregate positioning: 10y-equivalent net shorts, weekly changes and z-scores.

    Returns
    -------
    DataFrame
        ``<trader>_net_short_10yeq_k`` (thousands of 10y-note equivalents, net
        short positive) for leveraged funds and asset managers, ``*_chg``
        (change on the previous *report*, so a skipped week is not bridged),
        A week in which no contract was reported (before 2015 in the bundled
        data, or a missing report) is NaN, never zero.
        ``*_chg_z`` (z-score of that change against the trailing
        ``zscore_weeks`` changes) and ``open_interest_10yeq_k`` (DV01-weighted).
    """
    out = pd.DataFrame(index=weekly.index)
    reported = weekly[list(tff_columns("lev_long").values())].notna().any(axis=1)
    for trader in GROUPS:
        level = net_short_10y_equivalent(weekly, dv01, trader=trader).where(reported)
        name = level.name
        chg = level.diff()
        out[name] = level
        out[f"{name}_chg"] = chg
        out[f"{name}_chg_z"] = trailing_zscore(chg, zscore_weeks)
    oi = pd.Series(0.0, index=weekly.index)
    for code, cname in TREASURY_CONTRACTS.items():
        col = weekly[f"TFF.{code}.open_interest"]
        first = col.first_valid_index()
        col = col.mask(col.index < first, 0.0) if first is not None else col
        oi = oi + col * (dv01[cname] / dv01[TEN_YEAR])
    out["open_interest_10yeq_k"] = (oi / 1000.0).where(reported)
    return out


def positioning_series_ids(traders: tuple[str, ...] = ("lev", "am")) -> list[str]:
    """TFF series the positioning features read."""
    ids = []
    for code in TREASURY_CONTRACTS:
        ids += [f"TFF.{code}.{t}_{s}" for t in traders for s in ("long", "short")]
        ids.append(f"TFF.{code}.open_interest")
    return ids


@register(
    "positions_by_contract",
    units="contracts",
    frequency="weekly (Tuesday, on Wednesday)",
)
def positions_by_contract(panel: Panel) -> pd.DataFrame:
    """Leveraged funds' and asset managers' positions per contract; open interest."""
    return positions_long(panel.weekly)


@register("positioning_aggregate", units="k 10y-note equivalents", frequency="weekly")
def positioning_aggregate(
    panel: Panel, *, dv01: Mapping[str, float] | None = None, zscore_weeks: int = 156
) -> pd.DataFrame:
    """DV01-weighted net shorts, weekly changes, z-scores, open interest."""
    from attribution.config.schema import DEFAULT_DV01

    return positioning_table(
        panel.weekly, dv01 or DEFAULT_DV01, zscore_weeks=zscore_weeks
    )


@register(
    "positions_by_contract_changes", units="contracts", frequency="weekly (Wednesday)"
)
def positions_by_contract_changes(panel: Panel) -> pd.DataFrame:
    """Week-on-week changes of :func:`positions_by_contract` (never bridged)."""
    return positions_long(panel.weekly).diff()
