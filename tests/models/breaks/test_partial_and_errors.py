"""Partial structural change (brute force) and the error messages of the API."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.breaks import (
    BaiPerron,
    chow_test,
    cusum_test,
    f_stats,
    simulate_mean_shift,
    simulate_regression_breaks,
)
from attribution.models.breaks import critical_values as cv
from attribution.models.breaks.estimates import partition_design


def _partial_brute(
    y: np.ndarray, z: np.ndarray, x: np.ndarray, h: int, m: int
) -> tuple:
    n, best = len(y), ((), np.inf)
    for dates in itertools.combinations(range(h, n - h + 1), m):
        cuts = (0, *dates, n)
        if any(b - a < h for a, b in zip(cuts[:-1], cuts[1:], strict=True)):
            continue
        w = np.hstack([partition_design(z, dates), x])
        beta = np.linalg.lstsq(w, y, rcond=None)[0]
        rss = float(np.sum((y - w @ beta) ** 2))
        if rss < best[1] - 1e-9:
            best = (dates, rss)
    return best


@pytest.mark.parametrize("seed", [3, 4])
def test_partial_change_equals_exhaustive_search(seed: int) -> None:
    y, _, x = simulate_regression_breaks(
        70, (25, 48), [(0.0,), (1.5,), (-0.5,)], fixed_coefs=(1.0, -0.5), seed=seed
    )
    res = BaiPerron(y, fixed_exog=x, trim=10, max_breaks=2).fit(n_breaks=2)
    z = np.ones((70, 1))
    for m in (1, 2):
        dates, rss = _partial_brute(y.to_numpy(), z, x.to_numpy(), 10, m)
        assert res.solution.breakpoints[m] == dates
        assert res.rss[m] == pytest.approx(rss, rel=1e-10)
    # fixed coefficients are reported under segment 0
    assert res.params.loc[0].index.tolist() == ["x1", "x2"]
    assert res.params.loc[0].to_numpy() == pytest.approx([1.0, -0.5], abs=0.3)


# --------------------------------------------------------------- error messages
@pytest.fixture
def y() -> pd.Series:
    return simulate_mean_shift(100, breakpoints=(50,), means=(0.0, 1.0), seed=0)


def test_trim_too_small(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError,
        match=r"`trim` must be a minimum segment length h > k = 1",
    ):
        BaiPerron(y, trim=0.01)


def test_trim_too_large(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError,
        match=r"`trim` must be a minimum segment length h <= T/2",
    ):
        BaiPerron(y, trim=0.6)


def test_trim_not_a_number(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError, match=r"`trim` must be a number; got 'wide'"
    ):
        BaiPerron(y, trim="wide")


def test_max_breaks_too_large(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError, match=r"`max_breaks` must be <= 5; got 9"
    ):
        BaiPerron(y, max_breaks=9)


def test_unknown_selection(y: pd.Series) -> None:
    with pytest.raises(ModelSpecificationError, match=r"`select` must be one of"):
        BaiPerron(y).fit(select="aic")  # type: ignore[arg-type]


def test_n_breaks_out_of_range(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError, match=r"`n_breaks` must be <= 5; got 6"
    ):
        BaiPerron(y).fit(n_breaks=6)


def test_missing_values_raise(y: pd.Series) -> None:
    y = y.copy()
    y.iloc[3] = np.nan
    with pytest.raises(ModelSpecificationError, match=r"`data` must be free of NaN"):
        BaiPerron(y)


def test_misaligned_exog(y: pd.Series) -> None:
    x = pd.DataFrame({"x": np.arange(99.0)})
    with pytest.raises(
        ModelSpecificationError, match=r"`exog.index` must be equal to endog.index"
    ):
        BaiPerron(y, x)


def test_collinear_exog(y: pd.Series) -> None:
    x = pd.DataFrame({"a": np.ones(100)}, index=y.index)
    with pytest.raises(
        ModelSpecificationError, match=r"`exog` must be of full column rank"
    ):
        BaiPerron(y, x)


def test_chow_unknown_date(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError, match=r"`break_date` must be a label of endog.index"
    ):
        chow_test(y, break_date="1999-01-01")


def test_chow_date_at_the_edge(y: pd.Series) -> None:
    with pytest.raises(
        ModelSpecificationError, match=r"`break_date` must be leaving more than k = 1"
    ):
        chow_test(y, break_date=y.index[0])


def test_cusum_kind(y: pd.Series) -> None:
    with pytest.raises(ModelSpecificationError, match=r"`kind` must be one of"):
        cusum_test(y, kind="mosum")  # type: ignore[arg-type]


def test_fstats_trim_leaves_no_date() -> None:
    z = pd.Series(np.arange(6.0))
    with pytest.raises(
        ModelSpecificationError, match=r"`trim` must be leaving at least one candidate"
    ):
        f_stats(z, trim=4)


def test_critical_values_beyond_tables() -> None:
    with pytest.raises(ModelSpecificationError, match=r"`q` must be between 1 and 10"):
        cv.supf_critical_value(11, 1, 0.15)
    with pytest.raises(
        ModelSpecificationError, match=r"`trim` must be within 0.025 of a tabulated"
    ):
        cv.supf_critical_value(1, 1, 0.40)
    with pytest.raises(
        ModelSpecificationError, match=r"`k` must be tabulated for trim=0.15"
    ):
        cv.supf_critical_value(1, 6, 0.15)
    with pytest.raises(ModelSpecificationError, match=r"`alpha` must be one of"):
        cv.supf_critical_value(1, 1, 0.15, 0.2)


def test_missing_drop_warns_and_drops(y: pd.Series) -> None:
    from attribution.exceptions import MissingValueWarning

    y = y.copy()
    y.iloc[[3, 7]] = np.nan
    with pytest.warns(MissingValueWarning, match="dropped 2 rows"):
        model = BaiPerron(y, missing="drop")
    assert model.nobs == 98


def test_sequential_not_for_partial_change(y: pd.Series) -> None:
    x = pd.DataFrame(
        {"x": np.random.default_rng(1).standard_normal(100)}, index=y.index
    )
    res = BaiPerron(y, fixed_exog=x).fit()
    with pytest.raises(
        ModelSpecificationError, match=r"`fixed_exog` must be None for the sequential"
    ):
        res.seq_f_test(1)
