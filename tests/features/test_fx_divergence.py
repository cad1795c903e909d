"""FX sign conventions against the H.10 quotes, and the divergence estimator against
simulation truth (exact recovery without noise; band coverage with noise)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import EmptySampleError
from attribution.features import fx
from attribution.features.divergence import (
    estimate_divergence,
    panel_divergence,
    simulate_fx_divergence,
)
from attribution.panel import Panel


def test_fx_returns_are_positive_when_the_foreign_currency_strengthens(
    real_panel: Panel,
) -> None:
    r = fx.fx_returns(real_panel)
    # H.10: JPY per USD 147.02 (2025-04-08) -> 145.09 (04-09): the yen strengthened
    assert r.at[pd.Timestamp("2025-04-09"), "japan"] == pytest.approx(
        -100 * np.log(145.09 / 147.02), abs=1e-9
    )
    assert r.at[pd.Timestamp("2025-04-09"), "japan"] > 0
    # USD per EUR 1.0912 -> 1.104: the euro strengthened
    assert r.at[pd.Timestamp("2025-04-09"), "germany"] == pytest.approx(
        100 * np.log(1.104 / 1.0912), abs=1e-9
    )


def test_daily_differential_is_us_minus_japan_in_bp(real_panel: Panel) -> None:
    d = fx.rate_differentials_daily(real_panel)
    # DGS10 4.34, MoF JGB 10y 1.284 on 2025-04-09
    assert d.at[pd.Timestamp("2025-04-09"), "japan"] == pytest.approx(
        (4.34 - 1.284) * 100
    )


def test_noise_free_simulation_recovers_the_injected_divergence_exactly() -> None:
    data, truth = simulate_fx_divergence(
        sigma=1e-9, injected=4.0, beta=-0.02, const=0.01, seed=1
    )
    res = estimate_divergence(data, sample=truth["sample"], window=truth["window"])
    assert res.divergence == pytest.approx(4.0, abs=1e-6)
    assert res.params["beta"] == pytest.approx(-0.02, abs=1e-9)
    assert res.params["const"] == pytest.approx(0.01, abs=1e-9)
    assert res.fx_move - res.explained == pytest.approx(res.divergence)


def test_band_covers_the_truth_at_its_nominal_rate() -> None:
    rng = np.random.default_rng(20250401)
    hits, errors = [], []
    for _ in range(400):
        data, truth = simulate_fx_divergence(
            n_sample=250, n_window=10, injected=2.0, seed=rng
        )
        res = estimate_divergence(
            data, sample=truth["sample"], window=truth["window"], level=0.90
        )
        hits.append(res.lower <= 2.0 <= res.upper)
        errors.append(res.divergence - 2.0)
    # 400 draws: the s.e. of a 0.90 coverage rate is 0.015
    assert np.mean(hits) == pytest.approx(0.90, abs=0.045)
    assert abs(np.mean(errors)) < 4 * np.std(errors) / np.sqrt(400)


def test_a_clear_injection_is_detected_and_no_injection_is_not() -> None:
    data, truth = simulate_fx_divergence(injected=8.0, seed=3)
    res = estimate_divergence(data, sample=truth["sample"], window=truth["window"])
    assert res.lower > 0
    noise = truth["noise_in_window"]
    assert res.divergence == pytest.approx(8.0 + noise, abs=0.5)
    data0, truth0 = simulate_fx_divergence(injected=0.0, seed=3)
    res0 = estimate_divergence(data0, sample=truth0["sample"], window=truth0["window"])
    assert res0.lower < 0 < res0.upper


def test_too_short_a_sample_raises() -> None:
    data, truth = simulate_fx_divergence(n_sample=15, seed=0)
    with pytest.raises(
        EmptySampleError, match="`region sample` must be at least 20 periods"
    ):
        estimate_divergence(data, sample=truth["sample"], window=truth["window"])


def test_regions_fall_back_to_monthly_and_china_is_missing(real_panel: Panel) -> None:
    base, end = pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30")
    jp = panel_divergence(real_panel, "japan", base, end)
    assert jp.frequency == "daily" and jp.params["beta"] < 0
    assert jp.window_start == pd.Timestamp("2025-04-01") and jp.sample_end <= base
    ch = panel_divergence(real_panel, "switzerland", base, end)
    assert ch.frequency == "monthly" and ch.window_end == pd.Timestamp("2025-04-30")
    # the 3rd-party China 10y in the snapshot ends 2025-01: no April 2025 observation
    with pytest.raises(EmptySampleError, match="china window"):
        panel_divergence(real_panel, "china", base, end)


def test_summary_states_sample_and_estimator() -> None:
    data, truth = simulate_fx_divergence(seed=2)
    res = estimate_divergence(data, sample=truth["sample"], window=truth["window"])
    text = res.summary()
    assert "OLS of FX return on the change in the differential" in text
    assert f"nobs {res.nobs}" in text and "2020-01-01" in text
