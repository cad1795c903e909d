"""Default sign patterns of the daily, price-based SVAR (data, overridable in YAML).

Keys are the daily design's columns (:mod:`attribution.features.daily`):
``y2``, ``y5``, ``y30``, ``real10``, ``be10``, ``tp10`` (bp), ``usd``,
``equity`` (%), ``stress`` (VIX points), ``basis`` (bp, up = cash cheapens
against futures); a key ``"a - b"`` restricts the difference of two responses.
All signs are on impact (the day of the shock). A key naming a column that is
not in the VAR is an error, never a dropped restriction.

``policy``
    Expected policy path: the short end leads (2y up, by more than the 30y),
    equities down, the dollar up.
``term_premium``
    Duration / term premium: the long end leads (30y up by more than the 2y)
    and the Kim-Wright term premium rises.
``sell_america``
    Withdrawal of foreign demand and FX hedging: yields up, dollar down,
    equities down.
``flight_to_safety``
    Yields down, dollar up, equities down.
``risk_on``
    Growth / risk-on: yields up, equities up, VIX down.
``basis_deleveraging``
    Leveraged deleveraging of the cash-futures basis trade: cash cheapens
    against futures (the basis proxy rises), yields rise (a sale of cash
    Treasuries). Where a swap-spread column is in the VAR, add
    ``swap_spread: "-"``.
"""

from __future__ import annotations

from typing import Any

DAILY_SHOCKS: dict[str, dict[str, Any]] = {
    "policy": {
        "description": "Expected policy path: short end leads, equities down, "
        "dollar up.",
        "signs": {"y2": "+", "y2 - y30": "+", "equity": "-", "usd": "+"},
    },
    "term_premium": {
        "description": "Term premium / duration: long end leads, term premium up.",
        "signs": {"y30": "+", "y30 - y2": "+", "tp10": "+"},
    },
    "sell_america": {
        "description": "Sell America / foreign demand and hedging: yields up, "
        "dollar down, equities down.",
        "signs": {"y5": "+", "y30": "+", "usd": "-", "equity": "-"},
    },
    "flight_to_safety": {
        "description": "Safe haven: yields down, dollar up, equities down.",
        "signs": {"y5": "-", "y30": "-", "usd": "+", "equity": "-"},
    },
    "risk_on": {
        "description": "Growth / risk-on: yields up, equities up, VIX down.",
        "signs": {"y5": "+", "y30": "+", "equity": "+", "stress": "-"},
    },
    "basis_deleveraging": {
        "description": "Leveraged basis unwind: cash cheapens against futures, "
        "yields up.",
        "signs": {"basis": "+", "y5": "+"},
    },
}
