"""Daily, price-based SVAR attribution: any window, down to a single day.

A VAR(p) with a constant in the daily close-to-close changes of
:mod:`attribution.features.daily` (``y2, y5, y30, real10, be10, tp10, usd,
equity, stress, basis``; the 10y is ``real10 + be10`` exactly and is
reported as that combination) is estimated on the whole daily sample from
``estimation.start`` (to ``estimation.end`` if set), and the window is
decomposed with the historical decomposition restarted at its first day
(:mod:`attribution.models.var.hd`). ``baseline`` is the part forecast from
pre-window data (constant and lags); each shock's row is the effect of its
shocks dated inside the window; days of the window missing from the design
(a close missing in one market) are the ``stub``.

Reported rows per "tenor": ``2y``, ``5y``, ``10y``, ``30y`` (CMT yields),
``10y_real`` (TIPS real yield), ``10y_breakeven`` and ``10y_tp_kw``
(Kim-Wright term premium): the 10y's move is split into its real and
breakeven parts, and each shock's share of the term-premium move is shown.

Identification (named on every row):

* ``svar_sign_daily``: sign restrictions on impact
  (:data:`attribution.models.var.daily_shocks.DAILY_SHOCKS`, overridable in
  YAML), set-identified, reported as in the weekly sign model
  (:mod:`attribution.models.var.setid`): identified set at the estimate,
  robust band, posterior mean and band.
* ``svar_narrative_daily``: the same plus narrative restrictions
  (Antolin-Diaz and Rubio-Ramirez 2018) from the observed flows, on single
  days or on sums of a shock over a span (a CFTC week, a TIC month).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from attribution.domain.window import Window
from attribution.engine.details import (
    ModelDetails,
    NotEstimatedDetails,
    SignDailyDetails,
    UsdTiming,
)
from attribution.engine.result import (
    AttributionResult,
    attribution_table,
    draws_series,
    not_estimated_row,
)
from attribution.engine.set_rows import (
    set_draws,
    set_identified_rows,
    set_window_details,
)
from attribution.engine.shock_naming import indistinct_pairs
from attribution.engine.stub import stub_and_actual_rows, window_change_bp
from attribution.exceptions import ConfigError, EmptySampleError, fmt
from attribution.models.var import VAR, SignRestriction
from attribution.models.var.daily_shocks import DAILY_SHOCKS
from attribution.models.var.narrative import NarrativeRestriction, narrative_from_spec
from attribution.models.var.setid_shared import set_identified_multi

CORE: tuple[str, ...] = (
    "y2", "y5", "y30", "real10", "be10", "tp10", "usd", "equity", "stress", "basis",
)  # fmt: skip
#: reported row label -> design column (``y10`` is the combination below)
REPORTED: dict[str, str] = {
    "2y": "y2",
    "5y": "y5",
    "10y": "y10",
    "30y": "y30",
    "10y_real": "real10",
    "10y_breakeven": "be10",
    "10y_tp_kw": "tp10",
}
COMBINATIONS: dict[str, dict[str, float]] = {"y10": {"real10": 1.0, "be10": 1.0}}
SIGN_MODELS = ("svar_sign_daily", "svar_narrative_daily")
DRIVERS = ("sell_america", "basis_deleveraging")


@dataclass(frozen=True)
class DailySpec:
    """Daily SVAR specification and inference options.

    ``n_boot`` reduced-form draws per batch (a moving-block bootstrap), more
    batches until every posterior mean's Monte Carlo error is below
    ``mc_tol`` / 5 or ``max_boot`` draws; ``n_rotations`` rotations tried
    per draw and ``n_draws`` at the estimate (identified set).
    """

    reported: tuple[str, ...]
    estimation_start: pd.Timestamp
    estimation_end: pd.Timestamp | None
    n_lags: int = 1
    n_draws: int = 200_000
    n_boot: int = 1000
    max_boot: int = 1000
    n_rotations: int = 2000
    set_paths: int = 10
    refine_steps: int = 30
    refine_proposals: int = 64
    level: float = 0.9
    seed: int = 0
    mc_tol: float = 1.0
    shocks: Mapping[str, Mapping[str, Any]] | None = None
    narrative: tuple[Mapping[str, Any], ...] = ()
    variables: tuple[str, ...] = CORE
    driver_shocks: tuple[str, ...] = DRIVERS
    usd_timing: UsdTiming = "average"
    regime: Mapping[str, Any] = field(default_factory=dict)


def daily_restrictions(
    spec: Mapping[str, Mapping[str, Any]] | None, columns: Sequence[str]
) -> list[SignRestriction]:
    """Build the daily sign restrictions; a key naming an unknown column raises.

    Raises
    ------
    ConfigError
        Naming ``attribution.daily.shocks.<shock>.signs`` and the key.
    """
    out = []
    for name, entry in (spec or DAILY_SHOCKS).items():
        signs = dict(entry.get("signs", {}))
        key_path = f"attribution.daily.shocks.{name}.signs"
        if not signs:
            raise ConfigError(fmt(key_path, "a non-empty mapping", signs))
        for key in signs:
            for part in str(key).split(" - "):
                if part.strip() not in columns:
                    raise ConfigError(
                        fmt(
                            key_path, f"keys among the VAR columns {list(columns)}", key
                        )
                    )
        hz = tuple(entry.get("horizons", [0]))
        out.append(SignRestriction(name, signs, hz, str(entry.get("description", ""))))
    return out


def identification_text(model: str, spec: DailySpec) -> str:
    """Return the identification scheme named on every row of ``model``."""
    if model == "svar_hetero_daily":
        return hetero_text(spec)
    shocks = "; ".join(
        f"{r.shock.replace('_', ' ')} = "
        + ", ".join(f"{k} {s}" for k, s in r.signs.items())
        for r in daily_restrictions(spec.shocks, spec.variables)
    )
    head = (
        f"SVAR({spec.n_lags}) in daily close-to-close changes "
        f"({', '.join(spec.variables)}; 10y = real10 + be10; dollar timing "
        f"{spec.usd_timing}), estimated on the whole daily sample; "
    )
    text = head + (
        "sign restrictions on impact (Rubio-Ramirez, Waggoner and Zha 2010), "
        f"set-identified: {shocks}; the remaining shocks are unrestricted. Point = "
        "posterior mean under a uniform prior on rotations and a block bootstrap "
        "of the reduced form; set = identified set at the estimate; only a robust "
        "band of the set (Giacomini-Kitagawa) that excludes zero names a shock"
    )
    if model == "svar_narrative_daily":
        narr = "; ".join(r.text() for r in _narrative(spec))
        text += (
            "; narrative restrictions (Antolin-Diaz and Rubio-Ramirez 2018) from "
            f"the observed flows: {narr or 'none configured'}"
        )
    return text


def hetero_text(spec: DailySpec) -> str:
    """Return the identification text of ``svar_hetero_daily``."""
    regime = spec.regime
    names = ", ".join(r.shock for r in daily_restrictions(spec.shocks, spec.variables))
    return (
        f"SVAR({spec.n_lags}) in daily close-to-close changes "
        f"({', '.join(spec.variables)}; 10y = real10 + be10; dollar timing "
        f"{spec.usd_timing}), estimated on the whole daily sample; point-identified "
        "through heteroskedasticity (Rigobon 2003; Lanne and Lutkepohl 2008): two "
        f"volatility regimes, high = centred {regime.get('window', 21)}-day RMS of "
        f"the {regime.get('variable', 'y10')} change above its sample "
        f"{float(regime.get('quantile', 0.75)):.0%} quantile; the sign restrictions "
        f"of svar_sign_daily name the statistical shocks ({names}) and are tested "
        "(a row says when its signs do not all hold); bands = percentiles of a "
        "regime-carrying moving-block bootstrap"
    )


def _narrative(spec: DailySpec) -> tuple[NarrativeRestriction, ...]:
    shocks = [r.shock for r in daily_restrictions(spec.shocks, spec.variables)]
    return narrative_from_spec(spec.narrative, shocks, period="day")


def estimation_sample(design: pd.DataFrame, spec: DailySpec) -> pd.DataFrame:
    """Return the VAR's columns from ``estimation_start`` to ``estimation_end``.

    Raises
    ------
    EmptySampleError
        If fewer than 250 days remain.
    """
    end = spec.estimation_end if spec.estimation_end is not None else design.index[-1]
    data = design.loc[spec.estimation_start : end, list(spec.variables)]
    if len(data) < 250:
        raise EmptySampleError(
            f"the daily SVAR needs at least 250 days; estimation.start "
            f"{spec.estimation_start:%Y-%m-%d} to {end:%Y-%m-%d} leaves {len(data)}"
        )
    return data


def outside_text(data: pd.DataFrame, spec: DailySpec, end: pd.Timestamp) -> str:
    """Why a window ending on ``end`` has no day in the daily sample."""
    why = (
        "no day of the window is in the daily estimation sample "
        f"({data.index[0]:%Y-%m-%d} to {data.index[-1]:%Y-%m-%d})"
    )
    if "basis" in spec.variables and end > data.index[-1]:
        why += (
            "; the basis proxy's futures file ends it: drop basis from "
            "attribution.daily.variables to reach later days"
        )
    return why


def _role(name: str, spec: DailySpec) -> str:
    if name == "baseline":
        return "deterministic"
    if name == "other_shocks":
        return "residual"
    return "driver" if name in spec.driver_shocks else "shock"


def _moves(
    levels: pd.DataFrame,
    design: pd.DataFrame,
    days: pd.DatetimeIndex,
    base: Any,
    end: Any,
) -> dict[str, tuple[float, float]]:
    """Per reported row: (stub, actual) in bp."""
    out = {}
    for label, col in REPORTED.items():
        actual = window_change_bp(levels[col], base, end)
        inside = float(design.loc[days, col].sum()) if len(days) else 0.0
        out[label] = (actual - inside, actual)
    return out


def _finish(
    records: list[dict[str, Any]],
    model: str,
    spec: DailySpec,
    window: Window,
    base: pd.Timestamp,
    end: pd.Timestamp,
    details: ModelDetails,
) -> AttributionResult:
    table = attribution_table(
        records,
        model=model,
        identification=identification_text(model, spec),
        level=spec.level,
        window_label=window.label,
        base=base,
        end=end,
    )
    result = AttributionResult(table, {model: details})
    result.check_adding_up(tol=1e-6)
    return result


def not_estimated_daily(
    levels: pd.DataFrame,
    design: pd.DataFrame,
    window: Window,
    spec: DailySpec,
    model: str,
    shocks: Sequence[str],
    why: str,
) -> AttributionResult:
    """NA rows with the reason for a window the daily model cannot see."""
    base, end = window.resolve(pd.DatetimeIndex(levels["y10"].dropna().index))
    records: list[dict[str, Any]] = []
    for label in spec.reported:
        actual = window_change_bp(levels[REPORTED[label]], base, end)
        for name in ["baseline", *shocks, "other_shocks"]:
            records.append(not_estimated_row(label, name, _role(name, spec), why))
        records += stub_and_actual_rows(label, actual, actual)
    return _finish(
        records, model, spec, window, base, end, NotEstimatedDetails(note=why)
    )


def window_days(
    design: pd.DataFrame, levels: pd.DataFrame, window: Window
) -> tuple[pd.Timestamp, pd.Timestamp, pd.DatetimeIndex]:
    """Return the window's base and end closes and its design days ``(base, end]``."""
    base, end = window.resolve(pd.DatetimeIndex(levels["y10"].dropna().index))
    idx = pd.DatetimeIndex(design.index)
    days = idx[(idx > base) & (idx <= end)]
    return base, end, days


