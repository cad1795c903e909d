"""Re-export of :class:`attribution.domain.window.Window`, its documented path."""

from __future__ import annotations

from attribution.domain.window import Window

__all__ = ["Window"]
