r"""First attribution model: weekly OLS of tenor yield changes on flows and positioning.

Model, per tenor :math:`n`:

.. math:: \Delta y^{(n)}_t = \alpha + \beta_1 \Delta \text{custody}_t
          + \beta_2 \Delta \text{levNetShort}_t + \gamma' c_t + u_t

on Wednesday-to-Wednesday changes, with controls :math:`c_t` (the 2y change,
dropped for the 2y tenor itself, and the dollar's log change). Inference is
Newey-West HAC.

A driver's contribution over the window is
:math:`\hat\beta_j \sum_{t \in W} x_{jt}` over the model weeks W that lie
inside the window, with a delta-method interval. The rows add up exactly:
drivers + controls + constant + residual (actual minus fitted over W) +
stub (days of the window outside the model weeks) = actual change.

Identification: none beyond OLS. Custody and positioning changes are treated
as exogenous within the week; reverse causality (yields moving flows) is not
ruled out. Read the contributions as a reduced-form accounting, not as causal
effects.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from attribution._typing import Kernel
from attribution.config.window import Window
from attribution.engine.result import AttributionResult, attribution_table, exact_row
from attribution.exceptions import EmptySampleError, StubWarning, WindowError
from attribution.models.regression import (
    HACRegression,
    RegressionResults,
    window_contributions,
)
from attribution.panel import close_on_or_before

MODEL = "ols_weekly"
IDENTIFICATION = (
    "OLS on weekly changes (Wed-Wed); drivers treated as exogenous "
    "within the week; no causal identification"
)


@dataclass(frozen=True)
class WeeklySpec:
    """What to estimate: tenors, drivers, controls, sample and inference."""

    tenors: tuple[str, ...]
    drivers: tuple[str, ...]
    controls: tuple[str, ...]
    estimation_start: pd.Timestamp
    estimation_end: pd.Timestamp | None
    ci_level: float
    kernel: Kernel
    bandwidth: int | None


def model_weeks(
    grid: pd.DatetimeIndex, base: pd.Timestamp, end: pd.Timestamp
) -> pd.DatetimeIndex:
    """Wednesdays w whose week (w-7, w] lies inside the window [base, end]."""
    return grid[(grid - pd.Timedelta(days=7) >= base) & (grid <= end)]


def _ranges(dates: pd.DatetimeIndex) -> list[str]:
    """Compress weekly dates into ``first..last (n weeks)`` runs."""
    runs: list[list[pd.Timestamp]] = []
    for d in dates:
        if runs and (d - runs[-1][-1]).days == 7:
            runs[-1].append(d)
        else:
            runs.append([d])
    return [f"{r[0]:%Y-%m-%d}..{r[-1]:%Y-%m-%d} ({len(r)} wk)" for r in runs]


def _sample(
    design: pd.DataFrame,
    cols: list[str],
    spec: WeeklySpec,
    base: pd.Timestamp,
    tenor: str,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    end = spec.estimation_end if spec.estimation_end is not None else base
    rows = design.loc[
        (design.index >= spec.estimation_start) & (design.index <= end), cols
    ]
    missing = rows.isna().any(axis=1)
    skipped = {
        c: _ranges(rows.index[rows[c].isna()]) for c in cols if rows[c].isna().any()
    }
    clean = rows.loc[~missing]
    if len(clean) <= len(cols) + 1:
        raise EmptySampleError(
            f"`estimation` sample for tenor {tenor} has {len(clean)} usable weeks "
            f"between {spec.estimation_start:%Y-%m-%d} and {end:%Y-%m-%d}; "
            f"need more than {len(cols) + 1}. "
            "Widen estimation.start/end."
        )
    info = {
        "start": f"{clean.index[0]:%Y-%m-%d}",
        "end": f"{clean.index[-1]:%Y-%m-%d}",
        "nobs": int(len(clean)),
        "skipped_weeks": int(missing.sum()),
        "skipped_by_column": skipped,
    }
    return clean, info


def _rows(
    tenor: str,
    fit: RegressionResults,
    contrib: pd.DataFrame,
    actual_w: float,
    stub: float,
    drivers: tuple[str, ...],
) -> list[dict[str, Any]]:
    rows = []
    for name, r in contrib.drop(index="fitted").iterrows():
        role = (
            "deterministic"
            if name == "const"
            else "driver"
            if name in drivers
            else "control"
        )
        rows.append(
            {
                "tenor": tenor,
                "driver": "constant" if name == "const" else str(name),
                "role": role,
                "contribution_bp": r["contribution"],
                "std_err_bp": r["std_err"],
                "lower_bp": r["lower"],
                "upper_bp": r["upper"],
            }
        )
    fitted = contrib.loc["fitted"]
    resid = actual_w - fitted["contribution"]
    half = fitted["upper"] - fitted["contribution"]
    rows.append(
        {
            "tenor": tenor,
            "driver": "residual",
            "role": "residual",
            "contribution_bp": resid,
            "std_err_bp": fitted["std_err"],
            "lower_bp": resid - half,
            "upper_bp": resid + half,
        }
    )
    for name, value in (("stub", stub), ("actual", actual_w + stub)):
        rows.append(exact_row(tenor, name, name, value))
    return rows


def attribute_weekly_ols(
    design: pd.DataFrame,
    daily_yields: pd.DataFrame,
    window: Window,
    spec: WeeklySpec,
) -> AttributionResult:
    """Estimate the weekly model per tenor and attribute the window's change.

    Parameters
    ----------
    design : DataFrame
        Output of :func:`attribution.features.weekly.weekly_design`.
    daily_yields : DataFrame
        Daily closes in percent, columns = tenors (``2y``, ...).
    window : Window
        The window.
    spec : WeeklySpec
        The specification.

    Returns
    -------
    AttributionResult

    Raises
    ------
    WindowError
        If a model week inside the window lacks a regressor.
    EmptySampleError
        If the estimation sample is too small.
    """
    ref = daily_yields["10y"].dropna().index
    base, end = window.resolve(ref)
    weeks = model_weeks(design.index, base, end)
    if len(weeks) == 0:
        warnings.warn(
            f"window {window.label} ({base:%Y-%m-%d} to {end:%Y-%m-%d}) holds no whole "
            "Wednesday-to-Wednesday week, so the weekly model attributes nothing: "
            "all of the change is in the `stub` row. "
            "Use a window of at least one week.",
            StubWarning,
            stacklevel=2,
        )
    records: list[dict[str, Any]] = []
    details: dict[str, Any] = {
        "base": f"{base:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}",
        "model_weeks": [f"{w:%Y-%m-%d}" for w in weeks],
        "tenors": {},
    }
    for tenor in spec.tenors:
        regs = list(spec.drivers) + [
            c for c in spec.controls if not (c == "ctrl_2y" and tenor == "2y")
        ]
        y_col = f"dy_{tenor}"
        sample, info = _sample(design, [y_col, *regs], spec, base, tenor)
        fit = HACRegression(sample[y_col], sample[regs]).fit(
            cov="hac", bandwidth=spec.bandwidth, kernel=spec.kernel
        )
        levels = daily_yields[tenor]
        if len(weeks):
            xw = design.loc[weeks, regs]
            if xw.isna().any().any():
                col = xw.columns[xw.isna().any()][0]
                day = xw.index[xw[col].isna()][0]
                raise WindowError(
                    f"window week ending {day:%Y-%m-%d} has no `{col}` value "
                    "(a gap in the data); for positioning try "
                    "attribution.positioning.measure: tff_10y_derived"
                )
            contrib = window_contributions(fit, xw, level=spec.ci_level)
            edges = close_on_or_before(
                levels, pd.DatetimeIndex([weeks[0] - pd.Timedelta(days=7), weeks[-1]])
            )
            actual_w = float(edges.iloc[1] - edges.iloc[0]) * 100.0
            first_edge, last_edge = float(edges.iloc[0]), float(edges.iloc[1])
        else:
            contrib = window_contributions(
                fit, design.loc[[], regs].reindex([]), level=spec.ci_level
            )
            actual_w, first_edge, last_edge = (
                0.0,
                float(levels[base]),
                float(levels[base]),
            )
        stub = (
            (first_edge - float(levels[base])) + (float(levels[end]) - last_edge)
        ) * 100.0
        records += _rows(tenor, fit, contrib, actual_w, stub, spec.drivers)
        info.update(
            {
                "hac_lags": fit.bandwidth,
                "kernel": fit.kernel,
                "rsquared": fit.rsquared,
                "fit": fit,
            }
        )
        details["tenors"][tenor] = info
    table = attribution_table(
        records,
        model=MODEL,
        identification=IDENTIFICATION,
        ci_level=spec.ci_level,
        window_label=window.label,
        base=base,
        end=end,
    )
    result = AttributionResult(table, {MODEL: details})
    result.check_adding_up()
    return result
