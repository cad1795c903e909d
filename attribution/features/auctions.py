"""Treasury auctions against their own history: bid-to-cover, dealer share, dispersion.

Source: TreasuryDirect auction results (``AUCTION.<term>.<field>``, dated on
the auction day; amounts in USD). Per auction:

* ``bid_to_cover``: as published (total bids / amount accepted);
* ``dealer_share_pct``: primary dealers' share of the competitive award,
  ``100 * PD / (PD + direct + indirect)``; 40-50% is what the notes call
  "almost an auction failure" (dealers absorb what end investors did not);
* ``indirect_share_pct``: the same for indirect bidders (foreign official
  and other investors bidding through a dealer);
* ``high_minus_median_bp``: high (stop-out) yield minus the median accepted
  yield, in bp: a dispersion measure. The market's *tail* (high yield minus
  the 1 pm when-issued yield) needs when-issued quotes, which no free source
  publishes; this is not it.

Against history: each value's z-score and percentile among the previous
``history`` auctions of the same term (NaN with fewer than 3). The bundled
snapshot holds auctions from 2025 on only, so the history is short.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

NOMINAL_TERMS = (
    "2-Year",
    "3-Year",
    "5-Year",
    "7-Year",
    "10-Year",
    "20-Year",
    "30-Year",
)
FIELDS = (
    "BidToCoverRatio",
    "HighYield",
    "AverageMedianYield",
    "PrimaryDealerAccepted",
    "DirectBidderAccepted",
    "IndirectBidderAccepted",
)
METRICS = (
    "bid_to_cover",
    "dealer_share_pct",
    "indirect_share_pct",
    "high_minus_median_bp",
)
NEAR_FAILURE_DEALER_SHARE = 40.0


def auction_series_ids(terms: tuple[str, ...] = NOMINAL_TERMS) -> list[str]:
    """Series ids the auction features read."""
    return [f"AUCTION.{t}.{f}" for t in terms for f in FIELDS]


def auction_metrics(series: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Return one row per auction (``term``, ``date``) with the module's metrics.

    Parameters
    ----------
    series : mapping
        Series id (``AUCTION.<term>.<field>``) -> values indexed by auction date.
        Terms lacking a field are skipped.
    """
    rows = []
    for term in NOMINAL_TERMS:
        ids = {f: f"AUCTION.{term}.{f}" for f in FIELDS}
        if not all(i in series for i in ids.values()):
            continue
        f = pd.DataFrame({k: series[v] for k, v in ids.items()}).dropna(how="all")
        comp = (
            f["PrimaryDealerAccepted"]
            + f["DirectBidderAccepted"]
            + f["IndirectBidderAccepted"]
        )
        rows.append(
            pd.DataFrame(
                {
                    "term": term,
                    "bid_to_cover": f["BidToCoverRatio"],
                    "dealer_share_pct": 100.0 * f["PrimaryDealerAccepted"] / comp,
                    "indirect_share_pct": 100.0 * f["IndirectBidderAccepted"] / comp,
                    "high_minus_median_bp": (f["HighYield"] - f["AverageMedianYield"])
                    * 100.0,
                },
                index=f.index,
            )
        )
    if not rows:
        return pd.DataFrame(columns=["date", "term", *METRICS])
    out = pd.concat(rows).rename_axis("date").reset_index()
    return out.sort_values(["date", "term"]).reset_index(drop=True)


def _against_history(values: pd.Series, history: int) -> tuple[pd.Series, pd.Series]:
    prev = values.shift(1).rolling(history, min_periods=3)
    z = (values - prev.mean()) / prev.std()
    arr = values.to_numpy()
    pct = np.full(len(arr), np.nan)
    for i in range(3, len(arr)):
        past = arr[max(0, i - history) : i]
        past = past[np.isfinite(past)]
        if len(past) >= 3 and np.isfinite(arr[i]):
            pct[i] = 100.0 * float((past <= arr[i]).mean())
    return z, pd.Series(pct, index=values.index)


def auctions_vs_history(metrics: pd.DataFrame, *, history: int = 24) -> pd.DataFrame:
    """Add ``<metric>_z`` and ``<metric>_pctile`` against the term's previous auctions.

    Also adds ``near_failure`` (dealer share >= 40%).
    """
    parts = []
    for _, g in metrics.groupby("term", sort=False):
        g = g.sort_values("date").copy()
        for m in METRICS:
            z, pct = _against_history(g[m].reset_index(drop=True), history)
            g[f"{m}_z"], g[f"{m}_pctile"] = z.to_numpy(), pct.to_numpy()
        parts.append(g)
    if not parts:
        return metrics.assign(near_failure=pd.Series(dtype=bool))
    out = pd.concat(parts).sort_values(["date", "term"]).reset_index(drop=True)
    out["near_failure"] = out["dealer_share_pct"] >= NEAR_FAILURE_DEALER_SHARE
    return out
