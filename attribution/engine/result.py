"""The attribution result: a tidy table that adds up, plus what produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from attribution.exceptions import AttributionError

#: Columns of the tidy attribution table, in order.
COLUMNS: tuple[str, ...] = (
    "model",
    "identification",
    "tenor",
    "driver",
    "role",
    "contribution_bp",
    "std_err_bp",
    "lower_bp",
    "upper_bp",
    "ci_level",
    "window",
    "base_date",
    "end_date",
)

#: Rows whose contributions (with ``residual`` and ``stub``) sum to ``actual``.
ROLES: tuple[str, ...] = (
    "driver",
    "control",
    "deterministic",
    "residual",
    "stub",
    "actual",
)


def exact_row(tenor: str, driver: str, role: str, value: float) -> dict[str, Any]:
    """Return a table row known without sampling error (stub, actual, baseline).

    Its standard error is zero and its interval is the point itself.
    """
    return {
        "tenor": tenor,
        "driver": driver,
        "role": role,
        "contribution_bp": value,
        "std_err_bp": 0.0,
        "lower_bp": value,
        "upper_bp": value,
    }


def attribution_table(
    records: list[dict[str, Any]],
    *,
    model: str,
    identification: str,
    ci_level: float,
    window_label: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """Turn one model's per-tenor rows into the tidy table of :data:`COLUMNS`.

    Parameters
    ----------
    records : list of dict
        Rows with ``tenor``, ``driver``, ``role``, ``contribution_bp``,
        ``std_err_bp``, ``lower_bp`` and ``upper_bp``.
    model, identification : str
        The model's name and its identification text, put first on every row.
    ci_level : float
        Interval level of ``lower_bp``/``upper_bp``.
    window_label : str
        The window as configured.
    base, end : Timestamp
        Closes the change is measured from and to.

    Returns
    -------
    DataFrame
        The rows with the model, window and date columns added.
    """
    table = pd.DataFrame.from_records(records)
    table.insert(0, "identification", identification)
    table.insert(0, "model", model)
    table["ci_level"] = ci_level
    table["window"] = window_label
    table["base_date"] = f"{base:%Y-%m-%d}"
    table["end_date"] = f"{end:%Y-%m-%d}"
    return table


@dataclass(frozen=True)
class AttributionResult:
    """Per-driver, per-tenor contributions to a window's yield change, by model.

    Attributes
    ----------
    table : DataFrame
        Tidy rows with the columns :data:`COLUMNS`. For each (model, tenor),
        the rows other than ``actual`` sum to ``actual``.
    details : dict
        Model name -> facts for the report (estimation sample, skipped
        weeks, bandwidth, fitted models).
    """

    table: pd.DataFrame
    details: dict[str, dict[str, Any]] = field(default_factory=dict)

    def check_adding_up(self, tol: float = 1e-8) -> None:
        """Raise if any (model, tenor) block fails to add up to its actual change."""
        for (model, tenor), grp in self.table.groupby(["model", "tenor"], sort=False):
            actual = grp.loc[grp["driver"] == "actual", "contribution_bp"]
            parts = grp.loc[grp["driver"] != "actual", "contribution_bp"].sum()
            if len(actual) != 1 or not np.isclose(
                parts, actual.iloc[0], atol=tol, rtol=0
            ):
                raise AttributionError(
                    f"model {model!r}, tenor {tenor}: contributions sum to "
                    f"{parts:.10f} bp but "
                    f"the actual change is {actual.tolist()} bp"
                )
        if self.table[["contribution_bp", "lower_bp", "upper_bp"]].isna().any().any():
            bad = self.table.loc[self.table[["contribution_bp"]].isna().any(axis=1)]
            keys = bad[["model", "tenor", "driver"]].values.tolist()
            raise AttributionError(f"NaN in the attribution table: {keys}")

    def verdict(self, model: str, tenor: str) -> str:
        """One sentence: which drivers' intervals exclude zero, or that neither does."""
        grp = self.table.loc[
            (self.table["model"] == model) & (self.table["tenor"] == tenor)
        ]
        drivers = grp.loc[grp["role"] == "driver"]
        sig = drivers.loc[(drivers["lower_bp"] > 0) | (drivers["upper_bp"] < 0)]
        actual = float(grp.loc[grp["driver"] == "actual", "contribution_bp"].iloc[0])
        if drivers.empty:
            return (
                f"{tenor}: this model attributes nothing here (no whole model "
                f"period in the window); the actual change {actual:+.1f} bp is all "
                "stub."
            )
        if sig.empty:
            names = " nor ".join(drivers["driver"])
            return (
                f"{tenor}: neither {names} is distinguishable from zero "
                f"(actual change {actual:+.1f} bp); the move goes to the other rows."
            )
        parts = ", ".join(
            f"{r.driver} {r.contribution_bp:+.1f} bp "
            f"[{r.lower_bp:+.1f}, {r.upper_bp:+.1f}]"
            for r in sig.itertuples()
        )
        return f"{tenor}: {parts} of an actual {actual:+.1f} bp."
