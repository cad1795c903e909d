"""Day and ISO-week windows, and the largest move inside a window."""

from __future__ import annotations

import pandas as pd
import pytest

from attribution.config import Window
from attribution.engine.largest_move import largest_move
from attribution.exceptions import WindowError

# DGS10 closes as published in FRED's DGS10.csv, 31 March to 1 May 2025
# (18 April, Good Friday, is blank in the file).
_ROWS = """2025-03-31,4.23 2025-04-01,4.17 2025-04-02,4.20 2025-04-03,4.06
2025-04-04,4.01 2025-04-07,4.15 2025-04-08,4.26 2025-04-09,4.34 2025-04-10,4.40
2025-04-11,4.48 2025-04-14,4.38 2025-04-15,4.35 2025-04-16,4.29 2025-04-17,4.34
2025-04-21,4.42 2025-04-22,4.41 2025-04-23,4.40 2025-04-24,4.32 2025-04-25,4.29
2025-04-28,4.23 2025-04-29,4.19 2025-04-30,4.17 2025-05-01,4.25"""
_PAIRS = [p.split(",") for p in _ROWS.split()]
DGS10 = pd.Series(
    [float(v) for _, v in _PAIRS], index=pd.DatetimeIndex([d for d, _ in _PAIRS])
)


def test_the_april_selloff_is_the_largest_move_of_the_month() -> None:
    found = largest_move(DGS10, Window.parse("2025-04"))
    assert found is not None
    win, move = found
    assert win.label == "2025-04-04:2025-04-11"
    assert move == pytest.approx(47.0, abs=1e-9)


def test_a_window_that_is_its_own_largest_move_has_none() -> None:
    assert largest_move(DGS10, Window.parse("2025-04-04:2025-04-11")) is None
    assert largest_move(DGS10, Window.parse("2025-04-09")) is None


def test_day_and_week_windows_resolve_to_their_closes() -> None:
    dates = pd.DatetimeIndex(DGS10.index)
    assert Window.parse("2025-04-09").resolve(dates) == (
        pd.Timestamp("2025-04-08"),
        pd.Timestamp("2025-04-09"),
    )
    assert Window.parse("2025-W15").resolve(dates) == (
        pd.Timestamp("2025-04-04"),
        pd.Timestamp("2025-04-11"),
    )


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-W54", "2025-W00"])
def test_bad_day_or_week_is_a_window_error(bad: str) -> None:
    with pytest.raises(WindowError, match="window"):
        Window.parse(bad)
