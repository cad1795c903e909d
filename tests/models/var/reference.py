"""Parser for the base-R reference output in ``results/var_reference.csv``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).parent / "results"
NAMES = ["realgdp", "realcons", "realinv"]
# spec -> (n_lags, trend, Cholesky order); must match var_reference.R
SPECS = {
    "c_p2": (2, "c", ("realgdp", "realcons", "realinv")),
    "ct_p3": (3, "ct", ("realinv", "realgdp", "realcons")),
    "n_p1": (1, "n", ("realcons", "realinv", "realgdp")),
}


@cache
def macro_data() -> pd.DataFrame:
    """100 * diff(log(.)) of real GDP, consumption, investment (as in the R script)."""
    raw = pd.read_csv(RESULTS / "macrodata.csv")
    lvl = raw[NAMES].to_numpy()
    idx = pd.PeriodIndex.from_fields(year=raw["year"], quarter=raw["quarter"], freq="Q")
    return pd.DataFrame(
        100 * np.diff(np.log(lvl), axis=0), index=idx[1:], columns=NAMES
    )


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(RESULTS / "var_reference.csv", dtype={"row": str, "col": str})


def matrix(spec: str, quantity: str, h: int = 0) -> pd.DataFrame:
    """One reference matrix, rows/cols labelled as R wrote them (order preserved)."""
    t = _table()
    sub = t[(t["spec"] == spec) & (t["quantity"] == quantity) & (t["h"] == h)]
    if sub.empty:
        raise KeyError((spec, quantity, h))
    rows = list(dict.fromkeys(sub["row"]))
    cols = list(dict.fromkeys(sub["col"]))
    return (
        sub.pivot(index="row", columns="col", values="value")
        .loc[rows, cols]
        .astype(float)
    )
