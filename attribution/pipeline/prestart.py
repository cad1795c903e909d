"""Start the daily sign models in the worker before ``attribute``'s heavy imports.

The daily sign models (``svar_sign_daily``, ``svar_narrative_daily``) are the
longest step of ``attribute`` and need only the config. The CLI calls
:func:`start_daily_signs` right after the config is validated: the worker
process imports the daily code, builds the same panel and runs the sign
models while the main process is still importing the weekly models, building
its own panel and running the other models (docs/performance.md). The worker
computes exactly what the main process would (same code, same panel, same
seeds), so the outputs do not change; with ``ATTRIBUTION_JOBS=1`` nothing is
started here and the models run inline.

This module imports only the config and :mod:`attribution.pipeline.background`
(no numpy, pandas or model code), so that calling it costs the main process
almost nothing before its own imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attribution.config.schema import RunConfig
from attribution.pipeline.background import Pending, n_jobs, start

if TYPE_CHECKING:
    from attribution.config.window import Window
    from attribution.engine.result import AttributionResult

#: the daily models, in the order they run and lead the table
DAILY_MODELS = ("svar_hetero_daily", "svar_sign_daily", "svar_narrative_daily")
#: the daily models identified by sign restrictions (the worker's step)
SIGN_MODELS = ("svar_sign_daily", "svar_narrative_daily")

#: what the sign step returns: the windows it ran on and, per window, the rows
SignsResult = tuple[list["Window"], list[dict[str, "AttributionResult"]]]


def sign_models(models: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Return the sign-identified daily models among ``models``, in order."""
    return tuple(m for m in models if m in SIGN_MODELS)


def start_daily_signs(config: RunConfig) -> Pending[SignsResult] | None:
    """Start the config's daily sign models in the worker; ``None`` if not started.

    Nothing is started when the config runs no sign model or when one job
    is allowed (``ATTRIBUTION_JOBS=1``, one core): the models then run in
    :func:`attribution.pipeline.attribute.run_attribution` as before.
    """
    models = sign_models(config.attribution.models)
    if not models or n_jobs() < 2:
        return None
    return start(_daily_signs, config, models)


def _daily_signs(config: RunConfig, models: tuple[str, ...]) -> SignsResult:
    """Run in the worker: import the daily code there, not in the caller.

    The worker is the CLI's own process, so it gets the CLI's collector
    setting (:func:`attribution.pipeline.process.tune_collector`).
    """
    from attribution.pipeline.attribute_inputs import daily_signs
    from attribution.pipeline.process import tune_collector

    tune_collector()

    return daily_signs(config, models)
