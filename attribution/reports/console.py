"""Compact console rendering of an attribution (the CLI's printed table)."""

from __future__ import annotations

from pathlib import Path

from attribution.engine.result import AttributionResult
from attribution.reports.tables import canonical_order


def print_attribution(result: AttributionResult, out: Path) -> None:
    """Print each model's contributions (bp) as a driver x tenor grid, then verdicts."""
    print(attribution_text(result))
    print(f"wrote {out}")


def attribution_text(result: AttributionResult) -> str:
    """Each model's contributions (bp) as a driver x tenor grid, then verdicts.

    The text the CLI prints after ``attribute`` (without the ``wrote`` line).
    """
    t = result.table
    lines: list[str] = []
    for model in dict.fromkeys(t["model"]):
        m = t.loc[t["model"] == model]
        # NA rows (not estimated) stay in the grid: they print as NaN
        grid = m.set_index(["driver", "tenor"])["contribution_bp"].unstack("tenor")
        grid = grid[[c for c in ("2y", "5y", "10y", "30y") if c in grid.columns]]
        grid = grid.loc[canonical_order(list(grid.index))]
        lines.append(f"model {model}: {m['identification'].iloc[0]}")
        lines.append(
            f"window {m['window'].iloc[0]}: {m['base_date'].iloc[0]} close -> "
            f"{m['end_date'].iloc[0]} close; contributions in bp"
        )
        lines.append(grid.to_string(float_format=lambda v: f"{v:+8.2f}"))
        for tenor in grid.columns:
            lines.append("  " + result.verdict(model, tenor))
    return "\n".join(lines)