def _narrative_blocker(spec: DailySpec, data: pd.DataFrame) -> str:
    """Why the narrative model cannot run ("" if it can)."""
    narrative = _narrative(spec)
    if not narrative:
        return "no narrative restriction is configured"
    first, last = data.index[spec.n_lags], data.index[-1]
    outside = [
        r.text()
        for r in narrative
        if r.date < first or (r.end if r.end is not None else r.date) > last
    ]
    if outside:
        return "narrative restrictions outside the daily sample: " + "; ".join(outside)
    return ""


def attribute_daily_signs(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    window: Window,
    spec: DailySpec,
    models: Sequence[str] = SIGN_MODELS,
) -> dict[str, AttributionResult]:
    """Attribute the window by the sign-identified and narrative daily SVARs.

    Both come from one bootstrap and one set of rotation draws
    (:func:`attribution.models.var.setid_shared.set_identified_windows`);
    each has its own identified set.

    Parameters
    ----------
    design : DataFrame
        :func:`attribution.features.daily.daily_design` output.
    levels : DataFrame
        Daily levels in percent, columns as :data:`REPORTED`'s values.
    window : Window
    spec : DailySpec
    models : sequence of {"svar_sign_daily", "svar_narrative_daily"}
    """
    return attribute_daily_signs_multi(design, levels, [window], spec, models)[0]


