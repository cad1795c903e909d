"""Shared type aliases and ``Literal`` option sets.

Every string option accepted by a public function is spelled here once, so that
signatures, validation and documentation agree.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

Float64Array: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
ArrayLike: TypeAlias = npt.ArrayLike
DateLike: TypeAlias = str | _dt.date | _dt.datetime | pd.Timestamp
SeedLike: TypeAlias = int | np.random.Generator | None

CovType = Literal["nonrobust", "hc0", "hc1", "hc2", "hc3", "hac"]
Kernel = Literal["bartlett", "parzen", "quadratic-spectral"]
# "nw1994" is the deprecated name of "rule_of_thumb" (accepted with a warning)
BandwidthRule = Literal["rule_of_thumb", "andrews1991", "newey_west1994", "nw1994"]
Identification = Literal["cholesky", "sign", "heteroskedasticity", "external"]
Trend = Literal["n", "c", "ct"]
Missing = Literal["raise", "drop"]
#: What a VAR's columns are: levels (a window's change is the level at its end
#: minus the level before it) or changes (the sum of the window's rows).
VariableKind = Literal["levels", "changes"]
BreakSelection = Literal["bic", "lwz", "sequential"]
CusumKind = Literal["ols", "recursive"]
FTestKind = Literal["supF", "aveF", "expF"]

__all__ = [
    "ArrayLike",
    "BandwidthRule",
    "BreakSelection",
    "CovType",
    "CusumKind",
    "DateLike",
    "FTestKind",
    "Float64Array",
    "Identification",
    "IntArray",
    "Kernel",
    "Missing",
    "SeedLike",
    "Trend",
]
