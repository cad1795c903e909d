"""Recovery of known contributions through the engine entry points (fast Monte Carlo).

Each test draws a few worlds of :func:`attribution.simulate.weekly_world`
whose true contributions are known, runs a model exactly as the CLI does
(:mod:`attribution.validation.montecarlo` calls ``attribute_weekly_ols`` /
``attribute_svar``), and compares the driver rows with the truth. Swapping
two drivers' rows, dropping a sign restriction or mislabelling a shock makes
these fail. The full Monte Carlo (hundreds of replications, both regimes) is
``benchmarks/mc_attribution.py``; its table is in the README.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from attribution.config.window import Window
from attribution.engine.svar_weekly import SvarSpec, attribute_svar
from attribution.models.var import DEFAULT_SHOCKS
from attribution.simulate import weekly_world
from attribution.validation.montecarlo import Settings, replicate, run_model

FAST = Settings(
    tenors=("10y",), n_weeks=300, n_boot=100, n_rotations=300, n_set_tries=60_000
)
SEEDS = (0, 1, 2)


def _records(model: str, regime: str = "holds") -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.DataFrame(
            [r for rep in SEEDS for r in replicate(model, regime, rep, FAST)]
        )


@pytest.mark.parametrize("model", ["svar_chol_weekly", "ols_weekly_total"])
def test_point_identified_models_recover_each_driver(model: str) -> None:
    """Large drivers are recovered and named; zero ones are not.

    Three seeds: the mean error must be under 40% of the truth (one replication's
    error has a standard deviation of about 25%: README, Monte Carlo); a swap of
    the two drivers gives -100%.
    """
    rec = _records(model)
    for driver, g in rec.groupby("driver"):
        big, zero = g.loc[g["large"]], g.loc[~g["large"]]
        bias = (big["estimate"] - big["truth"]).mean() / big["truth"].mean()
        assert abs(bias) < 0.4, (driver, bias)
        assert big["named"].all(), driver
        # size: the fixed seeds give at most one false call in three
        assert zero["named"].mean() <= 1 / 3, driver
        assert (zero["estimate"].abs() < 0.25 * big["truth"].mean()).all(), driver
        inside = (g["lower90"] <= g["truth"]) & (g["truth"] <= g["upper90"])
        assert inside.mean() >= 2 / 3, driver


def test_sign_svar_reports_what_it_cannot_identify() -> None:
    """The identified set contains the truth, and the verdict names no driver."""
    rec = _records("svar_sign_weekly")
    inside = (rec["set_lower90"] <= rec["truth"]) & (rec["truth"] <= rec["set_upper90"])
    assert inside.all()
    assert not rec["named"].any()  # honest: the signs alone cannot tell them apart


def test_sign_svar_rows_carry_their_own_shock() -> None:
    """In fos_only the foreign-selling row exceeds the basis row, and vice versa.

    The posterior means lean towards the large shock on every seed, so a swap
    of the two rows (or of their labels) fails.
    """
    rec = _records("svar_sign_weekly")
    for scenario, large, small in (
        ("fos_only", "foreign_official_selling", "basis_unwind"),
        ("basis_only", "basis_unwind", "foreign_official_selling"),
    ):
        g = rec.loc[rec["scenario"] == scenario].set_index(["rep", "driver"])
        diff = g["estimate"].xs(large, level="driver") - g["estimate"].xs(
            small, level="driver"
        )
        assert (diff > 0).mean() >= 2 / 3, (scenario, diff.tolist())


def _sign_table(shocks: dict | None, seed: int = 0) -> pd.DataFrame:
    world = weekly_world("sign", "fos_only", "holds", n_weeks=300, seed=seed)
    design = world.design()
    spec = SvarSpec(
        tenors=("10y",), estimation_start=design.index[0], n_lags=2,
        n_draws=60_000, n_boot=100, n_rotations=300, level=0.9, seed=1,
        shocks=shocks, mc_tol=1e9, max_boot=100,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = attribute_svar(
            design, world.daily_yields(), Window.parse(world.window_text()), spec
        )
    return res.table.set_index("driver")


def test_dropping_a_sign_restriction_widens_the_identified_set() -> None:
    """Each restriction bites: without custody '-', foreign selling's set is wider."""
    full = _sign_table(None)
    spec = {k: dict(v) for k, v in DEFAULT_SHOCKS.items()}
    spec["foreign_official_selling"] = {
        **spec["foreign_official_selling"],
        "signs": {"10y": "+", "dollar": "-"},
    }
    dropped = _sign_table(spec)
    def width(t: pd.DataFrame) -> float:
        row = t.loc["foreign_official_selling"]
        return float(row["set_upper_bp"] - row["set_lower_bp"])

    assert width(dropped) > width(full) + 5.0


