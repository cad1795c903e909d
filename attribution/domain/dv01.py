"""Treasury futures DV01s: the contract table every layer converts positions with."""

from __future__ import annotations

#: Approximate DV01 per contract in USD per bp (typical cheapest-to-deliver, 2023-2025).
DEFAULT_DV01: dict[str, float] = {
    "2y": 38.0,
    "5y": 44.0,
    "10y": 64.0,
    "ultra10y": 88.0,
    "bond": 125.0,
    "ultrabond": 205.0,
}

__all__ = ["DEFAULT_DV01"]
