"""Parsers for the committed R reference output in ``results/``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).parent / "results"

# dataset -> (csv, endog, exog columns); the formulas of regression_reference.R
DATASETS: dict[str, tuple[str, str, list[str]]] = {
    "investment": ("investment.csv", "RealInv", ["RealGNP", "RealInt"]),
    "publicschools": ("publicschools.csv", "Expenditure", ["Income", "Income2"]),
    "seatbelts": ("seatbelts.csv", "logdrivers", ["PetrolPrice", "logkms", "law"]),
}


def load_dataset(name: str) -> tuple[pd.Series, pd.DataFrame]:
    """Return (endog, exog) of a reference dataset, indexed by date."""
    file, endog, exog = DATASETS[name]
    df = pd.read_csv(RESULTS / file, parse_dates=["date"]).set_index("date")
    return df[endog], df[exog]


def load_reference() -> pd.DataFrame:
    """Return R's coefficients and standard errors, long form."""
    return pd.read_csv(RESULTS / "regression_reference.csv")


def load_bandwidths() -> pd.DataFrame:
    """Return R's Andrews bandwidths and the NW rule lag per dataset."""
    return pd.read_csv(RESULTS / "bandwidth_reference.csv")
