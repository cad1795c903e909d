"""The one monthly aggregation, against hand sums of the bundled FRED rows.

The expected values are the publisher's daily rows (FRED H.10 DEXUSEU, H.15
DGS10, ``attribution/datasets/snapshot/fred.parquet``) for April 2025 added up
by hand; the complete-month rule against the snapshot's last rows (DEXUSEU
ends with the 2 January 2026 noon rate, DGS10 with the 20 February 2026 close).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.features.monthly import month_end_close, monthly_mean
from attribution.sources.store import DataStore

APR = pd.Timestamp("2025-04-30")


@pytest.fixture(scope="module")
def fred() -> dict[str, pd.Series]:
    store = DataStore(use_cache=False)
    return {s: store.get(s) for s in ("DEXUSEU", "DGS10")}


def test_april_2025_means_are_the_hand_sums(fred: dict[str, pd.Series]) -> None:
    # 22 noon rates: 1.08 + 1.0868 + ... + 1.1349 = 24.7099
    assert monthly_mean(fred["DEXUSEU"])[APR] == pytest.approx(24.7099 / 22, 1e-12)
    # 21 closes: 4.17 + 4.20 + ... + 4.17 = 89.86
    assert monthly_mean(fred["DGS10"])[APR] == pytest.approx(89.86 / 21, 1e-12)


def test_april_2025_month_end_closes(fred: dict[str, pd.Series]) -> None:
    assert month_end_close(fred["DEXUSEU"])[APR] == 1.1349  # the 30 April row
    assert month_end_close(fred["DGS10"])[APR] == 4.17


def test_a_month_the_data_leave_early_has_no_average(
    fred: dict[str, pd.Series],
) -> None:
    eur, us = monthly_mean(fred["DEXUSEU"]), monthly_mean(fred["DGS10"])
    # one noon rate (2 Jan) is not January's average; DGS10 stops 8 days early
    assert eur.index[-1] == pd.Timestamp("2026-01-31") and np.isnan(eur.iloc[-1])
    assert us.index[-1] == pd.Timestamp("2026-02-28") and np.isnan(us.iloc[-1])
    assert eur[pd.Timestamp("2025-12-31")] == pytest.approx(
        fred["DEXUSEU"]["2025-12"].mean(), 1e-12
    )


def test_an_incomplete_month_inside_the_sample_is_nan_not_bridged() -> None:
    s = pd.Series(
        [1.0, 3.0, 10.0, 7.0],
        index=pd.to_datetime(["2025-01-02", "2025-01-31", "2025-02-10", "2025-03-28"]),
    )
    assert monthly_mean(s).tolist()[0] == 2.0
    assert np.isnan(monthly_mean(s).iloc[1])  # February's last close is 18 days early
    assert monthly_mean(s).iloc[2] == 7.0  # 28 March is within 5 days of the end
    assert month_end_close(s, slack=2).isna().tolist() == [False, True, True]
