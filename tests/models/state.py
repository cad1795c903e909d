"""Compare a model's attributes by value (for the "fit does not mutate" tests)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd


def snapshot(obj: object) -> dict[str, Any]:
    """Deep copy of ``vars(obj)``: later in-place changes do not reach it."""
    return copy.deepcopy(dict(vars(obj)))


def assert_same_state(obj: object, before: dict[str, Any]) -> None:
    """Assert every attribute of ``obj`` equals its value in ``before``."""
    after = vars(obj)
    assert after.keys() == before.keys()
    for key, old in before.items():
        new = after[key]
        if isinstance(old, pd.DataFrame):
            pd.testing.assert_frame_equal(new, old, check_freq=True, obj=key)
        elif isinstance(old, pd.Series):
            pd.testing.assert_series_equal(new, old, check_freq=True, obj=key)
        elif isinstance(old, np.ndarray):
            np.testing.assert_array_equal(new, old, err_msg=key)
        else:
            assert type(new) is type(old) and new == old, (key, old, new)
