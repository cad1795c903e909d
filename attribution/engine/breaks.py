"""Structural-break tests of the relations the notes say broke.

Each relation (:mod:`attribution.features.break_relations` builds the data)
gets Bai-Perron (number of breaks selected), the sup-F(1) and UDmax tests,
Andrews' sup-F with Hansen's p-value, the OLS-CUSUM test and a Chow test with
the old regime ending at the last observation before the window, plus rolling
OLS estimates over the Bai-Perron minimum segment length.

Break dates are the last observation of the old regime (strucchange).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from attribution.config.models_section import BreaksSection
from attribution.config.schema import RunConfig
from attribution.domain.series import LEVERAGED
from attribution.exceptions import EmptySampleError, MissingValueWarning, fmt
from attribution.features.break_relations import (
    FX_REGIONS,
    US10,
    fx_differential_frame,
    local_yield,
    slope_change,
)
from attribution.features.weekly import weekly_design
from attribution.models.breaks import (
    BaiPerron,
    BreakResults,
    BreakTest,
    CusumResults,
    StructuralChangeTest,
    chow_test,
    cusum_test,
    f_stats,
)
from attribution.models.regression import RollingRegression
from attribution.panel import Panel

logger = logging.getLogger(__name__)

MIN_OBS = 40


@dataclass(frozen=True)
class RelationBreaks:
    """One tested relation with its break results and labels.

    Attributes
    ----------
    key : str
        Short id (``fx_japan``, ``flows_10y``, ``slope_30s2s``).
    title : str
        Human description of the regression.
    frequency : str
        ``daily``, ``weekly`` or ``monthly``.
    units : str
        Units of the dependent and regressors.
    interest : tuple of str
        Parameters whose segment estimates are plotted.
    fit : BreakResults
        Bai-Perron fit (number of breaks as selected).
    intervals : DataFrame
        Break-date confidence intervals (empty without breaks).
    sup_f, ud_max : BreakTest
        Bai-Perron sup-F(1) and UDmax tests of 0 breaks.
    hansen : StructuralChangeTest
        Andrews sup-F with Hansen (1997) p-value (all coefficients).
    cusum : CusumResults
        OLS-CUSUM test.
    chow : StructuralChangeTest or None
        Chow test at the window start (old regime ends at the last
        observation before the window); None when too close to an end.
    chow_date : Timestamp or None
        The date used by the Chow test.
    dropped : int
        Rows dropped for missing data.
    notes : str
        Data construction notes.
    rolling : DataFrame, optional
        Rolling OLS estimates of the ``interest`` parameters over windows of
        ``min_size`` observations, labelled by the window's last observation.
    """

    key: str
    title: str
    frequency: str
    units: str
    interest: tuple[str, ...]
    fit: BreakResults
    intervals: pd.DataFrame
    sup_f: BreakTest
    ud_max: BreakTest
    hansen: StructuralChangeTest
    cusum: CusumResults
    chow: StructuralChangeTest | None
    chow_date: pd.Timestamp | None
    dropped: int
    notes: str
    rolling: pd.DataFrame | None = None


@dataclass(frozen=True)
class BreaksResults:
    """Every tested relation of a ``breaks`` run and the ones skipped.

    Attributes
    ----------
    relations : tuple of RelationBreaks
        In the order regions, flows, slope.
    skipped : dict of str to str
        Relation key -> why it was not tested (too few observations).
    """

    relations: tuple[RelationBreaks, ...]
    skipped: dict[str, str]


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
        fit.break_conf_int(opts.level)
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


def _fx_relation(
    panel: Panel, region: str, opts: BreaksSection, first: pd.Timestamp
) -> RelationBreaks:
    spec = FX_REGIONS[region]
    local = local_yield(region, opts.euro_yield)
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
    data = d[["dy_10y", "custody", LEVERAGED.design]].copy()
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
        ("custody", LEVERAGED.design),
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


def run_break_tests(panel: Panel, cfg: RunConfig) -> BreaksResults:
    """Test every relation the config lists on ``panel``.

    Raises
    ------
    EmptySampleError
        If no relation has :data:`MIN_OBS` observations in the sample.
    """
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
    return BreaksResults(tuple(relations), skipped)


__all__ = [
    "MIN_OBS",
    "BreaksResults",
    "RelationBreaks",
    "break_relation",
    "rolling_estimates",
    "run_break_tests",
]
