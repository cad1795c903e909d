"""Structural VAR attribution: historical decomposition of weekly changes.

A VAR(p) with a constant in weekly (Wednesday-to-Wednesday) changes of

``custody`` ($bn), ``lev_net`` (leveraged funds' long minus short in the 10y
note future, thousands of contracts; the continuous series, because a VAR
needs an unbroken sample), ``y2``, ``y5``, ``y10``, ``y30`` (bp) and ``dollar``
(broad dollar log change x 100)

is estimated from ``estimation.start`` through the window's last week
(in-sample, so the window's shocks are identified from the same model).

Identification (named on every table):

* ``svar_sign_weekly``: sign restrictions on impact (Rubio-Ramirez, Waggoner and
  Zha 2010) with the default domain shocks of
  :data:`attribution.models.var.DEFAULT_SHOCKS`. The model is *set*-identified:
  each row reports the identified set over the admissible rotations at the
  estimate (``set_lower_bp``/``set_upper_bp``), a robust band for that set
  (``set_band_*``, in the spirit of Giacomini and Kitagawa 2021), and the
  posterior mean and quantiles under a uniform prior on rotations with a
  moving-block bootstrap of the reduced form (``contribution_bp``,
  ``lower_bp``, ``upper_bp``), all from the same draws
  (:mod:`attribution.models.var.setid`). Only the robust band names a shock.
  The unrestricted shocks are summed into ``other_shocks``.
* ``svar_narrative_weekly``: the same sign restrictions plus narrative
  restrictions on the sign of given shocks on given dates
  (Antolin-Diaz and Rubio-Ramirez 2018; ``attribution.svar.narrative``).
* ``svar_chol_weekly``: recursive, ordered custody, lev_net, dollar, y2, y5, y10, y30
  (flows predetermined within the week); shocks are named after their
  variable; point from the estimate, percentile bands from the moving-block
  bootstrap.

Over the model weeks W inside the window the decomposition restarts at the
first week: ``baseline`` is the change forecast from pre-window data
(constant and lag propagation), and each shock's contribution is the effect of
its shocks dated inside W, summed over W (the variables are changes). Rows add
up exactly to the actual change; the days outside W are the ``stub``. A
window holding no whole model week gets NA rows ("not estimated"), never a
zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from attribution.domain.series import DOLLAR, LEVERAGED
from attribution.domain.window import Window
from attribution.engine.details import (
    CholWeeklyDetails,
    NotEstimatedDetails,
    SetFacts,
    SignWeeklyDetails,
    WeeklyVARDetails,
)
from attribution.engine.diagnostics import var_residual_checks
from attribution.engine.figure_data import chol_figure_data
from attribution.engine.result import (
    AttributionResult,
    FigureData,
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
from attribution.engine.stub import (
    stub_and_actual_rows,
    weekly_stub_bp,
    window_change_bp,
)
from attribution.engine.weekly_ols import model_weeks
from attribution.exceptions import EmptySampleError
from attribution.models.var import (
    DEFAULT_SHOCKS,
    VAR,
    Cholesky,
    SignRestriction,
    shocks_from_spec,
)
from attribution.models.var.narrative import NarrativeRestriction, narrative_from_spec
from attribution.models.var.setid import (
    SetIdentifiedWindow,
    quantile_mc_se,
    set_identified_window,
)

VARIABLES: tuple[str, ...] = (
    "custody",
    LEVERAGED.var,
    DOLLAR.var,
    "y2",
    "y5",
    "y10",
    "y30",
)
TENOR_OF = {"2y": "y2", "5y": "y5", "10y": "y10", "30y": "y30"}
ROLES = {
    "custody": "custody",
    LEVERAGED.role: LEVERAGED.var,
    "2y": "y2",
    "10y": "y10",
    DOLLAR.role: DOLLAR.var,
}
DRIVER_SHOCKS = ("foreign_official_selling", "basis_unwind")
ROLES["swap_spread"] = "swap_spread"
SIGN_MODELS = ("svar_sign_weekly", "svar_narrative_weekly")


@dataclass(frozen=True)
class SvarSpec:
    """VAR specification and inference options.

    ``n_boot`` is the batch of reduced-form draws (and the Cholesky model's
    bootstrap size); the sign models add batches until the Monte Carlo error
    of every posterior mean is below ``mc_tol`` bp (two seeds then differ by
    more than ``mc_tol`` with probability of about 5% per number), up to
    ``max_boot`` draws. ``n_rotations`` rotations are tried per draw and
    ``n_draws`` at the estimate (for the identified set). ``sensitivity``
    (``report.diagnostics: full``) adds the sign model's reruns
    (:mod:`attribution.engine.svar_weekly_sensitivity`) to its details.
    """

    tenors: tuple[str, ...]
    estimation_start: pd.Timestamp
    n_lags: int
    n_draws: int
    n_boot: int
    n_rotations: int
    level: float
    seed: int
    shocks: Mapping[str, Mapping[str, Any]] | None = None
    driver_shocks: tuple[str, ...] = DRIVER_SHOCKS
    swap_spread: bool = False
    narrative: tuple[Mapping[str, Any], ...] = ()
    mc_tol: float = 0.5
    max_boot: int = 4000
    sensitivity: bool = False

    @property
    def variables(self) -> tuple[str, ...]:
        """VAR columns, in the recursive order (the swap spread after positioning)."""
        if not self.swap_spread:
            return VARIABLES
        return (*VARIABLES[:2], "swap_spread", *VARIABLES[2:])


def sign_description(
    spec: Mapping[str, Mapping[str, Any]] | None, variables: tuple[str, ...]
) -> str:
    """Spell out a role-based sign spec (roles present in the VAR) for the tables."""
    parts = []
    for name, shock in (spec or DEFAULT_SHOCKS).items():
        present = {
            role: sign
            for role, sign in shock["signs"].items()
            if all(ROLES.get(r.strip()) in variables for r in role.split(" - "))
        }
        if not present:
            continue
        signs = ", ".join(f"{role} {sign}" for role, sign in present.items())
        hz = list(shock.get("horizons", [0]))
        when = "on impact" if hz == [0] else f"at horizons {hz}"
        parts.append(f"{name.replace('_', ' ')} = {signs} ({when})")
    return "; ".join(parts)


def identification_text(model: str, spec: SvarSpec) -> str:
    """Return the identification scheme named on every table row of ``model``."""
    head = (
        f"SVAR({spec.n_lags}) in weekly changes, estimated in-sample through the window"
    )
    if model == "svar_chol_weekly":
        order = ", ".join(spec.variables)
        return f"{head}; recursive (Cholesky) order {order}: flows predetermined"
    text = (
        f"{head}; sign restrictions (Rubio-Ramirez, Waggoner and Zha 2010), "
        f"set-identified: {sign_description(spec.shocks, spec.variables)}; "
        "the remaining shocks are unrestricted. Point = posterior mean under a "
        "uniform prior on rotations and a block bootstrap of the reduced form; "
        "set = identified set at the estimate; only a robust band of the set "
        "(Giacomini-Kitagawa) that excludes zero names a shock"
    )
    if model == "svar_narrative_weekly":
        narr = "; ".join(
            NarrativeRestriction(
                pd.Timestamp(e["date"]), str(e["shock"]), str(e["sign"])
            ).text()
            for e in spec.narrative
        )
        text += (
            "; narrative sign restrictions (Antolin-Diaz and Rubio-Ramirez 2018): "
            f"{narr or 'none configured'}"
        )
    return text


def var_data(
    design: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    variables: tuple[str, ...] = VARIABLES,
) -> pd.DataFrame:
    """Return the VAR's variables from the weekly design, ``start`` to ``end``.

    No gaps are allowed inside the sample.
    """
    data = pd.DataFrame(
        {
            "custody": design["custody"],
            LEVERAGED.var: -design[LEVERAGED.design],
            DOLLAR.var: design[DOLLAR.design],
            "y2": design["dy_2y"],
            "y5": design["dy_5y"],
            "y10": design["dy_10y"],
            "y30": design["dy_30y"],
            **(
                {"swap_spread": design["swap_spread"]}
                if "swap_spread" in variables
                else {}
            ),
        }
    )[list(variables)].loc[start:end]
    data = data.loc[data.notna().all(axis=1).idxmax() :] if len(data) else data
    if data.isna().any().any():
        col = data.columns[data.isna().any()][0]
        day = data.index[data[col].isna()][0]
        raise EmptySampleError(
            f"the SVAR needs an unbroken weekly sample; `{col}` is missing in "
            f"the week ending {day:%Y-%m-%d}. Set estimation.start after the gap."
        )
    return data


def _role(model: str, shock: str, spec: SvarSpec) -> str:
    if model == "svar_chol_weekly":
        return "driver" if shock in ("custody", LEVERAGED.var) else "shock"
    return "driver" if shock in spec.driver_shocks else "shock"


def _stub_and_actual(
    daily_yields: pd.DataFrame,
    tenor: str,
    data: pd.DataFrame,
    weeks: pd.DatetimeIndex,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> tuple[float, float]:
    _, stub = weekly_stub_bp(daily_yields[tenor], weeks, base, end)
    actual = float(data.loc[weeks, TENOR_OF[tenor]].sum()) + stub
    return stub, actual


def _row_role(model: str, spec: SvarSpec) -> Callable[[str], str]:
    """Role of a set-identified row: baseline, other shocks, or a shock's own."""

    def role(name: str) -> str:
        if name == "baseline":
            return "deterministic"
        if name == "other_shocks":
            return "residual"
        return _role(model, name, spec)

    return role


