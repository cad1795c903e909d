"""The facts of one episode (window), gathered from every feature family.

:func:`episode_facts` is a pure function of the panel, the auction results
and the options; the report writers turn :class:`EpisodeFacts` into Markdown,
CSV and charts. Window: from the ``base`` close to the ``end`` close (see
:mod:`attribution.config.window`); weekly data are the Wednesdays in
``(base, end]`` plus the last one on or before ``base`` (the base week);
monthly data are the month ends of the months the window touches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd

from attribution._validation import to_float, to_timestamp
from attribution.config.features_section import FeaturesSection
from attribution.domain.dv01 import DEFAULT_DV01
from attribution.domain.series import US_10Y
from attribution.exceptions import EmptySampleError, ModelSpecificationError
from attribution.features import auctions as auc
from attribution.features import (
    cross_asset,
    curve,
    divergence,
    holdings,
    leverage,
    liquidity,
)
from attribution.features import positioning as pos
from attribution.features.fx import REGIONS
from attribution.panel import Panel


@dataclass(frozen=True)
class EpisodeFacts:
    """Everything the features summary reports for one window (labelled frames)."""

    label: str
    base: pd.Timestamp
    end: pd.Timestamp
    options: FeaturesSection
    curve: pd.DataFrame
    regimes: pd.DataFrame
    daily_regimes: pd.Series
    prices: pd.DataFrame
    divergence: pd.DataFrame
    divergence_missing: dict[str, str]
    positioning: pd.DataFrame
    positions_10y: pd.DataFrame
    custody: pd.Series
    tic_changes: pd.DataFrame
    tic_summary: pd.DataFrame
    tic_records: pd.DataFrame
    liquidity: pd.DataFrame
    liquidity_flags: pd.DataFrame
    triple: dict[str, object]
    auctions: pd.DataFrame
    leverage: dict[str, float]
    daily_curve: pd.DataFrame
    history: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_Frame = TypeVar("_Frame", pd.DataFrame, pd.Series)


def _in_window(frame: _Frame, base: pd.Timestamp, end: pd.Timestamp) -> _Frame:
    return frame.loc[(frame.index > base) & (frame.index <= end)]


def window_months(base: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Month ends of the calendar months from the day after ``base`` to ``end``."""
    first = (base + pd.Timedelta(days=1)) + pd.offsets.MonthEnd(0)
    last = end + pd.offsets.MonthEnd(0)
    return pd.date_range(min(first, last), last, freq="ME")


def curve_facts(
    panel: Panel, base: pd.Timestamp, end: pd.Timestamp, opts: FeaturesSection
) -> pd.DataFrame:
    """Per tenor: levels, window change and rank; the largest k-day rise in it."""
    levels = curve.yield_levels(panel)
    k, gap = opts.curve.k_days, opts.curve.max_gap_business_days
    since = pd.Timestamp(opts.curve.rank_since) if opts.curve.rank_since else None
    rows = {}
    for tenor in levels:
        obs = levels[tenor].dropna()
        n_obs = int(((obs.index > base) & (obs.index <= end)).sum())
        change = curve.window_change(obs, base, end) * 100.0
        row: dict[str, object] = {
            "base_pct": float(obs.loc[:base].iloc[-1]),
            "end_pct": float(obs.loc[:end].iloc[-1]),
            "change_bp": change,
            "window_days": n_obs,
        }
        direction = "rise" if change >= 0 else "fall"
        r = curve.move_rank(
            obs, n_obs, end, since=since, direction=direction, max_gap_business_days=gap
        )
        row.update(
            {
                "window_rank": r.rank,
                "window_pctile": r.percentile,
                "window_largest_since": r.previous_larger,
                "history_start": r.history_start,
                "gap_excluded": r.n_gap_excluded,
            }
        )
        kd = curve.gap_aware_diff(obs, k, gap) * 100.0
        inside = _in_window(kd, base, end).dropna()
        if len(inside):
            at = to_timestamp(inside.idxmax())
            rk = curve.move_rank(obs, k, at, since=since, max_gap_business_days=gap)
            row.update(
                {
                    f"max_{k}d_rise_bp": float(inside.max()),
                    f"max_{k}d_rise_end": at,
                    f"max_{k}d_rank": rk.rank,
                    f"max_{k}d_pctile": rk.percentile,
                    f"max_{k}d_largest_since": rk.previous_larger,
                }
            )
        rows[tenor] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("tenor")


