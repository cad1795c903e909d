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
effects: a driver's band covers :math:`\beta \sum_{t \in W} x_{jt}` for the
projection coefficient :math:`\beta`, which is the driver's structural
contribution only when the flows are exogenous within the week (the
"exogenous" world of :mod:`attribution.simulate`); when custody or
positioning respond to the same news as yields, it is not.

Same-week 2y and dollar changes are outcomes of the same shocks (bad
controls): with them, a driver row is a partial effect holding them fixed.
``ols_weekly_total`` drops them and reports the total effect.

The constant is reported as ``drift``: the mean weekly change of the
estimation sample (named on the table) times the number of model weeks. The
residual row's band adds the innovation variance of the window,
:math:`|W|\hat\sigma^2`, to the parameter uncertainty of the fit, so it
says whether the unexplained move is large against the model's usual noise.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from attribution._typing import Kernel
from attribution.domain.window import Window
from attribution.engine.details import OLSDetails, OLSTenorFit
from attribution.engine.result import (
    AttributionResult,
    attribution_table,
    not_estimated_row,
)
from attribution.engine.stub import (
    stub_and_actual_rows,
    weekly_stub_bp,
    window_change_bp,
)
from attribution.exceptions import EmptySampleError, StubWarning, WindowError
from attribution.models.regression import (
    HACRegression,
    RegressionResults,
    window_contributions,
)

MODEL = "ols_weekly"
MODEL_TOTAL = "ols_weekly_total"
IDENTIFICATION = (
    "OLS on weekly changes (Wed-Wed); drivers treated as exogenous "
    "within the week; no causal identification"
)
_DRIVER_NOTE = (
    "reduced form: beta x window flows; structural only if flows are exogenous "
    "within the week"
)
_CONTROL_NOTE = "bad control: a same-week outcome of the same shocks"


def identification_text(controls: tuple[str, ...], sample: str) -> str:
    """Return the identification named on the OLS model's rows."""
    ctrl = (
        f"same-week controls {', '.join(controls)} (bad controls: outcomes of the "
        "same shocks; drivers are partial effects)"
        if controls
        else "no same-week controls (total effect of the drivers)"
    )
    return (
        f"{IDENTIFICATION}; {ctrl}; bands cover beta x the window's flows, not a "
        f"structural contribution unless flows are exogenous; drift = mean weekly "
        f"change over {sample}"
    )


@dataclass(frozen=True)
class WeeklySpec:
    """What to estimate: tenors, drivers, controls, sample and inference."""

    tenors: tuple[str, ...]
    drivers: tuple[str, ...]
    controls: tuple[str, ...]
    estimation_start: pd.Timestamp
    estimation_end: pd.Timestamp | None
    level: float
    kernel: Kernel
    bandwidth: int | None
    model: str = MODEL


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


@dataclass(frozen=True)
class _Sample:
    """One tenor's estimation sample (the first facts of its OLSTenorFit)."""

    start: str
    end: str
    nobs: int
    skipped_weeks: int
    skipped_by_column: dict[str, tuple[str, ...]]


def _sample(
    design: pd.DataFrame,
    cols: list[str],
    spec: WeeklySpec,
    base: pd.Timestamp,
    tenor: str,
) -> tuple[pd.DataFrame, _Sample]:
    end = spec.estimation_end if spec.estimation_end is not None else base
    rows = design.loc[
        (design.index >= spec.estimation_start) & (design.index <= end), cols
    ]
    missing = rows.isna().any(axis=1)
    skipped = {
        c: tuple(_ranges(pd.DatetimeIndex(rows.index[rows[c].isna()])))
        for c in cols
        if rows[c].isna().any()
    }
    clean = rows.loc[~missing]
    if len(clean) <= len(cols) + 1:
        raise EmptySampleError(
            f"`estimation` sample for tenor {tenor} has {len(clean)} usable weeks "
            f"between {spec.estimation_start:%Y-%m-%d} and {end:%Y-%m-%d}; "
            f"need more than {len(cols) + 1}. "
            "Widen estimation.start/end."
        )
    info = _Sample(
        start=f"{clean.index[0]:%Y-%m-%d}",
        end=f"{clean.index[-1]:%Y-%m-%d}",
        nobs=int(len(clean)),
        skipped_weeks=int(missing.sum()),
        skipped_by_column=skipped,
    )
    return clean, info


