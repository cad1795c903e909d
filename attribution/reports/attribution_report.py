"""``report.md``: the answer first, then the facts, tables and diagnostics.

The pipeline passes typed objects (:class:`ReportInputs`); this module only
writes text. Every number comes from the result objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.engine.details import (
    HeteroDailyDetails,
    NotEstimatedDetails,
    OLSDetails,
    set_facts,
    weak_named,
)
from attribution.engine.diagnostics import DailyDiagnostics
from attribution.engine.result import AttributionResult
from attribution.features.episode import EpisodeFacts
from attribution.panel import Panel
from attribution.reports.attribution_facts import facts_lines
from attribution.reports.attribution_model_lines import model_lines
from attribution.reports.daily_report import answer_lines
from attribution.reports.diagnostics_report import diagnostics_lines
from attribution.reports.flows_report import bounds_markdown, validation_markdown
from attribution.reports.markdown import md_header, md_row
from attribution.reports.tables import LABELS, MODEL_TITLES, to_markdown_text

MAIN_TENORS: tuple[str, ...] = ("2y", "5y", "10y", "30y")
#: channels that different models name differently
CHANNELS: dict[str, str] = {
    "basis_unwind": "basis unwind / deleveraging",
    "basis_deleveraging": "basis unwind / deleveraging",
    "policy": "policy expectations",
    "policy_expectations": "policy expectations",
    "term_premium": "term premium",
    "expected_path": "expected policy path (ACM)",
    "flight_to_safety": "flight to safety",
    "sell_america": "sell America",
    "foreign_official_selling": "foreign official selling",
    "risk_on": "growth / risk-on",
    "custody": "foreign official custody flow",
    "lev_net_short": "leveraged net short flow",
}


@dataclass(frozen=True)
class ReportInputs:
    """Everything ``report.md`` is written from.

    Attributes
    ----------
    config : RunConfig
    result : AttributionResult
        Every model's rows.
    panel : Panel
        The attribution's panel (day-by-day table, positions).
    days : DataFrame
        :func:`attribution.reports.episode_days.day_by_day` of the window.
    daily_models : tuple of str
        The daily model names (their answer lines lead).
    largest : AttributionResult or None
    flows : mapping of str to DataFrame
    facts : EpisodeFacts or None
    diagnostics : DailyDiagnostics or None
    figures : sequence of (str, str)
        (relative path, caption) of each figure written.
    facts_note : str
        Why ``facts`` is None.
    about : sequence of str
        The section "About this episode" (empty for a run without an episode).
    """

    config: RunConfig
    result: AttributionResult
    panel: Panel
    days: pd.DataFrame
    daily_models: tuple[str, ...]
    largest: AttributionResult | None = None
    flows: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    facts: EpisodeFacts | None = None
    diagnostics: DailyDiagnostics | None = None
    figures: Sequence[tuple[str, str]] = ()
    facts_note: str = ""
    about: Sequence[str] = ()


def _b(x: float) -> str:
    return f"{x:+.1f}"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _rows(t: pd.DataFrame) -> pd.DataFrame:
    """Return the identified-channel rows (drivers and shocks) that were estimated."""
    return t.loc[t["role"].isin(["driver", "shock"]) & (t["status"] != "not_estimated")]


def _excludes_zero(r: Mapping[str, Any]) -> bool:
    lo, hi = (
        (r["set_band_lower_bp"], r["set_band_upper_bp"])
        if r["status"] == "set_identified"
        else (r["lower_bp"], r["upper_bp"])
    )
    return bool(pd.notna(lo) and pd.notna(hi) and (lo > 0 or hi < 0))


def _band(r: Mapping[str, Any]) -> str:
    if r["status"] == "set_identified":
        return (
            f"{_b(r['contribution_bp'])} bp (robust band "
            f"[{_b(r['set_band_lower_bp'])}, {_b(r['set_band_upper_bp'])}])"
        )
    return f"{_b(r['contribution_bp'])} bp [{_b(r['lower_bp'])}, {_b(r['upper_bp'])}]"


def named_rows(
    result: AttributionResult, model: str, tenor: str
) -> list[dict[str, Any]]:
    """Rows whose band excludes zero (a set-identified row: its robust band).

    Shocks the heteroskedasticity model cannot tell apart are never named.
    """
    t = result.table
    rows = _rows(t.loc[(t["model"] == model) & (t["tenor"] == tenor)])
    weak = set(weak_named(result.details.get(model)))
    return [
        r for r in _records(rows)
        if _excludes_zero(r) and r["driver"] not in weak
    ]  # fmt: skip


def largest_row(
    result: AttributionResult, model: str, tenor: str
) -> dict[str, Any] | None:
    """Return the estimated channel row with the largest absolute contribution."""
    t = result.table
    rows = _rows(t.loc[(t["model"] == model) & (t["tenor"] == tenor)])
    if rows.empty:
        return None
    recs = _records(rows)
    return max(recs, key=lambda r: abs(float(r["contribution_bp"])))


def _name(driver: str) -> str:
    return CHANNELS.get(driver, LABELS.get(driver, driver).removeprefix("Shock: "))


def _actual(t: pd.DataFrame, tenor: str) -> float | None:
    a = t.loc[(t["tenor"] == tenor) & (t["driver"] == "actual"), "contribution_bp"]
    return float(a.iloc[0]) if len(a) else None


def estimated_models(result: AttributionResult) -> list[str]:
    """Models with at least one estimated channel row, in table order."""
    t = result.table
    return list(dict.fromkeys(_rows(t)["model"]))


def answer_paragraph(result: AttributionResult, tenors: Sequence[str]) -> list[str]:
    """Return the answer in one paragraph, with numbers, from the result rows."""
    t = result.table
    tenors = [x for x in tenors if _actual(t, x) is not None]
    if not tenors:
        return []
    base, end = t["base_date"].iloc[0], t["end_date"].iloc[0]
    moves = ", ".join(f"{x} {_b(_actual(t, x) or 0.0)}" for x in tenors)
    parts = [f"From the {base} close to the {end} close the yields moved {moves} bp."]
    for model in estimated_models(result):
        title = MODEL_TITLES.get(model, model)
        named = {x: named_rows(result, model, x) for x in tenors}
        hits = [
            f"{x}: " + ", ".join(f"{_name(r['driver'])} {_band(r)}" for r in rows)
            for x, rows in named.items()
            if rows
        ]
        if hits:
            parts.append(
                f"Under the {title} (`{model}`), the channels whose band excludes "
                "zero are " + "; ".join(hits) + "."
            )
            continue
        top = largest_row(result, model, "10y")
        if top is None:
            continue
        why = (
            " (weak identification: the volatility regimes do not tell the shocks "
            "apart)"
            if weak_named(result.details.get(model))
            else " (set-identified: every robust band contains zero)"
            if (_rows(t.loc[t["model"] == model])["status"] == "set_identified").any()
            else ""
        )
        parts.append(
            f"Under the {title} (`{model}`), no channel's band excludes zero at any "
            f"tenor{why}; the largest for the 10y is {_name(top['driver'])} "
            f"{_band(top)}."
        )
    missing = [
        m for m in dict.fromkeys(t["model"]) if m not in estimated_models(result)
    ]
    if missing:
        notes = {
            str(r["model"]): str(r["note"])
            for r in t.loc[t["status"] == "not_estimated"].to_dict("records")
            if isinstance(r["note"], str) and r["note"]
        }
        groups: dict[str, list[str]] = {}
        for m in missing:
            groups.setdefault(notes.get(m, ""), []).append(f"`{m}`")
        why = "; ".join(
            ", ".join(ms) + (f" ({note})" if note else "")
            for note, ms in groups.items()
        )
        parts.append(f"Not estimated for this window: {why}.")
    parts.append(
        'What no model here can separate is listed under "What the data cannot '
        'identify" below.'
    )
    return ["## The answer", "", " ".join(parts), ""]


def consensus_table(result: AttributionResult, tenors: Sequence[str]) -> pd.DataFrame:
    """Per channel and tenor: min-max of the models' points and of their bands.

    Returns
    -------
    DataFrame
        Columns ``channel, tenor, n_models, point_min, point_max, band_min,
        band_max, agree`` (``agree``: the models whose band excludes zero,
        with the sign of their point).
    """
    rows = _rows(result.table)
    rows = rows.loc[rows["tenor"].isin(list(tenors))].copy()
    rows["channel"] = [_name(str(d)) for d in rows["driver"]]
    out = []
    for (channel, tenor), g in rows.groupby(["channel", "tenor"], sort=False):
        recs = _records(g)
        agree = [
            f"{r['model']} ({'+' if r['contribution_bp'] > 0 else '-'})"
            for r in recs
            if _excludes_zero(r)
        ]
        out.append(
            {
                "channel": channel,
                "tenor": tenor,
                "n_models": len(recs),
                "models": ", ".join(str(r["model"]) for r in recs),
                "point_min": float(g["contribution_bp"].min()),
                "point_max": float(g["contribution_bp"].max()),
                "band_min": float(g["lower_bp"].min()),
                "band_max": float(g["upper_bp"].max()),
                "agree": ", ".join(agree),
            }
        )
    if not out:
        return pd.DataFrame(out)
    frame = pd.DataFrame(out)
    first = {c: i for i, c in enumerate(dict.fromkeys(frame["channel"]))}
    width = frame.groupby("channel")["n_models"].transform("max")
    order = sorted(
        range(len(frame)),
        key=lambda i: (
            -int(width.iloc[i]),
            first[frame["channel"].iloc[i]],
            list(tenors).index(frame["tenor"].iloc[i]),
        ),
    )
    return frame.iloc[order].reset_index(drop=True)


def consensus_lines(result: AttributionResult, tenors: Sequence[str]) -> list[str]:
    """Markdown of :func:`consensus_table`."""
    c = consensus_table(result, tenors)
    lines = [
        "### Consensus range per channel",
        "",
        "Across the models that estimated a channel: the range of their point "
        "estimates and the range spanned by their bands (lower end of the lowest "
        "band to the upper end of the highest; posterior bands for set-identified "
        "rows). 'Excludes zero' names the models whose band (the robust band of "
        "the identified set, for set-identified rows) lies on one side of zero. "
        "Channels that more models estimate come first. "
        "Channels named alike: "
        + "; ".join(
            f"{', '.join(sorted(k for k, v in CHANNELS.items() if v == name))} = {name}"
            for name in dict.fromkeys(CHANNELS.values())
            if sum(v == name for v in CHANNELS.values()) > 1
        )
        + ".",
        "",
    ]
    if c.empty:
        return [*lines, "No model estimated a channel for this window.", ""]
    head = ["channel", "tenor", "models", "points, bp", "bands, bp", "excludes zero"]
    lines += md_header(head, "lllrrl")
    for r in c.to_dict("records"):
        lines.append(
            md_row(
                [
                    r["channel"],
                    r["tenor"],
                    r["models"],
                    f"[{_b(r['point_min'])}, {_b(r['point_max'])}]",
                    f"[{_b(r['band_min'])}, {_b(r['band_max'])}]",
                    r["agree"] or "none",
                ]
            )
        )
    return [*lines, ""]


def cannot_identify_lines(
    result: AttributionResult,
    flows: Mapping[str, pd.DataFrame],
    tenors: Sequence[str],
) -> list[str]:
    """Return the section "What the data cannot identify" (from the results)."""
    t = result.table
    items: list[str] = []
    for model, info in result.details.items():
        if isinstance(info, NotEstimatedDetails) and info.note:
            items.append(f"`{model}` is not estimated: {info.note}.")
    for model in dict.fromkeys(t["model"]):
        d = result.details.get(model)
        if model in ("ols_weekly", "ols_weekly_total") and (
            isinstance(d, NotEstimatedDetails)
            or (isinstance(d, OLSDetails) and not d.tenors)
        ):
            items.append(
                f"`{model}` is not estimated: the window holds no whole "
                "Wednesday-to-Wednesday week."
            )
    for model in estimated_models(result):
        found = result.details.get(model)
        if isinstance(found, HeteroDailyDetails) and found.weak_text:
            items.append(f"`{model}`: {found.weak_text}")
        facts = set_facts(found)
        for pair in facts.indistinct if facts is not None else ():
            items.append(f"`{model}`: {pair}.")
        unnamed = [
            _name(str(r["driver"]))
            for r in _records(
                _rows(t.loc[(t["model"] == model) & (t["tenor"] == "10y")])
            )
            if not _excludes_zero(r)
        ]
        if unnamed and (t.loc[t["model"] == model, "status"] == "set_identified").any():
            items.append(
                f"`{model}`: the sign restrictions alone cannot tell these 10y "
                f"contributions from zero (their robust bands contain zero): "
                f"{', '.join(unnamed)}."
            )
    if "ols_weekly" in set(t["model"]):
        items.append(
            "The weekly OLS treats custody and positioning flows as exogenous "
            "within the week: its rows are partial correlations, not causal "
            "contributions."
        )
    bounds = flows.get("flow_bounds")
    if bounds is not None and len(bounds):
        items.append(
            "Flow-based numbers are bounds at a published range of price impacts, "
            "not estimates: the flows do not say which way causality ran."
            + "".join(
                " " + f"{m}: {n}."
                for m, n in zip(bounds["measure"], bounds["note"], strict=True)
                if isinstance(n, str) and "not pro-rated" in n
            )
        )
    val = flows.get("flow_validation")
    if val is not None and len(val):
        un = val.loc[val["verdict_episode"] == "uninformative"]
        if len(un):
            items.append(
                "Over the episode itself the flows are too few to check the "
                f"identified shocks ({len(un)} of {len(val)} shock-flow pairs "
                "uninformative: a custody week, a CFTC week or one TIC month)."
            )
    lines = ["## What the data cannot identify", ""]
    lines += [f"- {i}" for i in dict.fromkeys(items)] or ["- Nothing flagged."]
    return [*lines, ""]


def figure_lines(figures: Sequence[tuple[str, str]]) -> list[str]:
    """Links to the figures."""
    if not figures:
        return []
    lines = ["## Figures", ""]
    lines += [f"- [{caption}]({path})" for path, caption in figures]
    if any("/decomposition_" in path or "/irf_" in path for path, _ in figures):
        lines += [
            "",
            "Day-by-day decompositions and impulse responses are drawn for the "
            "point-identified models only: a set-identified model has a set of "
            "them, not one.",
        ]
    return [*lines, ""]


def attribution_markdown(inp: ReportInputs) -> str:
    """Return the whole ``report.md``."""
    cfg, result = inp.config, inp.result
    tenors = [x for x in MAIN_TENORS if x in cfg.attribution.tenors]
    head = model_lines(cfg, result, inp.daily_models)
    answer = answer_lines(result, inp.flows, inp.daily_models, inp.largest)
    top = [
        *head[:3],
        "",
        *answer_paragraph(result, tenors),
        *answer,
        "",
        *([*inp.about, ""] if inp.about else []),
        *facts_lines(inp.facts, inp.days, inp.panel, inp.flows, inp.facts_note),
        "## The attribution tables",
        "",
        *consensus_lines(result, tenors),
        *head[3:],
    ]
    markdown = to_markdown_text(result, top)
    if "flow_bounds" in inp.flows:
        title = f"Flow-based bounds, {cfg.window}"
        markdown += "\n" + "\n".join(
            bounds_markdown(inp.flows["flow_bounds"], title)
        ) + "\n"  # fmt: skip
    if inp.largest is not None:
        markdown += "\n" + largest_markdown(cfg.window, inp.largest, inp.flows)
    if "flow_validation" in inp.flows:
        markdown += "\n" + "\n".join(
            validation_markdown(inp.flows["flow_validation"], "svar_hetero_daily")
        ) + "\n"  # fmt: skip
    tail = [
        "",
        *diagnostics_lines(inp.diagnostics, result),
        *cannot_identify_lines(result, inp.flows, tenors),
        *figure_lines(inp.figures),
    ]
    return markdown + "\n".join(tail).rstrip() + "\n"


def largest_title(window: str, largest: AttributionResult) -> str:
    """Title of the largest-move section (also the LaTeX caption)."""
    t = largest.table
    move = t.loc[
        (t["tenor"] == "10y") & (t["driver"] == "actual"), "contribution_bp"
    ].iloc[0]
    label = str(t["window"].iloc[0])
    return (
        f"Largest move inside {window}: {label} (10y {move:+.1f} bp, from daily closes)"
    )


def largest_markdown(
    window: str, largest: AttributionResult, flows: Mapping[str, pd.DataFrame]
) -> str:
    """Return the section on the largest move inside the window."""
    label = str(largest.table["window"].iloc[0])
    text = to_markdown_text(
        largest,
        [
            f"# {largest_title(window, largest)}",
            "",
            "The daily models on the sub-window with the largest absolute 10y "
            "change inside the window (a month nets a selloff against what "
            "followed).",
        ],
    )
    if "flow_bounds_largest" in flows:
        text += "\n" + "\n".join(
            bounds_markdown(flows["flow_bounds_largest"], f"Flow bounds, {label}")
        ) + "\n"  # fmt: skip
    return text
