"""Markdown and CSV for the flow-based bounds and the validation against flows."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from attribution.reports.markdown import md_header, md_row

_MEASURES = {
    "official_custody": "Foreign official, H.4.1 custody",
    "official_slt": "Foreign official, TIC SLT",
    "private_slt": "Foreign private, TIC SLT",
    "leveraged_cftc": "Leveraged funds, CFTC TFF (cash leg)",
}


def _num(x: Any, fmt: str = "+.1f") -> str:
    v = float(x)
    return "NA" if math.isnan(v) else format(v, fmt)


def _date(x: Any) -> str:
    return "" if pd.isna(x) else f"{pd.Timestamp(x):%Y-%m-%d}"


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in table.to_dict("records")]


def bounds_markdown(table: pd.DataFrame, title: str) -> list[str]:
    """Return the Markdown lines of the flow-bounds section."""
    lines = [
        f"## {title}",
        "",
        "What the observed flows *could* have contributed to the 10y, at the "
        "published range of price impacts (bp per $100bn sold; a sale raises "
        "yields, a purchase lowers them). Bounds, not estimates: the daily model "
        "says what the prices identify.",
        "",
        *md_header(
            [
                "flow",
                "$bn (+ = bought)",
                "span",
                "impact, bp per $100bn",
                "contribution, bp",
            ],
            "lrlll",
        ),
    ]
    for r in _records(table):
        span = f"{_date(r['span_start'])} to {_date(r['span_end'])}"
        status = str(r["status"])
        bounds = (
            f"[{_num(r['contribution_low_bp'])}, {_num(r['contribution_high_bp'])}]"
            if status == "bounded"
            else f"NA ({status.replace('_', ' ')})"
        )
        measure = str(r["measure"])
        impact = (
            f"{_num(r['impact_low_bp_per_100bn'], 'g')} to "
            f"{_num(r['impact_high_bp_per_100bn'], 'g')}"
        )
        name = _MEASURES.get(measure, measure)
        lines.append(md_row([name, _num(r["flow_bn"]), span, impact, bounds]))
    lines += ["", "Notes:"]
    lines += [f"- {_MEASURES.get(str(m), str(m))}: {n}" for m, n in
              zip(table["measure"], table["note"], strict=True) if n]  # fmt: skip
    return lines


def validation_markdown(table: pd.DataFrame, model: str) -> list[str]:
    """Return the Markdown lines of the validation against flows."""
    lines = [
        f"## Validation against flows (`{model}` shocks)",
        "",
        "The identified daily shocks summed to each flow's own grid (custody "
        "Thursday to Wednesday, CFTC Wednesday to Tuesday, SLT calendar months), "
        "correlated with the flow over the sample and over the periods that "
        "overlap the episode. " + (str(table["rule"].iloc[0]) if len(table) else ""),
        "",
        *md_header(
            [
                "shock",
                "flow",
                "expected",
                "sample: n, corr [90%], same sign, verdict",
                "episode: n, corr, same sign, verdict",
            ],
            "llcll",
        ),
    ]
    for r in _records(table):
        exp = "+" if float(r["expected_sign"]) > 0 else "-"
        cells = []
        for scope in ("sample", "episode"):
            n = int(r[f"n_{scope}"])
            corr = _num(r[f"corr_{scope}"], "+.2f")
            lo = _num(r[f"corr_low_{scope}"], "+.2f")
            hi = _num(r[f"corr_high_{scope}"], "+.2f")
            share = _num(r[f"sign_share_{scope}"], ".0%")
            verdict = r[f"verdict_{scope}"]
            band = f" [{lo}, {hi}]" if scope == "sample" else ""
            cells.append(f"{n}, {corr}{band}, {share}, **{verdict}**")
        shock = str(r["shock"]).replace("_", " ")
        lines.append(md_row([shock, r["flow"], exp, *cells]))
    return lines


def to_csv(table: pd.DataFrame) -> str:
    """CSV text, 4 decimals, dates as YYYY-MM-DD (byte-stable)."""
    out = table.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    text: str = out.to_csv(index=False, float_format="%.4f", lineterminator="\n")
    return text
