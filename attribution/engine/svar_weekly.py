"""Structural VAR attribution: historical decomposition of weekly changes.

A VAR(p) with a constant in weekly (Wednesday-to-Wednesday) changes of

``custody`` ($bn), ``lev_net`` (leveraged funds' long minus short in the 10y
note future, thousands of contracts; the continuous series, because a VAR
needs an unbroken sample), ``y2``, ``y5``, ``y10``, ``y30`` (bp) and ``usd``
(broad dollar log change x 100)

is estimated from ``estimation.start`` through the window's last week
(in-sample, so the window's shocks are identified from the same model).

Identification (named on every table):

* ``svar_sign_weekly``: sign restrictions on impact (Rubio-Ramirez, Waggoner and
  Zha 2010) with the default domain shocks of
  :data:`attribution.models.var.DEFAULT_SHOCKS`; the point is the Fry-Pagan
  median-target model; the three unrestricted shocks are summed into
  ``other_shocks``.
* ``svar_chol_weekly``: recursive, ordered custody, lev_net, usd, y2, y5, y10, y30
  (flows predetermined within the week); shocks are named after their variable.

Over the model weeks W inside the window the decomposition restarts at the
first week: ``baseline`` is the change forecast from pre-window data
(constant and lag propagation), and each shock's contribution is the effect of
its shocks dated inside W, summed over W (the variables are changes). Rows add
up exactly to the actual change; the days outside W are the ``stub``. Bands are
percentiles over moving-block bootstrap draws (times admissible rotations for
sign restrictions); the point can lie outside them because it is the
median-target model, not a median.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from attribution.config.window import Window
from attribution.engine.result import AttributionResult, attribution_table, exact_row
from attribution.engine.weekly_ols import model_weeks
from attribution.exceptions import EmptySampleError
from attribution.models.var import (
    DEFAULT_SHOCKS,
    VAR,
    Cholesky,
    identify_sign,
    shocks_from_spec,
)
from attribution.panel import close_on_or_before

VARIABLES: tuple[str, ...] = ("custody", "lev_net", "usd", "y2", "y5", "y10", "y30")
TENOR_OF = {"2y": "y2", "5y": "y5", "10y": "y10", "30y": "y30"}
ROLES = {
    "custody": "custody",
    "leveraged_net": "lev_net",
    "2y": "y2",
    "10y": "y10",
    "dollar": "usd",
}
DRIVER_SHOCKS = ("foreign_official_selling", "basis_unwind")
ROLES["swap_spread"] = "swap_spread"


@dataclass(frozen=True)
class SvarSpec:
    """VAR specification and inference options."""

    tenors: tuple[str, ...]
    estimation_start: pd.Timestamp
    n_lags: int
    n_draws: int
    n_boot: int
    n_rotations: int
    ci_level: float
    seed: int
    shocks: Mapping[str, Mapping[str, Any]] | None = None
    driver_shocks: tuple[str, ...] = DRIVER_SHOCKS
    swap_spread: bool = False

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
    return (
        f"{head}; sign restrictions (Rubio-Ramirez, Waggoner and Zha 2010), Fry-Pagan "
        f"median-target model: {sign_description(spec.shocks, spec.variables)}; "
        "the remaining shocks are unrestricted"
    )


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
            "lev_net": -design["lev_net_short"],
            "usd": design["ctrl_dollar"],
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


def _identification(model: str, res: Any, spec: SvarSpec) -> Any:
    if model == "svar_chol_weekly":
        return Cholesky(order=spec.variables)
    shocks = shocks_from_spec(spec.shocks, mapping=ROLES, columns=res.names)
    return identify_sign(res, shocks, n_draws=spec.n_draws, seed=spec.seed)


def _rows(
    tenor: str,
    names: list[str],
    point: np.ndarray,
    draws: np.ndarray,
    model: str,
    spec: SvarSpec,
) -> list[dict[str, Any]]:
    """point: (m+1,) baseline then shocks; draws: (B, m+1)."""
    q = (1.0 - spec.ci_level) / 2.0
    other = [i + 1 for i, s in enumerate(names) if s.startswith("unrestricted")]
    groups: list[tuple[str, str, list[int]]] = [("baseline", "deterministic", [0])]
    for i, s in enumerate(names):
        if not s.startswith("unrestricted"):
            role = (
                "driver"
                if (
                    s in spec.driver_shocks
                    or model == "svar_chol_weekly"
                    and s in ("custody", "lev_net")
                )
                else "control"
            )
            groups.append((s, role, [i + 1]))
    if other:
        groups.append(("other_shocks", "residual", other))
    rows = []
    for name, role, idx in groups:
        val = float(point[idx].sum())
        dist = draws[:, idx].sum(axis=1)
        lo, hi = np.quantile(dist, [q, 1 - q])
        rows.append(
            {
                "tenor": tenor,
                "driver": name,
                "role": role,
                "contribution_bp": val,
                "std_err_bp": float(dist.std(ddof=1)),
                "lower_bp": float(lo),
                "upper_bp": float(hi),
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
        ci_level=spec.ci_level,
        window_label=window.label,
        base=base,
        end=end,
    )


def _all_stub(
    daily_yields: pd.DataFrame,
    window: Window,
    spec: SvarSpec,
    model: str,
    base: pd.Timestamp,
    end: pd.Timestamp,
) -> AttributionResult:
    """Build the all-stub result for a window with no whole model week.

    The weekly OLS already warns once for such a window.
    """
    records = []
    for tenor in spec.tenors:
        move = (
            float(daily_yields[tenor][end]) - float(daily_yields[tenor][base])
        ) * 100.0
        for name, value in (("baseline", 0.0), ("stub", move), ("actual", move)):
            role = "deterministic" if name == "baseline" else name
            records.append(exact_row(tenor, name, role, value))
    table = _table(records, model, spec, window, base, end)
    return AttributionResult(
        table, {model: {"model_weeks": [], "note": "no whole week"}}
    )


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
    base, end = window.resolve(daily_yields["10y"].dropna().index)
    weeks = model_weeks(design.index, base, end)
    if len(weeks) == 0:
        return _all_stub(daily_yields, window, spec, model, base, end)
    data = var_data(design, spec.estimation_start, weeks[-1], spec.variables)
    res = VAR(data, n_lags=spec.n_lags, trend="c").fit()
    ident = _identification(model, res, spec)
    names = list(ident.shock_names(res.names))
    hd = res.historical_decomposition(ident, start=weeks[0], end=weeks[-1])
    boot = res.bootstrap(
        spec.n_boot,
        method="block",
        identification=ident,
        n_rotations=spec.n_rotations,
        seed=spec.seed,
    )
    draws = boot.hd_draws(weeks[0], weeks[-1]).sum(axis=1)  # (B, n, m+1): summed over W
    records: list[dict[str, Any]] = []
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
        records += _rows(tenor, names, point, draws[:, j, :], model, spec)
        levels = daily_yields[tenor]
        edges = close_on_or_before(
            levels, pd.DatetimeIndex([weeks[0] - pd.Timedelta(days=7), weeks[-1]])
        )
        stub = (
            (float(edges.iloc[0]) - float(levels[base]))
            + (float(levels[end]) - float(edges.iloc[1]))
        ) * 100.0
        actual = float(data.loc[weeks, col].sum()) + stub
        for name, value in (("stub", stub), ("actual", actual)):
            records.append(exact_row(tenor, name, name, value))
    table = _table(records, model, spec, window, base, end)
    details = {
        "sample": f"{data.index[0]:%Y-%m-%d}..{data.index[-1]:%Y-%m-%d}",
        "nobs": int(res.nobs) if hasattr(res, "nobs") else len(data),
        "n_lags": spec.n_lags,
        "n_boot_kept": int(draws.shape[0]),
        "model_weeks": [f"{w:%Y-%m-%d}" for w in weeks],
    }
    if hasattr(ident, "n_accepted"):
        details["sign_draws_accepted"] = int(ident.n_accepted)
    result = AttributionResult(table, {model: details})
    result.check_adding_up(tol=1e-6)
    return result
