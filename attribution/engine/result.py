"""The attribution result: a tidy table that adds up, plus what produced it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from attribution.engine.details import ModelDetails
from attribution.engine.verdict import verdict_text
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
    "set_lower_bp",
    "set_upper_bp",
    "set_band_lower_bp",
    "set_band_upper_bp",
    "mc_se_bp",
    "status",
    "note",
    "level",
    "window",
    "base_date",
    "end_date",
)

#: Rows whose contributions (with ``residual`` and ``stub``) sum to ``actual``.
#: ``shock`` is an identified structural shock that is not one of the drivers.
ROLES: tuple[str, ...] = (
    "driver",
    "shock",
    "control",
    "deterministic",
    "residual",
    "stub",
    "actual",
)


#: Row status: a point-identified estimate, a set-identified one (with its
#: identified set), a number known without sampling error, or not estimated.
STATUSES: tuple[str, ...] = ("estimated", "set_identified", "exact", "not_estimated")

_NAN = float("nan")


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
        "status": "exact",
    }


def not_estimated_row(tenor: str, driver: str, role: str, why: str) -> dict[str, Any]:
    """Return a row the model cannot estimate: NA numbers and the reason.

    ``contribution_bp`` is NaN, never a zero that reads like an answer.
    """
    return {
        "tenor": tenor,
        "driver": driver,
        "role": role,
        "contribution_bp": _NAN,
        "std_err_bp": _NAN,
        "lower_bp": _NAN,
        "upper_bp": _NAN,
        "status": "not_estimated",
        "note": why,
    }


def attribution_table(
    records: list[dict[str, Any]],
    *,
    model: str,
    identification: str,
    level: float,
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
    level : float
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
    for col in ("set_lower_bp", "set_upper_bp", "set_band_lower_bp"):
        if col not in table:
            table[col] = _NAN
    for col in ("set_band_upper_bp", "mc_se_bp"):
        if col not in table:
            table[col] = _NAN
    if "status" not in table:
        table["status"] = "estimated"
    table["status"] = table["status"].fillna("estimated")
    if "note" not in table:
        table["note"] = ""
    table["note"] = table["note"].fillna("")
    table.insert(0, "identification", identification)
    table.insert(0, "model", model)
    table["level"] = level
    table["window"] = window_label
    table["base_date"] = f"{base:%Y-%m-%d}"
    table["end_date"] = f"{end:%Y-%m-%d}"
    return table[list(COLUMNS)]


#: Index levels of :attr:`AttributionResult.draws` Series.
DRAW_LEVELS: tuple[str, ...] = ("tenor", "driver", "draw")


def draws_series(
    blocks: Mapping[str, tuple[Sequence[str], np.ndarray]],
) -> pd.Series:
    """Label one model's draws as a Series indexed by (tenor, driver, draw).

    Parameters
    ----------
    blocks : mapping
        Tenor -> (row names, array ``(n_draws, len(names))`` in bp): the draws
        behind that tenor's ``lower_bp``/``upper_bp``, one column per row.

    Returns
    -------
    Series
        ``contribution_bp`` per (``tenor``, ``driver``, ``draw``), ``draw``
        numbered from 0 in the order the model drew them.
    """
    parts = []
    for tenor, (names, arr) in blocks.items():
        arr = np.asarray(arr, dtype=np.float64)
        idx = pd.MultiIndex.from_product(
            [[tenor], list(names), range(arr.shape[0])], names=list(DRAW_LEVELS)
        )
        parts.append(pd.Series(arr.T.reshape(-1), index=idx))
    if not parts:
        return pd.Series(
            [],
            index=pd.MultiIndex.from_tuples([], names=list(DRAW_LEVELS)),
            dtype=np.float64,
            name="contribution_bp",
        )
    return pd.concat(parts).rename("contribution_bp")


@dataclass(frozen=True)
class FigureData:
    """What a model's figures need beyond its table: paths and impulse responses.

    Attributes
    ----------
    periods : DataFrame
        The window's per-period historical decomposition at the estimate,
        long: columns ``date``, ``tenor``, ``driver`` (``baseline``, each
        shock, ``other_shocks`` when the model groups the unnamed ones) and
        ``contribution_bp``. For a model in changes each period's rows sum to
        that period's change, and their sum over the periods is the point in
        the table.
    frequency : {"day", "week"}
        The model's period.
    shocks : DataFrame or None
        Structural shocks of the window's periods (period x named shock), in
        standard deviations; None when the model does not report them.
    irf : DataFrame or None
        Cumulative impulse responses (bp per one-standard-deviation shock)
        indexed by (``horizon``, ``response``, ``shock``), columns ``point``,
        ``lower`` and ``upper`` (bootstrap percentiles at ``level``); the
        responses are the reported tenors.
    level : float
        Coverage of the ``irf`` bands.
    """

    periods: pd.DataFrame
    frequency: str
    shocks: pd.DataFrame | None = None
    irf: pd.DataFrame | None = None
    level: float = 0.9


@dataclass(frozen=True)
class AttributionResult:
    """Per-driver, per-tenor contributions to a window's yield change, by model.

    Attributes
    ----------
    table : DataFrame
        Tidy rows with the columns :data:`COLUMNS`. For each (model, tenor),
        the rows other than ``actual`` sum to ``actual``.
    details : mapping
        Model name -> :class:`~attribution.engine.details.ModelDetails`, the
        typed facts for the report and the manifest (estimation sample,
        skipped weeks, bandwidth, fitted models, draw counts); one record
        class per model family (:mod:`attribution.engine.details`), each with
        ``to_manifest()``.
    draws : dict
        Model name -> Series of the simulation draws behind the model's
        bands, indexed by (``tenor``, ``driver``, ``draw``), in bp (see
        :func:`draws_series`): the bootstrap draws of ``svar_chol_weekly``
        and the posterior (draw, rotation) pairs of the set-identified SVARs.
        Models whose bands are analytic (the OLS delta method) have none.
        Never written to the output files.
    figures : dict
        Model name -> :class:`FigureData` (the per-period decomposition and
        impulse responses the report draws); only models that expose them.
    """

    table: pd.DataFrame
    details: Mapping[str, ModelDetails] = field(default_factory=dict)
    draws: dict[str, pd.Series] = field(default_factory=dict)
    figures: dict[str, FigureData] = field(default_factory=dict)

    def check_adding_up(self, tol: float = 1e-8) -> None:
        """Raise if any (model, tenor) block fails to add up to its actual change.

        Rows that are ``not_estimated`` (NA) are left out of the sum; every
        other row must be a number.
        """
        t = self.table
        estimated = t["status"] != "not_estimated"
        for (model, tenor), grp in t.loc[estimated].groupby(
            ["model", "tenor"], sort=False
        ):
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
        cols = ["contribution_bp", "lower_bp", "upper_bp"]
        bad = t.loc[estimated & t[cols].isna().any(axis=1)]
        if len(bad):
            keys = bad[["model", "tenor", "driver"]].values.tolist()
            raise AttributionError(f"NaN in the attribution table: {keys}")

    def verdict(self, model: str, tenor: str) -> str:
        """One sentence per (model, tenor): which identified shocks the data name.

        Every identified shock (drivers and the other identified shocks) is
        considered. A point-identified row is named when its interval
        excludes zero; a set-identified row only when the robust band of
        its identified set excludes zero. The largest row is always given.
        """
        grp = self.table.loc[
            (self.table["model"] == model) & (self.table["tenor"] == tenor)
        ]
        return verdict_text(grp, tenor)
