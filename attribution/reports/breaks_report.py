"""Tables (CSV, Markdown) and a figure for the ``breaks`` command.

Convention, stated in every output: a break date is the **last observation
of the old regime** (R strucchange); the new regime starts at the next
observation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from attribution.config.models_section import BreaksSection
from attribution.engine.breaks import BreaksResults, RelationBreaks
from attribution.reports.markdown import pipe_table

CONVENTION = (
    "Break dates are the last observation of the old regime (R strucchange "
    "convention); the new regime starts at the next observation."
)


def _date(x: Any) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return str(pd.Timestamp(x).date())


def summary_frame(relations: Sequence[RelationBreaks]) -> pd.DataFrame:
    """One row per relation: sample, selection, tests, break dates."""
    rows = []
    for r in relations:
        idx = r.fit.model.endog.index
        rows.append(
            {
                "relation": r.key,
                "frequency": r.frequency,
                "sample_start": _date(idx[0]),
                "sample_end": _date(idx[-1]),
                "nobs": r.fit.nobs,
                "dropped_missing": r.dropped,
                "trim": r.fit.trim,
                "min_size": r.fit.min_size,
                "max_breaks": r.fit.max_breaks,
                "select": r.fit.select,
                "n_breaks": r.fit.n_breaks,
                "break_dates": ";".join(_date(d) for d in r.fit.break_dates),
                "supF1": r.sup_f.statistic,
                "supF1_cv05": float(r.sup_f.critical_values.loc[0.05]),
                "UDmax": r.ud_max.statistic,
                "UDmax_cv05": float(r.ud_max.critical_values.loc[0.05]),
                "supF_hansen_p": r.hansen.pvalue,
                "cusum_ols": r.cusum.statistic,
                "cusum_ols_p": r.cusum.pvalue,
                "chow_date": _date(r.chow_date) if r.chow is not None else "",
                "chow_F": r.chow.statistic if r.chow is not None else np.nan,
                "chow_p": r.chow.pvalue if r.chow is not None else np.nan,
            }
        )
    return pd.DataFrame(rows)


def dates_frame(relations: Sequence[RelationBreaks], level: float) -> pd.DataFrame:
    """Break dates with their Bai (1997) intervals, one row per break."""
    rows = []
    for r in relations:
        for b, row in r.intervals.iterrows():
            rows.append(
                {
                    "relation": r.key,
                    "break": int(cast(int, b)),  # index: break number
                    "break_date": _date(row["break_date"]),
                    "lower_date": _date(row["lower_date"]),
                    "upper_date": _date(row["upper_date"]),
                    "breakpoint": int(row["breakpoint"]),
                    "lower": float(row["lower"]),
                    "upper": float(row["upper"]),
                    "level": level,
                }
            )
    cols = [
        "relation",
        "break",
        "break_date",
        "lower_date",
        "upper_date",
        "breakpoint",
        "lower",
        "upper",
        "level",
    ]
    return pd.DataFrame(rows, columns=cols)


def segments_frame(relations: Sequence[RelationBreaks], level: float) -> pd.DataFrame:
    """Segment estimates: one row per relation, segment and parameter."""
    frames = []
    for r in relations:
        est = r.fit.to_frame(level).reset_index()
        seg = r.fit.segments
        est["start"] = [_date(seg.loc[s, "start"]) for s in est["segment"]]
        est["end"] = [_date(seg.loc[s, "end"]) for s in est["segment"]]
        est["nobs"] = [int(seg.loc[s, "nobs"]) for s in est["segment"]]
        est.insert(0, "relation", r.key)
        frames.append(est)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def markdown_table(frame: pd.DataFrame, digits: int = 4) -> str:
    """Render a pipe table; floats to ``digits`` significant digits."""
    return "\n".join(pipe_table(frame, f".{digits}g"))


def breaks_markdown(
    relations: Sequence[RelationBreaks],
    header: Sequence[str],
    level: float,
    skipped: dict[str, str],
) -> str:
    """Render the report: header, convention, per-relation tests and segments."""
    lines = [*header, "", f"**Convention.** {CONVENTION}", ""]
    for r in relations:
        lines += [
            f"## {r.key}: {r.title}",
            "",
            f"- Frequency: {r.frequency}; units: {r.units}.",
            f"- Data: {r.notes}",
        ]
        if r.dropped:
            lines.append(f"- {r.dropped} rows dropped for missing values.")
        lines += [
            f"- Sample {_date(r.fit.model.endog.index[0])} to "
            f"{_date(r.fit.model.endog.index[-1])}, T = {r.fit.nobs}, "
            f"trim {r.fit.trim} (h = {r.fit.min_size}), at most "
            f"{r.fit.max_breaks} breaks, chosen by {r.fit.select}: "
            f"**{r.fit.n_breaks} break(s)**.",
            f"- {r.sup_f}; {r.ud_max}.",
            f"- Andrews {r.hansen}; {r.cusum}.",
        ]
        if r.chow is not None:
            lines.append(
                f"- Chow test, old regime ending {_date(r.chow_date)} "
                f"(last observation before the window): {r.chow}."
            )
        else:
            lines.append(
                "- Chow test at the window: not computed (the sample ends "
                "before the window or leaves too few observations after it)."
            )
        lines.append("")
        if len(r.intervals):
            d = dates_frame([r], level).drop(columns=["relation", "level"])
            lines += [
                f"Break dates with {level:.0%} intervals (Bai 1997):",
                "",
                markdown_table(d),
                "",
            ]
        seg = segments_frame([r], level).drop(columns=["relation"])
        lines += ["Segment estimates:", "", markdown_table(seg), ""]
    for key, why in skipped.items():
        lines.append(f"- `{key}` not tested: {why}")
    return "\n".join(lines) + "\n"


def _segment_path(r: RelationBreaks, param: str, level: float) -> pd.DataFrame:
    """Per-observation estimate and interval of ``param`` (step function)."""
    est = r.fit.to_frame(level)
    idx = r.fit.model.endog.index
    out = pd.DataFrame(index=idx, columns=["params", "lower", "upper"], dtype=float)
    for seg, row in r.fit.segments.iterrows():
        sl = slice(int(row["first"]) - 1, int(row["last"]))
        key = (cast(int, seg), param)  # index: segment number
        vals = est.loc[key, ["params", "lower", "upper"]].to_numpy(dtype=float)
        out.iloc[sl] = np.tile(vals, (int(row["nobs"]), 1))
    return out


def breaks_png(
    relations: Sequence[RelationBreaks],
    window: tuple[pd.Timestamp, pd.Timestamp],
    level: float,
    title: str,
) -> bytes:
    """Plot segment estimates, their CIs and break-date CIs, per relation and param."""
    from attribution.plotting import png_bytes, subplots

    panels = [(r, p) for r in relations for p in r.interest]
    fig, axes = subplots(
        len(panels), 1, figsize=(9, 2.3 * len(panels) + 0.6), squeeze=False
    )
    for ax, (r, param) in zip(axes[:, 0], panels, strict=True):
        path = _segment_path(r, param, level)
        ax.fill_between(
            path.index,
            path["lower"],
            path["upper"],
            step="post",
            color="tab:blue",
            alpha=0.2,
            lw=0,
        )
        if r.rolling is not None and param in r.rolling:
            ax.plot(r.rolling.index, r.rolling[param], color="grey", lw=0.7, alpha=0.8)
        ax.step(path.index, path["params"], where="post", color="tab:blue", lw=1.5)
        ax.axhline(0.0, color="grey", lw=0.6)
        ax.axvspan(window[0], window[1], color="tab:orange", alpha=0.25, lw=0)
        for _, row in r.intervals.iterrows():
            lo = row["lower_date"] if row["lower_date"] is not None else path.index[0]
            hi = row["upper_date"] if row["upper_date"] is not None else path.index[-1]
            ax.axvspan(lo, hi, color="tab:red", alpha=0.15, lw=0)
            ax.axvline(row["break_date"], color="tab:red", lw=1.0, ls="--")
        ax.set_title(
            f"{r.key} ({r.frequency}): coefficient on {param}", fontsize=9, loc="left"
        )
        ax.tick_params(labelsize=8)
    fig.suptitle(title, fontsize=10)
    fig.text(
        0.01,
        0.005,
        f"Blue: segment estimate and {level:.0%} CI. Grey: rolling OLS over h "
        "observations, dated at the window's end.\nRed dashed: break date (last "
        "obs. of old regime); red band: its CI. Orange: the window.",
        fontsize=7,
    )
    fig.tight_layout(rect=(0, 0.025, 1, 0.98))
    return png_bytes(fig, dpi=110)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with full precision floats."""
    text: str = frame.to_csv(index=False, float_format="%.10g")
    return text.encode()


