"""Daily SVAR identified through heteroskedasticity: ``svar_hetero_daily``.

The same daily VAR as :mod:`attribution.engine.svar_daily`, point-identified
by a change in volatility between two regimes (Rigobon 2003; Lanne and
Lütkepohl 2008; :func:`attribution.models.var.heteroskedasticity.identify_cv`):
high-volatility days (a centred rolling RMS of the 10y change above its
sample quantile, :func:`attribution.features.daily.volatility_regime`)
against calm days. The sign restrictions of the sign model then *name* the
statistical shocks (an assignment that maximises the share of satisfied
signs) and are tested: a named shock whose signs do not all hold says so on
its row, and shocks whose variance ratios cannot be told apart are flagged
``weakly_identified`` (only their span is identified; the verdict does not
name them). Bands are percentiles of a moving-block bootstrap that carries
each residual's regime (:func:`attribution.models.var.cv_window.cv_window`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from attribution.domain.window import Window
from attribution.engine.details import (
    CovarianceTest,
    Distinctness,
    HeteroDailyDetails,
    NamingFact,
)
from attribution.engine.figure_data import IRF_HORIZON_DAYS, hetero_figure_data
from attribution.engine.result import AttributionResult, draws_series, exact_row
from attribution.engine.set_rows import set_draws
from attribution.engine.svar_daily import (
    COMBINATIONS,
    REPORTED,
    DailySpec,
    _finish,
    _moves,
    _role,
    daily_restrictions,
    estimation_sample,
    not_estimated_daily,
    outside_text,
    window_days,
)
from attribution.exceptions import WeakIdentificationWarning
from attribution.features.daily import volatility_regime
from attribution.models.var import VAR
from attribution.models.var.cv_window import CVWindow, cv_window

MODEL = "svar_hetero_daily"
RESPONSES = ("y2", "y5", "y30", "real10", "be10", "tp10")


def regime_for(data: pd.DataFrame, regime: Mapping[str, Any]) -> pd.Series:
    """High-volatility days of the estimation sample (``attribution.daily.regime``).

    The regime variable ``y10`` is ``real10 + be10``.
    """
    var = str(regime.get("variable", "y10"))
    series = data["real10"] + data["be10"] if var == "y10" else data[var]
    high: pd.Series = volatility_regime(
        series.rename(var),
        window=int(regime.get("window", 21)),
        quantile=float(regime.get("quantile", 0.75)),
    )
    return high


def _rows(label: str, win: CVWindow, spec: DailySpec) -> list[dict[str, Any]]:
    frame = win.frame.loc[REPORTED[label]]
    naming = win.naming.table
    weak = set(win.weak_named)
    rows = []
    for shock, r in frame.iterrows():
        name = str(shock)
        role = _role(name, spec)
        status, notes = "estimated", []
        if name in naming.index:
            n = naming.loc[name].to_dict()
            if not bool(n["all_hold"]):
                notes.append(
                    f"signs hold {int(n['satisfied'])} of {int(n['total'])}: the "
                    "label is the best match, not a pass"
                )
            agree = float(win.agreement_by_shock.get(name, float("nan")))
            notes.append(f"named alike in {agree:.0%} of draws")
            if name in weak:
                status = "weakly_identified"
                notes.insert(0, "cannot be told apart from another shock (weak)")
        rows.append(
            {
                "tenor": label,
                "driver": name,
                "role": role,
                "contribution_bp": float(r["point"]),
                "std_err_bp": float(r["std_err"]),
                "lower_bp": float(r["lower"]),
                "upper_bp": float(r["upper"]),
                "status": "estimated" if role == "deterministic" else status,
                "note": "; ".join(notes),
            }
        )
    return rows


def attribute_daily_hetero(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    window: Window,
    spec: DailySpec,
    high_volatility: pd.Series | None = None,
) -> tuple[AttributionResult, pd.DataFrame | None]:
    """Attribute the window by the heteroskedasticity-identified daily SVAR.

    ``high_volatility`` (bool by day) overrides the regimes of
    ``spec.regime`` (e.g. known regimes in a simulated world).

    Returns
    -------
    (AttributionResult, DataFrame or None)
        The table, and the daily structural shocks at the estimate (named
        shocks; ``None`` when not estimated), for the validation against
        flows.
    """
    restrictions = daily_restrictions(spec.shocks, spec.variables)
    names = [r.shock for r in restrictions]
    data = estimation_sample(design, spec)
    base, end, days = window_days(data, levels, window)
    if len(days) == 0:
        why = outside_text(data, spec, end)
        return not_estimated_daily(
            levels, design, window, spec, MODEL, names, why
        ), None
    res = VAR(data, n_lags=spec.n_lags, trend="c").fit()
    high = regime_for(data, spec.regime) if high_volatility is None else high_volatility
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WeakIdentificationWarning)
        win = cv_window(
            res,
            high,
            days[0],
            days[-1],
            restrictions=restrictions,
            responses=[*RESPONSES, *COMBINATIONS],
            combinations=COMBINATIONS,
            n_boot=spec.n_boot,
            level=spec.level,
            seed=spec.seed,
            irf_horizon=IRF_HORIZON_DAYS,
        )
    moves = _moves(levels, design, days, base, end)
    records: list[dict[str, Any]] = []
    for label in spec.reported:
        records += _rows(label, win, spec)
        stub, actual = moves[label]
        records += [
            exact_row(label, "stub", "stub", stub),
            exact_row(label, "actual", "actual", actual),
        ]
    ident = win.identification
    cov = ident.covariance_test
    details = HeteroDailyDetails(
        sample=f"{data.index[0]:%Y-%m-%d}..{data.index[-1]:%Y-%m-%d}",
        nobs=int(res.nobs),
        n_lags=spec.n_lags,
        model_days=tuple(f"{d:%Y-%m-%d}" for d in days),
        n_high_days=int(ident.n_high),
        n_calm_days=int(ident.n_calm),
        covariance_test=CovarianceTest(
            statistic=float(cov.statistic),
            df=int(cov.df),
            pvalue=float(cov.pvalue),
        ),
        lambdas={str(k): float(v) for k, v in ident.lambdas.items()},
        distinctness=tuple(
            Distinctness(
                shock=str(r["shock"]),
                next=str(r["next"]),
                lam=float(r["lambda"]),
                lam_next=float(r["lambda_next"]),
                statistic=float(r["statistic"]),
                pvalue=float(r["pvalue"]),
                distinct=bool(r["distinct"]),
            )
            for _, r in ident.distinctness.iterrows()
        ),
        weak=bool(ident.weak),
        weak_text=ident.weak_text,
        weak_named=tuple(win.weak_named),
        naming={
            str(k): NamingFact(
                column=str(v["column"]),
                satisfied=int(v["satisfied"]),
                total=int(v["total"]),
                all_hold=bool(v["all_hold"]),
            )
            for k, v in win.naming.table.iterrows()
        },
        naming_agreement=float(win.naming_agreement),
        n_boot=int(win.n_boot),
        warnings=tuple(sorted({str(w.message) for w in caught})),
    )
    result = replace(
        _finish(records, MODEL, spec, window, base, end, details),
        draws={
            MODEL: draws_series(
                set_draws(win, {label: REPORTED[label] for label in spec.reported})
            )
        },
        figures={
            MODEL: hetero_figure_data(
                res,
                win,
                pd.DatetimeIndex(days),
                {label: REPORTED[label] for label in spec.reported},
                COMBINATIONS,
            )
        },
    )
    named = win.shocks[[c for c in win.shocks.columns if c in names]]
    return result, named
