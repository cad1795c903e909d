"""Attribution: who moved U.S. Treasury yields.

Attribute a Treasury yield move over a window to foreign official selling,
leveraged unwinds (cash-futures basis, swap-spread trade) and everything else,
from real public data, with the identification scheme named on every table.

The notebook API (``docs/api.md``) is exported here and imported lazily, so
``import attribution`` stays cheap::

    import attribution as at

    panel = at.load_panel(start="2021-01-01")
    res = at.attribute("2025-04-04:2025-04-11", models=["daily_sign"])
"""

from __future__ import annotations

__version__ = "0.1.0"

# not `from typing import TYPE_CHECKING`: importing typing costs ~0.4 ms, the
# rest of `import attribution` ~0.7 ms (mypy reads the name either way)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from attribution import models
    from attribution.api import (
        MODEL_ALIASES,
        Attribution,
        attribute,
        load_panel,
        weekly_var_data,
    )

#: Public name -> module that defines it (imported on first access).
_LAZY = {
    "MODEL_ALIASES": "attribution.api",
    "Attribution": "attribution.api",
    "attribute": "attribution.api",
    "load_panel": "attribution.api",
    "weekly_var_data": "attribution.api",
}

__all__ = [
    "MODEL_ALIASES",
    "Attribution",
    "__version__",
    "attribute",
    "load_panel",
    "models",
    "weekly_var_data",
]


def __getattr__(name: str) -> Any:
    """Import the notebook API (and ``attribution.models``) on first use."""
    import importlib

    if name == "models":
        return importlib.import_module("attribution.models")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'attribution' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
