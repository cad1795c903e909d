"""Attribution: who moved U.S. Treasury yields.

Attribute a Treasury yield move over a window to foreign official selling,
leveraged unwinds (cash-futures basis, swap-spread trade) and everything else,
from real public data, with the identification scheme named on every table.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
