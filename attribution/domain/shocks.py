"""The default structural shocks of the weekly SVARs, as named sign patterns by role.

This is data: :mod:`attribution.models.var.shocks` documents the roles and the
spec format and maps the roles to a VAR's columns; a run's config may override
any part. ``attribution.models.var.DEFAULT_SHOCKS`` re-exports this table.
"""

from __future__ import annotations

from typing import Any

DEFAULT_SHOCKS: dict[str, dict[str, Any]] = {
    "foreign_official_selling": {
        "description": "Foreign official holders sell Treasuries (custody falls), "
        "yields rise, the dollar weakens.",
        "signs": {"custody": "-", "10y": "+", "dollar": "-"},
        "horizons": [0],
    },
    "basis_unwind": {
        "description": "Basis/relative-value unwind: leveraged net short shrinks, "
        "10y rises, swap spreads fall (if in the VAR).",
        "signs": {"leveraged_net": "+", "10y": "+", "swap_spread": "-"},
        "horizons": [0],
    },
    "policy_expectations": {
        "description": "Tighter expected policy: 2y up by more than 10y, dollar up.",
        "signs": {"2y": "+", "2y - 10y": "+", "dollar": "+"},
        "horizons": [0],
    },
    "flight_to_safety": {
        "description": "Safe-haven demand: 10y down, dollar up.",
        "signs": {"10y": "-", "dollar": "+"},
        "horizons": [0],
    },
}

__all__ = ["DEFAULT_SHOCKS"]
