"""Foreign holdings of Treasuries: H.4.1 custody (weekly), TIC major holders (monthly).

Units: $bn. Custody (``WMTSECL1``, published in $mn) is the Wednesday level
of marketable Treasuries held at the New York Fed for foreign official and
international accounts; its weekly change is Wednesday to Wednesday.
TIC MFH (``TIC_MFH.<country>``) are end-of-month holdings by country of the
custodian (not of the beneficial owner: Belgium, Luxembourg, the UK and the
Caribbean centres hold for others), published with a ~7 week lag and revised.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from attribution._validation import to_float
from attribution.domain.series import CUSTODY
from attribution.features.registry import register
from attribution.panel import Panel

CUSTODY_ID = CUSTODY
TIC_PREFIX = "TIC_MFH."
#: MFH lines that are totals, not holders.
TOTAL_LINES = frozenset(
    {
        "All Other",
        "Grand Total",
        "For. Official",
        "For. Official: T-Bonds & Notes",
        "For. Official: Treasury Bills",
    }
)
#: MFH lines that are groups of countries, not countries.
GROUP_LINES = frozenset({"Carib Bnkng Ctrs", "Oil Exporters", "Belgium-Luxembourg"})
#: Common names -> MFH line.
ALIASES: dict[str, str] = {
    "china": "China, Mainland",
    "mainland china": "China, Mainland",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "south korea": "Korea",
    "uae": "United Arab Emirates",
    "caribbean banking centers": "Carib Bnkng Ctrs",
    "foreign official": "For. Official",
    "total": "Grand Total",
}


@register("custody_change", units="$bn", frequency="weekly (Wednesday)")
def custody_change(panel: Panel) -> pd.Series:
    """Weekly change in H.4.1 foreign official custody holdings ($bn)."""
    return (panel.weekly[CUSTODY_ID].diff() / 1000.0).rename("custody_chg_bn")


def tic_series_ids(known: list[str]) -> list[str]:
    """TIC MFH ids among ``known`` (current series only, not ``TIC_MFH_OLDSERIES``)."""
    return [s for s in known if s.startswith(TIC_PREFIX)]


def tic_levels(panel: Panel) -> pd.DataFrame:
    """End-of-month holdings by MFH line ($bn), columns named by line (``Japan``)."""
    cols = [c for c in panel.monthly.columns if str(c).startswith(TIC_PREFIX)]
    out = panel.monthly[cols].copy()
    out.columns = [str(c)[len(TIC_PREFIX) :] for c in cols]
    return out


def countries(levels: pd.DataFrame) -> list[str]:
    """MFH lines that are single countries (totals and groups removed)."""
    return [c for c in levels.columns if c not in TOTAL_LINES | GROUP_LINES]


def resolve_country(name: str, levels: pd.DataFrame) -> str:
    """Map a common country name to its MFH line (case-insensitive).

    Raises
    ------
    KeyError
        If no line matches.
    """
    key = name.strip()
    target = ALIASES.get(key.lower(), key)
    for col in levels.columns:
        if col.lower() == target.lower():
            return str(col)
    raise KeyError(f"no TIC MFH line for {name!r}; lines: {sorted(levels.columns)}")


@register("tic_changes", units="$bn", frequency="monthly (month end)")
def tic_changes(panel: Panel, *, months: int = 1) -> pd.DataFrame:
    """Change over ``months`` months per MFH line ($bn); NaN if an end is missing.

    Parameters
    ----------
    panel : Panel
        Monthly panel with ``TIC_MFH.<line>`` columns ($bn, month end).
    months : int, default 1
        1 for monthly changes, 3 for rolling 3-month changes.

    Returns
    -------
    DataFrame
        One column per MFH line (``Japan``, ``China, Mainland``, ...).
    """
    levels = tic_levels(panel)
    return levels - levels.shift(months)


def tic_month_summary(
    levels: pd.DataFrame, *, record_since: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Per month: how many countries cut holdings, and the record changes.

    Returns
    -------
    DataFrame
        Indexed by month end: ``n_countries`` (countries with a level in both
        months), ``n_cut`` (change < 0), ``n_added`` (change > 0),
        ``total_chg_bn`` (Grand Total), ``official_chg_bn`` (For. Official).
    """
    names = countries(levels)
    chg = levels[names].diff()
    both = levels[names].notna() & levels[names].shift(1).notna()
    out = pd.DataFrame(
        {
            "n_countries": both.sum(axis=1),
            "n_cut": (chg < 0).sum(axis=1),
            "n_added": (chg > 0).sum(axis=1),
        }
    )
    for col, label in (
        ("Grand Total", "total_chg_bn"),
        ("For. Official", "official_chg_bn"),
    ):
        if col in levels:
            out[label] = levels[col].diff()
    if record_since is not None:
        out = out.loc[pd.Timestamp(record_since) :]
    return out


def record_flags(
    levels: pd.DataFrame, *, months: int = 1, record_since: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Flag changes that are the largest cut or addition on record up to that month.

    Returns
    -------
    DataFrame
        Long: ``month``, ``line``, ``change_bn``, ``record`` (``"largest cut"``
        or ``"largest addition"``) where the change is at or beyond the
        extreme of all earlier changes of that line since ``record_since``.
    """
    chg = levels - levels.shift(months)
    if record_since is not None:
        chg = chg.loc[pd.Timestamp(record_since) :]
    prev_min = chg.cummin().shift(1)
    prev_max = chg.cummax().shift(1)
    rows = []
    for kind, mask in (
        ("largest cut", (chg < 0) & (chg <= prev_min)),
        ("largest addition", (chg > 0) & (chg >= prev_max)),
    ):
        stacked = chg.where(mask).stack().dropna()
        for key, value in stacked.items():
            month, line = cast(tuple[pd.Timestamp, str], key)
            rows.append((month, line, to_float(value), kind))
    out = pd.DataFrame(rows, columns=["month", "line", "change_bn", "record"])
    return out.sort_values(["month", "line"]).reset_index(drop=True)
