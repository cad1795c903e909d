"""Set-identified window contributions: identities and direct computations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from attribution.models.var import VAR, SignRestriction, _arrays, simulate_svar
from attribution.models.var.setid import (
    _draw_admissible,
    _restriction_rows,
    set_identified_window,
)
from attribution.models.var.sign import haar_rotations
from attribution.models.var.window_forms import window_forms

B_TRUE = np.array([[1.0, 0.5, 0.2], [0.6, -1.0, 0.3], [-0.4, 0.3, 1.2]])
A_TRUE = np.array([[[0.3, 0.1, 0.0], [0.0, 0.2, 0.1], [0.1, 0.0, 0.25]]])
RESTRICTIONS = [
    SignRestriction("one", {"a": "+", "b": "+", "c": "-"}),
    SignRestriction("two", {"a": "+", "b": "-"}),
]


@pytest.fixture(scope="module")
def fit():
    sim = simulate_svar(A_TRUE, B_TRUE, 400, names=["a", "b", "c"], seed=4)
    return VAR(sim.data, n_lags=1).fit(), sim


def test_quadratic_forms_equal_the_historical_decomposition(fit) -> None:
    """q'Kq and the baseline match a direct run of the VAR recursion (decompose)."""
    res, _ = fit
    chol = np.linalg.cholesky(res._sigma)
    q = haar_rotations(np.random.default_rng(0), (5,), 3)
    lo, hi = 390, 396
    direct = _arrays.decompose(
        res._y, res._det,
        np.broadcast_to(res._det_coefs, (5, *res._det_coefs.shape)),
        np.broadcast_to(res._lag_coefs, (5, *res._lag_coefs.shape)),
        chol @ q, lo, hi,
    ).sum(axis=1)  # fmt: skip
    forms = window_forms(
        res._y, res._det, res._det_coefs[None], res._lag_coefs[None], chol[None],
        lo, hi, [0, 1, 2],
    )  # fmt: skip
    got = forms.contributions(q[None])[0]  # (5, r, m)
    np.testing.assert_allclose(got, direct[:, :, 1:], atol=1e-10)
    np.testing.assert_allclose(
        np.broadcast_to(forms.baseline[0], (5, 3)), direct[:, :, 0], atol=1e-10
    )


def test_admissible_columns_satisfy_every_restriction(fit) -> None:
    res, _ = fit
    chol = np.linalg.cholesky(res._sigma)[None]
    mats = _restriction_rows(RESTRICTIONS, res.names, chol[:, None])  # impact only
    draw, q = _draw_admissible(mats, [], 1, 20_000, 3, np.random.default_rng(1))
    assert 0 < len(draw) < 20_000
    impact = chol[0] @ q  # (N, n, m)
    assert (impact[:, 0, 0] > 0).all() and (impact[:, 1, 0] > 0).all()
    assert (impact[:, 2, 0] < 0).all()
    assert (impact[:, 0, 1] > 0).all() and (impact[:, 1, 1] < 0).all()
    np.testing.assert_allclose(
        np.einsum("nki,nkj->nij", q, q), np.eye(2)[None].repeat(len(q), 0), atol=1e-12
    )


@pytest.fixture(scope="module")
def window(fit):
    res, sim = fit
    idx = res.model.data.index
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return set_identified_window(
            res, RESTRICTIONS, idx[-4], idx[-1], level=0.9, n_boot=100, max_boot=100,
            n_tries=300, n_set_tries=50_000, seed=3,
        )  # fmt: skip


def test_posterior_means_add_up_and_sit_inside_their_bands(fit, window) -> None:
    res, _ = fit
    f = window.frame
    total = res.model.data.iloc[-4:].sum()
    for var in res.names:
        assert f.loc[var, "point"].sum() == pytest.approx(total[var], abs=1e-8)
    assert ((f["lower"] <= f["point"]) & (f["point"] <= f["upper"])).all()
    assert (f["set_lower"] <= f["set_upper"]).all()


def test_identified_set_at_the_estimate_contains_every_draw_of_its_rotations(
    fit, window
) -> None:
    """The bounds bracket q'Kq for fresh admissible rotations at the estimate."""
    res, _ = fit
    idx = res.model.data.index
    chol = np.linalg.cholesky(res._sigma)[None]
    mats = _restriction_rows(RESTRICTIONS, res.names, chol[:, None])
    _, q = _draw_admissible(mats, [], 1, 20_000, 3, np.random.default_rng(9))
    lo = int(idx.searchsorted(idx[-4]))
    forms = window_forms(
        res._y, res._det, res._det_coefs[None], res._lag_coefs[None], chol,
        lo, len(idx), [0, 1, 2],
    )  # fmt: skip
    vals = forms.contributions(q[None])[0]  # (N, r, m)
    f = window.frame
    for i, var in enumerate(res.names):
        for j, shock in enumerate(["one", "two"]):
            assert vals[:, i, j].min() >= f.loc[(var, shock), "set_lower"] - 1e-9
            assert vals[:, i, j].max() <= f.loc[(var, shock), "set_upper"] + 1e-9


def test_narrative_restriction_keeps_only_draws_with_that_sign(fit) -> None:
    """Every kept rotation gives shock "one" the stated sign on the stated date."""
    res, _ = fit
    chol = np.linalg.cholesky(res._sigma)[None]
    mats = _restriction_rows(RESTRICTIONS, res.names, chol[:, None])
    w = np.linalg.solve(chol[0], res._resid[-2])  # orthogonalised residual, (n,)
    n_plain = len(_draw_admissible(mats, [], 1, 40_000, 3, np.random.default_rng(2))[0])
    counts = {}
    for sign in (1.0, -1.0):
        narr = [(w[None], 0, sign)]
        draw, q = _draw_admissible(mats, narr, 1, 40_000, 3, np.random.default_rng(2))
        assert (sign * (q[:, :, 0] @ w) > 0).all()
        counts[sign] = len(draw)
    # the two narratives split the admissible set (up to Monte Carlo noise)
    assert counts[1.0] + counts[-1.0] == pytest.approx(n_plain, rel=0.1)
    assert min(counts.values()) > 0


def test_seed_changes_the_point_by_less_than_the_tolerance(fit) -> None:
    res, _ = fit
    idx = res.model.data.index
    kw = dict(
        level=0.9,
        n_boot=100,
        max_boot=3000,
        n_tries=400,
        n_set_tries=20_000,
        mc_tol=0.1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = set_identified_window(res, RESTRICTIONS, idx[-4], idx[-1], seed=1, **kw)
        b = set_identified_window(res, RESTRICTIONS, idx[-4], idx[-1], seed=2, **kw)
    assert (a.frame["point"] - b.frame["point"]).abs().max() < 0.1
