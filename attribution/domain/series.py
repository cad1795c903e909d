"""Series ids every layer refers to, spelled once (the catalogue describes each).

``CMT_IDS`` are FRED's H.15 constant-maturity yields (percent, end of day);
``CUSTODY`` is H.4.1 marketable Treasuries held in custody for foreign
official and international accounts (Wednesday level, $mn as published);
``BROAD_DOLLAR`` is the H.10 nominal broad dollar index (noon).
"""

from __future__ import annotations

CMT_IDS: dict[str, str] = {
    "3m": "DGS3MO",
    "2y": "DGS2",
    "5y": "DGS5",
    "10y": "DGS10",
    "30y": "DGS30",
}
US_10Y = CMT_IDS["10y"]
CUSTODY = "WMTSECL1"
BROAD_DOLLAR = "DTWEXBGS"

__all__ = ["BROAD_DOLLAR", "CMT_IDS", "CUSTODY", "US_10Y"]