def regime_facts(curve_tab: pd.DataFrame, tolerance_bp: float) -> pd.DataFrame:
    """Classify the window's move on each slope pair (:func:`curve.classify_move`)."""
    rows = {}
    for pair, (short, long_) in curve.SLOPES.items():
        if short in curve_tab.index and long_ in curve_tab.index:
            ds = to_float(curve_tab.at[short, "change_bp"])
            dl = to_float(curve_tab.at[long_, "change_bp"])
            rows[pair] = {
                "short": short,
                "long": long_,
                "d_short_bp": ds,
                "d_long_bp": dl,
                "level_bp": (ds + dl) / 2.0,
                "slope_bp": dl - ds,
                "regime": curve.classify_move(ds, dl, tolerance_bp),
            }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("pair")


def price_facts(
    panel: Panel, base: pd.Timestamp, end: pd.Timestamp, opts: FeaturesSection
) -> pd.DataFrame:
    """TLT and futures: window % change; the largest k-day fall in it and its rank."""
    k, rows = opts.curve.k_days, {}
    for name, sid in curve.PRICE_IDS.items():
        if sid not in panel.daily:
            continue
        obs = panel.daily[sid].dropna()
        if obs.loc[:base].empty or obs.loc[base:end].empty or obs.index[-1] < end:
            continue
        logp = np.log(obs)
        row: dict[str, object] = {
            "change_pct": float(np.expm1(curve.window_change(logp, base, end)) * 100)
        }
        kd = _in_window(curve.gap_aware_diff(logp, k), base, end).dropna()
        if len(kd):
            at = to_timestamp(kd.idxmin())
            rk = curve.move_rank(logp, k, at, direction="fall")
            row.update(
                {
                    f"worst_{k}d_pct": float(np.expm1(kd.min()) * 100),
                    "worst_end": at,
                    "rank": rk.rank,
                    "n_history": rk.n_history,
                    "largest_since": rk.previous_larger,
                }
            )
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("instrument")


def _why_missing(panel: Panel, region: str, exc: Exception) -> str:
    reg = REGIONS[region]
    for sid in (reg.monthly_yield, reg.daily_yield, reg.fx_id):
        for frame in (panel.monthly, panel.daily):
            if sid and sid in frame and frame[sid].notna().any():
                last = frame[sid].dropna().index[-1]
                if sid == reg.monthly_yield or sid == reg.fx_id:
                    return f"{sid} ends {last:%Y-%m-%d}; {str(exc).strip(chr(39))}"
    return str(exc).strip("'\"")


