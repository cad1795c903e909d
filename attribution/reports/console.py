"""Compact console rendering of an attribution (the CLI's printed table)."""

from __future__ import annotations

from pathlib import Path

from attribution.engine.result import AttributionResult
from attribution.reports.tables import canonical_order


def print_attribution(result: AttributionResult, out: Path) -> None:
    """Print each model's contributions (bp) as a driver x tenor grid, then verdicts."""
    t = result.table
    for model in dict.fromkeys(t["model"]):
        m = t.loc[t["model"] == model]
        # NA rows (not estimated) stay in the grid: they print as NaN
        grid = m.set_index(["driver", "tenor"])["contribution_bp"].unstack("tenor")
        grid = grid[[c for c in ("2y", "5y", "10y", "30y") if c in grid.columns]]
        grid = grid.loc[canonical_order(list(grid.index))]
        print(f"model {model}: {m['identification'].iloc[0]}")
        print(
            f"window {m['window'].iloc[0]}: {m['base_date'].iloc[0]} close -> "
            f"{m['end_date'].iloc[0]} close; contributions in bp"
        )
        print(grid.to_string(float_format=lambda v: f"{v:+8.2f}"))
        for tenor in grid.columns:
            print("  " + result.verdict(model, tenor))
    print(f"wrote {out}")
