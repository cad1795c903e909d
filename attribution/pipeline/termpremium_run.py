"""The ``termpremium`` run: par curve -> NSS zero curves -> ACM -> path and premium.

Month-end NSS fits (1990 onwards) feed the ACM estimation, with the NY Fed's
published zero yields as a 1961-1989 pre-sample for the factor dynamics when
``termpremium.presample`` is ``nyfed_1961`` (the default); daily fits (from
:data:`DAILY_START` and on the window's closes) give the daily decomposition.
NSS parameters are cached on disk (keyed by a hash of the par yields and the
fitter version), so a re-run skips the fits; the whole run's outputs are
cached by :mod:`attribution.pipeline.termpremium`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.result import AttributionResult
from attribution.engine.termstructure import (
    MODEL,
    TermStructureSpec,
    attribute_term_structure,
    term_premium_series,
)
from attribution.exceptions import EmptySampleError, UnknownSeriesError
from attribution.models.termstructure.acm import ACMModel, ACMResults
from attribution.models.termstructure.curve import NSSCurveModel
from attribution.models.termstructure.nss import PARAM_NAMES, zero_yields
from attribution.models.termstructure.presample import (
    NYFED_COLUMNS,
    PreSample,
    nyfed_presample,
    splice,
    splice_gap,
)
from attribution.pipeline.common import (
    run_id,
    store_from_config,
    with_standalone,
    write_with_manifest,
)
from attribution.pipeline.termpremium import (
    ACM_IDS,
    BLOCK_LENGTH,
    DAILY_START,
    FITTER_VERSION,
    KW_ID,
    N_BOOT,
    PAR_TENORS,
    RUN_DAILY,
    RUN_MONTHLY,
    SAMPLE_START,
)
from attribution.reports.latex import to_latex_text
from attribution.reports.tables import to_csv_text
from attribution.reports.termstructure_report import (
    agreement,
    termpremium_markdown,
    termpremium_png,
)
from attribution.sources.store import DataStore, Provenance

logger = logging.getLogger(__name__)

__all__ = [
    "BLOCK_LENGTH",
    "N_BOOT",
    "TermPremiumRun",
    "attribute_rows",
    "estimate_acm",
    "load_par_curve",
    "run_termpremium",
    "write_termpremium",
]


@dataclass(frozen=True)
class TermPremiumRun:
    """A finished term-structure run."""

    config: RunConfig
    result: AttributionResult
    acm: ACMResults
    fit_error_bp: pd.DataFrame
    daily: pd.DataFrame  # 10y: zero, fitted, expected_path, term_premium
    published: dict[str, pd.Series]
    validation: pd.DataFrame
    kw_change_bp: float | None
    provenance: dict[str, Provenance]
    timings: dict[str, float]
    presample: PreSample | None = None
    splice_gap_bp: pd.DataFrame | None = None


def load_par_curve(store: DataStore) -> tuple[pd.DataFrame, dict[str, Provenance]]:
    """Load the Treasury par curve: one column per tenor (percent)."""
    cols, prov = {}, {}
    for tenor in PAR_TENORS:
        sid = f"PAR.{tenor}"
        try:
            series, p = store.load(sid)
        except UnknownSeriesError:
            continue
        cols[tenor], prov[sid] = series, p
    if "10y" not in cols:
        raise EmptySampleError("termpremium: the store has no par curve (PAR.10y).")
    par = pd.DataFrame(cols).loc[SAMPLE_START:]
    return par.dropna(how="all"), prov


def _key(par: pd.DataFrame, label: str) -> str:
    digest = hashlib.sha256(FITTER_VERSION.encode())
    digest.update(pd.DatetimeIndex(par.index).asi8.tobytes())
    digest.update(np.nan_to_num(par.to_numpy(), nan=-999.0).tobytes())
    digest.update(",".join(par.columns).encode())
    return f"nss_{label}_{digest.hexdigest()[:16]}"


def fit_curves(
    par: pd.DataFrame, store: DataStore, label: str, run_length: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NSS parameters and fit errors per date, from the cache when it has them."""
    key = _key(par, f"{label}{run_length}")
    cached = store.cache.read("termstructure", key) if store.use_cache else None
    if cached is not None:
        frame = cached.set_index("date")
        frame.index = pd.DatetimeIndex(frame.index)
        return frame[list(PARAM_NAMES)], frame[["rmse_bp", "max_abs_bp", "n_tenors"]]
    fit = NSSCurveModel(par).fit(warm_start=True, run_length=run_length)
    frame = pd.concat([fit.params, fit.fit_error_bp], axis=1)
    if store.use_cache:
        store.cache.write("termstructure", key, frame.rename_axis("date").reset_index())
    return fit.params, fit.fit_error_bp