def attribute_daily_signs_multi(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    windows: Sequence[Window],
    spec: DailySpec,
    models: Sequence[str] = SIGN_MODELS,
) -> list[dict[str, AttributionResult]]:
    """:func:`attribute_daily_signs` on several windows, from shared draws.

    One VAR, one bootstrap and one set of rotation draws serve every window
    (:func:`attribution.models.var.setid_shared.set_identified_multi`): each
    window's rows are those :func:`attribute_daily_signs` gives it alone
    (with the default ``max_boot`` equal to ``n_boot``), at the cost of one
    run plus the windows' own contributions and set refinements.
    """
    restrictions = daily_restrictions(spec.shocks, spec.variables)
    names = [r.shock for r in restrictions]
    data = estimation_sample(design, spec)
    outs: list[dict[str, AttributionResult]] = [{} for _ in windows]
    spans = [window_days(data, levels, w) for w in windows]
    todo = [i for i, (_, _, days) in enumerate(spans) if len(days)]
    for i, (_, end, days) in enumerate(spans):
        if not len(days):
            why = outside_text(data, spec, end)
            for m in models:
                outs[i][m] = not_estimated_daily(
                    levels, design, windows[i], spec, m, names, why
                )
    if not todo:
        return outs
    run: dict[str, tuple[NarrativeRestriction, ...]] = {}
    for model in models:
        why = _narrative_blocker(spec, data) if model == "svar_narrative_daily" else ""
        if why:
            for i in todo:
                outs[i][model] = not_estimated_daily(
                    levels, design, windows[i], spec, model, names, why
                )
        else:
            run[model] = _narrative(spec) if model == "svar_narrative_daily" else ()
    if not run:
        return [{m: out[m] for m in models} for out in outs]
    res = VAR(data, n_lags=spec.n_lags, trend="c").fit()
    wins = set_identified_multi(
        res,
        restrictions,
        [(spans[i][2][0], spans[i][2][-1]) for i in todo],
        narratives=list(run.values()),
        responses=["y2", "y5", "y30", "real10", "be10", "tp10"],
        combinations=COMBINATIONS,
        level=spec.level,
        n_boot=min(spec.n_boot, spec.max_boot),
        max_boot=spec.max_boot,
        n_tries=spec.n_rotations,
        n_set_tries=spec.n_draws,
        mc_tol=spec.mc_tol,
        set_paths=spec.set_paths,
        refine_steps=spec.refine_steps,
        refine_proposals=spec.refine_proposals,
        seed=spec.seed,
    )
    resid = res.resid.copy()
    resid["y10"] = resid["real10"] + resid["be10"]
    pairs = indistinct_pairs(restrictions, resid.corr())
    for i, per_window in zip(todo, wins, strict=True):
        base, end, days = spans[i]
        moves = _moves(levels, design, days, base, end)
        for model, win in zip(run, per_window, strict=True):
            records: list[dict[str, Any]] = []
            for label in spec.reported:
                records += set_identified_rows(
                    label, REPORTED[label], win, restrictions, lambda n: _role(n, spec)
                )
                stub, actual = moves[label]
                records += stub_and_actual_rows(label, stub, actual)
            details = SignDailyDetails(
                sample=f"{data.index[0]:%Y-%m-%d}..{data.index[-1]:%Y-%m-%d}",
                nobs=int(res.nobs),
                n_lags=spec.n_lags,
                model_days=tuple(f"{d:%Y-%m-%d}" for d in days),
                set_facts=set_window_details(win, pairs),
                usd_timing=spec.usd_timing,
                shared_draws=tuple(run),
            )
            blocks = set_draws(win, {lab: REPORTED[lab] for lab in spec.reported})
            outs[i][model] = replace(
                _finish(records, model, spec, windows[i], base, end, details),
                draws={model: draws_series(blocks)},
            )
    return [{m: out[m] for m in models} for out in outs]


def attribute_daily_sign(
    design: pd.DataFrame,
    levels: pd.DataFrame,
    window: Window,
    spec: DailySpec,
    model: str = "svar_sign_daily",
) -> AttributionResult:
    """Attribute the window by one sign model (see :func:`attribute_daily_signs`)."""
    return attribute_daily_signs(design, levels, window, spec, [model])[model]


def daily_levels(daily: pd.DataFrame) -> pd.DataFrame:
    """Levels (percent) of the reported rows on the 10y's close dates.

    A series without a close on a 10y date takes its last close on or before
    it (the project's convention for closes).
    """
    from attribution.features.daily import LEVELS

    frame = pd.DataFrame({k: daily[v] for k, v in LEVELS.items()})
    dates = frame["y10"].dropna().index
    out = frame.ffill().loc[dates]
    return out.loc[out.notna().all(axis=1).idxmax() :]
