"""The daily sign SVAR through the engine entry point, on simulated truth."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ConfigError
from attribution.simulate import daily_world
from attribution.validation.daily_worlds import (
    custody_narrative,
    run_daily,
    truth,
    world_spec,
)


@pytest.fixture(scope="module")
def world():
    return daily_world("large", "holds", n_days=1500, seed=11)


@pytest.fixture(scope="module")
def table(world) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_daily(world, "svar_sign_daily", world_spec(world, seed=1))


def test_every_row_adds_up_to_the_true_change(world, table) -> None:
    for label, col in (("10y", "y10"), ("30y", "y30"), ("10y_real", "real10")):
        block = table.loc[table["tenor"] == label]
        actual = float(world.data.loc[world.window[0] :, col].sum())
        assert block.loc[block.driver == "actual", "contribution_bp"].item() == (
            pytest.approx(actual, abs=1e-9)
        )
        parts = block.loc[block.driver != "actual", "contribution_bp"].sum()
        assert parts == pytest.approx(actual, abs=1e-6)


def test_the_10y_is_its_real_and_breakeven_parts(table) -> None:
    """Posterior means add over draws: 10y row = real + breakeven row, per shock."""
    t = table.set_index(["tenor", "driver"])["contribution_bp"]
    for shock in ("sell_america", "term_premium", "baseline", "other_shocks"):
        assert t[("10y", shock)] == pytest.approx(
            t[("10y_real", shock)] + t[("10y_breakeven", shock)], abs=1e-9
        )


def test_truth_lies_in_the_robust_set_band(world, table) -> None:
    """The true impact satisfies the default signs, so the set covers it."""
    for shock in ("sell_america", "term_premium"):
        for label in ("10y", "30y"):
            row = table.loc[(table.tenor == label) & (table.driver == shock)].iloc[0]
            true = truth(world, shock, label)
            assert row["set_band_lower_bp"] <= true <= row["set_band_upper_bp"]
            assert row["status"] == "set_identified"


def test_identification_is_named_on_every_row(table) -> None:
    assert table["identification"].str.contains("sign restrictions on impact").all()
    assert table["model"].eq("svar_sign_daily").all()


def test_unknown_variable_in_a_restriction_is_an_error(world) -> None:
    spec = world_spec(
        world, shocks={"policy": {"signs": {"y2": "+", "swap_spread": "-"}}}
    )
    with pytest.raises(ConfigError, match=r"daily\.shocks\.policy\.signs.*swap_spread"):
        run_daily(world, "svar_sign_daily", spec)


def test_a_window_outside_the_sample_is_not_estimated(world) -> None:
    spec = world_spec(world, estimation_end=world.data.index[-30])
    t = run_daily(world, "svar_sign_daily", spec)
    shocks = t.loc[~t.driver.isin(["stub", "actual"])]
    assert (shocks["status"] == "not_estimated").all()
    assert shocks["contribution_bp"].isna().all()
    assert (
        shocks["note"]
        .str.contains("no day of the window is in the daily estimation sample")
        .all()
    )


def test_narrative_without_facts_is_not_estimated(world) -> None:
    t = run_daily(world, "svar_narrative_daily", world_spec(world))
    assert t.loc[t.driver == "sell_america", "note"].str.contains("no narrative").all()


def test_custody_narrative_reads_the_observed_week(world) -> None:
    facts = custody_narrative(world, threshold=5.0)
    flows = world.weekly_flows()
    assert facts, "the large scenario's official sales show in custody"
    for f in facts:
        change = flows.loc[f["end"], "custody"]
        assert (f["sign"] == "+") == (change < 0)
    spec = world_spec(world, narrative=facts, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = run_daily(world, "svar_narrative_daily", spec)
    assert t["identification"].str.contains("summed over").all()
    assert np.isfinite(t["contribution_bp"]).all()


def test_without_basis_the_daily_models_reach_past_the_futures_file(
    tmp_path, capsys
) -> None:
    """The bundled ZN=F file ends 2025-05-22; dropping basis (and its shock)
    lets the daily models see a later window; keeping the shock is an error."""
    from attribution.cli import main

    shocks = (
        "    shocks:\n"
        "      sell_america: {signs: {y5: '+', y30: '+', usd: '-', equity: '-'}}\n"
        "      basis_deleveraging: {signs: {basis: '+'}}\n"
    )
    base = (
        "window: '2025-06-02:2025-06-06'\n"
        "attribution:\n  models: [svar_sign_daily]\n  daily:\n"
        "    variables: [y2, y5, y30, real10, be10, tp10, usd, equity, stress]\n"
        "    driver_shocks: [sell_america]\n    n_draws: 2000\n    n_boot: 50\n"
        "    max_boot: 50\n    n_rotations: 100\n    set_paths: 1\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(base + shocks)
    assert main(["attribute", "--config", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "basis_deleveraging.signs" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(
        base + shocks.replace("      basis_deleveraging: {signs: {basis: '+'}}\n", "")
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert (
            main(["attribute", "--config", str(good), "--out", str(tmp_path / "o")])
            == 0
        )
    out = next((tmp_path / "o").iterdir())
    t = pd.read_csv(out / "attribution.csv")
    row = t.loc[(t.tenor == "10y") & (t.driver == "sell_america")].iloc[0]
    assert row["status"] == "set_identified"


def test_a_local_daily_series_enters_the_daily_var_and_its_signs(tmp_path) -> None:
    """A swap-spread-like local series (a seeded random walk made up for this
    test, not real data) joins the daily VAR and a sign restriction names it."""
    from attribution.cli import main

    days = pd.bdate_range("2016-01-04", "2025-06-30")
    walk = -30 + np.cumsum(np.random.default_rng(7).normal(scale=0.5, size=len(days)))
    path = tmp_path / "ss.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": walk}).to_csv(
        path, index=False
    )
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "window: '2025-04-04:2025-04-11'\n"
        "data:\n  local_series:\n"
        f"  - {{name: SS10, path: '{path}', units: bp, frequency: daily}}\n"
        "attribution:\n  models: [svar_sign_daily]\n  daily:\n"
        "    extra_variables: [SS10]\n"
        "    shocks:\n"
        "      sell_america: {signs: {y5: '+', y30: '+', usd: '-', equity: '-'}}\n"
        "      basis_deleveraging: {signs: {basis: '+', SS10: '-'}}\n"
        "    n_draws: 2000\n    n_boot: 50\n    max_boot: 50\n"
        "    n_rotations: 100\n    set_paths: 1\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert (
            main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")]) == 0
        )
    out = next((tmp_path / "o").iterdir())
    t = pd.read_csv(out / "attribution.csv")
    assert t["identification"].str.contains("SS10 -").all()
    assert t["identification"].str.contains(", SS10;").all()  # a VAR column
    row = t.loc[(t.tenor == "10y") & (t.driver == "basis_deleveraging")].iloc[0]
    assert row["status"] == "set_identified"