def _zeros(
    params: pd.DataFrame, months: int, extra: tuple[int, ...] = ()
) -> pd.DataFrame:
    """Zero yields at 1..months months, plus the ``extra`` maturities (months)."""
    mats = np.concatenate([np.arange(1, months + 1), np.array(extra, dtype=int)])
    return pd.DataFrame(
        zero_yields(params.to_numpy(), mats / 12.0), index=params.index, columns=mats
    )


def _published(store: DataStore, prov: dict[str, Provenance]) -> dict[str, pd.Series]:
    out = {}
    for sid in [*ACM_IDS.values(), KW_ID]:
        try:
            series, p = store.load(sid)
        except UnknownSeriesError:
            logger.warning("termpremium: %s not available; comparison skipped", sid)
            continue
        out[sid], prov[sid] = series.dropna(), p
    return out


def estimate_acm(
    config: RunConfig,
    store: DataStore,
    z_own: pd.DataFrame,
    prov: dict[str, Provenance],
) -> tuple[ACMResults, PreSample | None, pd.DataFrame | None]:
    """Fit ACM as ``config.termpremium`` says, on our month-end zero curve.

    With ``presample: nyfed_1961`` the NY Fed's zero yields ``ACMY01..ACMY10``
    (NSS-interpolated to monthly maturities) fill 1961-06 to the month before
    ``z_own`` starts; the factors' loadings and dynamics are then estimated on
    the spliced sample. Returns the fit, the pre-sample (or None) and our zero
    yields minus the NY Fed's at 1..10 years on the common months (bp, or None).
    """
    opts = config.termpremium
    pre: PreSample | None = None
    gap: pd.DataFrame | None = None
    z_est = z_own
    if opts.presample == "nyfed_1961":
        cols = {}
        for n, sid in NYFED_COLUMNS.items():
            try:
                cols[n], prov[sid] = store.load(sid)
            except UnknownSeriesError:
                raise EmptySampleError(
                    f"termpremium.presample: nyfed_1961 needs {sid}, which the "
                    "store does not have; set termpremium.presample: none."
                ) from None
        annual = pd.DataFrame(cols)
        pre = nyfed_presample(annual, z_own.index.min(), months=z_own.shape[1])
        z_est = splice(pre, z_own)
        gap = splice_gap(annual, z_own)
    model = ACMModel(z_est, presample_note=pre.note if pre is not None else "")
    acm = model.fit(
        n_boot=opts.n_boot,
        block_length=opts.block_length,
        seed=config.run.seed,
        bias_correction=opts.var_bias_correction == "bootstrap",
        bias_draws=opts.bias_draws,
    )
    return acm, pre, gap


