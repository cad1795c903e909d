"""The result of a model whose data have a hole: NA contributions, the change as stub.

:mod:`attribution.pipeline.holes` decides when a model's data cannot answer
(``DATA_HOLES``); this builds that model's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from attribution.config.window import Window
from attribution.engine.details import NotEstimatedDetails
from attribution.engine.result import (
    AttributionResult,
    attribution_table,
    not_estimated_row,
)
from attribution.engine.stub import stub_and_actual_rows, window_change_bp


def not_estimated_result(
    model: str,
    tenors: Sequence[str],
    daily_yields: pd.DataFrame,
    window: Window,
    why: str,
    level: float,
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
    level : float
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
        level=level,
        window_label=window.label,
        base=base,
        end=end,
    )
    details = NotEstimatedDetails(note=why, data_hole=True)
    return AttributionResult(table, {model: details})


__all__ = ["not_estimated_result"]