def divergence_facts(
    panel: Panel, base: pd.Timestamp, end: pd.Timestamp, opts: FeaturesSection
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each region's divergence, and why a region is missing."""
    d, rows, missing = opts.divergence, [], {}
    for region in REGIONS:
        try:
            rows.append(
                divergence.panel_divergence(
                    panel,
                    region,
                    base,
                    end,
                    sample_years=d.sample_years,
                    level=d.level,
                    daily_min_obs=d.daily_min_obs,
                    monthly_min_obs=d.monthly_min_obs,
                ).to_frame()
            )
        except (EmptySampleError, KeyError) as exc:
            missing[region] = _why_missing(panel, region, exc)
    return (pd.concat(rows) if rows else pd.DataFrame()), missing


def positioning_facts(
    panel: Panel,
    base: pd.Timestamp,
    end: pd.Timestamp,
    opts: FeaturesSection,
    dv01: Mapping[str, float],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Aggregate positioning (history; window with base week) and the 10y rows."""
    table = pos.positioning_table(
        panel.weekly, dv01, zscore_weeks=opts.positioning.zscore_weeks
    )
    keep = table.index[(table.index <= end)]
    keep = keep[keep > base - pd.Timedelta(days=7)]
    by_contract = pos.positions_long(panel.weekly)
    cols = [c for c in by_contract if str(c).startswith("10y.")]
    return table.loc[:end], table.loc[keep], by_contract.loc[keep, cols]


def holdings_facts(
    panel: Panel, base: pd.Timestamp, end: pd.Timestamp, opts: FeaturesSection
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Custody weekly changes in the window; TIC changes, month summary and records."""
    custody = _in_window(holdings.custody_change(panel), base, end)
    levels = holdings.tic_levels(panel)
    months = window_months(base, end)
    one, three = levels.diff(), levels - levels.shift(3)
    rows = []
    for m in months:
        if m in levels.index:
            for line in levels.columns:
                if pd.notna(to_float(one.at[m, line])):
                    rows.append(
                        (
                            m,
                            line,
                            to_float(levels.at[m, line]),
                            to_float(one.at[m, line]),
                            to_float(three.at[m, line]),
                        )
                    )
    tic = pd.DataFrame(
        rows, columns=["month", "line", "level_bn", "chg_1m_bn", "chg_3m_bn"]
    )
    since = pd.Timestamp(opts.record_since)
    summary = holdings.tic_month_summary(levels).reindex(months)
    records = holdings.record_flags(levels, record_since=since)
    return custody, tic, summary, records.loc[records["month"].isin(months)]


def leverage_facts(
    positioning_tab: pd.DataFrame, opts: FeaturesSection
) -> dict[str, float]:
    """Wipe-out loss at the set leverage; forced selling the last net short implies."""
    lev = opts.leverage
    out = {
        "leverage": lev.leverage,
        "wipeout_loss": leverage.wipeout_loss(lev.leverage),
        "loss_fraction": lev.loss_fraction,
    }
    last = positioning_tab["lev_net_short_10yeq_k"].dropna()
    if len(last) and float(last.iloc[-1]) > 0:
        out.update(
            leverage.implied_forced_selling(
                float(last.iloc[-1]),
                leverage=lev.leverage,
                loss_fraction=lev.loss_fraction,
                contract_face_usd=lev.contract_face_usd,
            )
        )
        out["net_short_10yeq_k"] = float(last.iloc[-1])
    return out


def stress_facts(
    panel: Panel,
    auction_series: Mapping[str, pd.Series],
    base: pd.Timestamp,
    end: pd.Timestamp,
    opts: FeaturesSection,
) -> tuple[pd.DataFrame, dict[str, object], pd.DataFrame]:
    """Return the window's liquidity flags, triple-decline facts and auctions."""
    lq = opts.liquidity
    flags = liquidity.liquidity_flags(
        panel,
        sofr_iorb_bp=lq.sofr_iorb_bp,
        sofr_effr_bp=lq.sofr_effr_bp,
        rrp_floor_bn=lq.rrp_floor_bn,
        rrp_weekly_drop_bn=lq.rrp_weekly_drop_bn,
    )
    td = cross_asset.triple_decline(panel, equity_series=opts.equity_series)
    au = auc.auctions_vs_history(
        auc.auction_metrics(auction_series), history=opts.auction_history
    )
    au = au.loc[(au["date"] > base) & (au["date"] <= end)] if len(au) else au
    return (
        _in_window(flags, base, end),
        cross_asset.window_triple_decline(td, base, end),
        au,
    )


def episode_facts(
    panel: Panel,
    auction_series: Mapping[str, pd.Series],
    *,
    label: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
    options: FeaturesSection,
    dv01: Mapping[str, float] | None = None,
) -> EpisodeFacts:
    """Compute every family's facts from the ``base`` close to the ``end`` close.

    Raises
    ------
    ModelSpecificationError
        If ``end`` is not after ``base``.
    """
    if end <= base:
        raise ModelSpecificationError(
            f"`end` must be after `base`; got {end} <= {base}."
        )
    opts, notes = options, []
    dv = dict(dv01 or DEFAULT_DV01)
    ctab = curve_facts(panel, base, end, opts)
    daily_ch = _in_window(curve.curve_changes(panel, k=1), base, end)
    regimes = curve.curve_regime(
        panel,
        k=1,
        pair=opts.curve.slope_pair,
        tolerance_bp=opts.curve.slope_tolerance_bp,
    )
    div, missing = divergence_facts(panel, base, end, opts)
    pfull, ptab, p10 = positioning_facts(panel, base, end, opts, dv)
    if ptab["lev_net_short_10yeq_k"].loc[ptab.index > base].dropna().empty:
        notes.append(
            "No CFTC report falls inside the window; positioning changes are n/a."
        )
    custody, tic, tsum, trec = holdings_facts(panel, base, end, opts)
    flags, triple, au = stress_facts(panel, auction_series, base, end, opts)
    if not triple["equity_available"]:
        notes.append(
            "Equities are not in the bundled data: the triple-decline flag needs an "
            "equity index supplied via data.local_series and features.equity_series."
        )
    return EpisodeFacts(
        label=label,
        base=base,
        end=end,
        options=opts,
        curve=ctab,
        regimes=regime_facts(ctab, opts.curve.slope_tolerance_bp),
        daily_regimes=_in_window(regimes, base, end),
        prices=price_facts(panel, base, end, opts),
        divergence=div,
        divergence_missing=missing,
        positioning=ptab,
        positions_10y=p10,
        custody=custody,
        tic_changes=tic,
        tic_summary=tsum,
        tic_records=trec,
        liquidity=_in_window(liquidity.liquidity(panel), base, end),
        liquidity_flags=flags,
        triple=triple,
        auctions=au,
        leverage=leverage_facts(ptab, opts),
        daily_curve=daily_ch,
        history={
            "positioning": pfull,
            "dgs10_weekly": panel.weekly[[US_10Y]].loc[:end],
            "yields": curve.yield_levels(panel).loc[base:end].dropna(how="all"),
        },
        notes=notes,
    )
