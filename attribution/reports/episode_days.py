"""The day-by-day table of a window: yields, dollar, equities, VIX, TP, basis."""

from __future__ import annotations

import pandas as pd

from attribution.domain.series import BROAD_DOLLAR, CMT_IDS, US_10Y
from attribution.features.daily import CASH_HIGH, CASH_LOW, FUTURE, basis_proxy
from attribution.panel import Panel
from attribution.reports.markdown import format_table

#: column label -> (panel series, format, what it is)
DAY_COLUMNS: dict[str, tuple[str, str, str]] = {
    "2y %": (CMT_IDS["2y"], ".2f", "H.15 2y CMT yield, end of day, percent"),
    "5y %": (CMT_IDS["5y"], ".2f", "H.15 5y CMT yield, percent"),
    "10y %": (US_10Y, ".2f", "H.15 10y CMT yield, percent"),
    "30y %": (CMT_IDS["30y"], ".2f", "H.15 30y CMT yield, percent"),
    "dollar": (BROAD_DOLLAR, ".2f", "H.10 broad dollar index (Jan 2006 = 100), noon"),
    "S&P 500": ("SP500", ".0f", "S&P 500 close, index points"),
    "VIX": ("VIXCLS", ".1f", "CBOE VIX close, index points"),
    "KW TP 10y %": ("THREEFYTP10", ".2f", "Kim-Wright 10y term premium, percent"),
}
DAY_SERIES: tuple[str, ...] = (
    *(sid for sid, _, _ in DAY_COLUMNS.values()),
    FUTURE,
    CASH_LOW,
    CASH_HIGH,
)
BASIS = "basis proxy bp"


def day_by_day(panel: Panel, base: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Levels on every day of the window with a 10y close, from ``base`` to ``end``.

    Parameters
    ----------
    panel : Panel
        Any panel; columns whose series it lacks are left out.
    base, end : Timestamp
        The window's first and last closes (both rows are shown).

    Returns
    -------
    DataFrame
        Index = dates (the days with an H.15 10y close), columns among
        :data:`DAY_COLUMNS` plus ``10y chg bp`` and the basis proxy (bp, the
        daily cash-futures proxy of :func:`attribution.features.daily.basis_proxy`).
    """
    daily = panel.daily
    days = daily.loc[base:end, US_10Y].dropna().index
    out = pd.DataFrame(index=days)
    for label, (sid, _, _) in DAY_COLUMNS.items():
        if sid in daily:
            out[label] = daily.loc[days, sid]
    if "10y %" in out:
        out.insert(
            list(out.columns).index("10y %") + 1,
            "10y chg bp",
            daily[US_10Y].dropna().diff().reindex(days) * 100.0,
        )
    if all(s in daily for s in (FUTURE, CASH_LOW, CASH_HIGH)):
        proxy = basis_proxy(daily[FUTURE], daily[CASH_LOW], daily[CASH_HIGH])
        out[BASIS] = proxy.reindex(days)
    out.index.name = "date"
    return out


def day_table_lines(days: pd.DataFrame) -> list[str]:
    """Markdown lines of :func:`day_by_day` (a note of sources below it)."""
    fmts = {label: fmt for label, (_, fmt, _) in DAY_COLUMNS.items()}
    fmts["10y chg bp"] = "+.0f"
    fmts[BASIS] = "+.1f"
    order = {c: fmts[c] for c in days.columns if c in fmts}
    lines = format_table(days, order, "date")
    notes = [
        f"{label}: {what}" for label, (_, _, what) in DAY_COLUMNS.items()
        if label in days.columns
    ]  # fmt: skip
    if BASIS in days.columns:
        notes.append(
            f"{BASIS}: cash yield change minus the change implied by the 10y-note "
            "future, bp (+ = cash cheapened against futures; 0 on roll days)"
        )
    return [*lines, "Columns: " + "; ".join(notes) + ".", ""]