def test_sign_svar_point_lies_inside_its_band_and_rows_add_up() -> None:
    t = _sign_table(None).reset_index()
    est = t.loc[t["status"] == "set_identified"]
    assert (
        (est["lower_bp"] <= est["contribution_bp"])
        & (est["contribution_bp"] <= est["upper_bp"])
    ).all()
    assert (est["set_lower_bp"] <= est["set_upper_bp"]).all()
    parts = t.loc[t["driver"] != "actual", "contribution_bp"].sum()
    assert parts == pytest.approx(
        float(t.loc[t["driver"] == "actual", "contribution_bp"].iloc[0]), abs=1e-6
    )


def test_window_a_weekly_model_cannot_see_is_not_estimated() -> None:
    """A window without a whole model week gets NA rows, never +0.0 [+0.0, +0.0]."""
    world = weekly_world("recursive", "fos_only", "holds", n_weeks=200, seed=0)
    daily = world.daily_yields().resample("B").ffill()  # closes on every weekday
    first, last = daily.index[-2], daily.index[-1]  # Tuesday to Wednesday
    design = world.design()
    spec = SvarSpec(
        tenors=("10y",), estimation_start=design.index[0], n_lags=2, n_draws=1000,
        n_boot=50, n_rotations=50, level=0.9, seed=0,
    )  # fmt: skip
    res = attribute_svar(
        design,
        daily,
        Window.parse(f"{first:%Y-%m-%d}:{last:%Y-%m-%d}"),
        spec,
        "svar_chol_weekly",
    )
    t = res.table.set_index("driver")
    drivers = t.loc[t["role"].isin(["driver", "shock"])]
    assert (drivers["status"] == "not_estimated").all()
    assert drivers["contribution_bp"].isna().all()
    assert drivers["note"].str.contains("no whole Wednesday-to-Wednesday week").all()
    # every recursive shock is listed, flows as drivers, the rest as shocks
    order = ["custody", "lev_net", "dollar", "y2", "y5", "y10", "y30"]
    assert list(drivers.index) == order
    assert list(drivers["role"]) == ["driver", "driver"] + ["shock"] * 5
    # the move is all stub: the level change in bp, read off the yields directly
    move = (daily.loc[last, "10y"] - daily.loc[first, "10y"]) * 100.0
    assert t.loc["stub", "contribution_bp"] == pytest.approx(move, abs=1e-9)
    assert t.loc["actual", "contribution_bp"] == pytest.approx(move, abs=1e-9)
    assert abs(move) > 0.5  # the window does move
    assert res.details["svar_chol_weekly"].estimated is False
    assert "not estimated" in res.verdict("svar_chol_weekly", "10y")


def test_run_model_uses_the_engine_for_every_model() -> None:
    world = weekly_world("exogenous", "fos_only", "holds", n_weeks=200, seed=3)
    for model in ("ols_weekly", "ols_weekly_total"):
        t = run_model(world, model, 0.9, FAST, 0)
        assert set(t["model"]) == {model}
        assert np.isfinite(t.loc[t["driver"] == "custody", "contribution_bp"]).all()
