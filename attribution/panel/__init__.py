"""Align series of different frequencies, as-of days and vintages.

The result is one :class:`Panel`.
"""

from attribution.panel.build import Panel, build_panel, published_by
from attribution.panel.calendar import (
    close_on_or_before,
    to_month_end,
    to_weekly,
    weekly_grid,
)

__all__ = [
    "Panel",
    "build_panel",
    "close_on_or_before",
    "published_by",
    "to_month_end",
    "to_weekly",
    "weekly_grid",
]
