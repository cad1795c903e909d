"""sup/ave/exp-F, Chow and CUSUM tests against strucchange 1.5-3 (results/)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.models.breaks import chow_test, cusum_test, f_stats
from attribution.models.breaks.cusum import brownian_bridge_pvalue
from tests.models.breaks.results.reference import CASES, data, ref

NAMES = sorted(CASES)


@pytest.mark.parametrize("name", NAMES)
def test_fstats_sequence(name: str) -> None:
    y, x = data(name)
    fs = f_stats(y, x, trim=0.15)
    np.testing.assert_allclose(fs.fstats.to_numpy(), ref(name, "fstats"), rtol=1e-8)
    assert fs.breakpoint == int(ref(name, "fstats_breakpoint")[0])
    assert fs.breakpoints[0] == int(np.floor(0.15 * len(y)))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["supF", "aveF", "expF"])
@pytest.mark.parametrize("trim,tag", [(0.15, ""), (0.25, "25")], ids=["t15", "t25"])
def test_sup_ave_exp_f_and_hansen_pvalues(
    name: str, kind: str, trim: float, tag: str
) -> None:
    y, x = data(name)
    test = f_stats(y, x, trim=trim).test(kind)  # type: ignore[arg-type]
    assert test.statistic == pytest.approx(ref(name, f"{kind}{tag}_stat")[0], rel=1e-8)
    assert test.pvalue == pytest.approx(
        ref(name, f"{kind}{tag}_pvalue")[0], rel=1e-6, abs=1e-15
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind,tag", [("ols", "olscusum"), ("recursive", "reccusum")])
def test_cusum_statistics_processes_and_pvalues(name: str, kind: str, tag: str) -> None:
    y, x = data(name)
    res = cusum_test(y, x, kind=kind)  # type: ignore[arg-type]
    assert res.statistic == pytest.approx(ref(name, f"{tag}_stat")[0], rel=1e-8)
    assert res.pvalue == pytest.approx(ref(name, f"{tag}_pvalue")[0], rel=1e-8)
    # strucchange's efp process, leading 0 included
    expected = ref(name, f"{tag}_process")
    assert res.process.iloc[0] == 0.0 and len(res.process) == len(expected)
    np.testing.assert_allclose(res.process.to_numpy(), expected, rtol=0, atol=1e-8)
    n, k = len(y), 1 + (0 if x is None else x.shape[1])
    start = 0 if kind == "ols" else k
    assert list(res.process.index) == list(range(start, n + 1))
    np.testing.assert_array_equal(res.dated_process.to_numpy(), res.process.iloc[1:])
    assert res.dated_process.index.equals(y.index[start:])


def test_chow_k1_equals_strucchange_chow() -> None:
    y, _ = data("nile")
    test = chow_test(y, break_date=27)  # label of observation 28 (RangeIndex)
    assert test.statistic == pytest.approx(ref("nile", "chow28_stat")[0], rel=1e-10)
    assert test.pvalue == pytest.approx(ref("nile", "chow28_pvalue")[0], rel=1e-8)


def test_chow_k3_equals_anova_f_test() -> None:
    y, x = data("seatbelts")
    test = chow_test(y, x, break_date=168)
    assert test.statistic == pytest.approx(
        ref("seatbelts", "chow169_anova_F")[0], rel=1e-10
    )
    assert test.pvalue == pytest.approx(
        ref("seatbelts", "chow169_anova_pvalue")[0], rel=1e-8
    )
    # strucchange's sctest(Fstats(from = to = 169)) reports the Wald form k * F
    assert 3 * test.statistic == pytest.approx(
        ref("seatbelts", "chow169_stat")[0], rel=1e-10
    )


def test_chow_with_dates() -> None:
    y, _ = data("nile")
    y.index = pd.date_range("1871-01-01", periods=100, freq="YS")
    test = chow_test(y, break_date=pd.Timestamp("1898-01-01"))
    assert test.statistic == pytest.approx(ref("nile", "chow28_stat")[0], rel=1e-10)


def test_brownian_bridge_pvalue_closed_form() -> None:
    # Kolmogorov distribution: P(sup|B0| > 1.358) = 0.05 (classical 5% value 1.3581)
    assert brownian_bridge_pvalue(1.3581) == pytest.approx(0.05, abs=2e-5)
