"""Inference with a reference distribution and HAC as sandwich does it.

Fixtures: results/hac_parity_reference.R (lmtest::coeftest / coefci,
sandwich::NeweyWest with adjust and prewhitening, bwNeweyWest, bwAndrews with
prewhitening, kernHAC defaults).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import DeprecatedOptionWarning, ModelSpecificationError
from attribution.models.covariance import (
    andrews_bandwidth,
    newey_west_bandwidth,
    nw_bandwidth,
    prewhiten,
)
from attribution.models.regression import HACRegression
from tests.models.regression.conftest import RESULTS, load_dataset

REF = pd.read_csv(RESULTS / "hac_parity_reference.csv")
BW = pd.read_csv(RESULTS / "hac_parity_bandwidth.csv")

SPECS: dict[str, dict[str, object]] = {
    "coeftest_nw_rule_t": {"cov": "hac", "use_t": True},
    "coeftest_nw_rule_normal": {"cov": "hac", "use_t": False},
    "coeftest_hc1_t": {"cov": "hc1", "use_t": True},
    "coeftest_nonrobust_t": {"cov": "nonrobust"},
    "nw_rule_adjust": {"cov": "hac", "adjust": True, "use_t": True},
    "nw_lag2_prewhite": {"cov": "hac", "bandwidth": 2, "prewhite": True, "use_t": True},
    "nw_auto_prewhite": {
        "cov": "hac",
        "bandwidth_rule": "newey_west1994",
        "prewhite": True,
        "use_t": True,
    },
    "nw_auto_noprewhite": {
        "cov": "hac",
        "bandwidth_rule": "newey_west1994",
        "use_t": True,
    },
    "kernhac_default": {
        "cov": "hac",
        "kernel": "quadratic-spectral",
        "bandwidth_rule": "andrews1991",
        "prewhite": True,
        "adjust": True,
        "use_t": True,
    },
    "kernhac_bartlett_prewhite": {
        "cov": "hac",
        "kernel": "bartlett",
        "bandwidth_rule": "andrews1991",
        "prewhite": True,
        "use_t": True,
    },
    "kernhac_qs_bwnw": {
        "cov": "hac",
        "kernel": "quadratic-spectral",
        "bandwidth_rule": "newey_west1994",
        "use_t": True,
    },
}
CASES = sorted({(d, s) for d, s in zip(REF["dataset"], REF["spec"], strict=True)})


@pytest.mark.parametrize(("dataset", "spec"), CASES, ids=[f"{d}-{s}" for d, s in CASES])
def test_coeftest_matches_r(dataset: str, spec: str) -> None:
    y, x = load_dataset(dataset)
    res = HACRegression(y, x).fit(**SPECS[spec])  # type: ignore[arg-type]
    ref = REF[(REF["dataset"] == dataset) & (REF["spec"] == spec)].set_index("term")
    ref = ref.loc[list(res.params.index)]
    frame = res.to_frame()
    for ours, theirs in (
        ("std_err", "std_err"),
        ("tvalues", "tvalue"),
        ("pvalues", "pvalue"),
        ("lower", "lower"),
        ("upper", "upper"),
    ):
        np.testing.assert_allclose(
            frame[ours].to_numpy(), ref[theirs], rtol=1e-8, atol=1e-14, err_msg=ours
        )


def _weights(x: pd.DataFrame) -> np.ndarray:
    return np.r_[0.0, np.ones(x.shape[1])]  # constant first, weight 0 as sandwich


@pytest.mark.parametrize(
    ("dataset", "kernel"), list(zip(BW["dataset"], BW["kernel"], strict=True))
)
def test_plugin_bandwidths_match_r(dataset: str, kernel: str) -> None:
    y, x = load_dataset(dataset)
    res = HACRegression(y, x).fit(cov="nonrobust")
    design = res.exog.to_numpy()
    scores = design * res.resid.to_numpy()[:, None]
    ref = BW[(BW["dataset"] == dataset) & (BW["kernel"] == kernel)].iloc[0]
    w = _weights(x)
    k: Any = kernel
    nw = newey_west_bandwidth(scores, k, weights=w)
    nw_pw = newey_west_bandwidth(scores, k, weights=w, prewhite=True)
    andrews_pw = andrews_bandwidth(scores, k, weights=w, prewhite=True)
    assert nw == pytest.approx(ref["nw_plugin"], rel=1e-10)
    assert nw_pw == pytest.approx(ref["nw_plugin_prewhite"], rel=1e-10)
    assert andrews_pw == pytest.approx(ref["andrews_prewhite"], rel=1e-10)


def test_prewhitening_closed_form() -> None:
    """Scalar AR(1) scores: e_t = g_t - a g_{t-1}, D = 1/(1-a), a by OLS."""
    g = np.array([1.0, 2.0, 0.5, -1.0, 0.0, 3.0])
    a = float(g[1:] @ g[:-1] / (g[:-1] @ g[:-1]))
    e, d = prewhiten(g)
    np.testing.assert_allclose(e[:, 0], g[1:] - a * g[:-1], rtol=1e-14)
    assert d[0, 0] == pytest.approx(1.0 / (1.0 - a), rel=1e-14)


def test_reference_distribution_defaults() -> None:
    y, x = load_dataset("seatbelts")
    assert math.isinf(HACRegression(y, x).fit(cov="hac").df)
    assert HACRegression(y, x).fit(cov="nonrobust").df == 192 - 4
    assert HACRegression(y, x).fit(cov="nonrobust", use_t=False).df == math.inf
    assert HACRegression(y, x).fit(cov="hc1", use_t=True).df == 188


def test_rule_of_thumb_rename_keeps_lags_and_warns_on_old_name() -> None:
    y, x = load_dataset("seatbelts")
    new = HACRegression(y, x).fit(cov="hac", bandwidth_rule="rule_of_thumb")
    with pytest.warns(DeprecatedOptionWarning, match="renamed 'rule_of_thumb'"):
        old = HACRegression(y, x).fit(cov="hac", bandwidth_rule="nw1994")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        default = HACRegression(y, x).fit(cov="hac")
    assert new.bandwidth == old.bandwidth == default.bandwidth == nw_bandwidth(192)
    np.testing.assert_array_equal(new.std_err.to_numpy(), old.std_err.to_numpy())
    np.testing.assert_array_equal(new.std_err.to_numpy(), default.std_err.to_numpy())


def test_unknown_rule_raises() -> None:
    y, x = load_dataset("investment")
    with pytest.raises(ModelSpecificationError, match="`bandwidth_rule` must be one"):
        HACRegression(y, x).fit(cov="hac", bandwidth_rule="fixed")
