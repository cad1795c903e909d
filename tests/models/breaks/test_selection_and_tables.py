"""Bai-Perron tests, critical-value tables and the choice of the number of breaks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from attribution.models.breaks import BaiPerron, simulate_mean_shift
from attribution.models.breaks import critical_values as cv
from attribution.models.breaks.fstats import hansen_pvalue
from tests.models.breaks.results.reference import CASES, data, ref

NAMES = sorted(CASES)


# ------------------------------------------------------------ published tables
@pytest.mark.parametrize(
    "q,k,trim,alpha,expected",
    [
        # Bai and Perron (2003b), Table 1, supF_T(k), read off the printed table
        (1, 1, 0.15, 0.05, 8.58),
        (2, 1, 0.15, 0.05, 11.47),
        (3, 2, 0.15, 0.05, 11.99),
        (5, 5, 0.15, 0.01, 12.14),
        (10, 3, 0.15, 0.10, 20.42),
        (4, 8, 0.05, 0.05, 11.49),
        (2, 2, 0.25, 0.025, 9.16),
    ],
)
def test_supf_table_lookup_indexed_by_q(
    q: int, k: int, trim: float, alpha: float, expected: float
) -> None:
    assert cv.supf_critical_value(q, k, trim, alpha) == expected


def test_dmax_and_sequential_lookups() -> None:
    assert cv.dmax_critical_value(1, 0.15) == 8.88
    assert cv.dmax_critical_value(2, 0.15) == 11.70
    assert cv.dmax_critical_value(2, 0.15, kind="wdmax") == 12.81
    assert cv.dmax_critical_value(3, 0.10, 0.01, "udmax") == 18.75
    assert cv.seqf_critical_value(1, 1, 0.15) == 10.13
    assert cv.seqf_critical_value(2, 1, 0.15) == 12.95
    assert cv.seqf_critical_value(3, 3, 0.20, 0.025) == 18.91  # column l + 1 = 4


@pytest.mark.parametrize("trim", cv.TRIMS)
@pytest.mark.parametrize("q", range(1, 11))
def test_supf1_tables_agree_with_hansen_response_surface(trim: float, q: int) -> None:
    """Two independent simulations agree: Hansen's p-value at BP's 5%/10% values.

    supF_T(1) with trimming eps is Andrews' sup-Wald with pi_0 = eps; using the
    q = 1 row for q > 1 would put these p-values far from the nominal level.
    """
    lam = (1 - trim) ** 2 / trim**2
    for alpha in (0.10, 0.05):
        p = hansen_pvalue(cv.supf_critical_value(q, 1, trim, alpha), "sup", q, lam)
        assert 0.75 * alpha < p < 1.25 * alpha
    if q > 1:  # the known bug pattern gives a clearly wrong level
        wrong = hansen_pvalue(cv.supf_critical_value(1, 1, trim, 0.05), "sup", q, lam)
        assert wrong > 0.15


def test_tables_are_internally_consistent() -> None:
    for trim in cv.TRIMS:
        for q in range(1, 11):
            for a_lo, a_hi in zip(cv.LEVELS[:-1], cv.LEVELS[1:], strict=True):
                assert cv.supf_critical_value(
                    q, 1, trim, a_lo
                ) < cv.supf_critical_value(q, 1, trim, a_hi)
            # column l + 1 = 1 of the sequential table is supF(1)
            assert cv.seqf_critical_value(q, 0, trim) == cv.supf_critical_value(
                q, 1, trim
            )


# ------------------------------------------------------------------ statistics
@pytest.mark.parametrize("name", NAMES)
def test_supf1_equals_max_of_strucchange_fstats(name: str) -> None:
    y, x = data(name)
    res = BaiPerron(y, x, trim=CASES[name]).fit()
    assert res.sup_f_test(1).statistic == pytest.approx(
        ref(name, "supF_stat")[0], rel=1e-8
    )


@pytest.mark.parametrize("name", NAMES)
def test_supfk_lwz_and_udmax_from_r_rss(name: str) -> None:
    y, x = data(name)
    res = BaiPerron(y, x, trim=CASES[name]).fit()
    rss, n, q = ref(name, "rss"), len(y), res.model.n_changing
    for k in range(1, res.max_breaks + 1):
        expected = (n - (k + 1) * q) / k * (rss[0] - rss[k]) / rss[k]
        assert res.sup_f_test(k).statistic == pytest.approx(expected, rel=1e-8)
        pstar = (k + 1) * q + k
        lwz = math.log(rss[k] / (n - pstar)) + pstar / n * 0.299 * math.log(n) ** 2.1
        assert res.lwz[k] == pytest.approx(lwz, rel=1e-9)
    top = min(res.max_breaks, cv.max_tabulated_breaks(res.trim_fraction))
    assert res.ud_max_test().statistic == pytest.approx(
        max(res.sup_f_test(k).statistic for k in range(1, top + 1)), rel=1e-12
    )
    assert res.wd_max_test().statistic >= res.ud_max_test().statistic - 1e-9


def _seq_brute(y: np.ndarray, x: np.ndarray, dates: tuple[int, ...], h: int) -> float:
    """supF(l+1|l) by refitting every split of every regime (independent loop)."""
    cuts, best, q = (0, *dates, len(y)), 0.0, x.shape[1]

    def rss(a: int, b: int) -> float:
        beta = np.linalg.lstsq(x[a:b], y[a:b], rcond=None)[0]
        return float(np.sum((y[a:b] - x[a:b] @ beta) ** 2))

    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        if b - a < 2 * h:
            continue
        r0 = rss(a, b)
        r1 = min(rss(a, c) + rss(c, b) for c in range(a + h, b - h + 1))
        best = max(best, (b - a - 2 * q) * (r0 - r1) / r1)
    return best


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_null", [1, 2])
def test_sequential_statistic_equals_brute_force(name: str, n_null: int) -> None:
    y, x = data(name)
    res = BaiPerron(y, x, trim=CASES[name]).fit()
    z = res.model.exog.to_numpy()
    expected = _seq_brute(
        y.to_numpy(), z, res.solution.breakpoints[n_null], res.min_size
    )
    assert res.seq_f_test(n_null).statistic == pytest.approx(expected, rel=1e-8)


def test_sequential_selection_recovers_simulated_breaks() -> None:
    y = simulate_mean_shift(
        300, breakpoints=(100, 200), means=(0.0, 1.5, -0.5), seed=11
    )
    res = BaiPerron(y, trim=0.15).fit(select="sequential")
    assert res.n_breaks == 2
    assert all(
        abs(a - b) <= 5 for a, b in zip(res.breakpoints, (100, 200), strict=True)
    )
    assert res.seq_f_test(2).reject(0.05) is False
    assert BaiPerron(y).fit(select="lwz").n_breaks == 2


def test_nile_sequential_and_lwz_pick_one_break() -> None:
    y, _ = data("nile")
    assert BaiPerron(y).fit(select="sequential").breakpoints == (28,)
    assert BaiPerron(y).fit(select="lwz").breakpoints == (28,)


def test_wdmax_weights_from_printed_table() -> None:
    """WDmax = max_k [c(1, 5%, 1) / c(1, 5%, k)] supF(k), Table 1 values typed in."""
    y, _ = data("realint")
    res = BaiPerron(y, trim=15).fit()
    printed = [8.58, 7.22, 5.96, 4.99, 3.91]  # q = 1, eps = 0.15, 5 %
    weighted = [
        printed[0] / c * res.sup_f_test(k).statistic
        for k, c in enumerate(printed, start=1)
    ]
    assert res.wd_max_test(0.05).statistic == pytest.approx(max(weighted), rel=1e-12)
    assert res.wd_max_test(0.05).critical_values.loc[0.05] == 9.91
