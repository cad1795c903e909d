"""Diagnostics of the daily SVAR behind an attribution (for the report).

``basic``: the reduced-form fit (R² per equation), residual checks
(Ljung-Box on the 10y equation, the multivariate Portmanteau and
Jarque-Bera tests of statsmodels) and a stability test (OLS-CUSUM of the
10y equation's residuals, Ploberger and Kraemer 1992). ``full`` adds the
sensitivity of the daily sign model's 10y contributions (posterior means) to
the lag length, to the sample start, to dropping each sign restriction in
turn, and to the seed. The sensitivity reruns use fewer draws than the main
run (``SENSITIVITY_DRAWS``), so they measure the direction and size of a
change, not the reported bands.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from attribution.config.window import Window
from attribution.engine.details import ResidualChecks
from attribution.engine.svar_daily import (
    DailySpec,
    attribute_daily_signs,
    estimation_sample,
)
from attribution.exceptions import WeakIdentificationWarning
from attribution.models.breaks.cusum import cusum_test
from attribution.models.var import VAR
from attribution.models.var.daily_shocks import DAILY_SHOCKS

DiagnosticsLevel = Literal["basic", "full"]
#: bootstrap draws and rotations of each sensitivity rerun
SENSITIVITY_DRAWS: dict[str, int] = {
    "n_boot": 200,
    "max_boot": 200,
    "n_rotations": 500,
    "n_draws": 20_000,
}


@dataclass(frozen=True)
class DailyDiagnostics:
    """Fit, residual and stability checks of the daily reduced-form VAR.

    Attributes
    ----------
    level : {"basic", "full"}
        Which diagnostics ran.
    sample : str
        Estimation sample ``YYYY-MM-DD..YYYY-MM-DD``.
    n_lags : int
    nobs : int
    rsquared : Series
        R² per equation (index: the VAR's columns, plus ``y10``: the sum of the
        real and breakeven equations' fitted values against the 10y change).
    ljung_box : DataFrame
        Ljung-Box Q of the 10y equation's residuals; index = lag, columns
        ``statistic``, ``pvalue``.
    portmanteau : DataFrame
        :meth:`VARResults.diagnostics` (Portmanteau, adjusted, normality).
    jarque_bera_10y : tuple of float
        (statistic, p-value) of the 10y residuals' Jarque-Bera test.
    cusum_10y : tuple of float
        (statistic, p-value) of the OLS-CUSUM test on the 10y residuals.
    breaks_10y : dict
        Bai-Perron test for breaks in the mean of the 10y residuals (see
        :func:`mean_break_test`).
    sensitivity : DataFrame or None
        ``full`` only: rows = variants (``baseline``, ``n_lags=2``,
        ``start=...``, ``drop <shock>: <sign>``, ``seed+1``), columns =
        shocks, values = 10y posterior means in bp.
    sensitivity_note : str
        How the reruns were drawn.
    """

    level: DiagnosticsLevel
    sample: str
    n_lags: int
    nobs: int
    rsquared: pd.Series
    ljung_box: pd.DataFrame
    portmanteau: pd.DataFrame
    jarque_bera_10y: tuple[float, float]
    cusum_10y: tuple[float, float]
    breaks_10y: dict[str, Any] = field(default_factory=dict)
    sensitivity: pd.DataFrame | None = None
    sensitivity_note: str = ""


def _y10_points(result: Any) -> pd.Series:
    t = result.table
    rows = t.loc[
        (t["tenor"] == "10y")
        & (t["role"].isin(["driver", "shock"]))
        & (t["status"] != "not_estimated")
    ]
    return pd.Series(
        rows["contribution_bp"].to_numpy(dtype=float),
        index=rows["driver"].astype(str).to_numpy(),
    )


def _shock_table(spec: DailySpec) -> dict[str, dict[str, Any]]:
    src = spec.shocks if spec.shocks is not None else DAILY_SHOCKS
    return {k: {**dict(v), "signs": dict(v["signs"])} for k, v in src.items()}


def sensitivity_variants(
    spec: DailySpec, sample_start: pd.Timestamp
) -> dict[str, DailySpec]:
    """Return the specifications of the ``full`` sensitivity reruns.

    Parameters
    ----------
    spec : DailySpec
        The run's daily specification.
    sample_start : Timestamp
        The alternative sample start.

    Returns
    -------
    dict
        Label -> specification, at :data:`SENSITIVITY_DRAWS`.
    """
    base = replace(spec, **SENSITIVITY_DRAWS)  # type: ignore[arg-type]
    out = {
        "baseline": base,
        f"n_lags={spec.n_lags + 1}": replace(base, n_lags=spec.n_lags + 1),
        f"start={sample_start:%Y-%m-%d}": replace(base, estimation_start=sample_start),
        "seed+1": replace(base, seed=spec.seed + 1),
    }
    shocks = _shock_table(spec)
    for name, entry in shocks.items():
        if len(entry["signs"]) < 2:
            continue  # dropping its only sign would leave it unnamed
        for key, sign in entry["signs"].items():
            edited = {k: dict(v) for k, v in shocks.items()}
            edited[name]["signs"] = {
                k: s for k, s in entry["signs"].items() if k != key
            }
            out[f"drop {name}: {key} {sign}"] = replace(base, shocks=edited)
    return out


def _sensitivity(
    design: pd.DataFrame, levels: pd.DataFrame, window: Window, spec: DailySpec
) -> pd.DataFrame:
    start = max(spec.estimation_start, pd.Timestamp("2020-01-01"))
    if start == spec.estimation_start:
        start = spec.estimation_start + pd.DateOffset(years=2)
    rows = {}
    for label, variant in sensitivity_variants(spec, pd.Timestamp(start)).items():
        with warnings.catch_warnings():
            # fewer draws than the main run: its thin-set warnings are expected
            warnings.simplefilter("ignore", WeakIdentificationWarning)
            got = attribute_daily_signs(
                design, levels, window, variant, ("svar_sign_daily",)
            )
        rows[label] = _y10_points(got["svar_sign_daily"])
    return pd.DataFrame(rows).T


def daily_diagnostics(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    window: Window,
    spec: DailySpec,
    level: DiagnosticsLevel = "basic",
) -> DailyDiagnostics:
    """Fit the daily reduced-form VAR again and test it (module notes).

    Parameters
    ----------
    design : DataFrame
        :func:`attribution.features.daily.daily_design` output.
    levels : DataFrame
        Daily levels in percent (for the sensitivity reruns).
    window : Window
    spec : DailySpec
    level : {"basic", "full"}, default "basic"

    Returns
    -------
    DailyDiagnostics
    """
    from scipy import stats
    from statsmodels.stats.diagnostic import acorr_ljungbox

    data = estimation_sample(design, spec)
    res = VAR(data, n_lags=spec.n_lags, trend="c").fit()
    rsq = res.rsquared.copy()
    resid = res.resid
    e10 = resid["real10"] + resid["be10"]
    y10 = (data["real10"] + data["be10"]).loc[e10.index]
    rsq["y10"] = 1.0 - float((e10**2).sum()) / float(((y10 - y10.mean()) ** 2).sum())
    lb = acorr_ljungbox(e10.to_numpy(), lags=[5, 10], return_df=True)
    ljung = pd.DataFrame(
        {"statistic": lb["lb_stat"].to_numpy(), "pvalue": lb["lb_pvalue"].to_numpy()},
        index=pd.Index([5, 10], name="lag"),
    )
    jb = stats.jarque_bera(e10.to_numpy())
    cus = cusum_test(pd.Series(e10.to_numpy(), index=e10.index), kind="ols")
    breaks = mean_break_test(e10)
    sens = None
    note = ""
    if level == "full":
        sens = _sensitivity(design, levels, window, spec)
        note = (
            f"each rerun with {SENSITIVITY_DRAWS['n_boot']} bootstrap draws, "
            f"{SENSITIVITY_DRAWS['n_rotations']} rotations per draw and "
            f"{SENSITIVITY_DRAWS['n_draws']} at the estimate (their thin-set "
            "warnings are silenced)"
        )
    return DailyDiagnostics(
        level=level,
        sample=f"{data.index[0]:%Y-%m-%d}..{data.index[-1]:%Y-%m-%d}",
        n_lags=spec.n_lags,
        nobs=int(res.nobs),
        rsquared=rsq,
        ljung_box=ljung,
        portmanteau=res.diagnostics(n_lags=10),
        jarque_bera_10y=(float(jb.statistic), float(jb.pvalue)),
        cusum_10y=(float(cus.statistic), float(cus.pvalue)),
        breaks_10y=breaks,
        sensitivity=sens,
        sensitivity_note=note,
    )


def mean_break_test(resid: pd.Series, max_breaks: int = 3) -> dict[str, Any]:
    """Bai-Perron test for shifts in the mean of a residual series (JSON-safe).

    A constant-only regression with up to ``max_breaks`` breaks (trim 15%,
    homoskedastic statistics: fat-tailed residuals make it reject more often
    than its level).

    Returns
    -------
    dict
        ``udmax``: the UDmax statistic; ``critical_5``: its 5% critical
        value; ``n_breaks``: the number chosen by BIC; ``dates``: their dates
        (last day of each old regime, ``YYYY-MM-DD``).
    """
    from attribution.models.breaks import BaiPerron

    fit = BaiPerron(resid.rename("resid"), max_breaks=max_breaks).fit()
    test = fit.ud_max_test()
    return {
        "udmax": float(test.statistic),
        "critical_5": float(test.critical_values[0.05]),
        "n_breaks": int(fit.n_breaks),
        "dates": [f"{pd.Timestamp(d):%Y-%m-%d}" for d in fit.break_dates],
    }


def var_residual_checks(
    res: Any, equation: str, test_lags: tuple[int, ...]
) -> ResidualChecks:
    """Residual and stability checks of one equation of a fitted VAR.

    Parameters
    ----------
    res : VARResults
    equation : str
        The VAR column whose residuals are checked (e.g. ``"y10"``).
    test_lags : tuple of int
        Lags at which the Ljung-Box test is computed; the portmanteau test
        uses the largest.

    Returns
    -------
    ResidualChecks
        ``ljung_box``: {lag: (Q, p)}; ``cusum``: (statistic, p) of the
        OLS-CUSUM test (Ploberger and Kraemer 1992); ``breaks``: the
        Bai-Perron test of the residual mean; ``portmanteau``:
        (statistic, df, p) of the multivariate test at the largest lag.
    """
    from statsmodels.stats.diagnostic import acorr_ljungbox

    e = res.resid[equation]
    lb = acorr_ljungbox(e.to_numpy(), lags=list(test_lags), return_df=True)
    cus = cusum_test(pd.Series(e.to_numpy(), index=e.index), kind="ols")
    pm = res.diagnostics(n_lags=max(test_lags)).loc["portmanteau"]
    return ResidualChecks(
        equation=equation,
        ljung_box={
            str(k): (float(q), float(p))
            for k, q, p in zip(test_lags, lb["lb_stat"], lb["lb_pvalue"], strict=True)
        },
        cusum=(float(cus.statistic), float(cus.pvalue)),
        breaks=mean_break_test(e),
        portmanteau=(float(pm["statistic"]), float(pm["df"]), float(pm["pvalue"])),
    )


def spread(sensitivity: pd.DataFrame) -> pd.Series:
    """Largest absolute move of each shock's 10y point away from the baseline."""
    dev = sensitivity.sub(sensitivity.loc["baseline"], axis=1).abs()
    return dev.drop(index="baseline").max().astype(float).fillna(np.nan)
