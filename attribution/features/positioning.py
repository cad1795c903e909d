"""Leveraged-fund and asset-manager positioning in Treasury futures (CFTC TFF, weekly, as of Tuesday).

Units: contracts of each future, or 10-year-note equivalents (DV01-weighted):
:math:`\\text{eq}_t = \\sum_c n_{c,t} \\, DV01_c / DV01_{10y}`, with the
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

from attribution.sources.cftc import TREASURY_CONTRACTS

TEN_YEAR = "10y"


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
        Thousands of 10y-note-equivalent contracts, net short positive; NaN
        in any week where a contract that existed is missing (the Ultra 10y
        started in 2016 and counts as zero before its first report).
    """
    longs, shorts = tff_columns(f"{trader}_long"), tff_columns(f"{trader}_short")
    total = pd.Series(0.0, index=weekly.index)
    for name in TREASURY_CONTRACTS.values():
        lcol, scol = longs[name], shorts[name]
        if lcol not in weekly or scol not in weekly:
            raise KeyError(f"weekly panel lacks {lcol!r} / {scol!r}")
        net = weekly[scol] - weekly[lcol]
        first = weekly[lcol].first_valid_index()
        if first is not None:
            net = net.mask(net.index < first, 0.0)
        total = total + net * (dv01[name] / dv01[TEN_YEAR])
    return (total / 1000.0).rename(f"{trader}_net_short_10yeq_k")


def net_short_10y_note_derived(weekly: pd.DataFrame) -> pd.Series:
    """Leveraged funds' net short in the 10y note only (continuous derived series), thousands of contracts."""
    return (-weekly["TFF10Y.lev_net"] / 1000.0).rename("lev_net_short_10y_note_k")
