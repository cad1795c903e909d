"""Sign restrictions: admissible set, truth inside, Fry-Pagan target, errors."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.exceptions import (
    ConfigError,
    IdentificationError,
    ModelSpecificationError,
    WeakIdentificationWarning,
)
from attribution.models.var import (
    DEFAULT_SHOCKS,
    VAR,
    SignRestriction,
    identify_sign,
    shocks_from_spec,
    simulate_svar,
)
from tests.models.var.dgp import IMPACT, LAGS

# Signs of the true impact columns: s1 = (+,+,-), s2 = (+,-,+)
RESTRICTIONS = [
    SignRestriction("s1", {"a": "+", "b": "+", "c": "-"}),
    SignRestriction("s2", {"a": "+", "b": "-", "c": "+"}),
]


@pytest.fixture(scope="module")
def big_fit():
    sim = simulate_svar(LAGS, IMPACT, 5000, names=["a", "b", "c"], seed=21)
    return VAR(sim.data, n_lags=2).fit()


@pytest.fixture(scope="module")
def signs(big_fit):
    return identify_sign(big_fit, RESTRICTIONS, n_draws=20_000, seed=1)


def test_every_admissible_model_satisfies_the_signs(signs, big_fit) -> None:
    imp = signs.impact_set().unstack("shock")
    for r in RESTRICTIONS:
        for var, sign in r.signs.items():
            vals = imp[r.shock].xs(var, level="response").to_numpy()
            assert np.all(vals > 0) if sign == "+" else np.all(vals < 0)
    # each admissible B reproduces Sigma_u
    b = signs.impact_set().to_numpy().reshape(-1, 3, 3)
    np.testing.assert_allclose(
        b @ np.swapaxes(b, 1, 2), np.broadcast_to(big_fit._sigma, b.shape), atol=1e-10
    )


def test_identified_set_contains_truth(signs) -> None:
    imp = signs.impact_set().to_numpy().reshape(-1, 3, 3)[:, :, :2]
    true = IMPACT[:, :2]
    assert np.all(imp.min(axis=0) < true) and np.all(true < imp.max(axis=0))
    # some admissible model is close to the true one (columns s1, s2)
    assert np.min(np.abs(imp - true).max(axis=(1, 2))) < 0.15


def test_fry_pagan_target_minimises_standardised_distance(signs, big_fit) -> None:
    from statsmodels.tsa.api import VAR as SMVAR

    # independent IRF set: statsmodels MA coefficients times each admissible B
    ma = SMVAR(big_fit.model.data.to_numpy()).fit(2).ma_rep(20)
    b = signs.impact_set().to_numpy().reshape(-1, 3, 3)
    irfs = np.einsum("hik,dkj->dhij", ma, b)[..., :2]
    z = (irfs - np.median(irfs, axis=0)) / irfs.std(axis=0)
    assert signs.median_target_index == int(np.argmin((z**2).sum(axis=(1, 2, 3))))
    bands = signs.irf_bands(0.68)
    np.testing.assert_allclose(
        bands["median_target"].to_numpy().reshape(21, 3, 3),
        np.einsum("hik,kj->hij", ma, b[signs.median_target_index]),
        atol=1e-10,
    )
    assert (bands["lower"] <= bands["median"]).all() and (
        bands["median"] <= bands["upper"]
    ).all()


def test_permute_accepts_superset_of_ordered(big_fit) -> None:
    ordered = identify_sign(big_fit, RESTRICTIONS, n_draws=4000, seed=3)
    permuted = identify_sign(
        big_fit, RESTRICTIONS, n_draws=4000, seed=3, assignment="permute"
    )
    assert permuted.n_accepted >= ordered.n_accepted > 0
    b = permuted.impact_set().unstack("shock")
    assert (b["s1"].xs("c", level="response") < 0).all()


def test_difference_restriction_over_horizons(big_fit) -> None:
    r = [SignRestriction("steep", {"a": "+", "a - b": "+"}, horizons=(0, 1, 2))]
    s = identify_sign(big_fit, r, n_draws=4000, seed=2, target_horizon=2)
    bands = s.irf_bands()
    for h in (0, 1, 2):
        a = bands.loc[(h, "a", "steep"), "min"]
        assert a > 0
    irf = s._irf_set[..., 0]  # (draw, horizon, response)
    assert np.all(irf[:, :3, 0] - irf[:, :3, 1] > 0)
    assert s.acceptance_rate < 1.0


def test_no_admissible_rotation_raises(big_fit) -> None:
    impossible = [SignRestriction("x", {"a": "+", "a - a": "+"})]
    with pytest.raises(IdentificationError, match="`restrictions` must be satisfiable"):
        identify_sign(big_fit, impossible, n_draws=100, seed=0)


def test_low_acceptance_warns(big_fit) -> None:
    with pytest.warns(WeakIdentificationWarning, match="rotations .* satisfy the sign"):
        identify_sign(big_fit, RESTRICTIONS, n_draws=200, seed=0, min_accepted=10_000)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"shock": "x", "signs": {"a": "up"}}, r"`signs\[x\]\[a\]` must be either"),
        ({"shock": "x", "signs": {}}, r"`signs\[x\]` must be a non-empty mapping"),
        (
            {"shock": "x", "signs": {"a": "+"}, "horizons": (-1,)},
            r"`horizons\[x\]` must be >= 0",
        ),
    ],
)
def test_bad_restriction_messages(kwargs, match) -> None:
    with pytest.raises(ModelSpecificationError, match=match):
        SignRestriction(**kwargs)


def test_unknown_variable_message(big_fit) -> None:
    with pytest.raises(ModelSpecificationError, match=r"keyed by variables in"):
        identify_sign(big_fit, [SignRestriction("x", {"zz": "+"})], n_draws=10)


def test_default_shocks_mapping() -> None:
    roles = {
        "custody": "cust",
        "10y": "y10",
        "2y": "y2",
        "dollar": "usd",
        "leveraged_net": "lev",
    }
    cols = list(roles.values())
    rs = {r.shock: r for r in shocks_from_spec(mapping=roles, columns=cols)}
    assert list(rs) == list(DEFAULT_SHOCKS)
    assert rs["foreign_official_selling"].signs == {"cust": "-", "y10": "+", "usd": "-"}
    # no swap-spread series: that sign is dropped, the others kept
    assert rs["basis_unwind"].signs == {"lev": "+", "y10": "+"}
    assert rs["policy_expectations"].signs == {"y2": "+", "y2 - y10": "+", "usd": "+"}
    assert rs["flight_to_safety"].signs == {"y10": "-", "usd": "+"}
    with_swap = shocks_from_spec(
        mapping={**roles, "swap_spread": "ss"},
        columns=[*cols, "ss"],
        include=["basis_unwind"],
        horizons=[0, 1],
    )
    assert with_swap[0].signs["ss"] == "-" and with_swap[0].horizons == (0, 1)
    with pytest.raises(ConfigError, match=r"`shocks.bad` must be a mapping"):
        shocks_from_spec({"bad": {"sign": {}}})
    with pytest.raises(ConfigError, match=r"`include` must be shocks among"):
        shocks_from_spec(include=["nope"])


def test_default_shocks_identify_on_domain_dgp() -> None:
    """Truth built from the default sign patterns lies inside the identified set."""
    names = ["custody", "lev", "2y", "10y", "usd"]
    # columns: official selling, basis unwind, policy, flight to safety, other
    b = np.array(
        [
            [-1.0, 0.1, 0.0, 0.2, 0.3],
            [0.1, 1.0, -0.1, 0.0, 0.2],
            [0.1, 0.1, 1.0, -0.3, 0.2],
            [0.6, 0.5, 0.5, -0.6, 0.1],
            [-0.5, 0.0, 0.6, 0.7, 0.4],
        ]
    )
    lags = np.stack([np.eye(5) * 0.4])
    sim = simulate_svar(lags, b, 3000, names=names, seed=4)
    res = VAR(sim.data, n_lags=1).fit()
    roles = {
        "custody": "custody",
        "leveraged_net": "lev",
        "2y": "2y",
        "10y": "10y",
        "dollar": "usd",
    }
    rs = shocks_from_spec(mapping=roles, columns=names)
    s = identify_sign(res, rs, n_draws=20_000, seed=0, assignment="permute")
    imp = s.impact_set().to_numpy().reshape(-1, 5, 5)[:, :, :4]
    assert np.all(imp.min(axis=0) <= b[:, :4]) and np.all(b[:, :4] <= imp.max(axis=0))


def test_window_contributions_across_the_set(signs, big_fit) -> None:
    from attribution.models.var import window_contributions

    w = signs.window_contributions("2020-01-03", "2020-06-26")
    ref = window_contributions(big_fit, "2020-01-03", "2020-06-26", signs.median_target)
    np.testing.assert_allclose(
        w["median_target"].to_numpy(), ref.to_numpy(), atol=1e-10
    )
    assert (w["min"] <= w["lower"]).all() and (w["upper"] <= w["max"]).all()
    # the baseline does not depend on the rotation
    base = w.xs("baseline", level="shock")
    np.testing.assert_allclose(base["min"], base["max"], atol=1e-10)


def test_mapping_to_unknown_column_raises() -> None:
    """A typo in the role mapping raises instead of dropping the restriction."""
    roles = {
        "custody": "custody",
        "10y": "y_10",  # the VAR's column is "y10"
        "2y": "y2",
        "dollar": "usd",
        "leveraged_net": "lev",
    }
    cols = ["custody", "lev", "y2", "y10", "usd"]
    with pytest.raises(
        ConfigError,
        match=r"`shocks.foreign_official_selling.signs.10y` must be a role mapped "
        r"to one of the VAR's columns .*; got \"'10y' -> 'y_10'\"",
    ):
        shocks_from_spec(mapping=roles, columns=cols)
    # an optional role mapped to an absent column is still dropped
    fixed = {**roles, "10y": "y10", "swap_spread": "swap_spread"}
    rs = {r.shock: r for r in shocks_from_spec(mapping=fixed, columns=cols)}
    assert rs["basis_unwind"].signs == {"lev": "+", "y10": "+"}
    with pytest.raises(ConfigError, match="basis_unwind.signs.swap_spread"):
        shocks_from_spec(mapping=fixed, columns=cols, optional=())