def breaks_header(window: str, o: BreaksSection) -> list[str]:
    """Return the report's title and method lines for a run on ``window``."""
    return [
        f"# Structural breaks, window {window}",
        "",
        f"- Bai-Perron (1998, 2003) with trim {o.trim} of each sample, at most "
        f"{o.max_breaks} breaks, number chosen by {o.select}; segment standard "
        f"errors and Bai (1997) break-date intervals at {o.level:.0%} with "
        f"{'Newey-West HAC' if o.cov == 'hac' else 'segment-specific variance'} "
        "inference.",
        "- supF(1)/UDmax: Bai-Perron critical values for q changing regressors; "
        "Andrews sup-F with Hansen (1997) p-value; OLS-CUSUM with its Brownian-bridge "
        "p-value; Chow F test with the old regime ending at the last observation "
        "before the window.",
        f"- Samples start {o.sample_start} (or when the data do) and end "
        f"{o.sample_end or 'with the latest data'}.",
    ]


def breaks_details(results: BreaksResults) -> dict[str, object]:
    """Return the manifest's ``breaks`` entry: each relation's sample and breaks."""
    out: dict[str, object] = {"convention": CONVENTION, "skipped": results.skipped}
    for r in results.relations:
        out[r.key] = {
            "frequency": r.frequency,
            "nobs": r.fit.nobs,
            "n_breaks": r.fit.n_breaks,
            "break_dates": [str(pd.Timestamp(d).date()) for d in r.fit.break_dates],
            "min_size": r.fit.min_size,
            "notes": r.notes,
        }
    return {"breaks": out}
