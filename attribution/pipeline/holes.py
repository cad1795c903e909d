"""A data hole in one model's inputs: that model is "not estimated", the rest run.

``attribute`` runs each model family (weekly OLS, each weekly SVAR, the term
structure, the daily SVARs) under :func:`guarded`. A family whose inputs have
a hole (an empty sample, a window its data do not cover, a missing series, a
scheme with no admissible model) gets rows with status ``not_estimated`` and
the reason in ``note``, and the run goes on; only when no model runs does the
run fail (:func:`check_some_model_ran`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from attribution.engine.holes import not_estimated_result
from attribution.engine.result import AttributionResult
from attribution.exceptions import (
    AttributionError,
    EmptySampleError,
    IdentificationError,
    UnknownSeriesError,
    WindowError,
)

#: Errors that mean "this model's data cannot answer", not "the input is wrong".
DATA_HOLES: tuple[type[AttributionError], ...] = (
    EmptySampleError,
    IdentificationError,
    UnknownSeriesError,
    WindowError,
)

T = TypeVar("T")

__all__ = [
    "DATA_HOLES",
    "check_some_model_ran",
    "guarded",
    "not_estimated_result",
]


def guarded(
    models: Sequence[str],
    run: Callable[[], T],
    fallback: Callable[[str, str], AttributionResult],
    failures: dict[str, str],
) -> T | list[AttributionResult]:
    """Return ``run()``, or one :func:`not_estimated_result` per model on a hole.

    ``fallback(model, why)`` builds a model's rows; ``failures`` collects
    model -> reason for :func:`check_some_model_ran`.
    """
    try:
        return run()
    except DATA_HOLES as exc:
        why = str(exc).splitlines()[0].rstrip(".")
        failures.update(dict.fromkeys(models, why))
        return [fallback(m, why) for m in models]


def check_some_model_ran(models: Sequence[str], failures: dict[str, str]) -> None:
    """Raise if every configured model hit a data hole, naming each reason."""
    if models and all(m in failures for m in models):
        reasons = "; ".join(f"{m}: {failures[m]}" for m in models)
        raise EmptySampleError(f"no model could be estimated ({reasons})")
