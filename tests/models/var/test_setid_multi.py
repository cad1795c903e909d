"""Several windows from one set of draws: each window gets what it gets alone."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from attribution.models.var import VAR, SignRestriction, simulate_svar
from attribution.models.var.narrative import NarrativeRestriction
from attribution.models.var.setid import _project
from attribution.models.var.setid_shared import (
    set_identified_multi,
    set_identified_windows,
)

B_TRUE = np.array([[1.0, 0.5, 0.2], [0.6, -1.0, 0.3], [-0.4, 0.3, 1.2]])
A_TRUE = np.array([[[0.3, 0.1, 0.0], [0.0, 0.2, 0.1], [0.1, 0.0, 0.25]]])
RESTRICTIONS = [
    SignRestriction("one", {"a": "+", "b": "+", "c": "-"}),
    SignRestriction("two", {"a": "+", "b": "-"}),
]
OPTIONS = dict(
    level=0.9, n_boot=40, max_boot=40, n_tries=300, n_set_tries=3000,
    set_paths=2, refine_steps=4, refine_proposals=8, seed=11,
)  # fmt: skip


@pytest.fixture(scope="module")
def fit():
    sim = simulate_svar(A_TRUE, B_TRUE, 300, names=["a", "b", "c"], seed=4)
    return VAR(sim.data, n_lags=1).fit()


def test_each_window_is_exactly_its_own_run(fit) -> None:
    """Shared draws give every window the numbers of a separate call, bit for bit.

    The rotations and the bootstrap do not depend on the window, so a call
    for two windows must reproduce two calls with the same seed exactly.
    """
    idx = fit.model.data.index
    windows = [(idx[250], idx[279]), (idx[262], idx[266])]
    date = idx[264]
    narratives = [[], [NarrativeRestriction(date, "one", "+")]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        both = set_identified_multi(
            fit, RESTRICTIONS, windows, narratives=narratives, **OPTIONS
        )
        alone = [
            set_identified_windows(
                fit, RESTRICTIONS, a, b, narratives=narratives, **OPTIONS
            )
            for a, b in windows
        ]
    assert len(both) == 2 and all(len(per) == 2 for per in both)
    for per_both, per_alone in zip(both, alone, strict=True):
        for got, ref in zip(per_both, per_alone, strict=True):
            pd.testing.assert_frame_equal(got.frame, ref.frame, check_exact=True)
            assert (got.n_pairs, got.n_set, got.n_kept) == (
                ref.n_pairs,
                ref.n_set,
                ref.n_kept,
            )
    # and the two windows are different numbers, not one result copied
    assert not np.allclose(both[0][0].frame["point"], both[1][0].frame["point"])


def test_project_is_each_rows_own_product() -> None:
    """``_project`` equals the row-by-row product with the row's own matrix."""
    rng = np.random.default_rng(3)
    mat = rng.standard_normal((5, 3, 4))
    draw = np.sort(rng.integers(0, 5, size=40))
    draw = draw[draw != 2]  # a draw with no rows
    v = rng.standard_normal((len(draw), 4))
    direct = np.array([mat[d] @ row for d, row in zip(draw, v, strict=True)])
    np.testing.assert_allclose(_project(mat, draw, v), direct, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        _project(mat[:1], np.zeros(len(v), int), v), v @ mat[0].T, atol=1e-12
    )
