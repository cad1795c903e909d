"""Parser of ``breaks_strucchange.csv`` (written by ``breaks_strucchange.R``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent


@cache
def _raw() -> pd.DataFrame:
    return pd.read_csv(HERE / "breaks_strucchange.csv")


def ref(case: str, quantity: str) -> np.ndarray:
    """Return the values of one quantity of one case, in index order."""
    raw = _raw()
    rows = raw[(raw["case"] == case) & (raw["quantity"] == quantity)].sort_values(
        "index"
    )
    if rows.empty:
        raise KeyError(f"{case}/{quantity} not in the R fixture")
    return rows["value"].to_numpy(dtype=float)


def data(case: str) -> tuple[pd.Series, pd.DataFrame | None]:
    """Return ``(endog, exog)`` of a case (exog None for mean-shift cases)."""
    y = pd.Series(ref(case, "y"), name=case)
    if case == "seatbelts":
        x = pd.DataFrame({"lkms": ref(case, "lkms"), "petrol": ref(case, "petrol")})
        return y, x
    return y, None


CASES = {"nile": 0.15, "realint": 15, "seatbelts": 0.15}


@cache
def _parity() -> pd.DataFrame:
    return pd.read_csv(HERE / "breaks_parity.csv")


def ref_parity(case: str, quantity: str) -> np.ndarray:
    """Return one quantity of ``breaks_parity.csv`` (``breaks_parity.R``)."""
    raw = _parity()
    rows = raw[(raw["case"] == case) & (raw["quantity"] == quantity)].sort_values(
        "index"
    )
    if rows.empty:
        raise KeyError(f"{case}/{quantity} not in the R parity fixture")
    return rows["value"].to_numpy(dtype=float)
