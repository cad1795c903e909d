"""Bai-Perron estimation against R's strucchange 1.5-3 (fixtures in results/)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from attribution.models.breaks import BaiPerron, simulate_regression_breaks
from attribution.models.breaks import dp as dp_module
from attribution.models.breaks.cost import SegmentCost
from attribution.models.breaks.dp import solve_breaks
from tests.models.breaks.results.reference import CASES, data, ref
from tests.models.state import assert_same_state, snapshot

RTOL = 1e-8


@pytest.fixture(scope="module", params=sorted(CASES), ids=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[str, BaiPerron]:
    name = request.param
    y, x = data(name)
    return name, BaiPerron(y, x, trim=CASES[name])


def test_min_size_and_max_breaks_match_strucchange(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    assert model.max_breaks == int(ref(name, "max_breaks")[0])
    assert model.nobs == int(ref(name, "n")[0])
    assert model.n_changing == int(ref(name, "k")[0])


def test_break_dates_for_every_m_match_exactly(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    res = model.fit()
    for m in range(1, model.max_breaks + 1):
        expected = tuple(int(v) for v in ref(name, f"breaks_m{m}"))
        assert res.with_n_breaks(m).breakpoints == expected


def test_rss_and_bic_for_every_m(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    res = model.fit()
    np.testing.assert_allclose(res.rss.to_numpy(), ref(name, "rss"), rtol=RTOL, atol=0)
    np.testing.assert_allclose(res.bic.to_numpy(), ref(name, "bic"), rtol=RTOL, atol=0)


def test_bic_selection_matches_breakpoints_default(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    expected = ref(name, "bic_breaks")
    res = model.fit(select="bic")
    if np.isnan(expected).all():
        assert res.n_breaks == 0 and res.breakpoints == ()
    else:
        assert res.breakpoints == tuple(int(v) for v in expected)


@pytest.mark.parametrize(
    "tag,het_reg,het_err",
    [
        ("RE", True, True),
        ("Re", True, False),
        ("rE", False, True),
        ("re", False, False),
    ],
)
def test_break_conf_int_matches_confint(
    case: tuple[str, BaiPerron], tag: str, het_reg: bool, het_err: bool
) -> None:
    name, model = case
    res = model.fit(n_breaks=int(ref(name, "ci_m")[0]))
    ci = res.break_conf_int(het_reg=het_reg, het_err=het_err)
    np.testing.assert_array_equal(ci["lower"].to_numpy(), ref(name, f"ci_{tag}_lower"))
    np.testing.assert_array_equal(ci["upper"].to_numpy(), ref(name, f"ci_{tag}_upper"))


def test_break_conf_int_level_and_hac(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    m = int(ref(name, "ci_m")[0])
    ci90 = model.fit(n_breaks=m).break_conf_int(level=0.90)
    np.testing.assert_array_equal(ci90["lower"].to_numpy(), ref(name, "ci90_lower"))
    np.testing.assert_array_equal(ci90["upper"].to_numpy(), ref(name, "ci90_upper"))
    hac = model.fit(n_breaks=m, cov="hac", bandwidth=4).break_conf_int()
    np.testing.assert_array_equal(hac["lower"].to_numpy(), ref(name, "ci_hac_lower"))
    np.testing.assert_array_equal(hac["upper"].to_numpy(), ref(name, "ci_hac_upper"))


def test_segment_estimates_and_std_errors(case: tuple[str, BaiPerron]) -> None:
    name, model = case
    m = int(ref(name, "ci_m")[0])
    res = model.fit(n_breaks=m)
    np.testing.assert_allclose(res.params.to_numpy(), ref(name, "coef"), rtol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), ref(name, "se"), rtol=1e-9)
    hac = model.fit(n_breaks=m, cov="hac", bandwidth=4)
    np.testing.assert_allclose(hac.std_err.to_numpy(), ref(name, "se_hac"), rtol=1e-9)
    assert res.params.index.names == ["segment", "param"]
    assert res.to_frame().shape == (len(res.params), 6)


def _brute_force(
    y: np.ndarray, x: np.ndarray, h: int, m: int
) -> tuple[tuple[int, ...], float]:
    """Exhaustive search over all admissible partitions (independent of the DP)."""
    n = y.shape[0]
    best: tuple[tuple[int, ...], float] = ((), np.inf)
    for dates in itertools.combinations(range(h, n - h + 1), m):
        cuts = (0, *dates, n)
        if any(cuts[i + 1] - cuts[i] < h for i in range(m + 1)):
            continue
        total = 0.0
        for a, b in zip(cuts[:-1], cuts[1:], strict=True):
            beta = np.linalg.pinv(x[a:b]) @ y[a:b]
            total += float(np.sum((y[a:b] - x[a:b] @ beta) ** 2))
        if total < best[1] - 1e-9:
            best = (dates, total)
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_dp_equals_exhaustive_search_for_one_and_two_breaks(seed: int) -> None:
    y, x, _ = simulate_regression_breaks(
        60, (20, 41), [(0.0, 1.0), (0.8, 0.2), (-0.5, 1.0)], sigma=1.0, seed=seed
    )
    z = np.column_stack([np.ones(60), x.to_numpy()])
    sol = solve_breaks(SegmentCost(y.to_numpy(), z), 8, 2)
    for m in (1, 2):
        dates, rss = _brute_force(y.to_numpy(), z, 8, m)
        assert sol.breakpoints[m] == dates
        assert sol.objective[m] == pytest.approx(rss, rel=1e-10)


def test_chunked_dp_equals_single_block(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    y = np.concatenate(
        [rng.normal(0, 1, 150), rng.normal(1, 1, 100), rng.normal(-1, 1, 150)]
    )
    x = np.ones((400, 1))
    whole = solve_breaks(SegmentCost(y, x), 20, 5)
    monkeypatch.setattr(dp_module, "BLOCK_BUDGET", 1000)
    chunked = solve_breaks(SegmentCost(y, x), 20, 5)
    assert whole.breakpoints == chunked.breakpoints
    assert whole.objective == pytest.approx(chunked.objective, rel=1e-12)


def test_dates_follow_the_index_and_convention() -> None:
    y, _ = data("nile")
    y.index = pd.date_range("1871-01-01", periods=100, freq="YS")
    res = BaiPerron(y).fit()
    assert res.breakpoints == (28,)
    assert res.break_positions == (27,)
    assert res.break_dates[0] == pd.Timestamp(
        "1898-01-01"
    )  # last year of the old regime
    assert res.segments.loc[2, "start"] == pd.Timestamp("1899-01-01")
    ci = res.break_conf_int()
    assert ci.loc[1, "lower_date"] == pd.Timestamp("1895-01-01")
    assert "last observation of the old regime" in res.summary()


def test_fit_does_not_mutate_model_and_results_are_frozen() -> None:
    y, _ = data("nile")
    model = BaiPerron(y)
    before = snapshot(model)
    res = model.fit(select="lwz")
    assert_same_state(model, before)
    with pytest.raises(AttributeError):
        res.n_breaks = 3  # type: ignore[misc]
