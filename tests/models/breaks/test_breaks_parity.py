"""strucchange parity: Bai-Perron (2003) HAC intervals, un-rounded bounds, Chow
attributes, CUSUM processes and recursive residuals (results/breaks_parity.R)."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.breaks import BaiPerron, chow_test, cusum_test
from tests.models.breaks.results.reference import CASES, data, ref, ref_parity

NAMES = sorted(CASES)


def _fit(name: str):  # type: ignore[no-untyped-def]
    y, x = data(name)
    return BaiPerron(y, x, trim=CASES[name]).fit(n_breaks=int(ref(name, "ci_m")[0]))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "tag, het_err, adjust",
    [
        ("ci_bp03", True, False),
        ("ci_bp03_adj", True, True),
        ("ci_bp03_hom", False, False),
    ],
)
def test_bai_perron_hac_intervals_match_confint(
    name: str, tag: str, het_err: bool, adjust: bool
) -> None:
    ci = _fit(name).break_conf_int(omega="bai_perron", het_err=het_err, adjust=adjust)
    np.testing.assert_array_equal(
        ci["lower"].to_numpy(), ref_parity(name, f"{tag}_lower")
    )
    np.testing.assert_array_equal(
        ci["upper"].to_numpy(), ref_parity(name, f"{tag}_upper")
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("omega, tag", [("iid", "iid"), ("bai_perron", "bp03")])
def test_unrounded_bounds_match_r(name: str, omega: str, tag: str) -> None:
    ci = _fit(name).break_conf_int(omega=omega)  # type: ignore[arg-type]
    lo, up = ref_parity(name, f"raw_{tag}_lower"), ref_parity(name, f"raw_{tag}_upper")
    np.testing.assert_allclose(ci["lower_exact"].to_numpy(), lo, rtol=1e-9)
    np.testing.assert_allclose(ci["upper_exact"].to_numpy(), up, rtol=1e-9)
    np.testing.assert_array_equal(ci["lower"], np.floor(ci["lower_exact"]))
    np.testing.assert_array_equal(ci["upper"], np.ceil(ci["upper_exact"]))


def test_omega_fit_is_the_default_and_bad_omega_raises() -> None:
    res = _fit("nile")
    a, b = res.break_conf_int(), res.break_conf_int(omega="fit")
    assert a.equals(b)
    np.testing.assert_array_equal(
        res.break_conf_int(omega="iid")["lower"].to_numpy(), ref("nile", "ci_RE_lower")
    )
    with pytest.raises(ModelSpecificationError, match="`omega` must be one of"):
        res.break_conf_int(omega="qs")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name, label, tag", [("nile", 27, "chow28"), ("seatbelts", 168, "chow169")]
)
def test_chow_df_and_rss_match_anova(name: str, label: int, tag: str) -> None:
    y, x = data(name)
    test = chow_test(y, x, break_date=label)
    assert test.df == (
        int(ref_parity(name, f"{tag}_df1")[0]),
        int(ref_parity(name, f"{tag}_df2")[0]),
    )
    assert test.rss_restricted == pytest.approx(
        ref_parity(name, f"{tag}_rss0")[0], rel=1e-12
    )
    assert test.rss_unrestricted == pytest.approx(
        ref_parity(name, f"{tag}_rss1")[0], rel=1e-12
    )
    assert test.statistic == pytest.approx(ref_parity(name, f"{tag}_F")[0], rel=1e-10)


@pytest.mark.parametrize("name", NAMES)
def test_recursive_residuals_on_results_match_recresid(name: str) -> None:
    y, x = data(name)
    res = cusum_test(y, x, kind="recursive")
    assert res.recursive_resid is not None
    np.testing.assert_allclose(
        res.recursive_resid.to_numpy(),
        ref_parity(name, "recresid"),
        rtol=1e-9,
        atol=1e-10,
    )
    k = 1 + (0 if x is None else x.shape[1])
    assert res.recursive_resid.index.equals(y.index[k:])
    assert cusum_test(y, x, kind="ols").recursive_resid is None


@pytest.mark.parametrize("k", [2, 3, 4])
def test_outer_block_equals_segment_lstsq(k: int) -> None:
    """Closed-form (k = 2) and unrolled-Cholesky (k > 2) RSS vs refitting."""
    from attribution.models.breaks.cost import SegmentCost

    rng = np.random.default_rng(k)
    n = 120
    x = np.column_stack([np.ones(n), rng.standard_normal((n, k - 1)) * 50 + 200])
    x[30:70, 1] = 3.0  # constant within some segments: the pseudo-inverse fallback
    y = x @ rng.standard_normal(k) + rng.standard_normal(n)
    cost = SegmentCost(y, x)
    ends = np.arange(40, 121, 7)
    starts = np.arange(0, 60, 5)
    block = cost.block(ends, starts, assume_valid=True)
    for i, e in enumerate(ends):
        for j, s in enumerate(starts):
            if e - s <= k:
                continue
            beta, *_ = np.linalg.lstsq(x[s:e], y[s:e], rcond=None)
            rss = float(np.sum((y[s:e] - x[s:e] @ beta) ** 2))
            assert block[i, j] == pytest.approx(rss, rel=1e-7, abs=1e-8), (e, s)
