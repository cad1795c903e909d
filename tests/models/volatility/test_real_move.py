"""The April 2025 30y move on the bundled FRED snapshot, in conditional sigmas."""

from __future__ import annotations

import numpy as np
import pytest

from attribution.config import load_config
from attribution.models.volatility import VolatilityModel, move_in_sigmas
from attribution.pipeline.common import store_from_config


def test_three_day_30y_rise_april_2025() -> None:
    level = store_from_config(load_config(None)).load("DGS30")[0].dropna()
    dy = (level.diff() * 100).dropna().loc["2010":"2025-06"].rename("DGS30")
    res = VolatilityModel(dy, kind="garch").fit()
    move = move_in_sigmas(res, origin="2025-04-04", end="2025-04-09")
    # FRED DGS30: 4.41 on 2025-04-04, 4.72 on 2025-04-09 (three trading days)
    assert move.horizon == 3 and move.move == pytest.approx(31.0, abs=1e-9)
    p = res.params
    e, s2 = (
        res.resid.loc["2025-04-04"],
        res.conditional_volatility.loc["2025-04-04"] ** 2,
    )
    s2_1 = p["omega"] + p["alpha"] * e**2 + p["beta"] * s2
    lr = p["omega"] / (1 - p["alpha"] - p["beta"])
    path = lr + (p["alpha"] + p["beta"]) ** np.arange(3) * (s2_1 - lr)
    assert move.sigma_h == pytest.approx(np.sqrt(path.sum()), rel=1e-10)
    assert 2.5 < move.k_sigma < 4.5  # a roughly 3-sigma move, not a 10-sigma one
    assert "3-day DGS30 rise of 31.0 bp" in move.statement()
