"""Population identified sets of the daily sign SVAR (issue 9).

At the simulated world's true reduced form, the package's set routine is
checked against an independent brute force (numpy-QR Haar rotations, signs
checked and the window decomposed by forward recursion, then an independent
local search), the truth must lie in the set, and zero lies in it in the
``large`` scenario: the documented limitation (no estimator of the sign
scheme can have power above its size there).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.simulate import daily_world
from attribution.validation import population_set as ps
from attribution.validation.daily_worlds import custody_narrative, truth

DRIVERS = [("10y", "sell_america"), ("30y", "sell_america"),
           ("10y", "term_premium"), ("30y", "term_premium")]  # fmt: skip
SHOCKS = ["sell_america", "term_premium"]


@pytest.fixture(scope="module")
def large() -> tuple[object, ps.Population, ps.BruteForce, pd.DataFrame, pd.DataFrame]:
    world = daily_world("large", "holds", seed=0)
    pop = ps.population(world, "sample")
    rows = ps.default_rows()
    bf = ps.brute_force(pop, rows, n_rotations=150_000, seed=3)
    climbed = ps.climb(pop, rows, (), bf, shocks=SHOCKS, steps=100, seed=4)
    pkg = ps.package_bounds(pop, rows, n_tries=100_000, n_paths=5_000, seed=5)
    return world, pop, bf, climbed, pkg


def test_package_set_matches_brute_force(large):  # type: ignore[no-untyped-def]
    _, _, bf, climbed, pkg = large
    shocks = list(ps.default_rows())
    for i, label in enumerate(bf.labels):
        for j, shock in enumerate(shocks):
            lo, hi = pkg.loc[(label, shock), ["set_lower", "set_upper"]]
            vals = bf.values[:, i, j]
            # every independently admissible rotation lies inside the package's set
            assert vals.min() >= lo - 0.05 and vals.max() <= hi + 0.05, (label, shock)
    for key in DRIVERS:
        got = pkg.loc[key, ["set_lower", "set_upper"]].to_numpy(dtype=float)
        ref = climbed.loc[key, ["bf_lower", "bf_upper"]].to_numpy(dtype=float)
        np.testing.assert_allclose(got, ref, atol=0.5, err_msg=str(key))


def test_engine_routine_matches_package_primitives(large):  # type: ignore[no-untyped-def]
    world, _, _, _, pkg = large
    eng = ps.engine_bounds(world, "sample", n_set_tries=100_000, set_paths=2)
    for key in DRIVERS:
        np.testing.assert_allclose(
            eng.loc[key, ["set_lower", "set_upper"]].to_numpy(dtype=float),
            pkg.loc[key, ["set_lower", "set_upper"]].to_numpy(dtype=float),
            atol=0.5,
            err_msg=str(key),
        )


def test_haar_posterior_means_agree(large):  # type: ignore[no-untyped-def]
    # two samplers of the same posterior (Haar given the signs, at the true Sigma)
    _, _, bf, _, pkg = large
    shocks = list(ps.default_rows())
    for label, shock in DRIVERS:
        v = bf.values[:, bf.labels.index(label), shocks.index(shock)]
        se = v.std(ddof=1) * np.sqrt(1 / len(v) + 1 / pkg["n_admissible"].iloc[0])
        assert abs(v.mean() - pkg.loc[(label, shock), "haar_mean"]) < 4 * se


def test_truth_and_zero_in_large_set(large):  # type: ignore[no-untyped-def]
    world, _, _, climbed, pkg = large
    for label, shock in DRIVERS:
        t = truth(world, shock, label)
        assert t > 20.0  # the drivers' true contributions are large
        lo, hi = pkg.loc[(label, shock), ["set_lower", "set_upper"]]
        assert lo < t < hi
        # zero by independent rotations: admissible ones well below it
        assert climbed.loc[(label, shock), "bf_lower"] < -5.0, (label, shock)
        assert lo < -5.0


def test_custody_narrative_leaves_zero_in_set(large):  # type: ignore[no-untyped-def]
    world, pop, _, _, _ = large
    facts = custody_narrative(world, 10.0)
    assert facts  # the week to 9 April shows official sales in this world
    narr = ps.narrative_sums(world, facts)
    rows = ps.default_rows()
    bf = ps.brute_force(pop, rows, narr, n_rotations=100_000, seed=6)
    climbed = ps.climb(pop, rows, narr, bf, shocks=SHOCKS, steps=60, seed=7)
    # the fact is true here (sell_america summed over 3-9 April is positive) ...
    rows_fact = narr[0][0]
    assert world.shocks["sell_america"].iloc[rows_fact].sum() > 0
    for label, shock in DRIVERS:
        lo, hi = climbed.loc[(label, shock), ["bf_lower", "bf_upper"]]
        # ... and the set still reaches below zero and above the truth
        assert lo < 0.0 < truth(world, shock, label) < hi, (label, shock)


def test_zero_scenario_truth_in_set() -> None:
    world = daily_world("zero", "holds", seed=1)
    pop = ps.population(world, "calm")
    pkg = ps.package_bounds(pop, ps.default_rows(), n_tries=50_000, n_paths=3_000)
    for label, shock in DRIVERS:
        assert truth(world, shock, label) == 0.0
        lo, hi = pkg.loc[(label, shock), ["set_lower", "set_upper"]]
        assert lo < 0.0 < hi
