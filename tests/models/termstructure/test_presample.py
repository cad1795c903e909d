"""The NY Fed pre-sample and the splice onto our NSS zero curve.

Reference values are read off the NY Fed's monthly ACM file (bundled in the
package snapshot as ``ACM.ACMY01..10``; the same numbers as
``ACMTermPremium.xls``): ACMY01 2.89777047445003 and ACMY10 3.86712671652606 on
30-Jun-1961, 7.81004760216394 and 7.92252693957007 on 29-Dec-1989,
8.08872662458312 (ACMY01) on 31-Jan-1990.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config import load_config
from attribution.engine.termstructure_agreement import compare, to_month
from attribution.exceptions import EmptySampleError, ModelSpecificationError
from attribution.models.termstructure import ACMModel
from attribution.models.termstructure.nss import zero_yields
from attribution.models.termstructure.presample import (
    TAU1_GRID,
    TAU2_GRID,
    fit_zero_nss,
    nyfed_presample,
    splice,
    splice_gap,
)
from attribution.pipeline.common import store_from_config

START = pd.Timestamp("1990-01-01")


@pytest.fixture(scope="module")
def annual() -> pd.DataFrame:
    store = store_from_config(load_config(None, data={"use_cache": False}))
    return pd.DataFrame({n: store.get(f"ACM.ACMY{n:02d}") for n in range(1, 11)})


def test_zero_fit_recovers_a_known_curve() -> None:
    # decays on the grid: the betas are then recovered exactly (closed form)
    truth = np.array([[4.5, -1.2, 2.0, -1.5, TAU1_GRID[7], TAU2_GRID[20]]])
    years = np.arange(1.0, 11.0)
    params, rmse = fit_zero_nss(zero_yields(truth, years), years)
    assert rmse[0] < 1e-8
    np.testing.assert_allclose(
        zero_yields(params, np.array([1 / 12, 0.5, 20.0])),
        zero_yields(truth, np.array([1 / 12, 0.5, 20.0])),
        atol=1e-8,
    )


def test_presample_reproduces_the_published_yields(annual: pd.DataFrame) -> None:
    pre = nyfed_presample(annual, START)
    z = pre.zero_yields
    assert z.index.min() == pd.Timestamp("1961-06-30")
    assert z.index.max() == pd.Timestamp("1989-12-31")
    assert list(z.columns) == list(range(1, 121))
    # values read off the NY Fed file, to 0.2 bp (NSS fit through 10 points)
    assert z.loc["1961-06-30", 12] == pytest.approx(2.89777047445003, abs=2e-3)
    assert z.loc["1961-06-30", 120] == pytest.approx(3.86712671652606, abs=2e-3)
    assert z.loc["1989-12-31", 12] == pytest.approx(7.81004760216394, abs=2e-3)
    assert z.loc["1989-12-31", 120] == pytest.approx(7.92252693957007, abs=2e-3)
    assert pre.fit_rmse_bp.max() < 0.5
    assert "NY Fed" in pre.note and "1961-06" in pre.note


def test_splice_keeps_our_months_and_reports_the_gap(annual: pd.DataFrame) -> None:
    ours = pd.DataFrame(
        np.tile(np.linspace(8.0, 8.4, 120), (3, 1)),
        index=pd.DatetimeIndex(["1990-01-31", "1990-02-28", "1990-03-30"]),
        columns=range(1, 121),
    )
    pre = nyfed_presample(annual, ours.index.min())
    spliced = splice(pre, ours)
    assert len(spliced) == 343 + 3 and spliced.index.is_monotonic_increasing
    assert not spliced.index.duplicated().any()
    np.testing.assert_array_equal(spliced.iloc[-3:].to_numpy(), ours.to_numpy())
    gap = splice_gap(annual, ours)
    assert list(gap.index) == list(pd.DatetimeIndex(["1990-01-31", "1990-02-28",
                                                     "1990-03-31"]))  # fmt: skip
    # ours at 12 months minus ACMY01 of 31-Jan-1990, in bp
    expected = (ours.loc["1990-01-31", 12] - 8.08872662458312) * 100
    assert gap.loc["1990-01-31", 1] == pytest.approx(expected, abs=1e-9)


def test_below_one_year_treatment_reproduces_the_published_premium(
    annual: pd.DataFrame,
) -> None:
    # The NY Fed's own yields, NSS-interpolated to monthly maturities (below 1y
    # extrapolated), estimated from 1961 as the NY Fed does: our ACM gives back
    # the published ACMTP10 (measured: corr 0.99995, RMSE 1.5 bp, 1990-2025).
    # With the yields held flat below one year instead, RMSE was 15.8 bp.
    pre = nyfed_presample(annual, pd.Timestamp("2030-01-01"))
    model = ACMModel(pre.zero_yields)
    tp = model.fit().decompose(model.factors(pre.zero_yields), (120,))
    store = store_from_config(load_config(None, data={"use_cache": False}))
    stats = compare(
        tp["term_premium"][120].loc["1990":], to_month(store.get("ACM.ACMTP10"))
    )
    assert stats["n"] >= 420
    assert stats["corr"] > 0.999
    assert stats["rmse_bp"] < 3.0


def test_bad_presample_inputs_name_the_problem(annual: pd.DataFrame) -> None:
    with pytest.raises(ModelSpecificationError, match="missing"):
        nyfed_presample(annual.drop(columns=[7]), START)
    with pytest.raises(EmptySampleError, match="before 1950"):
        nyfed_presample(annual, pd.Timestamp("1950-01-01"))
    holed = annual.copy()
    holed.loc["1970-03-31", 3] = np.nan
    with pytest.raises(EmptySampleError, match="1970-03-31"):
        nyfed_presample(holed, START)