def run_termpremium(config: RunConfig) -> TermPremiumRun:
    """Fit the curves and the ACM model; attribute the configured window."""
    import time

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    store = store_from_config(config)
    par, prov = load_par_curve(store)
    base, end = config.parsed_window.resolve(
        pd.DatetimeIndex(par["10y"].dropna().index)
    )
    published = _published(store, prov)
    timings["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    month_end = par.groupby(pd.DatetimeIndex(par.index).to_period("M")).tail(1)
    m_params, m_err = fit_curves(month_end, store, "monthly", RUN_MONTHLY)
    timings["nss_monthly"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    days = par.index[(par.index >= min(DAILY_START, base))]
    d_params, d_err = fit_curves(par.loc[days], store, "daily", RUN_DAILY)
    timings["nss_daily"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    z_month = _zeros(m_params, 120)
    acm, pre, gap = estimate_acm(config, store, z_month, prov)
    model = acm.model
    timings["acm"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    z_daily = _zeros(d_params, 120, (240, 360))
    spec = TermStructureSpec(
        tenors=config.attribution.tenors,
        ci_level=config.attribution.ci_level,
        window_label=config.window,
    )
    # the window's two closes are fitted as ``attribute`` fits them (cold
    # starts, no warm-start path), so both commands give the same split: an NSS
    # fit can have several local minima, and a warm-started run of daily fits
    # may land in another one (the daily series below is for the figure)
    w_params, _ = fit_curves(par.loc[[base, end]], store, "closes", 1)
    z_window = _zeros(w_params, 120, (240, 360))
    result = attribute_term_structure(acm, z_window, par, base, end, spec)
    daily = term_premium_series(acm, z_daily, "10y")
    monthly = {
        n: acm.decompose(model.factors(z_month), (n,))["term_premium"][n]
        for n in ACM_IDS
    }
    validation = agreement(monthly, daily["term_premium"], published, ACM_IDS, KW_ID)
    kw = published.get(KW_ID)
    kw_change = (
        float(kw.loc[end] - kw.loc[base]) * 100.0
        if kw is not None and base in kw.index and end in kw.index
        else None
    )
    timings["attribute"] = time.perf_counter() - t0
    fit_err = pd.concat({"monthly": m_err, "daily": d_err})
    return TermPremiumRun(
        config, result, acm, fit_err, daily, published, validation, kw_change, prov,
        timings, pre, gap,
    )  # fmt: skip


def attribute_rows(
    config: RunConfig, store: DataStore
) -> tuple[AttributionResult, dict[str, Provenance]]:
    """Return the term-structure rows for ``attribute`` (month ends plus two closes).

    Only the window's base and end closes get daily NSS fits (cold starts), so
    ``attribute`` pays for the monthly estimation and two curves. The par-curve
    provenance comes back for the run's manifest.
    """
    par, prov = load_par_curve(store)
    base, end = config.parsed_window.resolve(
        pd.DatetimeIndex(par["10y"].dropna().index)
    )
    month_end = par.groupby(pd.DatetimeIndex(par.index).to_period("M")).tail(1)
    m_params, _ = fit_curves(month_end, store, "monthly", RUN_MONTHLY)
    d_params, _ = fit_curves(par.loc[[base, end]], store, "closes", 1)
    acm, _, _ = estimate_acm(config, store, _zeros(m_params, 120), prov)
    spec = TermStructureSpec(
        tenors=config.attribution.tenors,
        ci_level=config.attribution.ci_level,
        window_label=config.window,
    )
    result = attribute_term_structure(
        acm, _zeros(d_params, 120, (240, 360)), par, base, end, spec
    )
    return result, prov


def termpremium_outputs(
    run: TermPremiumRun,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Return the files of a run (name -> bytes) and its manifest details."""
    cfg = run.config
    files: dict[str, bytes] = {
        "termpremium.csv": to_csv_text(run.result).encode(),
        "termpremium.md": termpremium_markdown(run).encode(),
        "termpremium.tex": to_latex_text(
            run.result,
            f"Expected path and term premium, {cfg.window}.",
            label=f"{run_id(cfg, 'termpremium')}:termpremium",
            sources=sorted({p.source for p in run.provenance.values()}),
        ).encode(),
        "termpremium_validation.csv": run.validation.to_csv(
            index=False, float_format="%.4f", lineterminator="\n"
        ).encode(),
    }
    if cfg.output.figures:
        files["termpremium_10y.png"] = termpremium_png(run)
    details = {
        MODEL: {
            **run.result.details[MODEL],
            "acm_params": {k: float(v) for k, v in run.acm.params.items()},
            "acm_std_err": {k: float(v) for k, v in run.acm.std_err.items()},
            "seed": cfg.run.seed,
            **_sample_details(run),
        }
    }
    return files, details


def _sample_details(run: TermPremiumRun) -> dict[str, Any]:
    out: dict[str, Any] = {
        "presample": run.config.termpremium.presample,
        "var_bias_correction": run.config.termpremium.var_bias_correction,
    }
    if run.presample is not None:
        out["presample_note"] = run.presample.note
        out["presample_fit_rmse_bp_max"] = float(run.presample.fit_rmse_bp.max())
    if run.splice_gap_bp is not None and len(run.splice_gap_bp):
        first = run.splice_gap_bp.iloc[0]
        out["splice_gap_bp_first_month"] = {
            "month": f"{run.splice_gap_bp.index[0]:%Y-%m}",
            **{f"{k}y": round(float(v), 4) for k, v in first.items()},
        }
    if run.acm.bias is not None:
        out["var_bias"] = run.acm.bias.summary()
    return out


def write_termpremium(
    run: TermPremiumRun, out_root: Path, *, standalone: bool = False
) -> Path:
    """Write CSV, Markdown, LaTeX, the figure and the manifest, atomically.

    ``standalone`` adds a compilable ``termpremium_standalone.tex``.
    """
    files, details = termpremium_outputs(run)
    return write_with_manifest(
        run.config,
        "termpremium",
        with_standalone(files) if standalone else files,
        run.provenance,
        details,
        out_root,
    )
