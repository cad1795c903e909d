"""A whole term-structure run: curves, ACM, the window's split and the agreement.

:func:`run_term_structure` is the estimation of ``python cli.py termpremium``:
month-end NSS fits (1990 onwards) feed the ACM estimation
(:func:`attribution.engine.termstructure_fit.estimate_acm`); daily fits (from
:data:`attribution.engine.termstructure_fit.DAILY_START`) give the daily 10y
decomposition; the window's two closes are fitted cold, as
:func:`window_term_structure` (the ``acm_termstructure`` rows of ``attribute``)
fits them, so both commands give the same split; our term premia are compared
with the published ACM and Kim-Wright series.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from attribution.config.termpremium_section import TermPremiumSection
from attribution.engine.result import AttributionResult
from attribution.engine.termstructure import (
    TermStructureSpec,
    attribute_term_structure,
    term_premium_series,
)
from attribution.engine.termstructure_agreement import agreement
from attribution.engine.termstructure_fit import (
    DAILY_EXTRA,
    DAILY_START,
    RUN_DAILY,
    RUN_MONTHLY,
    FrameCache,
    estimate_acm,
    fit_curves,
    month_ends,
    zero_curves,
)
from attribution.models.termstructure.acm import ACMResults
from attribution.models.termstructure.presample import PreSample

__all__ = [
    "TermStructureInputs",
    "TermStructureRun",
    "run_term_structure",
    "window_term_structure",
]


@dataclass(frozen=True)
class TermStructureInputs:
    """The data of a term-structure run.

    Attributes
    ----------
    par : DataFrame
        Daily Treasury par yields (percent), one column per tenor label.
    base, end : Timestamp
        The window's closes.
    published : mapping of str to Series
        Published term premia by id (the NY Fed's ACM, Kim-Wright); absent
        ones are left out of the agreement.
    acm_ids : mapping of int to str
        Maturity (months) -> id of the NY Fed's ACM term premium.
    kw_id : str
        Id of the Kim-Wright 10y term premium.
    nyfed_zero : DataFrame or None
        The NY Fed's zero yields (columns 1..10 years) for the pre-sample.
    """

    par: pd.DataFrame
    base: pd.Timestamp
    end: pd.Timestamp
    published: Mapping[str, pd.Series]
    acm_ids: Mapping[int, str]
    kw_id: str
    nyfed_zero: pd.DataFrame | None = None


@dataclass(frozen=True)
class TermStructureRun:
    """A finished term-structure estimation (what ``termpremium`` reports).

    Attributes
    ----------
    spec : TermStructureSpec
        Tenors, band level and window label.
    options : TermPremiumSection
        The ``termpremium`` options the ACM model was fitted with.
    seed : int
        Seed of the bootstrap.
    result : AttributionResult
        The window's rows per tenor.
    acm : ACMResults
        The ACM fit.
    fit_error_bp : DataFrame
        NSS par-yield fit errors, keyed ``monthly`` and ``daily``.
    daily : DataFrame
        10y: ``zero``, ``fitted``, ``expected_path``, ``term_premium``,
        ``d_term_premium_bp``, per day from the daily fits' start.
    published : mapping of str to Series
        The published series compared with.
    validation : DataFrame
        The agreement table
        (:func:`attribution.engine.termstructure_agreement.agreement`).
    kw_change_bp : float or None
        Kim-Wright's 10y change over the window's closes (bp).
    timings : mapping of str to float
        Stage times (s, wall): ``nss_monthly``, ``nss_daily``, ``acm``,
        ``attribute``.
    presample : PreSample or None
        The borrowed pre-sample.
    splice_gap_bp : DataFrame or None
        Our zero yields minus the NY Fed's on the common months (bp).
    """

    spec: TermStructureSpec
    options: TermPremiumSection
    seed: int
    result: AttributionResult
    acm: ACMResults
    fit_error_bp: pd.DataFrame
    daily: pd.DataFrame
    published: Mapping[str, pd.Series]
    validation: pd.DataFrame
    kw_change_bp: float | None
    timings: Mapping[str, float]
    presample: PreSample | None = None
    splice_gap_bp: pd.DataFrame | None = None


def _window_rows(
    acm: ACMResults,
    inputs: TermStructureInputs,
    spec: TermStructureSpec,
    cache: FrameCache | None,
) -> AttributionResult:
    # the window's two closes are fitted cold (no warm-start path), in both
    # commands: an NSS fit can have several local minima, and a warm-started
    # run of daily fits may land in another one
    closes = inputs.par.loc[[inputs.base, inputs.end]]
    w_params, _ = fit_curves(closes, cache, "closes", 1)
    z_window = zero_curves(w_params, extra=DAILY_EXTRA)
    return attribute_term_structure(
        acm, z_window, inputs.par, inputs.base, inputs.end, spec
    )


def run_term_structure(
    inputs: TermStructureInputs,
    spec: TermStructureSpec,
    options: TermPremiumSection,
    seed: int,
    cache: FrameCache | None = None,
) -> TermStructureRun:
    """Fit the curves and the ACM model; split the window; compare with publishers.

    Parameters
    ----------
    inputs : TermStructureInputs
        Par curve, closes, published series, pre-sample yields.
    spec : TermStructureSpec
        Tenors, band level and window label.
    options : TermPremiumSection
        Pre-sample, VAR bias correction and bootstrap options.
    seed : int
        Seed of the bootstrap.
    cache : FrameCache, optional
        NSS parameter cache.

    Returns
    -------
    TermStructureRun
    """
    timings: dict[str, float] = {}
    par, base = inputs.par, inputs.base
    t0 = time.perf_counter()
    m_params, m_err = fit_curves(month_ends(par), cache, "monthly", RUN_MONTHLY)
    timings["nss_monthly"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    days = par.index[(par.index >= min(DAILY_START, base))]
    d_params, d_err = fit_curves(par.loc[days], cache, "daily", RUN_DAILY)
    timings["nss_daily"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    z_month = zero_curves(m_params)
    fit = estimate_acm(z_month, options, seed, inputs.nyfed_zero)
    acm = fit.acm
    timings["acm"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = _window_rows(acm, inputs, spec, cache)
    daily = term_premium_series(acm, zero_curves(d_params, extra=DAILY_EXTRA), "10y")
    x_month = acm.model.factors(z_month)
    monthly = {
        n: acm.decompose(x_month, (n,))["term_premium"][n] for n in inputs.acm_ids
    }
    published = inputs.published
    validation = agreement(
        monthly, daily["term_premium"], published, inputs.acm_ids, inputs.kw_id
    )
    kw = published.get(inputs.kw_id)
    end = inputs.end
    kw_change = (
        float(kw.loc[end] - kw.loc[base]) * 100.0
        if kw is not None and base in kw.index and end in kw.index
        else None
    )
    timings["attribute"] = time.perf_counter() - t0
    return TermStructureRun(
        spec=spec,
        options=options,
        seed=seed,
        result=result,
        acm=acm,
        fit_error_bp=pd.concat({"monthly": m_err, "daily": d_err}),
        daily=daily,
        published=published,
        validation=validation,
        kw_change_bp=kw_change,
        timings=timings,
        presample=fit.presample,
        splice_gap_bp=fit.splice_gap_bp,
    )


def window_term_structure(
    inputs: TermStructureInputs,
    spec: TermStructureSpec,
    options: TermPremiumSection,
    seed: int,
    cache: FrameCache | None = None,
) -> AttributionResult:
    """Return the window's rows only (``attribute``'s ``acm_termstructure``).

    The monthly estimation as in :func:`run_term_structure` and cold NSS fits
    of the window's two closes: no daily fits, no agreement.

    Parameters
    ----------
    inputs, spec, options, seed, cache
        As for :func:`run_term_structure` (``published`` is not used).

    Returns
    -------
    AttributionResult
    """
    m_params, _ = fit_curves(month_ends(inputs.par), cache, "monthly", RUN_MONTHLY)
    fit = estimate_acm(zero_curves(m_params), options, seed, inputs.nyfed_zero)
    return _window_rows(fit.acm, inputs, spec, cache)