def _rows(
    tenor: str,
    fit: RegressionResults,
    contrib: pd.DataFrame,
    actual_w: float,
    stub: float,
    drivers: tuple[str, ...],
    n_weeks: int,
    level: float,
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
        note = {"driver": _DRIVER_NOTE, "control": _CONTROL_NOTE}.get(role, "")
        if name == "const":
            drift = float(fit.params["const"])
            note = f"mean weekly change {drift:+.2f} bp x {n_weeks}"
        rows.append(
            {
                "tenor": tenor,
                "driver": "drift" if name == "const" else str(name),
                "role": role,
                "contribution_bp": r["contribution"],
                "std_err_bp": r["std_err"],
                "lower_bp": r["lower"],
                "upper_bp": r["upper"],
                "note": note,
            }
        )
    fitted = contrib.loc["fitted"]
    resid = actual_w - fitted["contribution"]
    sigma2 = float((fit.resid**2).sum()) / fit.df_resid
    se = float(np.sqrt(fitted["std_err"] ** 2 + n_weeks * sigma2))
    half = fit.critical_value(level) * se
    rows.append(
        {
            "tenor": tenor,
            "driver": "residual",
            "role": "residual",
            "contribution_bp": resid,
            "std_err_bp": se,
            "lower_bp": resid - half,
            "upper_bp": resid + half,
            "note": f"band includes the innovation variance of {n_weeks} weeks",
        }
    )
    rows += stub_and_actual_rows(tenor, stub, actual_w + stub)
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
    ref = pd.DatetimeIndex(daily_yields["10y"].dropna().index)
    base, end = window.resolve(ref)
    weeks = model_weeks(pd.DatetimeIndex(design.index), base, end)
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
    fits: dict[str, OLSTenorFit] = {}
    samples: list[str] = []
    for tenor in spec.tenors:
        regs = list(spec.drivers) + [
            c for c in spec.controls if not (c == "ctrl_2y" and tenor == "2y")
        ]
        y_col = f"dy_{tenor}"
        levels = daily_yields[tenor]
        if len(weeks) == 0:
            move = window_change_bp(levels, base, end)
            why = "the window holds no whole Wednesday-to-Wednesday week"
            records += [
                not_estimated_row(tenor, d, "driver", why) for d in spec.drivers
            ]
            records += stub_and_actual_rows(tenor, move, move)
            continue
        sample, info = _sample(design, [y_col, *regs], spec, base, tenor)
        samples.append(f"{info.start}..{info.end}")
        fit = HACRegression(sample[y_col], sample[regs]).fit(
            cov="hac", bandwidth=spec.bandwidth, kernel=spec.kernel
        )
        xw = design.loc[weeks, regs]
        if xw.isna().any().any():
            col = xw.columns[xw.isna().any()][0]
            day = xw.index[xw[col].isna()][0]
            raise WindowError(
                f"window week ending {day:%Y-%m-%d} has no `{col}` value "
                "(a gap in the data); for positioning try "
                "attribution.positioning.measure: tff_10y_derived"
            )
        contrib = window_contributions(fit, xw, level=spec.level)
        actual_w, stub = weekly_stub_bp(levels, weeks, base, end)
        records += _rows(
            tenor, fit, contrib, actual_w, stub, spec.drivers, len(weeks),
            spec.level,
        )  # fmt: skip
        fits[tenor] = OLSTenorFit(
            start=info.start,
            end=info.end,
            nobs=info.nobs,
            skipped_weeks=info.skipped_weeks,
            skipped_by_column=info.skipped_by_column,
            bandwidth=fit.bandwidth,
            kernel=fit.kernel,
            rsquared=fit.rsquared,
            fit=fit,
        )
    sample_text = (
        " and ".join(dict.fromkeys(samples)) if samples else "no estimation sample"
    )
    table = attribution_table(
        records,
        model=spec.model,
        identification=identification_text(spec.controls, sample_text),
        level=spec.level,
        window_label=window.label,
        base=base,
        end=end,
    )
    details = OLSDetails(
        base=f"{base:%Y-%m-%d}",
        end=f"{end:%Y-%m-%d}",
        model_weeks=tuple(f"{w:%Y-%m-%d}" for w in weeks),
        tenors=fits,
    )
    result = AttributionResult(table, {spec.model: details})
    result.check_adding_up()
    return result
