"""Write an episode's features: a tidy CSV and a Markdown summary of the facts.

Numbers are formatted with fixed decimals so that the same inputs give
byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from attribution._validation import to_float
from attribution.features.episode import EpisodeFacts
from attribution.reports.episode_days import day_table_lines
from attribution.reports.markdown import format_table
from attribution.reports.volatility_report import (
    volatility_csv_rows,
    volatility_section,
)

_GREW = "grew: the short was still being put on"
_SHRANK = "shrank: futures shorts bought back (unwind signature if cash yields rose)"
CSV_COLUMNS = ("date", "family", "feature", "value", "label", "units")


def _long(frame: pd.DataFrame, family: str, units: str) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for date, row in frame.iterrows():
        for col, val in row.items():
            if pd.isna(val):
                continue
            if isinstance(val, (bool, str)) or not pd.api.types.is_number(val):
                rows.append((date, family, str(col), float("nan"), str(val), units))
            else:
                rows.append((date, family, str(col), to_float(val), "", units))
    return rows


def _stamp(frame: pd.DataFrame, key: str, date: pd.Timestamp) -> pd.DataFrame:
    """Turn a keyed table into one row dated ``date`` with ``key.column`` names."""
    out = {}
    for k, row in frame.iterrows():
        for col, val in row.items():
            out[f"{k}.{col}"] = val.date() if isinstance(val, pd.Timestamp) else val
    return pd.DataFrame([out], index=pd.DatetimeIndex([date], name="date"))


def features_frame(f: EpisodeFacts) -> pd.DataFrame:
    """Return every feature value of the episode in one tidy frame."""
    rows: list[tuple[object, ...]] = []
    rows += _long(f.daily_curve, "curve_daily_change", "bp")
    rows += _long(f.daily_regimes.to_frame(), "curve_daily_regime", "label")
    rows += _long(
        _stamp(f.curve, "tenor", f.end), "curve_window", "percent / bp / rank"
    )
    rows += _long(_stamp(f.regimes, "pair", f.end), "curve_window_regime", "bp / label")
    rows += _long(_stamp(f.prices, "instrument", f.end), "price_moves", "%")
    if len(f.divergence):
        rows += _long(_stamp(f.divergence, "region", f.end), "fx_divergence", "% / bp")
    rows += _long(f.positioning, "positioning", "k 10y-note equivalents")
    rows += _long(f.positions_10y, "positions_10y_contract", "contracts")
    rows += _long(f.custody.to_frame(), "custody", "$bn")
    if len(f.tic_changes):
        tic = f.tic_changes.set_index(["month", "line"])
        for key, r in tic.iterrows():
            month, line = cast(tuple[pd.Timestamp, str], key)
            for col, val in r.items():
                rows.append((month, "tic", f"{line}.{col}", float(val), "", "$bn"))
    rows += _long(f.tic_summary, "tic_summary", "count / $bn")
    rows += _long(f.liquidity, "liquidity", "bp / $bn")
    rows += _long(f.liquidity_flags.astype(object), "liquidity_flags", "bool")
    rows += _long(
        pd.DataFrame([f.triple], index=pd.DatetimeIndex([f.end])),
        "cross_asset",
        "bp / % / count",
    )
    if len(f.auctions):
        for _, r in f.auctions.iterrows():
            for col, val in r.drop(["date", "term"]).items():
                if pd.notna(val):
                    num = isinstance(val, (int, float)) and not isinstance(val, bool)
                    rows.append(
                        (
                            r["date"],
                            "auctions",
                            f"{r['term']}.{col}",
                            float(val) if num else float("nan"),
                            "" if num else str(val),
                            "ratio / % / bp",
                        )
                    )
    rows += _long(
        pd.DataFrame([f.leverage], index=pd.DatetimeIndex([f.end])),
        "leverage",
        "fraction / $bn",
    )
    out = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    return out


def features_csv_text(f: EpisodeFacts, volatility: pd.DataFrame | None = None) -> str:
    """Return the tidy CSV, 6 decimals (volatility rows appended when given)."""
    frame = features_frame(f)
    if volatility is not None and len(volatility):
        extra = pd.DataFrame(
            volatility_csv_rows(volatility, f.end), columns=list(CSV_COLUMNS)
        )
        extra["date"] = pd.to_datetime(extra["date"]).dt.strftime("%Y-%m-%d")
        frame = pd.concat([frame, extra], ignore_index=True)
    return str(frame.to_csv(index=False, float_format="%.6f", lineterminator="\n"))


def _since(previous: object, start: object) -> str:
    if isinstance(previous, pd.Timestamp):
        return f"the largest since {previous:%Y-%m-%d}"
    return f"the largest in the data (since {start:%Y-%m-%d})"


def curve_section(f: EpisodeFacts) -> list[str]:
    """Curve moves and their rank."""
    k = f.options.curve.k_days
    c = f.curve
    lines = [
        "## Curve moves",
        "",
        f"Change from the {f.base:%Y-%m-%d} close to the {f.end:%Y-%m-%d} close "
        "(H.15 CMT, percent; changes in bp). Rank: among all moves of the same number "
        "of trading days since the history start, moves spanning a data gap excluded "
        f"(gap = more than k + {f.options.curve.max_gap_business_days} business days "
        "between observations); 'largest since' = the last earlier move at least as "
        "large.",
        "",
    ]
    lines += format_table(
        c,
        {
            "base_pct": ".2f",
            "end_pct": ".2f",
            "change_bp": "+.0f",
            "window_days": "d",
            "window_rank": "d",
            "window_pctile": ".1f",
            "window_largest_since": "",
            "gap_excluded": "d",
        },
        "tenor",
    )
    col = f"max_{k}d_rise_bp"
    if col in c:
        lines += [f"Largest {k}-day rise inside the window:", ""]
        lines += format_table(
            c,
            {
                col: "+.0f",
                f"max_{k}d_rise_end": "",
                f"max_{k}d_rank": "d",
                f"max_{k}d_pctile": ".2f",
                f"max_{k}d_largest_since": "",
            },
            "tenor",
        )
        for tenor, r in c.iterrows():
            if pd.notna(r.get(col)):
                lines.append(
                    f"- {tenor}: +{r[col]:.0f} bp in the {k} days to "
                    f"{r[f'max_{k}d_rise_end']:%Y-%m-%d}, "
                    f"rank {r[f'max_{k}d_rank']:.0f}"
                    f"; {_since(r[f'max_{k}d_largest_since'], r['history_start'])}."
                )
        lines.append("")
    return lines


def regime_section(f: EpisodeFacts) -> list[str]:
    """Report the steepening type of the window and of its days."""
    lines = [
        "### Steepening type",
        "",
        "Rule: level = (d_short + d_long)/2, slope = d_long - d_short; bear if the "
        "level rose, bull if it fell; steepening if the slope rose by more than "
        f"{f.options.curve.slope_tolerance_bp:g} bp, flattening if it fell by more, "
        "else parallel.",
        "",
    ]
    lines += format_table(
        f.regimes,
        {
            "d_short_bp": "+.0f",
            "d_long_bp": "+.0f",
            "level_bp": "+.1f",
            "slope_bp": "+.0f",
            "regime": "",
        },
        "pair",
    )
    counts = f.daily_regimes.value_counts()
    pair = f.options.curve.slope_pair
    lines += [
        f"Daily moves in the window by type ({pair}): "
        + ", ".join(f"{n} {lab}" for lab, n in counts.items())
        + ".",
        "",
    ]
    return lines


def price_section(f: EpisodeFacts) -> list[str]:
    """TLT and futures: the window move and the worst k-day fall with its rank."""
    k = f.options.curve.k_days
    lines: list[str] = []
    if len(f.prices):
        lines += ["### TLT and front-month Treasury futures (Yahoo closes)", ""]
        lines += format_table(
            f.prices,
            {
                "change_pct": "+.2f",
                f"worst_{k}d_pct": "+.2f",
                "worst_end": "",
                "rank": "d",
                "n_history": "d",
                "largest_since": "",
            },
            "instrument",
        )
    return lines


def divergence_section(f: EpisodeFacts) -> list[str]:
    """FX-differential divergence per region."""
    d = f.options.divergence
    lines = [
        "## FX-differential divergence by region",
        "",
        "Estimator: OLS of the FX return (%, + = foreign currency up against the "
        "USD) on the change in the US-minus-foreign 10y differential (bp), with a "
        "constant, over "
        f"the {d.sample_years:g} years before the window; divergence = cumulative "
        f"out-of-sample residual in the window, {d.level:.0%} band "
        "(homoskedastic). "
        "Monthly regions use calendar-month averages and whole calendar months "
        "(window_start..window_end), even for a shorter range window. "
        "Positive divergence with a rising "
        "differential (currency up although the differential moved against it) is the "
        "repatriation signature.",
        "",
    ]
    if len(f.divergence):
        lines += format_table(
            f.divergence,
            {
                "frequency": "",
                "sample_start": "",
                "sample_end": "",
                "nobs": "d",
                "window_start": "",
                "window_end": "",
                "beta_pct_per_bp": "+.4f",
                "fx_move_pct": "+.2f",
                "diff_change_bp": "+.1f",
                "explained_pct": "+.2f",
                "divergence_pct": "+.2f",
                "lower_pct": "+.2f",
                "upper_pct": "+.2f",
                "repatriation_signature": "",
            },
            "region",
        )
    for region, why in f.divergence_missing.items():
        lines.append(f"- {region}: not available ({why})")
    return [*lines, ""]


def positioning_section(f: EpisodeFacts) -> list[str]:
    """Leveraged funds' and asset managers' positions."""
    p = f.positioning
    lines = [
        "## Positioning (CFTC TFF, futures only, as of Tuesday, on the next Wednesday)",
        "",
        "Net short = short - long, in thousands of 10y-note equivalents "
        "(DV01-weighted); "
        "changes are week on week; z = change against the trailing "
        f"{f.options.positioning.zscore_weeks} weekly changes.",
        "",
    ]
    lines += format_table(
        p,
        {
            "lev_net_short_10yeq_k": ".0f",
            "lev_net_short_10yeq_k_chg": "+.0f",
            "lev_net_short_10yeq_k_chg_z": "+.2f",
            "am_net_short_10yeq_k": ".0f",
            "am_net_short_10yeq_k_chg": "+.0f",
            "open_interest_10yeq_k": ".0f",
        },
        "week",
    )
    lev = p["lev_net_short_10yeq_k"].dropna()
    if len(lev) >= 2:
        ch = float(lev.iloc[-1] - lev.iloc[0])
        lines.append(
            f"- Leveraged funds' net short {lev.index[0]:%Y-%m-%d} -> "
            f"{lev.index[-1]:%Y-%m-%d}: {ch:+,.0f}k 10y-eq "
            f"({_GREW if ch > 0 else _SHRANK})."
        )
    lines.append("")
    lines += ["10-year note contract (contracts):", ""]
    lines += format_table(
        f.positions_10y, {c: ",.0f" for c in f.positions_10y.columns}, "week"
    )
    return lines


def holdings_section(f: EpisodeFacts) -> list[str]:
    """Custody and TIC."""
    lines = [
        "## Holdings",
        "",
        "H.4.1 custody for foreign official accounts, weekly change "
        "(Wednesday to Wednesday, $bn):",
        "",
    ]
    lines += [f"- week to {d:%Y-%m-%d}: {v:+.1f}" for d, v in f.custody.items()]
    if len(f.custody):
        lines.append(f"- window total: {f.custody.sum():+.1f}")
    lines += [
        "",
        "TIC major foreign holders (end of month, $bn, by custodian country):",
        "",
    ]
    s = f.tic_summary.dropna(how="all")
    if len(s):
        s = s.copy()
        s.index = pd.DatetimeIndex(s.index).strftime("%Y-%m")
        lines += format_table(
            s,
            {
                "n_cut": ".0f",
                "n_added": ".0f",
                "n_countries": ".0f",
                "total_chg_bn": "+.1f",
                "official_chg_bn": "+.1f",
            },
            "month",
        )
    t = f.tic_changes
    if len(t):
        for month, g in t.groupby("month"):
            g = g.loc[
                ~g["line"].isin(["Grand Total", "For. Official", "All Other"])
                & ~g["line"].str.startswith("For. Official")
            ]
            top = g.reindex(g["chg_1m_bn"].abs().sort_values(ascending=False).index)
            top = top.head(f.options.holdings_top_n).set_index("line")
            lines += [f"Largest changes in {month:%Y-%m}:", ""]
            lines += format_table(
                top,
                {"level_bn": ",.1f", "chg_1m_bn": "+.1f", "chg_3m_bn": "+.1f"},
                "holder",
            )
    else:
        lines.append(
            "- TIC data do not cover the window yet (published ~7 weeks after month "
            "end)."
        )
    if len(f.tic_records):
        lines += [f"Changes that are records since {f.options.record_since:%Y-%m}:", ""]
        lines += [
            f"- {r.month:%Y-%m} {r.line}: {r.change_bn:+.1f} ({r.record})"
            for r in f.tic_records.itertuples()
        ]
    return [*lines, ""]


def liquidity_section(f: EpisodeFacts) -> list[str]:
    """Dollar-liquidity levels and flag counts."""
    o = f.options.liquidity
    lq, fl = f.liquidity, f.liquidity_flags
    lines = [
        "## Dollar-liquidity stress",
        "",
        f"Flags: SOFR-IORB > {o.sofr_iorb_bp:g} bp; SOFR-EFFR > {o.sofr_effr_bp:g} bp; "
        f"ON RRP < ${o.rrp_floor_bn:g}bn; "
        f"ON RRP 5-day fall > ${o.rrp_weekly_drop_bn:g}bn.",
        "",
    ]
    if len(lq.dropna(how="all")):
        rrp = lq["rrp_bn"].dropna()
        lines += [
            f"- SOFR-IORB: max {_num(lq['sofr_iorb_bp'].max(), '+.0f')} bp; "
            f"SOFR-EFFR: max {_num(lq['sofr_effr_bp'].max(), '+.0f')} bp; ON RRP "
            + (
                f"{rrp.iloc[0]:,.0f} -> {rrp.iloc[-1]:,.0f} $bn."
                if len(rrp)
                else "n/a."
            )
        ]
        lines += [
            f"- days flagged `{c}`: {int(fl[c].sum(skipna=True))} of "
            f"{int(fl[c].notna().sum())}"
            for c in fl.columns
        ]
    else:
        lines.append("- No SOFR, IORB or ON RRP data in the window (SOFR starts 2018).")
    return [*lines, ""]


def _num(x: object, spec: str) -> str:
    return "n/a" if x is None or pd.isna(cast(Any, x)) else format(x, spec)


def _yes(flag: object) -> str:
    return "n/a" if flag is None else ("yes" if flag else "no")


def cross_asset_section(f: EpisodeFacts) -> list[str]:
    """Report yields up, dollar down, equities down."""
    t = f.triple
    lines = [
        "## Cross-asset",
        "",
        f"- Window: 10y {_num(t['dy10_bp'], '+.0f')} bp, broad dollar "
        f"{_num(t['dollar_pct'], '+.2f')}% (log; DXY where the broad index is "
        "missing); yields up and dollar down over the window: "
        f"{_yes(t['window_yields_up_dollar_down'])}; days with both: "
        f"{t['days_yields_up_dollar_down']}.",
    ]
    if t["equity_available"]:
        lines.append(
            f"- Equities {t['equity_pct']:+.2f}%; triple decline over the window: "
            f"{_yes(t['window_triple_decline'])}; triple-decline days: "
            f"{t['days_triple_decline']}."
        )
    else:
        lines.append(
            "- Triple decline: n/a. No equity index is in the bundled data; supply "
            "one via `data.local_series` and name it in `features.equity_series`."
        )
    return [*lines, ""]


def auctions_section(f: EpisodeFacts) -> list[str]:
    """Auction results in the window against their history."""
    lines = ["## Auctions in the window", ""]
    if len(f.auctions):
        a = f.auctions.set_index(
            f.auctions["date"].dt.strftime("%Y-%m-%d") + " " + f.auctions["term"]
        )
        lines += format_table(
            a,
            {
                "bid_to_cover": ".2f",
                "bid_to_cover_pctile": ".0f",
                "dealer_share_pct": ".1f",
                "dealer_share_pct_pctile": ".0f",
                "indirect_share_pct": ".1f",
                "high_minus_median_bp": "+.1f",
                "near_failure": "",
            },
            "auction",
        )
        lines.append(
            "Percentiles against the same tenor's previous auctions in the data "
            "(bundled: from 2025 only). 'high_minus_median' is not the WI tail."
        )
    else:
        lines.append("- No nominal coupon auction results in the window.")
    return [*lines, ""]


def leverage_section(f: EpisodeFacts) -> list[str]:
    """Wipe-out loss and implied forced selling."""
    lv = f.leverage
    lines = [
        "## Leverage arithmetic",
        "",
        f"- At {lv['leverage']:g}x leverage a loss of {lv['wipeout_loss']:.1%} "
        "of assets "
        "wipes out the capital (1/L).",
    ]
    if "position_bn" in lv:
        lines.append(
            f"- Leveraged funds' last net short {lv['net_short_10yeq_k']:,.0f}k 10y-eq "
            f"~ ${lv['position_bn']:,.0f}bn face; a {lv['loss_fraction']:.1%} loss at "
            f"{lv['leverage']:g}x forces ${lv['forced_sales_bn']:,.0f}bn of sales to "
            "restore leverage (A l (L-1))."
        )
    return [*lines, ""]


def _days_section(days: pd.DataFrame | None) -> list[str]:
    if days is None or days.empty:
        return []
    return ["## Day by day", "", *day_table_lines(days)]


def features_markdown(
    f: EpisodeFacts,
    extra: Iterable[str] = (),
    volatility: pd.DataFrame | None = None,
    *,
    days: pd.DataFrame | None = None,
) -> str:
    """Return the Markdown summary of the episode's facts (volatility after curve).

    ``days`` (:func:`attribution.reports.episode_days.day_by_day`) adds the
    day-by-day table after the curve moves.
    """
    lines = [
        f"# Signal features, window {f.label}",
        "",
        f"From the {f.base:%Y-%m-%d} close to the {f.end:%Y-%m-%d} close.",
        "",
    ]
    lines += [f"- Note: {n}" for n in [*f.notes, *extra]]
    lines.append("")
    for section in (
        curve_section,
        lambda facts: _days_section(days),
        lambda facts: volatility_section(volatility),
        regime_section,
        price_section,
        divergence_section,
        positioning_section,
        holdings_section,
        liquidity_section,
        cross_asset_section,
        auctions_section,
        leverage_section,
    ):
        lines += section(f)
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "CSV_COLUMNS",
    "features_csv_text",
    "features_frame",
    "features_markdown",
]
