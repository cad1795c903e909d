"""HAC / HC OLS against R sandwich (fixtures from results/regression_reference.R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import ModelSpecificationError
from attribution.models.regression import HACRegression
from tests.models.regression.conftest import (
    DATASETS,
    load_bandwidths,
    load_dataset,
    load_reference,
)

REF = load_reference()
BW = load_bandwidths()


def _spec_kwargs(spec: str) -> dict[str, object]:
    if spec in ("nonrobust", "hc0", "hc1", "hc2", "hc3"):
        return {"cov": spec}
    if spec == "hac_rule":
        return {"cov": "hac"}  # default: rule_of_thumb
    if spec.startswith("hac_lag"):
        return {"cov": "hac", "bandwidth": int(spec.removeprefix("hac_lag"))}
    if spec.startswith("andrews_"):
        return {
            "cov": "hac",
            "kernel": spec.removeprefix("andrews_"),
            "bandwidth_rule": "andrews1991",
        }
    if spec == "qs_bw3.5":
        return {"cov": "hac", "kernel": "quadratic-spectral", "bandwidth": 3.5}
    raise KeyError(spec)


CASES = sorted({(d, s) for d, s in zip(REF["dataset"], REF["spec"], strict=True)})


@pytest.mark.parametrize(("dataset", "spec"), CASES, ids=[f"{d}-{s}" for d, s in CASES])
def test_params_and_std_err_match_r(dataset: str, spec: str) -> None:
    y, x = load_dataset(dataset)
    res = HACRegression(y, x).fit(**_spec_kwargs(spec))  # type: ignore[arg-type]
    ref = REF[(REF["dataset"] == dataset) & (REF["spec"] == spec)].set_index("term")
    ref = ref.loc[list(res.params.index)]
    np.testing.assert_allclose(res.params.to_numpy(), ref["params"], rtol=1e-10, atol=0)
    np.testing.assert_allclose(
        res.std_err.to_numpy(), ref["std_err"], rtol=1e-8, atol=0
    )


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_rule_of_thumb_lag_matches_r(dataset: str) -> None:
    y, x = load_dataset(dataset)
    res = HACRegression(y, x).fit(cov="hac")
    expected = int(BW.loc[BW["dataset"] == dataset, "nw_rule_lag"].iloc[0])
    assert res.bandwidth == expected
    assert res.kernel_bandwidth is None


@pytest.mark.parametrize(
    ("dataset", "kernel"), list(zip(BW["dataset"], BW["kernel"], strict=True))
)
def test_andrews_bandwidth_matches_r(dataset: str, kernel: str) -> None:
    y, x = load_dataset(dataset)
    res = HACRegression(y, x).fit(
        cov="hac",
        kernel=kernel,  # type: ignore[arg-type]
        bandwidth_rule="andrews1991",
    )
    ref = BW[(BW["dataset"] == dataset) & (BW["kernel"] == kernel)]["andrews_bandwidth"]
    assert res.kernel_bandwidth == pytest.approx(float(ref.iloc[0]), rel=1e-10)


def test_nw_rule_closed_form() -> None:
    from attribution.models.covariance import nw_bandwidth

    # floor(4 (T/100)^(2/9)) by hand: T=100 -> 4; T=1000 -> floor(6.67) = 6; T=25 -> 2
    assert [nw_bandwidth(t) for t in (25, 100, 520, 1000)] == [2, 4, 5, 6]


def test_fixed_lag_overrides_rule() -> None:
    y, x = load_dataset("seatbelts")
    a = HACRegression(y, x).fit(cov="hac", bandwidth=8, bandwidth_rule="andrews1991")
    assert a.bandwidth == 8 and a.kernel_bandwidth is None


def test_qs_with_nw_rule_raises() -> None:
    y, x = load_dataset("investment")
    with pytest.raises(
        ModelSpecificationError, match="`bandwidth_rule` must be 'andrews1991'"
    ):
        HACRegression(y, x).fit(
            cov="hac", kernel="quadratic-spectral", bandwidth_rule="rule_of_thumb"
        )


def test_bad_kernel_raises() -> None:
    y, x = load_dataset("investment")
    with pytest.raises(ModelSpecificationError, match="`kernel` must be one of"):
        HACRegression(y, x).fit(cov="hac", kernel="tukey")  # type: ignore[arg-type]


def test_negative_bandwidth_raises() -> None:
    y, x = load_dataset("investment")
    with pytest.raises(ModelSpecificationError, match="`bandwidth` must be >= 0"):
        HACRegression(y, x).fit(cov="hac", bandwidth=-1)


def test_summary_names_covariance() -> None:
    y, x = load_dataset("seatbelts")
    text = HACRegression(y, x).fit(cov="hac", bandwidth=4).summary()
    assert "Newey-West HAC, bartlett kernel, 4 lags" in text
    assert isinstance(HACRegression(y, x).fit().to_frame(), pd.DataFrame)
