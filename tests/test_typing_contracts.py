"""The typed option sets say what the code accepts (issue 12: types that mean it)."""

from __future__ import annotations

import warnings
from typing import get_args

import numpy as np
import pandas as pd
import pytest

from attribution._typing import BandwidthRule
from attribution._validation import position
from attribution.exceptions import ModelSpecificationError
from attribution.features.curve import move_rank
from attribution.models.regression import HACRegression


@pytest.mark.parametrize("rule", get_args(BandwidthRule))
def test_every_bandwidth_rule_is_accepted(rule: str) -> None:
    rng = np.random.default_rng(0)
    idx = pd.date_range("2020-01-01", periods=80, freq="D")
    x = pd.DataFrame({"x": rng.normal(size=80)}, index=idx)
    y = pd.Series(x["x"] * 2.0 + rng.normal(size=80), index=idx, name="y")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nw1994" is deprecated and warns
        res = HACRegression(y, x).fit(cov="hac", bandwidth_rule=rule)
    assert res.bandwidth is not None and res.bandwidth >= 0


def test_fixed_is_not_a_bandwidth_rule() -> None:
    # "fixed" was in the Literal but rejected by the code: a fixed lag is bandwidth=
    assert "fixed" not in get_args(BandwidthRule)


def test_position_of_a_repeated_label_is_an_error_naming_it() -> None:
    idx = pd.DatetimeIndex(["2025-04-01", "2025-04-02", "2025-04-02"])
    assert position(idx, pd.Timestamp("2025-04-01"), "values") == 0
    with pytest.raises(ModelSpecificationError, match="2025-04-02.*more than once"):
        position(idx, pd.Timestamp("2025-04-02"), "values")
    with pytest.raises(KeyError):
        position(idx, pd.Timestamp("2025-04-03"), "values")


def test_move_rank_on_a_repeated_date_raises_instead_of_slicing() -> None:
    idx = pd.DatetimeIndex(
        ["2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03", "2025-04-03"]
    )
    values = pd.Series([4.0, 4.1, 4.2, 4.3, 4.35], index=idx)
    with pytest.raises(ModelSpecificationError, match="more than once"):
        move_rank(values, 1, pd.Timestamp("2025-04-03"))
