"""``attribute``: the chain from sources to the written contribution files.

sources -> panel -> the weekly design (OLS and weekly SVARs), the daily panel
(daily SVARs, flow bounds) and the par curve (ACM term structure) -> one
engine attribution per configured model -> one ``AttributionResult`` -> CSV,
Markdown, LaTeX, PNG and manifest in one atomic run folder
(:mod:`attribution.pipeline.attribute_write`). The daily models run last (the
weekly ones fail fast on bad input) but lead the table.
docs/architecture.md traces one cell of it from the CLI to the source file.

The daily sign models, the longest step, run in a worker process
(:mod:`attribution.pipeline.prestart`, :mod:`attribution.pipeline.background`):
:func:`start_attribution` runs everything that does not need them,
:func:`finish_attribution` waits for them. :func:`attribute_and_write` (the
CLI's path) draws the figures of the models already done and gathers the
report's facts in between, so that only the sign models' own figures and
the report text are left after the wait. Same code, same seeds, same bytes
as :func:`run_attribution` then :func:`write_attribution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.result import AttributionResult
from attribution.engine.svar_weekly import SvarSpec, attribute_svar
from attribution.engine.weekly_ols import (
    MODEL,
    MODEL_TOTAL,
    WeeklySpec,
    attribute_weekly_ols,
)
from attribution.features.weekly import YIELD_IDS, weekly_design
from attribution.panel import Panel
from attribution.pipeline.attribute_inputs import attribution_panel
from attribution.pipeline.attribute_write import (
    Rendered,
    _details_for_manifest,
    prerender,
    write_parts,
)
from attribution.pipeline.background import Pending
from attribution.pipeline.common import store_from_config
from attribution.pipeline.daily import (
    DAILY_MODELS,
    DailyBegun,
    begin_daily_models,
    end_daily_models,
    start_daily_models,
)
from attribution.pipeline.holes import (
    check_some_model_ran,
    guarded,
    not_estimated_result,
)
from attribution.pipeline.prestart import SignsResult
from attribution.pipeline.report_inputs import ReportExtras, report_extras
from attribution.sources.store import DataStore

__all__ = [
    "AttributionRun",
    "StartedRun",
    "_details_for_manifest",
    "attribute_and_write",
    "finish_attribution",
    "run_attribution",
    "start_attribution",
    "write_attribution",
]


@dataclass(frozen=True)
class AttributionRun:
    """A finished attribution: the result and the panel it came from.

    ``largest`` is the daily models' attribution of the largest move inside
    the window (``None`` when there is none, or no daily model runs).
    """

    config: RunConfig
    result: AttributionResult
    panel: Panel
    largest: AttributionResult | None = None
    flows: dict[str, pd.DataFrame] = field(default_factory=dict)
    extras: ReportExtras = field(default_factory=ReportExtras)


@dataclass
class StartedRun:
    """An attribution with every model done but the daily sign models.

    ``results`` are the weekly and term-structure models' rows (table order);
    ``daily`` is the daily models' part that is done (``svar_hetero_daily``
    and the flow tables), or their not-estimated rows after a data hole;
    ``failures`` maps a model to its data hole (pipeline/holes.py).
    """

    config: RunConfig
    store: DataStore
    panel: Panel
    yields: pd.DataFrame
    results: list[AttributionResult]
    failures: dict[str, str]
    daily_models: list[str]
    daily: DailyBegun | list[AttributionResult] | None
    extras: ReportExtras

    def hole(self, model: str, why: str) -> AttributionResult:
        """Return the rows of ``model`` when its data cannot answer (``why``)."""
        att = self.config.attribution
        return not_estimated_result(
            model, att.tenors, self.yields, self.config.parsed_window, why, att.level
        )

    def done(self) -> list[AttributionResult]:
        """Return the results known now, in the order they lead the final table."""
        if isinstance(self.daily, DailyBegun):
            return [*self.daily.runs[0][0], *self.results]
        return [*(self.daily or []), *self.results]

    def first_row_known(self) -> bool:
        """Whether the final table's first row is among :meth:`done`'s rows."""
        if not isinstance(self.daily, DailyBegun):
            return True
        # the daily rows lead, svar_hetero_daily first (pipeline/daily.py)
        return "svar_hetero_daily" in self.daily_models


def _combined(results: list[AttributionResult]) -> AttributionResult:
    return AttributionResult(
        pd.concat([r.table for r in results], ignore_index=True),
        {k: v for r in results for k, v in r.details.items()},
        {k: v for r in results for k, v in r.draws.items()},
        {k: v for r in results for k, v in r.figures.items()},
    )


def start_attribution(
    config: RunConfig, signs: Pending[SignsResult] | None = None
) -> StartedRun:
    """Run every configured model but the daily sign ones (started meanwhile).

    ``signs`` is the sign models already started from the config
    (:func:`attribution.pipeline.prestart.start_daily_signs`); without it
    they are started here, after the panel. Also gathers the report's facts
    and diagnostics. No files are written.
    """
    store = store_from_config(config)
    att = config.attribution
    svar_models = [
        m for m in att.models if m.startswith("svar") and m not in DAILY_MODELS
    ]
    daily_models: list[str] = [m for m in att.models if m in DAILY_MODELS]
    panel = attribution_panel(config, store)
    # the daily sign models (the longest step) run in a worker meanwhile
    job = (
        start_daily_models(config, panel, daily_models, signs) if daily_models else None
    )
    yields = pd.DataFrame({t: panel.daily[YIELD_IDS[t]] for t in att.tenors})
    yields["10y"] = panel.daily[YIELD_IDS["10y"]]
    run = StartedRun(
        config, store, panel, yields, [], {}, daily_models, None, ReportExtras()
    )
    results, failures, hole = run.results, run.failures, run.hole
    ols_models = [m for m in att.models if m in (MODEL, MODEL_TOTAL)]
    for m in ols_models:
        results += guarded(
            [m], partial(_ols, config, panel, yields, [m]), hole, failures
        )
    for m in svar_models:
        results += guarded(
            [m], partial(_svar, config, panel, yields, [m]), hole, failures
        )
    if "acm_termstructure" in att.models:
        from attribution.pipeline.termpremium import attribute_rows

        got = guarded(
            ["acm_termstructure"], lambda: attribute_rows(config, store), hole, failures
        )
        if isinstance(got, list):
            results += got
        else:
            results.append(got[0])
            run.panel = replace(panel, provenance={**panel.provenance, **got[1]})
    # the daily models run last (the weekly ones fail fast on bad input) but
    # lead the table: they are the ones that see inside a week
    if job is not None:
        run.daily = guarded(
            daily_models,
            lambda: begin_daily_models(config, store, run.panel, job),
            hole,
            failures,
        )
    # as before the report's inputs: fail when no model could run at all
    check_some_model_ran(att.models, failures)
    run.extras = report_extras(config, store, run.panel, bool(daily_models))
    return run


def finish_attribution(run: StartedRun) -> AttributionRun:
    """Collect the daily sign models (waiting for the worker) and combine."""
    largest: AttributionResult | None = None
    flows: dict[str, pd.DataFrame] = {}
    results = list(run.results)
    begun = run.daily
    if isinstance(begun, DailyBegun):
        got = guarded(
            run.daily_models,
            lambda: end_daily_models(run.config, begun),
            run.hole,
            run.failures,
        )
        if isinstance(got, list):
            results = got + results
        else:
            daily_results, largest, flows = got
            results = daily_results + results
    elif begun is not None:
        results = begun + results
    check_some_model_ran(run.config.attribution.models, run.failures)
    return AttributionRun(
        run.config, _combined(results), run.panel, largest, flows, run.extras
    )


def run_attribution(
    config: RunConfig, signs: Pending[SignsResult] | None = None
) -> AttributionRun:
    """Compute the attribution a config describes, for every configured model.

    ``signs``: see :func:`start_attribution`. No files are written.
    """
    return finish_attribution(start_attribution(config, signs))


def write_attribution(
    run: AttributionRun, out_root: Path, *, standalone: bool = False
) -> Path:
    """Write CSV, Markdown, LaTeX, PNG and manifest into ``out_root/<run-id>/``.

    The folder appears atomically. ``standalone`` adds, for each ``<name>.tex``,
    a compilable ``<name>_standalone.tex``.
    """
    return write_parts(run, out_root, standalone=standalone)


def attribute_and_write(
    config: RunConfig,
    out_root: Path,
    *,
    standalone: bool = False,
    signs: Pending[SignsResult] | None = None,
) -> tuple[AttributionRun, Path]:
    """:func:`run_attribution` then :func:`write_attribution`, overlapped.

    While the worker runs the daily sign models, the figures of the models
    already done are drawn (:func:`attribution.pipeline.attribute_write.prerender`);
    the files are those of the two calls in sequence, byte for byte.
    """
    started = start_attribution(config, signs)
    done = started.done()
    rendered = (
        prerender(_combined(done), started.panel, config, started.first_row_known())
        if done
        else Rendered()
    )
    run = finish_attribution(started)
    return run, write_parts(run, out_root, standalone=standalone, rendered=rendered)


def _ols(
    config: RunConfig, panel: Panel, daily: pd.DataFrame, ols_models: list[str]
) -> list[AttributionResult]:
    """Run the weekly OLS models (``ols_weekly``, ``ols_weekly_total``)."""
    att = config.attribution
    results = []
    if ols_models:
        design = weekly_design(
            panel, measure=att.positioning.measure, dv01=att.positioning.dv01
        )
        for sid in att.extra_drivers:
            design[sid] = panel.weekly[sid].diff()
        spec = WeeklySpec(
            tenors=att.tenors,
            drivers=(*att.drivers, *att.extra_drivers),
            controls=att.controls,
            estimation_start=pd.Timestamp(config.estimation.start),
            estimation_end=pd.Timestamp(config.estimation.end)
            if config.estimation.end
            else None,
            level=att.level,
            kernel=att.hac.kernel,
            bandwidth=att.hac.bandwidth,
        )
        for model in ols_models:
            variant = (
                spec
                if model == MODEL
                else replace(spec, controls=(), model=MODEL_TOTAL)
            )
            results.append(
                attribute_weekly_ols(design, daily, config.parsed_window, variant)
            )
    return results


def _svar(
    config: RunConfig, panel: Panel, daily: pd.DataFrame, svar_models: list[str]
) -> list[AttributionResult]:
    """Run the weekly SVARs (sign, narrative, recursive)."""
    att = config.attribution
    results = []
    if svar_models:
        design = weekly_design(panel, measure="tff_10y_derived")
        if att.svar.swap_spread:
            design["swap_spread"] = panel.weekly[att.svar.swap_spread].diff()
        shocks = (
            {
                name: shock.model_dump(mode="json")
                for name, shock in att.svar.shocks.items()
            }
            if att.svar.shocks is not None
            else None
        )
        sv = SvarSpec(
            tenors=att.tenors,
            estimation_start=pd.Timestamp(config.estimation.start),
            n_lags=att.svar.n_lags,
            n_draws=att.svar.n_draws,
            n_boot=att.svar.n_boot,
            n_rotations=att.svar.n_rotations,
            level=att.level,
            seed=config.run.seed,
            shocks=shocks,
            driver_shocks=att.svar.driver_shocks,
            swap_spread=att.svar.swap_spread is not None,
            narrative=tuple(n.model_dump(mode="json") for n in att.svar.narrative),
            mc_tol=att.svar.mc_tol,
            max_boot=att.svar.max_boot,
            sensitivity=config.report.diagnostics == "full",
        )
        for model in svar_models:
            results.append(
                attribute_svar(design, daily, config.parsed_window, sv, model)
            )
    return results
