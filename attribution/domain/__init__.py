"""Domain facts every layer may import: windows, futures DV01s, default shocks.

Nothing here reads data or estimates anything; the modules import only the
shared ``_typing``, ``_validation`` and ``exceptions`` modules.
"""

from __future__ import annotations

from attribution.domain.dv01 import DEFAULT_DV01
from attribution.domain.shocks import DEFAULT_SHOCKS
from attribution.domain.window import Window

__all__ = ["DEFAULT_DV01", "DEFAULT_SHOCKS", "Window"]
