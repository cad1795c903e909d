"""The facts of the episode, for ``report.md``: ranks, days, positions, flows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from attribution.features.episode import EpisodeFacts
from attribution.features.positioning import tff_columns
from attribution.panel import Panel
from attribution.reports.episode_days import day_table_lines
from attribution.reports.features_report import (
    auctions_section,
    divergence_section,
    holdings_section,
    liquidity_section,
)
from attribution.reports.markdown import format_table

_CONTRACTS = ("2y", "5y", "10y", "bond")
_FLOW_NAMES = {
    "official_custody": "foreign official, H.4.1 custody",
    "official_slt": "foreign official, TIC SLT",
    "private_slt": "foreign private, TIC SLT",
    "leveraged_cftc": "leveraged funds, CFTC TFF (cash leg)",
}


def rank_sentence(tenor: str, row: Mapping[str, Any]) -> str:
    """One sentence: the tenor's move and its historical rank.

    ``row`` is a row of :attr:`EpisodeFacts.curve` (``change_bp``,
    ``window_days``, ``window_rank``, ``window_largest_since``,
    ``history_start``).
    """
    ch = float(row["change_bp"])
    days = int(row["window_days"])
    word = "rise" if ch >= 0 else "fall"
    head = f"the {tenor} {'rose' if ch >= 0 else 'fell'} {abs(ch):.0f} bp"
    rank = row.get("window_rank")
    if rank is None or pd.isna(rank):
        return head
    since = row.get("window_largest_since")
    start = pd.Timestamp(row["history_start"])
    if isinstance(since, pd.Timestamp):
        where = f"its largest {days}-day {word} since {since:%B %Y}"
    else:
        where = f"its largest {days}-day {word} in the data (since {start:%Y})"
    return f"{head}, {where} (rank {int(rank)} since {start:%Y})"


def curve_lines(f: EpisodeFacts) -> list[str]:
    """Return the curve moves per tenor with their rank (the sentences lead)."""
    c = f.curve
    tenors = [t for t in ("2y", "5y", "10y", "30y") if t in c.index]
    records = {
        str(k): {str(a): b for a, b in r.items()} for k, r in c.to_dict("index").items()
    }
    sentences = [rank_sentence(t, records[t]) for t in tenors]
    lines = [
        "### Curve moves and their historical rank",
        "",
        "From the "
        f"{f.base:%Y-%m-%d} close to the {f.end:%Y-%m-%d} close: "
        + "; ".join(sentences)
        + ". Rank: among all moves over the same number of trading days in the "
        "bundled daily history (H.15 CMT), in the same direction; windows that "
        "overlap this one are left out, and so are moves that span a data gap.",
        "",
    ]
    lines += format_table(
        c.loc[tenors],
        {
            "base_pct": ".2f",
            "end_pct": ".2f",
            "change_bp": "+.0f",
            "window_days": "d",
            "window_rank": "d",
            "window_pctile": ".1f",
            "window_largest_since": "",
        },
        "tenor",
    )
    return lines


def contract_positions(
    weekly: pd.DataFrame, base: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Leveraged funds' net short (contracts) per contract, Wednesdays of the window.

    The Wednesdays in ``(base, end]`` plus the last one on or before ``base``
    (CFTC as of Tuesday, placed on the Wednesday). Contracts the panel lacks
    are left out.
    """
    longs, shorts = tff_columns("lev_long"), tff_columns("lev_short")
    out = pd.DataFrame()
    for name in _CONTRACTS:
        if longs[name] in weekly and shorts[name] in weekly:
            out[name] = weekly[shorts[name]] - weekly[longs[name]]
    if out.empty:
        return out
    out = out.dropna(how="all")
    before = out.loc[:base]
    first = before.index[-1] if len(before) else out.index[0]
    return out.loc[first:end]


def positioning_lines(panel: Panel, f: EpisodeFacts) -> list[str]:
    """Leveraged funds' net short by contract and its change over the window."""
    pos = contract_positions(panel.weekly, f.base, f.end)
    lines = [
        "### Positioning by contract (CFTC TFF leveraged funds)",
        "",
    ]
    if pos.empty or len(pos) < 1:
        return [*lines, "No CFTC positions in the data for this window.", ""]
    lines += [
        "Net short = short minus long, contracts, futures only, as of Tuesday and "
        "placed on the next Wednesday. A basis trade is long cash and short "
        "futures: an unwind shrinks the net short.",
        "",
    ]
    lines += format_table(pos, {c: ",.0f" for c in pos.columns}, "week")
    if len(pos) >= 2:
        ch = pos.iloc[-1] - pos.iloc[0]
        parts = [f"{c} {ch[c]:+,.0f}" for c in pos.columns if pd.notna(ch[c])]
        lines += [
            f"Change {pos.index[0]:%Y-%m-%d} to {pos.index[-1]:%Y-%m-%d}: "
            + ", ".join(parts)
            + " contracts.",
            "",
        ]
    return lines


def flow_lines(flows: Mapping[str, pd.DataFrame]) -> list[str]:
    """Custody, TIC SLT official and private, and CFTC flows of the window ($bn)."""
    bounds = flows.get("flow_bounds")
    if bounds is None or not len(bounds):
        return []
    parts = [
        f"{_FLOW_NAMES.get(str(m), str(m))} {float(v):+.1f} bn "
        f"({pd.Timestamp(a):%Y-%m-%d} to {pd.Timestamp(b):%Y-%m-%d})"
        for m, v, a, b in zip(
            bounds["measure"], bounds["flow_bn"], bounds["span_start"],
            bounds["span_end"], strict=True,
        )
        if pd.notna(v)
    ]  # fmt: skip
    return [
        "### Flows over the window ($bn, + = bought)",
        "",
        "; ".join(parts) + ". The TIC months are whole months (not pro-rated to "
        "the window); the CFTC line is the cash leg implied by the change in "
        "leveraged funds' futures net short.",
        "",
    ]


def facts_lines(
    f: EpisodeFacts | None,
    days: pd.DataFrame,
    panel: Panel,
    flows: Mapping[str, pd.DataFrame],
    note: str = "",
) -> list[str]:
    """Return the section "The facts of the episode"."""
    lines = ["## The facts of the episode", ""]
    if f is not None:
        lines += curve_lines(f)
    if len(days):
        lines += ["### Day by day", ""]
        lines += day_table_lines(days)
    if f is not None:
        lines += positioning_lines(panel, f)
    lines += flow_lines(flows)
    if f is not None:
        for section in (
            holdings_section,
            divergence_section,
            liquidity_section,
            auctions_section,
        ):
            lines += ["#" + s if s.startswith("## ") else s for s in section(f)]
    if f is None:
        lines += [
            "The curve ranks, positioning, FX divergence, stress flags and "
            f"auctions are not shown: {note or 'not gathered'}.",
            "",
        ]
    return lines
