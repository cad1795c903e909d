"""``breaks``: structural-break tests for the relations the notes say broke.

(a) FX ~ rate differential, per region: the change in the log exchange rate
    (local currency per USD, percent; positive = the dollar rose) on the change
    in the US-minus-local 10y differential (bp), both coefficients free to
    change. Japan: DEXJPUS and US 10y (DGS10) minus JGB 10y (MoF), Wednesday
    closes (weekly, default) or daily closes on common days. Euro area (EUR per
    USD = 1/DEXUSEU; German or euro-area 10y), Switzerland (DEXSZUS, Swiss 10y):
    monthly, OECD 10y yields are monthly averages so FX and DGS10 are monthly
    averages too. China (DEXCHUS, CGB 10y from investing.com): monthly,
    month-end closes (the CGB series is a month-end close), 2019-12 onwards only.
(b) Weekly change in DGS10 (bp) on the weekly change in H.4.1 custody holdings
    ($bn) and in leveraged funds' net short (k 10y-eq contracts), from
    :func:`attribution.features.weekly.weekly_design`.
(c) The mean of the daily (or weekly) change in the 30y-2y slope (bp).

Break dates are the last observation of the old regime (strucchange).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from attribution.config.models_section import BreaksSection
from attribution.config.schema import RunConfig
from attribution.domain.regions import REGIONS
from attribution.domain.series import US_10Y
from attribution.exceptions import EmptySampleError, MissingValueWarning, fmt
from attribution.features.fx import log_change_pct, monthly_average
from attribution.features.weekly import weekly_design, weekly_series_ids
from attribution.models.breaks import BaiPerron, chow_test, cusum_test, f_stats
from attribution.models.regression import RollingRegression
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.reports.breaks_report import (
    CONVENTION,
    RelationBreaks,
    breaks_markdown,
    breaks_png,
    dates_frame,
    segments_frame,
    summary_frame,
    to_csv_bytes,
)

logger = logging.getLogger(__name__)

US10 = US_10Y
#: region -> (FX id, invert to local-per-USD, local 10y id(s), frequency rule)
# from the one region table; the euro area's yield is chosen by breaks.euro_yield
EURO_YIELD = {k: str(REGIONS[k].monthly_yield) for k in ("germany", "euro_area")}
FX_REGIONS: dict[str, dict[str, str | bool]] = {
    name: {
        "fx": REGIONS[name].fx_id,
        "invert": REGIONS[name].invert,
        "local": EURO_YIELD["germany"]
        if name == "euro_area"
        else str(REGIONS[name].daily_yield or REGIONS[name].monthly_yield),
    }
    for name in ("japan", "euro_area", "switzerland", "china")
}
MIN_OBS = 40


@dataclass(frozen=True)
class BreaksRun:
    """A finished ``breaks`` run: tested relations, skipped ones, the panel."""

    config: RunConfig
    relations: tuple[RelationBreaks, ...]
    skipped: dict[str, str]
    panel: Panel


# --------------------------------------------------------------------- data helpers
def local_per_usd(fx: pd.Series, invert: bool) -> pd.Series:
    """Exchange rate as local currency per USD (invert USD-per-local quotes)."""
    return 1.0 / fx if invert else fx


def monthly_last(daily: pd.Series) -> pd.Series:
    """Last daily observation of each calendar month, dated at month end."""
    return daily.dropna().resample("ME").last()


def fx_differential_frame(
    panel: Panel, region: str, frequency: str, local: str
) -> pd.DataFrame:
    """Return ``dfx`` (%, local per USD) and ``d_diff`` (bp, US minus local 10y)."""
    spec = FX_REGIONS[region]
    fx_id, invert = str(spec["fx"]), bool(spec["invert"])
    if frequency == "monthly":
        agg = monthly_last if region == "china" else monthly_average
        fx = agg(local_per_usd(panel.daily[fx_id], invert))
        us = agg(panel.daily[US10])
        loc = panel.monthly[local].dropna()
    elif frequency == "weekly":
        fx = local_per_usd(panel.weekly[fx_id], invert)
        us, loc = panel.weekly[US10], panel.weekly[local]
    else:
        both = panel.daily[[fx_id, US10, local]].dropna()
        fx, us, loc = local_per_usd(both[fx_id], invert), both[US10], both[local]
    frame = pd.concat({"fx": fx, "diff": us - loc}, axis=1, sort=True)
    frame = frame.dropna(how="any") if frequency == "daily" else frame
    return pd.DataFrame(
        {"dfx": log_change_pct(frame["fx"]), "d_diff": frame["diff"].diff() * 100.0}
    )


def slope_change(panel: Panel, frequency: str) -> pd.Series:
    """Change in the 30y-2y slope (bp), daily (common days) or weekly (Wednesdays)."""
    src = panel.daily if frequency == "daily" else panel.weekly
    both = (
        src[["DGS30", "DGS2"]].dropna()
        if frequency == "daily"
        else src[["DGS30", "DGS2"]]
    )
    return ((both["DGS30"] - both["DGS2"]).diff() * 100.0).rename("d_slope_30s2s")


# ------------------------------------------------------------------------ testing
def _sample(frame: pd.DataFrame, opts: BreaksSection) -> tuple[pd.DataFrame, int]:
    """Restrict to the sample and drop rows with NaN inside it (count returned)."""
    end = pd.Timestamp(opts.sample_end) if opts.sample_end else frame.index.max()
    sub = frame.loc[pd.Timestamp(opts.sample_start) : end]
    valid = sub.notna().all(axis=1)
    if valid.any():
        sub = sub.loc[
            valid.idxmax() : valid[::-1].idxmax()
        ]  # trim leading/trailing NaN
    bad = int(sub.isna().any(axis=1).sum())
    return sub.dropna(), bad


def break_relation(
    key: str,
    title: str,
    frequency: str,
    units: str,
    data: pd.DataFrame,
    interest: tuple[str, ...],
    notes: str,
    opts: BreaksSection,
    window_first: pd.Timestamp,
) -> RelationBreaks:
    """Run Bai-Perron, sup-F, CUSUM and the Chow test at the window on one relation."""
    sample, dropped = _sample(data, opts)
    if len(sample) < MIN_OBS:
        raise EmptySampleError(
            fmt(
                key,
                f"at least {MIN_OBS} usable observations in the sample",
                len(sample),
                "Move breaks.sample_start earlier or breaks.sample_end later.",
            )
        )
    y = sample.iloc[:, 0].rename(data.columns[0])
    x = sample.iloc[:, 1:] if sample.shape[1] > 1 else None
    model = BaiPerron(y, x, trim=opts.trim, max_breaks=None)
    max_b = min(opts.max_breaks, model.max_breaks)
    model = BaiPerron(y, x, trim=opts.trim, max_breaks=max_b)
    fit = model.fit(select=opts.select, cov=opts.cov)
    intervals = (
        fit.break_conf_int(opts.ci_level)
        if fit.n_breaks
        else pd.DataFrame(
            columns=[
                "lower",
                "breakpoint",
                "upper",
                "lower_date",
                "break_date",
                "upper_date",
            ]
        )
    )
    before = y.index[y.index < window_first]
    chow, chow_date = None, None
    k = 1 + (0 if x is None else x.shape[1])
    if len(before) > k + 1 and len(y) - len(before) > k + 1:
        chow_date = before[-1]
        chow = chow_test(y, x, break_date=chow_date)
    return RelationBreaks(
        rolling=rolling_estimates(y, x, fit.min_size, interest),
        key=key,
        title=title,
        frequency=frequency,
        units=units,
        interest=interest,
        fit=fit,
        intervals=intervals,
        sup_f=fit.sup_f_test(1),
        ud_max=fit.ud_max_test(),
        hansen=f_stats(y, x, trim=opts.trim).test("supF"),
        cusum=cusum_test(y, x),
        chow=chow,
        chow_date=chow_date,
        dropped=dropped,
        notes=notes,
    )


def rolling_estimates(
    y: pd.Series, x: pd.DataFrame | None, window: int, interest: tuple[str, ...]
) -> pd.DataFrame:
    """Return rolling OLS estimates of ``interest`` over ``window`` observations."""
    if x is None:
        return y.rolling(window).mean().dropna().to_frame("const")
    res = RollingRegression(y, x, window=window).fit(cov="nonrobust")
    return res.params[list(interest)]


# ---------------------------------------------------------------------- relations
def _series_ids(cfg: RunConfig) -> list[str]:
    opts = cfg.breaks
    ids = [*weekly_series_ids(cfg.attribution.positioning.measure), "DGS30", "DGS2"]
    for region in opts.regions:
        spec = FX_REGIONS[region]
        local = (
            EURO_YIELD[opts.euro_yield] if region == "euro_area" else str(spec["local"])
        )
        ids += [str(spec["fx"]), local]
    return ids


def _fx_relation(
    panel: Panel, region: str, opts: BreaksSection, first: pd.Timestamp
) -> RelationBreaks:
    spec = FX_REGIONS[region]
    local = EURO_YIELD[opts.euro_yield] if region == "euro_area" else str(spec["local"])
    freq = opts.japan_frequency if region == "japan" else "monthly"
    data = fx_differential_frame(panel, region, freq, local)
    how = (
        ("month-end closes" if region == "china" else "monthly averages")
        if freq == "monthly"
        else ("Wednesday closes" if freq == "weekly" else "daily closes")
    )
    inv = "1/" if spec["invert"] else ""
    notes = (
        f"dfx = 100 x change in log({inv}{spec['fx']}) (local currency per USD); "
        f"d_diff = change in ({US10} - {local}) x 100; {how}."
    )
    return break_relation(
        f"fx_{region}",
        f"FX ~ rate differential, {region.replace('_', ' ')}",
        freq,
        "dfx in %, d_diff in bp",
        data,
        ("d_diff",),
        notes,
        opts,
        first,
    )


def _flows_relation(
    panel: Panel, cfg: RunConfig, first: pd.Timestamp
) -> RelationBreaks:
    pos = cfg.attribution.positioning
    d = weekly_design(panel, measure=pos.measure, dv01=pos.dv01)
    data = d[["dy_10y", "custody", "lev_net_short"]].copy()
    notes = (
        "weekly_design: Wednesday-to-Wednesday change in DGS10 (bp), H.4.1 custody "
        f"holdings ($bn), leveraged funds' net short ({pos.measure}, k 10y-eq "
        "contracts, Tuesday positions placed on Wednesday)."
    )
    return break_relation(
        "flows_10y",
        "10y ~ custody flows and leveraged positioning",
        "weekly",
        "dy_10y in bp, custody in $bn, lev_net_short in k contracts",
        data,
        ("custody", "lev_net_short"),
        notes,
        cfg.breaks,
        first,
    )


def _slope_relation(
    panel: Panel, opts: BreaksSection, first: pd.Timestamp
) -> RelationBreaks:
    freq = opts.slope_frequency
    data = slope_change(panel, freq).to_frame()
    notes = f"{freq} change in DGS30 - DGS2 (bp); mean-shift model (constant only)."
    return break_relation(
        "slope_30s2s",
        "Mean of the 30y-2y slope change",
        freq,
        "bp",
        data,
        ("const",),
        notes,
        opts,
        first,
    )


def run_breaks(cfg: RunConfig) -> BreaksRun:
    """Build the panel and test every relation (no files written)."""
    store = store_from_config(cfg)
    panel = build_panel(store, _series_ids(cfg), point_in_time=point_in_time(cfg))
    first = cfg.parsed_window.first
    relations: list[RelationBreaks] = []
    skipped: dict[str, str] = {}
    jobs: list[tuple[str, Callable[[], RelationBreaks]]] = [
        (f"fx_{r}", partial(_fx_relation, panel, r, cfg.breaks, first))
        for r in cfg.breaks.regions
    ]
    jobs += [
        ("flows_10y", partial(_flows_relation, panel, cfg, first)),
        ("slope_30s2s", partial(_slope_relation, panel, cfg.breaks, first)),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingValueWarning)
        for key, job in jobs:
            try:
                relations.append(job())
            except EmptySampleError as exc:
                skipped[key] = str(exc)
                logger.warning("breaks: %s skipped: %s", key, exc)
    if not relations:
        raise EmptySampleError(
            fmt(
                "breaks.sample_start",
                "a date leaving data for at least one relation",
                str(cfg.breaks.sample_start),
                f"No relation has {MIN_OBS} observations up to "
                f"{cfg.breaks.sample_end or 'the latest data'}.",
            )
        )
    return BreaksRun(cfg, tuple(relations), skipped, panel)


def _header(run: BreaksRun) -> list[str]:
    cfg, o = run.config, run.config.breaks
    return [
        f"# Structural breaks, window {cfg.window}",
        "",
        f"- Bai-Perron (1998, 2003) with trim {o.trim} of each sample, at most "
        f"{o.max_breaks} breaks, number chosen by {o.select}; segment standard "
        f"errors and Bai (1997) break-date intervals at {o.ci_level:.0%} with "
        f"{'Newey-West HAC' if o.cov == 'hac' else 'segment-specific variance'} "
        "inference.",
        "- supF(1)/UDmax: Bai-Perron critical values for q changing regressors; "
        "Andrews sup-F with Hansen (1997) p-value; OLS-CUSUM with its Brownian-bridge "
        "p-value; Chow F test with the old regime ending at the last observation "
        "before the window.",
        f"- Samples start {o.sample_start} (or when the data do) and end "
        f"{o.sample_end or 'with the latest data'}.",
    ]


def _details(run: BreaksRun) -> dict[str, object]:
    out: dict[str, object] = {"convention": CONVENTION, "skipped": run.skipped}
    for r in run.relations:
        out[r.key] = {
            "frequency": r.frequency,
            "nobs": r.fit.nobs,
            "n_breaks": r.fit.n_breaks,
            "break_dates": [str(pd.Timestamp(d).date()) for d in r.fit.break_dates],
            "min_size": r.fit.min_size,
            "notes": r.notes,
        }
    return {"breaks": out}


def write_breaks(run: BreaksRun, out_root: Path) -> Path:
    """Write CSV, Markdown, PNG and manifest into ``out_root/<run-id>/`` atomically."""
    cfg, level = run.config, run.config.breaks.ci_level
    rels = run.relations
    files: dict[str, bytes] = {
        "breaks_summary.csv": to_csv_bytes(summary_frame(rels)),
        "break_dates.csv": to_csv_bytes(dates_frame(rels, level)),
        "break_segments.csv": to_csv_bytes(segments_frame(rels, level)),
        "breaks.md": breaks_markdown(rels, _header(run), level, run.skipped).encode(),
    }
    if cfg.output.figures:
        w = cfg.parsed_window
        files["breaks.png"] = breaks_png(
            rels,
            (w.first, w.last),
            level,
            f"Structural breaks, window {cfg.window} (segment estimates and break CIs)",
        )
    return write_with_manifest(
        cfg, "breaks", files, run.panel.provenance, _details(run), out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py breaks``: compute, then write atomically."""
    return write_breaks(run_breaks(cfg), Path(out_root))
