"""Monthly TIC-like world: the purchases / valuation split is exact."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError, WindowError
from attribution.simulate import monthly_world


def test_holdings_change_is_purchases_plus_valuation() -> None:
    w = monthly_world(seed=2)
    diff = w.holdings.diff().iloc[1:]
    np.testing.assert_allclose(diff, w.purchases + w.valuation, atol=1e-9)
    # valuation = -duration x holdings at the start of the month x dy[%] / 100
    start = w.holdings.iloc[:-1].to_numpy()
    dy_pct = w.yields["change"].to_numpy()[:, None] / 100.0
    expected = -w.duration.to_numpy()[None, :] * start * dy_pct / 100.0
    np.testing.assert_allclose(w.valuation, expected, rtol=1e-12)
    assert w.duration[("japan", "official")] == 4.5
    levels = np.concatenate([[4.0], w.yields["level"].to_numpy()])
    np.testing.assert_allclose(np.diff(levels) * 100, w.yields["change"], atol=1e-9)


@pytest.mark.parametrize("scenario", ["none", "official_selling"])
def test_decomposition_adds_up_over_any_window(scenario: str) -> None:
    w = monthly_world(scenario, window_months=3, seed=4)
    for first, last in [(None, None), ("2020-01-31", "2024-06-30")]:
        split = w.decomposition(first, last)
        np.testing.assert_allclose(
            split["purchases"] + split["valuation"], split["change"], atol=1e-9
        )
    split = w.decomposition("2020-01-31", "2024-06-30")
    held = w.holdings
    np.testing.assert_allclose(
        split["change"], held.loc["2024-06-30"] - held.loc["2019-12-31"], atol=1e-9
    )
    assert list(split.index.names) == ["country", "sector"]


def test_official_selling_scenario_sells_three_percent() -> None:
    sell = monthly_world("official_selling", window_months=2, seed=5)
    base = monthly_world("none", window_months=2, seed=5)
    official = [c for c in sell.purchases.columns if c[1] == "official"]
    private = [c for c in sell.purchases.columns if c[1] == "private"]
    for t in (-2, -1):
        np.testing.assert_allclose(
            sell.purchases[official].iloc[t],
            -0.03 * sell.holdings[official].iloc[t - 1],
        )
    pd.testing.assert_frame_equal(sell.purchases[private], base.purchases[private])
    pd.testing.assert_frame_equal(sell.purchases.iloc[:-2], base.purchases.iloc[:-2])
    assert (sell.decomposition()["purchases"].loc[official] < 0).all()
    assert sell.window == (sell.purchases.index[-2], sell.purchases.index[-1])


def test_index_frame_seeds_and_errors() -> None:
    w = monthly_world(n_months=24, seed=1)
    assert w.purchases.index.freqstr == "ME" and w.purchases.index[-1] == (
        pd.Timestamp("2025-03-31")
    )
    assert w.holdings.index[0] == pd.Timestamp("2023-03-31")
    long = w.to_frame()
    assert list(long.columns) == [
        "date", "country", "sector", "holdings_bn", "net_purchases_bn", "valuation_bn"
    ]  # fmt: skip
    assert len(long) == 24 * 8 and not long.isna().any().any()
    again = monthly_world(n_months=24, seed=1)
    pd.testing.assert_frame_equal(w.holdings, again.holdings)
    assert "simulated data, not real" in w.description
    with pytest.raises(ModelSpecificationError, match="`scenario` must be one of"):
        monthly_world("selling")  # type: ignore[arg-type]
    with pytest.raises(WindowError, match="`first:last` must be a window"):
        w.decomposition("2030-01-31", "2030-02-28")
