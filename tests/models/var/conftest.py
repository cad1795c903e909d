"""Fixtures for the VAR tests: simulated SVARs with known truth."""

from __future__ import annotations

import pytest

from attribution.models.var import simulate_svar
from attribution.models.var.simulate import SimulatedSVAR
from tests.models.var.dgp import IMPACT, INTERCEPT, LAGS


@pytest.fixture(scope="module")
def sim3() -> SimulatedSVAR:
    return simulate_svar(
        LAGS,
        IMPACT,
        400,
        intercept=INTERCEPT,
        names=["a", "b", "c"],
        shock_names=["s1", "s2", "s3"],
        seed=11,
    )
