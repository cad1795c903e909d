"""Dollar-liquidity stress: SOFR spreads to EFFR and IORB, ON RRP usage, stress flags.

Units: spreads in bp (rates published in percent), ON RRP in $bn. Daily, as
published by the New York Fed (SOFR, EFFR: rate for business day ``t``,
published ``t+1``), the Board (IORB, administered) and FRED (RRPONTSYD).

Rules (thresholds are options, defaults in ``features.liquidity``):

* ``sofr_iorb``: SOFR - IORB > ``sofr_iorb_bp`` (5 bp). Repo trading above
  the rate the Fed pays on reserves means reserves are no longer ample
  (September 2019 printed > 100 bp).
* ``sofr_effr``: SOFR - EFFR > ``sofr_effr_bp`` (10 bp): secured funding
  dearer than unsecured, i.e. balance-sheet or collateral pressure.
* ``rrp_depleted``: ON RRP below ``rrp_floor_bn`` ($100 bn): the buffer of
  idle cash that can move into repo is gone.
* ``rrp_drain``: ON RRP fell by more than ``rrp_weekly_drop_bn`` ($150 bn)
  over five business days.

Month and quarter ends routinely lift SOFR for a day; a flag on those days is
a calendar effect first. The summary counts flags per window.
"""

from __future__ import annotations

import pandas as pd

from attribution.features.curve import gap_aware_diff
from attribution.features.registry import register
from attribution.panel import Panel

LIQUIDITY_IDS = ("SOFR", "EFFR", "IORB", "RRPONTSYD")


@register("liquidity", units="bp, $bn", frequency="daily")
def liquidity(panel: Panel) -> pd.DataFrame:
    """SOFR-EFFR and SOFR-IORB (bp), ON RRP ($bn) and its five-day change ($bn)."""
    d = panel.daily
    out = pd.DataFrame(index=d.index)
    out["sofr_effr_bp"] = (d["SOFR"] - d["EFFR"]) * 100.0
    out["sofr_iorb_bp"] = (d["SOFR"] - d["IORB"]) * 100.0
    out["rrp_bn"] = d["RRPONTSYD"]
    out["rrp_chg5_bn"] = gap_aware_diff(d["RRPONTSYD"], 5).reindex(d.index)
    return out


@register("liquidity_flags", units="bool", frequency="daily")
def liquidity_flags(
    panel: Panel,
    *,
    sofr_iorb_bp: float = 5.0,
    sofr_effr_bp: float = 10.0,
    rrp_floor_bn: float = 100.0,
    rrp_weekly_drop_bn: float = 150.0,
) -> pd.DataFrame:
    """Stress flags by the module's rules; ``<NA>`` where an input is missing.

    Parameters
    ----------
    panel : Panel
        Holds SOFR, EFFR, IORB (percent) and RRPONTSYD ($bn).
    sofr_iorb_bp, sofr_effr_bp : float
        Spread thresholds in bp (flag if above).
    rrp_floor_bn : float
        Flag ON RRP below this level ($bn).
    rrp_weekly_drop_bn : float
        Flag a five-business-day fall larger than this ($bn).

    Returns
    -------
    DataFrame
        Nullable booleans ``sofr_iorb, sofr_effr, rrp_depleted, rrp_drain, any``.
    """
    lq = liquidity(panel)
    rules = {
        "sofr_iorb": lq["sofr_iorb_bp"] > sofr_iorb_bp,
        "sofr_effr": lq["sofr_effr_bp"] > sofr_effr_bp,
        "rrp_depleted": lq["rrp_bn"] < rrp_floor_bn,
        "rrp_drain": lq["rrp_chg5_bn"] < -rrp_weekly_drop_bn,
    }
    src = {
        "sofr_iorb": "sofr_iorb_bp",
        "sofr_effr": "sofr_effr_bp",
        "rrp_depleted": "rrp_bn",
        "rrp_drain": "rrp_chg5_bn",
    }
    out = pd.DataFrame(
        {k: v.astype("boolean").mask(lq[src[k]].isna()) for k, v in rules.items()},
        index=lq.index,
    )
    out["any"] = (
        out.any(axis=1, skipna=True).astype("boolean").mask(out.isna().all(axis=1))
    )
    return out