def _chol_rows(
    tenor: str, names: list[str], point: np.ndarray, draws: np.ndarray, spec: SvarSpec
) -> list[dict[str, Any]]:
    """point: (m+1,) baseline then shocks; draws: (B, m+1)."""
    q = (1.0 - spec.level) / 2.0
    rows = []
    for k, name in enumerate(["baseline", *names]):
        dist = draws[:, k]
        lo, hi = np.quantile(dist, [q, 1 - q])
        rows.append(
            {
                "tenor": tenor,
                "driver": name,
                "role": "deterministic"
                if name == "baseline"
                else _role("svar_chol_weekly", name, spec),
                "contribution_bp": float(point[k]),
                "std_err_bp": float(dist.std(ddof=1)),
                "lower_bp": float(lo),
                "upper_bp": float(hi),
                "status": "estimated",
            }
        )
    return rows


def _table(
    records: list[dict[str, Any]],
    model: str,
    spec: SvarSpec,
    window: Window,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    return attribution_table(
        records,
        model=model,
        identification=identification_text(model, spec),
        level=spec.level,
        window_label=window.label,
        base=base,
        end=end,
    )


def _shock_list(model: str, spec: SvarSpec) -> list[str]:
    if model == "svar_chol_weekly":
        return list(spec.variables)
    cols = list(spec.variables)
    return [r.shock for r in shocks_from_spec(spec.shocks, mapping=ROLES, columns=cols)]


def not_estimated(
    daily_yields: pd.DataFrame,
    window: Window,
    spec: SvarSpec,
    model: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
    why: str,
) -> AttributionResult:
    """Build the result of a window the model cannot see: NA rows and the reason.

    The whole change is the ``stub``; no contribution reads as a zero.
    """
    records = []
    for tenor in spec.tenors:
        move = window_change_bp(daily_yields[tenor], base, end)
        for shock in _shock_list(model, spec):
            records.append(
                not_estimated_row(tenor, shock, _role(model, shock, spec), why)
            )
        records += stub_and_actual_rows(tenor, move, move)
    table = _table(records, model, spec, window, base, end)
    result = AttributionResult(
        table, {model: NotEstimatedDetails(note=why, model_weeks=())}
    )
    result.check_adding_up(tol=1e-6)
    return result


def _sign_window(
    res: Any,
    model: str,
    spec: SvarSpec,
    weeks: pd.DatetimeIndex,
) -> tuple[SetIdentifiedWindow, list[SignRestriction], list[str]]:
    restrictions = shocks_from_spec(spec.shocks, mapping=ROLES, columns=res.names)
    narrative = (
        narrative_from_spec(spec.narrative, [r.shock for r in restrictions])
        if model == "svar_narrative_weekly"
        else ()
    )
    responses = list(dict.fromkeys([*(TENOR_OF[t] for t in spec.tenors), "y2", "y10"]))
    win = set_identified_window(
        res,
        restrictions,
        weeks[0],
        weeks[-1],
        responses=responses,
        narrative=narrative,
        level=spec.level,
        n_boot=spec.n_boot,
        max_boot=max(spec.max_boot, spec.n_boot),
        n_tries=spec.n_rotations,
        n_set_tries=spec.n_draws,
        mc_tol=spec.mc_tol,
        seed=spec.seed,
    )
    pairs = indistinct_pairs(restrictions, res.resid.corr())
    return win, restrictions, pairs


def attribute_svar(
    design: pd.DataFrame,
    daily_yields: pd.DataFrame,
    window: Window,
    spec: SvarSpec,
    model: str = "svar_sign_weekly",
) -> AttributionResult:
    """Attribute the window's change per tenor by the SVAR's historical decomposition.

    Raises
    ------
    EmptySampleError
        If the sample has a gap or is too short.
    """
    base, end = window.resolve(pd.DatetimeIndex(daily_yields["10y"].dropna().index))
    weeks = model_weeks(pd.DatetimeIndex(design.index), base, end)
    if len(weeks) == 0:
        return not_estimated(
            daily_yields,
            window,
            spec,
            model,
            base,
            end,
            "the window holds no whole Wednesday-to-Wednesday week",
        )
    data = var_data(design, spec.estimation_start, weeks[-1], spec.variables)
    if model == "svar_narrative_weekly":
        outside = [
            str(e["date"])
            for e in spec.narrative
            if pd.Timestamp(e["date"]) not in data.index
        ]
        if not spec.narrative or outside:
            why = (
                "no narrative restriction is configured"
                if not spec.narrative
                else f"narrative dates outside the VAR sample: {', '.join(outside)}"
            )
            return not_estimated(daily_yields, window, spec, model, base, end, why)
    res = VAR(data, n_lags=spec.n_lags, trend="c").fit()
    records: list[dict[str, Any]] = []
    set_facts: SetFacts | None = None
    sensitivity = None
    n_boot_kept, band_mc_se_max_bp = 0, float("nan")
    figures: dict[str, FigureData] = {}
    if model in SIGN_MODELS:
        win, restrictions, pairs = _sign_window(res, model, spec, weeks)
        for tenor in spec.tenors:
            records += set_identified_rows(
                tenor, TENOR_OF[tenor], win, restrictions, _row_role(model, spec)
            )
            stub, actual = _stub_and_actual(daily_yields, tenor, data, weeks, base, end)
            records += stub_and_actual_rows(tenor, stub, actual)
        set_facts = set_window_details(win, pairs)
        if spec.sensitivity and model == "svar_sign_weekly":
            from attribution.engine.svar_weekly_sensitivity import weekly_sensitivity

            sensitivity = weekly_sensitivity(design, daily_yields, window, spec)
        model_draws = draws_series(
            set_draws(win, {t: TENOR_OF[t] for t in spec.tenors})
        )
    else:
        ident = Cholesky(order=spec.variables)
        names = list(ident.shock_names(res.names))
        hd = res.historical_decomposition(ident, start=weeks[0], end=weeks[-1])
        boot = res.bootstrap(
            spec.n_boot,
            method="block",
            identification=ident,
            n_rotations=spec.n_rotations,
            seed=spec.seed,
        )
        draws = boot.hd_draws(weeks[0], weeks[-1]).sum(axis=1)  # (B, n, m+1)
        for tenor in spec.tenors:
            col = TENOR_OF[tenor]
            j = res.names.index(col)
            point = (
                hd.contributions.xs(col, level="response")
                .groupby(level="shock", sort=False)
                .sum()
                .reindex(["baseline", *names])
                .to_numpy()
            )
            records += _chol_rows(tenor, names, point, draws[:, j, :], spec)
            stub, actual = _stub_and_actual(daily_yields, tenor, data, weeks, base, end)
            records += stub_and_actual_rows(tenor, stub, actual)
        figures[model] = chol_figure_data(
            hd, boot, TENOR_OF, list(spec.tenors), spec.level
        )
        q = (1.0 - spec.level) / 2.0
        ids = np.arange(draws.shape[0])
        n_boot_kept = int(draws.shape[0])
        band_mc_se_max_bp = float(quantile_mc_se(draws, ids, q).max())
        model_draws = draws_series(
            {
                t: (["baseline", *names], draws[:, res.names.index(TENOR_OF[t]), :])
                for t in spec.tenors
            }
        )
    sample = f"{data.index[0]:%Y-%m-%d}..{data.index[-1]:%Y-%m-%d}"
    weeks_text = tuple(f"{w:%Y-%m-%d}" for w in weeks)
    rsquared = {str(k): float(v) for k, v in res.rsquared.items()}
    checks = var_residual_checks(res, TENOR_OF["10y"], (4, 8))
    details: WeeklyVARDetails
    if set_facts is not None:
        details = SignWeeklyDetails(
            sample=sample,
            nobs=int(res.nobs),
            n_lags=spec.n_lags,
            model_weeks=weeks_text,
            rsquared=rsquared,
            residual_checks=checks,
            set_facts=set_facts,
            sensitivity=sensitivity,
        )
    else:
        details = CholWeeklyDetails(
            sample=sample,
            nobs=int(res.nobs),
            n_lags=spec.n_lags,
            model_weeks=weeks_text,
            rsquared=rsquared,
            residual_checks=checks,
            n_boot_kept=n_boot_kept,
            band_mc_se_max_bp=band_mc_se_max_bp,
        )
    table = _table(records, model, spec, window, base, end)
    result = AttributionResult(table, {model: details}, {model: model_draws}, figures)
    result.check_adding_up(tol=1e-6)
    return result
