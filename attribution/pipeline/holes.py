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

import pandas as pd

from attribution.config.window import Window
from attribution.engine.result import (
    AttributionResult,
    attribution_table,
    not_estimated_row,
)
from attribution.engine.stub import stub_and_actual_rows, window_change_bp
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


def not_estimated_result(
    model: str,
    tenors: Sequence[str],
    daily_yields: pd.DataFrame,
    window: Window,
    why: str,
    ci_level: float,
) -> AttributionResult:
    """Rows of a model that could not run: NA contributions, the change as stub.

    Parameters
    ----------
    model : str
        The model's name.
    tenors : sequence of str
        Tenor labels, columns of ``daily_yields``.
    daily_yields : DataFrame
        Daily closes in percent (``10y`` among the columns).
    window : Window
        The run's window.
    why : str
        The reason, written into every row's ``note`` and the details.
    ci_level : float
        Interval level recorded on the rows.

    Raises
    ------
    WindowError
        If the 10y closes do not cover the window either (then nothing runs).
    """
    base, end = window.resolve(pd.DatetimeIndex(daily_yields["10y"].dropna().index))
    records = []
    for tenor in tenors:
        move = window_change_bp(daily_yields[tenor], base, end)
        records += [
            not_estimated_row(tenor, "all", "driver", why),
            *stub_and_actual_rows(tenor, move, move),
        ]
    table = attribution_table(
        records,
        model=model,
        identification=f"not estimated: {why}",
        ci_level=ci_level,
        window_label=window.label,
        base=base,
        end=end,
    )
    details = {model: {"estimated": False, "data_hole": True, "note": why}}
    return AttributionResult(table, details)


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
