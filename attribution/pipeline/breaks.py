"""``breaks``: structural-break tests for the relations the notes say broke.

Orchestration only: load the relations' series
(:func:`attribution.features.break_relations.breaks_series_ids`), test them
(:func:`attribution.engine.breaks.run_break_tests`, which documents the tests;
the data are documented in :mod:`attribution.features.break_relations`),
render with :mod:`attribution.reports.breaks_report` and write the run folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from attribution.config.schema import RunConfig
from attribution.engine.breaks import BreaksResults, run_break_tests
from attribution.features.break_relations import breaks_series_ids
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import (
    point_in_time,
    store_from_config,
    write_with_manifest,
)
from attribution.reports.breaks_report import (
    breaks_details,
    breaks_header,
    breaks_markdown,
    breaks_png,
    dates_frame,
    segments_frame,
    summary_frame,
    to_csv_bytes,
)


@dataclass(frozen=True)
class BreaksRun:
    """A finished ``breaks`` run: the tested and skipped relations, the panel."""

    config: RunConfig
    results: BreaksResults
    panel: Panel


def run_breaks(cfg: RunConfig) -> BreaksRun:
    """Build the panel and test every relation (no files written)."""
    o = cfg.breaks
    ids = breaks_series_ids(
        cfg.attribution.positioning.measure, o.regions, o.euro_yield
    )
    panel = build_panel(store_from_config(cfg), ids, point_in_time=point_in_time(cfg))
    return BreaksRun(cfg, run_break_tests(panel, cfg), panel)


def write_breaks(run: BreaksRun, out_root: Path) -> Path:
    """Write CSV, Markdown, PNG and manifest into ``out_root/<run-id>/`` atomically."""
    cfg, level = run.config, run.config.breaks.level
    rels, skipped = run.results.relations, run.results.skipped
    header = breaks_header(cfg.window, cfg.breaks)
    files: dict[str, bytes] = {
        "breaks_summary.csv": to_csv_bytes(summary_frame(rels)),
        "break_dates.csv": to_csv_bytes(dates_frame(rels, level)),
        "break_segments.csv": to_csv_bytes(segments_frame(rels, level)),
        "breaks.md": breaks_markdown(rels, header, level, skipped).encode(),
    }
    if cfg.output.figures:
        w = cfg.parsed_window
        files["breaks.png"] = breaks_png(
            rels,
            (w.first, w.last),
            level,
            f"Structural breaks, window {cfg.window} (segment estimates and break CIs)",
        )
    details = breaks_details(run.results)
    return write_with_manifest(
        cfg, "breaks", files, run.panel.provenance, details, out_root
    )


def run_and_write(cfg: RunConfig, out_root: Path) -> Path:
    """Entry point of ``python cli.py breaks``: compute, then write atomically."""
    return write_breaks(run_breaks(cfg), Path(out_root))
