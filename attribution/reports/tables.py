"""Write the attribution table as CSV and Markdown (LaTeX: ``reports/latex.py``).

Numbers are formatted with fixed decimals so that the same inputs give
byte-identical files.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from attribution.engine.result import COLUMNS, AttributionResult
from attribution.reports.markdown import md_header, md_row

_ORDER = {
    "driver": 0,
    "shock": 1,
    "control": 2,
    "deterministic": 3,
    "residual": 4,
    "stub": 5,
    "actual": 6,
}
_TENORS = {
    "2y": 0,
    "5y": 1,
    "10y": 2,
    "30y": 3,
    "10y_real": 4,
    "10y_breakeven": 5,
    "10y_tp_kw": 6,
}
LABELS = {
    "custody": "Foreign official custody (H.4.1)",
    "lev_net_short": "Leveraged funds' net short (TFF)",
    "lev_net": "Leveraged net position shock (recursive)",
    "foreign_official_selling": "Shock: foreign official selling",
    "basis_unwind": "Shock: basis unwind",
    "ctrl_2y": "Control: 2y yield",
    "ctrl_dollar": "Control: broad dollar",
    "policy_expectations": "Shock: policy expectations",
    "flight_to_safety": "Shock: flight to safety",
    "policy": "Shock: expected policy path",
    "term_premium": "Shock: term premium",
    "sell_america": "Shock: sell America (foreign demand, FX hedging)",
    "risk_on": "Shock: growth / risk-on",
    "basis_deleveraging": "Shock: leveraged basis unwind",
    "dollar": "Dollar shock (recursive)",
    "y2": "2y shock (recursive)",
    "y5": "5y shock (recursive)",
    "y10": "10y shock (recursive)",
    "y30": "30y shock (recursive)",
    "constant": "Constant",
    "drift": "Drift (sample mean weekly change)",
    "baseline": "Baseline (pre-window forecast)",
    "other_shocks": "Other shocks (unrestricted)",
    "residual": "Residual",
    "stub": "Stub (days outside the model's periods)",
    "actual": "Actual change",
}


#: Each model in words, for figure titles.
MODEL_TITLES = {
    "svar_hetero_daily": "daily SVAR identified by heteroskedasticity",
    "svar_sign_daily": "daily SVAR, sign restrictions",
    "svar_narrative_daily": "daily SVAR, sign and narrative restrictions",
    "ols_weekly": "weekly OLS with same-week controls",
    "ols_weekly_total": "weekly OLS, total effect",
    "svar_sign_weekly": "weekly SVAR, sign restrictions",
    "svar_narrative_weekly": "weekly SVAR, sign and narrative restrictions",
    "svar_chol_weekly": "weekly SVAR, recursive",
    "acm_termstructure": "ACM term structure: expected path and term premium",
}


def canonical_order(names: pd.Series | list[str]) -> list[str]:
    """Order rows for reports.

    Labelled drivers and controls first, other rows next, then residual, stub
    and actual.
    """
    present = list(dict.fromkeys(names))
    tail = ("other_shocks", "residual", "stub", "actual")
    head = [n for n in LABELS if n in present and n not in tail]
    other = [n for n in present if n not in LABELS]
    return head + other + [n for n in tail if n in present]


def sorted_table(result: AttributionResult) -> pd.DataFrame:
    """Return the tidy table in a stable order: model, tenor, role, driver."""
    t = result.table.copy()
    t["_r"] = t["role"].map(_ORDER)
    t["_t"] = t["tenor"].map(_TENORS)
    t = t.sort_values(["model", "_t", "_r", "driver"], kind="stable")
    return t[list(COLUMNS)].reset_index(drop=True)


def to_csv_text(result: AttributionResult) -> str:
    """Return the tidy CSV, one row per (model, tenor, driver), 4 decimals."""
    text: str = sorted_table(result).to_csv(
        index=False, float_format="%.4f", lineterminator="\n"
    )
    return text


def cell_text(r: Any) -> str:
    """One table cell: point [band], the identified set for set-identified rows.

    ``NA`` for a row the model could not estimate; ``(rev)`` marks a shock that
    ran against its defining sign over the window.
    """
    if r.status == "not_estimated":
        return "NA"
    if r.role in ("actual", "stub"):
        return f"{r.contribution_bp:+.1f}"
    text = f"{r.contribution_bp:+.1f} [{r.lower_bp:+.1f}, {r.upper_bp:+.1f}]"
    if r.status == "set_identified":
        text += (
            f" set [{r.set_lower_bp:+.1f}, {r.set_upper_bp:+.1f}]"
            f" robust [{r.set_band_lower_bp:+.1f}, {r.set_band_upper_bp:+.1f}]"
        )
    if str(r.note).startswith("reversed"):
        text += " (rev)"
    return text


def _wide(result: AttributionResult, model: str) -> pd.DataFrame:
    t = sorted_table(result)
    t = t.loc[t["model"] == model]
    cells = {}
    for r in t.itertuples():
        cells[(r.driver, r.tenor)] = cell_text(r)
    drivers = canonical_order(t["driver"])
    tenors = list(dict.fromkeys(t["tenor"]))
    return pd.DataFrame(
        [[cells.get((d, te), "") for te in tenors] for d in drivers],
        index=[LABELS.get(d, d) for d in drivers],
        columns=tenors,
    )


def to_markdown_text(result: AttributionResult, header: list[str]) -> str:
    """Markdown: a header block, then one wide table per model (cells: bp [CI])."""
    lines = [*header, ""]
    for model in dict.fromkeys(result.table["model"]):
        t = result.table.loc[result.table["model"] == model]
        level = float(t["level"].iloc[0])
        lines += [
            f"## Model `{model}`",
            "",
            f"Identification: {t['identification'].iloc[0]}.",
            "",
            f"Contributions in bp with {level:.0%} intervals."
            + (
                " Set-identified rows: posterior mean [posterior band], the "
                "identified set at the estimate, and the robust band of that set; "
                "only a robust band that excludes zero names a shock. "
                "(rev) = the shock ran against its defining sign. NA = not "
                "estimated."
                if (t["status"] == "set_identified").any()
                else " NA = not estimated."
                if (t["status"] == "not_estimated").any()
                else ""
            ),
            "",
        ]
        wide = _wide(result, model)
        lines += md_header(["", *wide.columns], "l" + "r" * len(wide.columns))
        lines += [md_row([name, *row]) for name, row in wide.iterrows()]
        lines.append("")
        lines.append("Verdict:")
        lines += [f"- {result.verdict(model, tenor)}" for tenor in wide.columns]
        lines.append("")
    return "\n".join(lines)
