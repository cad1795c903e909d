"""Fast simulated-truth checks of the daily models through the engine.

The full Monte Carlo is ``benchmarks/mc_daily.py`` (README table); these few
replications make a broken identification fail the default suite.
"""

from __future__ import annotations

import warnings

import pytest

from attribution.engine.verdict import names_row
from attribution.simulate import daily_world
from attribution.validation.daily_worlds import run_hetero, truth, world_spec


def _row(table, shock: str, tenor: str):
    return table.loc[(table.tenor == tenor) & (table.driver == shock)].iloc[0]


@pytest.mark.parametrize("seed", [3, 5])
def test_hetero_recovers_sell_america_when_regimes_differ(seed: int) -> None:
    world = daily_world("large", "holds", n_days=6000, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = run_hetero(world, world_spec(world, n_boot=100, seed=seed))
    for tenor in ("10y", "30y"):
        r = _row(t, "sell_america", tenor)
        true = truth(world, "sell_america", tenor)
        assert r["lower_bp"] <= true <= r["upper_bp"]
        assert abs(r["contribution_bp"] - true) < 0.35 * true
        assert names_row(r, set_identified=False)
    # swapping the two drivers' labels would fail here: their truths differ
    assert truth(world, "sell_america", "30y") != truth(world, "term_premium", "30y")


@pytest.mark.parametrize("seed", [3, 5])
def test_hetero_recovers_the_term_premium_when_regimes_differ(seed: int) -> None:
    """The term premium's row on one 6,000-day world (issue 9's -30% bias).

    Tolerance: 12 bp, about three times the 40-replication Monte Carlo RMSE
    (benchmarks/results/mc_daily_summary.md, regime ``holds``). Before the fix
    the label went to an unrestricted column (other_3) in 10 of the 40 Monte
    Carlo worlds, mostly about 0 bp with a tight band; a label or mixing
    regression fails here.
    """
    world = daily_world("large", "holds", n_days=6000, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = run_hetero(world, world_spec(world, n_boot=100, seed=seed))
    for tenor in ("10y", "30y"):
        r = _row(t, "term_premium", tenor)
        true = truth(world, "term_premium", tenor)
        assert r["status"] == "estimated"
        assert r["lower_bp"] <= true <= r["upper_bp"]
        assert abs(r["contribution_bp"] - true) < 12.0
        assert names_row(r, set_identified=False)


def test_hetero_says_weak_for_the_term_premium_when_ratios_are_close() -> None:
    """``close_ratios``: term premium's ratio 4.0 between 3.24 and 4.84.

    The model's adjacent-ratio tests must flag the row (``weakly_identified``,
    so the verdict does not name it). The Monte Carlo flags it in 70% of its
    80 worlds (``weak_share`` in benchmarks/results/mc_daily_summary.md); these
    are three of its large-scenario worlds (replications 0, 1 and 3; 2 is not
    flagged), so this pins the flag, not its rate. The flag does not depend on
    the bootstrap, hence few draws.
    """
    for seed in (0, 1000, 3000):
        world = daily_world("large", "close_ratios", n_days=6000, seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = run_hetero(world, world_spec(world, n_boot=10, seed=seed))
        for tenor in ("10y", "30y"):
            assert _row(t, "term_premium", tenor)["status"] == "weakly_identified"


def test_hetero_names_nothing_when_the_drivers_are_zero() -> None:
    world = daily_world("zero", "holds", n_days=6000, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = run_hetero(world, world_spec(world, n_boot=100, seed=3))
    r = _row(t, "sell_america", "10y")
    assert r["lower_bp"] <= 0.0 <= r["upper_bp"]


def test_hetero_says_weak_when_variance_ratios_are_equal() -> None:
    world = daily_world("large", "weak_heteroskedasticity", n_days=6000, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = run_hetero(world, world_spec(world, n_boot=100, seed=3))
    shocks = t.loc[t.role.isin(["driver", "shock"])]
    assert (shocks["status"] == "weakly_identified").mean() > 0.5
