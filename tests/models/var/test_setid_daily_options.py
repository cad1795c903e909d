"""Options the daily SVAR uses: combination responses, narrative sums, set paths."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from attribution.exceptions import IdentificationError
from attribution.models.var import VAR, SignRestriction, _arrays, simulate_svar
from attribution.models.var.narrative import NarrativeRestriction
from attribution.models.var.setid import (
    _draw_sequential,
    _restriction_rows,
    set_identified_window,
)

B_TRUE = np.array([[1.0, 0.5, 0.2], [0.6, -1.0, 0.3], [-0.4, 0.3, 1.2]])
A_TRUE = np.array([[[0.3, 0.1, 0.0], [0.0, 0.2, 0.1], [0.1, 0.0, 0.25]]])
R = [
    SignRestriction("one", {"a": "+", "b": "+", "c": "-"}),
    SignRestriction("two", {"a": "+", "b": "-"}),
]


@pytest.fixture(scope="module")
def fit():
    sim = simulate_svar(A_TRUE, B_TRUE, 400, names=["a", "b", "c"], seed=4)
    return VAR(sim.data, n_lags=1).fit(), sim


def _run(res, **kw):
    idx = res.model.data.index
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return set_identified_window(
            res, R, idx[390], idx[396], level=0.9, n_boot=40, max_boot=40,
            n_tries=300, n_set_tries=20_000, mc_tol=1e9, seed=3, **kw,
        )  # fmt: skip


def test_combination_posterior_is_the_sum_and_its_set_is_inside_the_sum(fit) -> None:
    res, sim = fit
    out = _run(res, responses=["a", "b"], combinations={"a+b": {"a": 1.0, "b": 1.0}})
    f = out.frame
    # every draw adds up, so the posterior means add exactly
    np.testing.assert_allclose(
        f.loc["a+b", "point"], f.loc["a", "point"] + f.loc["b", "point"], atol=1e-9
    )
    # the set of a sum lies inside the sum of the sets
    assert (f.loc["a+b", "set_lower"] >= f.loc["a", "set_lower"]
            + f.loc["b", "set_lower"] - 1e-9).all()  # fmt: skip
    assert (f.loc["a+b", "set_upper"] <= f.loc["a", "set_upper"]
            + f.loc["b", "set_upper"] + 1e-9).all()  # fmt: skip
    # baseline + shocks + other = the window's actual change of a + b
    idx = res.model.data.index
    actual = sim.data.loc[idx[390] : idx[396], ["a", "b"]].to_numpy().sum()
    total = f.loc["a+b", "point"].sum()
    assert total == pytest.approx(actual, abs=1e-8)


def test_unknown_variable_in_a_combination_is_an_error(fit) -> None:
    res, _ = fit
    with pytest.raises(IdentificationError, match="combinations\\[x\\]"):
        _run(res, responses=["a"], combinations={"x": {"a": 1.0, "zz": 1.0}})


def test_a_one_day_span_is_the_single_date_restriction(fit) -> None:
    res, _ = fit
    day = res.model.data.index[393]
    single = _run(
        res, responses=["a"], narrative=[NarrativeRestriction(day, "one", "+")]
    )
    span = _run(
        res, responses=["a"], narrative=[NarrativeRestriction(day, "one", "+", end=day)]
    )
    pd.testing.assert_frame_equal(single.frame, span.frame)


def test_a_span_restricts_the_sum_of_the_shocks(fit) -> None:
    """The true shock 'one' (column 0 of B_TRUE) summed over 390..396: the
    restriction with the true sign keeps more draws than the opposite one."""
    res, sim = fit
    idx = res.model.data.index
    true_sum = float(sim.shocks.iloc[:, 0].loc[idx[390] : idx[396]].sum())
    right = "+" if true_sum > 0 else "-"
    wrong = "-" if right == "+" else "+"
    keep = {
        s: _run(res, responses=["a"], narrative=[
            NarrativeRestriction(idx[390], "one", s, end=idx[396])
        ]).n_pairs
        for s in (right, wrong)
    }  # fmt: skip
    assert abs(true_sum) > 1.0
    assert keep[right] > keep[wrong]


def test_sequential_paths_are_admissible() -> None:
    rng = np.random.default_rng(0)
    names = ["a", "b", "c"]
    chol = np.linalg.cholesky(B_TRUE @ B_TRUE.T)
    irf = _arrays.ma_coefs(A_TRUE[None], 0) @ chol[None, None]
    mats = _restriction_rows(R, names, irf)
    draw, q = _draw_sequential(mats, [], 1, 500, 16, 3, rng)
    assert len(draw) > 400
    gram = q.transpose(0, 2, 1) @ q
    np.testing.assert_allclose(gram, np.broadcast_to(np.eye(2), gram.shape), atol=1e-12)
    impact = chol @ q  # (N, 3, 2)
    one, two = impact[..., 0], impact[..., 1]
    assert ((one[:, 0] > 0) & (one[:, 1] > 0) & (one[:, 2] < 0)).all()
    assert ((two[:, 0] > 0) & (two[:, 1] < 0)).all()


def test_set_paths_widen_the_robust_band(fit) -> None:
    """More admissible rotations per draw: per-draw sets widen, so does the band."""
    res, _ = fit
    f0 = _run(res, responses=["a"]).frame.drop("baseline", level="shock")
    f1 = _run(res, responses=["a"], set_paths=20).frame.drop("baseline", level="shock")
    w0 = (f0["robust_upper"] - f0["robust_lower"]).mean()
    w1 = (f1["robust_upper"] - f1["robust_lower"]).mean()
    assert w1 > w0
