"""The captions and titles of an attribution's files (tables and figures).

The pipeline assembles the files; the words on them are written here.
"""

from __future__ import annotations

from attribution.engine.result import AttributionResult
from attribution.reports.attribution_report import largest_title
from attribution.reports.tables import MODEL_TITLES


def table_caption(window: str) -> str:
    """Caption of ``attribution.tex``: the window's attribution table."""
    return f"Attribution of Treasury yield changes, {window}."


def largest_caption(window: str, largest: AttributionResult) -> str:
    """Caption of ``largest_move.tex``: the largest move's section title."""
    return f"{largest_title(window, largest)}."


def contributions_title(window: str, model: str) -> str:
    """Title of ``attribution_<model>.png``: the model's contributions per tenor."""
    return (
        f"{window}: contributions to yield changes (bp), "
        f"{MODEL_TITLES.get(model, model)} ({model})"
    )
