"""The stub and actual rows every engine adds: one definition of each.

A window's ``actual`` row is the change of the daily close from the window's
base close to its end close, in bp. The model explains only the periods it
sees (whole Wednesday-to-Wednesday weeks, or days on which every market
closed); the ``stub`` is the rest of the actual change, so that the rows add
up to ``actual``:

* weekly models (:func:`weekly_stub_bp`): the model weeks run from the close
  on or before the Wednesday a week before the first model week to the close
  on or before the last model Wednesday; the stub is the change from the base
  close to the first of those closes plus the change from the second to the
  end close;
* daily models: the stub is the actual change minus the sum of the model
  days' changes (``actual - inside``), because the days left out (a close
  missing in one market) need not be contiguous.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from attribution.engine.result import exact_row
from attribution.panel import close_on_or_before


def window_change_bp(levels: pd.Series, base: Any, end: Any) -> float:
    """Return the change of ``levels`` from the ``base`` close to the ``end`` one, bp.

    ``levels`` are in percent (a yield), so the change is multiplied by 100.

    Examples
    --------
    >>> s = pd.Series([4.01, 4.20, 4.48], index=pd.to_datetime(
    ...     ["2025-04-02", "2025-04-04", "2025-04-11"]))
    >>> round(window_change_bp(s, s.index[0], s.index[-1]), 10)
    47.0
    """
    return (float(levels[end]) - float(levels[base])) * 100.0


def weekly_stub_bp(
    levels: pd.Series, weeks: pd.DatetimeIndex, base: Any, end: Any
) -> tuple[float, float]:
    """Return (model-weeks change, stub) in bp for a window's model ``weeks``.

    Parameters
    ----------
    levels : Series
        Daily closes (percent).
    weeks : DatetimeIndex
        The model's Wednesdays inside the window (each week ends on one).
    base, end : Timestamp
        The window's base and end closes.

    Returns
    -------
    inside : float
        The change over the model weeks: from the close on or before
        ``weeks[0] - 7 days`` to the close on or before ``weeks[-1]``.
    stub : float
        (first edge - base close) + (end close - second edge).

    Examples
    --------
    >>> s = pd.Series([4.00, 4.10, 4.30, 4.35], index=pd.to_datetime(
    ...     ["2025-04-01", "2025-04-02", "2025-04-09", "2025-04-11"]))
    >>> inside, stub = weekly_stub_bp(
    ...     s, pd.DatetimeIndex(["2025-04-09"]), s.index[0], s.index[-1])
    >>> round(inside, 10), round(stub, 10)
    (20.0, 15.0)
    """
    edges = close_on_or_before(
        levels, pd.DatetimeIndex([weeks[0] - pd.Timedelta(days=7), weeks[-1]])
    )
    inside = float(edges.iloc[1] - edges.iloc[0]) * 100.0
    stub = (
        (float(edges.iloc[0]) - float(levels[base]))
        + (float(levels[end]) - float(edges.iloc[1]))
    ) * 100.0
    return inside, stub


def stub_and_actual_rows(
    tenor: str, stub: float, actual: float
) -> list[dict[str, Any]]:
    """Return the exact ``stub`` and ``actual`` rows of one tenor, in that order."""
    return [
        exact_row(tenor, "stub", "stub", stub),
        exact_row(tenor, "actual", "actual", actual),
    ]


__all__ = ["stub_and_actual_rows", "weekly_stub_bp", "window_change_bp"]
