"""The series the feature families read, without the features command's imports.

``attribute`` gathers the episode's facts from these (``pipeline/report_inputs``)
and must not pull in what only the ``features`` command needs (the volatility
models import ``arch``: about 0.5 s of a cold run).
"""

from __future__ import annotations

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.domain.series import US_10Y
from attribution.features import auctions, cross_asset, curve, fx, holdings, liquidity
from attribution.features import positioning as pos
from attribution.sources.store import DataStore

#: the yield whose closes define a window's base and end
REFERENCE = US_10Y


def feature_series_ids(store: DataStore, config: RunConfig) -> list[str]:
    """Every series the feature families read (the equity series only if configured)."""
    ids = [
        *curve.TENOR_IDS.values(),
        *curve.PRICE_IDS.values(),
        *fx.fx_series_ids(),
        *pos.positioning_series_ids(),
        holdings.CUSTODY_ID,
        *holdings.tic_series_ids(store.known()),
        *liquidity.LIQUIDITY_IDS,
        *cross_asset.DOLLAR_IDS,
    ]
    if config.features.equity_series:
        ids.append(config.features.equity_series)
    return list(dict.fromkeys(ids))


def auction_series(store: DataStore) -> dict[str, pd.Series]:
    """Nominal coupon auction results in the store (events, not panel series)."""
    known = set(store.known())
    return {
        sid: store.get(sid) for sid in auctions.auction_series_ids() if sid in known
    }
