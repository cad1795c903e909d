"""The ``termpremium`` run: load the series, estimate, render, write.

Orchestration only: the par curve, the published term premia and the NY Fed's
pre-sample zero yields are loaded here; the estimation (NSS fits, ACM, the
window's split, the agreement) is
:func:`attribution.engine.termstructure_run.run_term_structure`; the text and
the manifest details are rendered by
:mod:`attribution.reports.termstructure_report`. NSS parameters are cached in
the data cache (keyed by a hash of the par yields and the fitter version), so a
re-run skips the fits; the whole run's outputs are cached by
:mod:`attribution.pipeline.termpremium`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.result import AttributionResult
from attribution.engine.termstructure import TermStructureSpec
from attribution.engine.termstructure_fit import FrameCache
from attribution.engine.termstructure_run import (
    TermStructureInputs,
    TermStructureRun,
    run_term_structure,
    window_term_structure,
)
from attribution.exceptions import EmptySampleError, UnknownSeriesError
from attribution.models.termstructure.presample import NYFED_COLUMNS
from attribution.pipeline.common import (
    run_id,
    store_from_config,
    with_standalone,
    write_with_manifest,
)
from attribution.pipeline.termpremium import (
    ACM_IDS,
    BLOCK_LENGTH,
    KW_ID,
    N_BOOT,
    PAR_TENORS,
    SAMPLE_START,
)
from attribution.reports.latex import to_latex_text
from attribution.reports.tables import to_csv_text
from attribution.reports.termstructure_report import (
    termpremium_markdown,
    termpremium_png,
    termstructure_details,
)
from attribution.sources.store import DataStore, Provenance

logger = logging.getLogger(__name__)

__all__ = [
    "BLOCK_LENGTH",
    "N_BOOT",
    "TermPremiumRun",
    "attribute_rows",
    "load_inputs",
    "load_nyfed_zero",
    "load_par_curve",
    "run_termpremium",
    "termpremium_outputs",
    "write_termpremium",
]


@dataclass(frozen=True)
class TermPremiumRun:
    """A finished ``termpremium`` run: its config, estimation and provenance."""

    config: RunConfig
    estimate: TermStructureRun
    provenance: dict[str, Provenance]
    timings: dict[str, float]


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


def load_nyfed_zero(
    config: RunConfig, store: DataStore, prov: dict[str, Provenance]
) -> pd.DataFrame | None:
    """Load the NY Fed's zero yields ``ACMY01..ACMY10`` if the pre-sample needs them.

    Returns None with ``termpremium.presample: none``; adds the series'
    provenance to ``prov``.

    Raises
    ------
    EmptySampleError
        If ``nyfed_1961`` is configured and the store lacks one of the series.
    """
    if config.termpremium.presample != "nyfed_1961":
        return None
    cols = {}
    for n, sid in NYFED_COLUMNS.items():
        try:
            cols[n], prov[sid] = store.load(sid)
        except UnknownSeriesError:
            raise EmptySampleError(
                f"termpremium.presample: nyfed_1961 needs {sid}, which the "
                "store does not have; set termpremium.presample: none."
            ) from None
    return pd.DataFrame(cols)


def load_inputs(
    config: RunConfig, store: DataStore, *, published: bool = True
) -> tuple[TermStructureInputs, dict[str, Provenance]]:
    """Load the run's data: par curve, closes, published series, pre-sample.

    ``published=False`` (``attribute``) skips the ACM and Kim-Wright series.
    """
    par, prov = load_par_curve(store)
    base, end = config.parsed_window.resolve(
        pd.DatetimeIndex(par["10y"].dropna().index)
    )
    pub = _published(store, prov) if published else {}
    inputs = TermStructureInputs(
        par=par,
        base=base,
        end=end,
        published=pub,
        acm_ids=ACM_IDS,
        kw_id=KW_ID,
        nyfed_zero=load_nyfed_zero(config, store, prov),
    )
    return inputs, prov


def _spec(config: RunConfig) -> TermStructureSpec:
    return TermStructureSpec(
        tenors=config.attribution.tenors,
        level=config.attribution.level,
        window_label=config.window,
    )


def _cache(store: DataStore) -> FrameCache | None:
    return store.cache if store.use_cache else None


def run_termpremium(config: RunConfig) -> TermPremiumRun:
    """Load the series, then fit the curves and the ACM model; split the window."""
    t0 = time.perf_counter()
    store = store_from_config(config)
    inputs, prov = load_inputs(config, store)
    timings = {"load": time.perf_counter() - t0}
    estimate = run_term_structure(
        inputs, _spec(config), config.termpremium, config.run.seed, _cache(store)
    )
    timings.update(estimate.timings)
    return TermPremiumRun(config, estimate, prov, timings)


def attribute_rows(
    config: RunConfig, store: DataStore
) -> tuple[AttributionResult, dict[str, Provenance]]:
    """Return the term-structure rows for ``attribute`` (month ends plus two closes).

    Only the window's base and end closes get daily NSS fits (cold starts), so
    ``attribute`` pays for the monthly estimation and two curves. The par-curve
    provenance comes back for the run's manifest.
    """
    inputs, prov = load_inputs(config, store, published=False)
    result = window_term_structure(
        inputs, _spec(config), config.termpremium, config.run.seed, _cache(store)
    )
    return result, prov


def termpremium_outputs(
    run: TermPremiumRun,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Return the files of a run (name -> bytes) and its manifest details."""
    cfg, est = run.config, run.estimate
    files: dict[str, bytes] = {
        "termpremium.csv": to_csv_text(est.result).encode(),
        "termpremium.md": termpremium_markdown(est).encode(),
        "termpremium.tex": to_latex_text(
            est.result,
            f"Expected path and term premium, {cfg.window}.",
            label=f"{run_id(cfg, 'termpremium')}:termpremium",
            sources=sorted({p.source for p in run.provenance.values()}),
        ).encode(),
        "termpremium_validation.csv": est.validation.to_csv(
            index=False, float_format="%.4f", lineterminator="\n"
        ).encode(),
    }
    if cfg.output.figures:
        files["termpremium_10y.png"] = termpremium_png(est)
    return files, termstructure_details(est)


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
