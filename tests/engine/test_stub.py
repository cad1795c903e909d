"""The one stub arithmetic, against April 2025 DGS10 closes read off FRED's file.

Window 2025-04: base close 31 March (4.23), end close 30 April (4.17). The
weekly models' first week ends Wednesday 9 April, so their weeks run from
the 2 April close (4.20) to the 30 April close (4.17): by hand the weeks
explain 4.17 - 4.20 = -3 bp and the stub is (4.20 - 4.23) + (4.17 - 4.17)
= -3 bp of the -6 bp move.
"""

from __future__ import annotations

import pandas as pd
import pytest

from attribution.engine.stub import (
    stub_and_actual_rows,
    weekly_stub_bp,
    window_change_bp,
)
from attribution.sources.store import DataStore

BASE, END = pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30")
WEEKS = pd.date_range("2025-04-09", "2025-04-30", freq="W-WED")


@pytest.fixture(scope="module")
def dgs10() -> pd.Series:
    return DataStore(use_cache=False).get("DGS10")


def test_window_change_is_the_hand_difference(dgs10: pd.Series) -> None:
    assert window_change_bp(dgs10, BASE, END) == pytest.approx(-6.0, abs=1e-9)


def test_weekly_stub_by_hand(dgs10: pd.Series) -> None:
    inside, stub = weekly_stub_bp(dgs10, WEEKS, BASE, END)
    assert inside == pytest.approx(-3.0, abs=1e-9)
    assert stub == pytest.approx(-3.0, abs=1e-9)
    assert inside + stub == pytest.approx(window_change_bp(dgs10, BASE, END), abs=1e-9)


def test_rows_are_exact_and_in_order() -> None:
    rows = stub_and_actual_rows("10y", -3.0, -6.0)
    assert [r["driver"] for r in rows] == ["stub", "actual"]
    assert [(r["lower_bp"], r["upper_bp"], r["std_err_bp"]) for r in rows] == [
        (-3.0, -3.0, 0.0),
        (-6.0, -6.0, 0.0),
    ]
    assert {r["status"] for r in rows} == {"exact"}
