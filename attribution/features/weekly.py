"""Weekly (Wednesday-to-Wednesday) changes used by the first attribution model.

Columns and units:

=================  ===================================================  =========
column             meaning                                              units
=================  ===================================================  =========
``dy_<tenor>``     change in the <tenor> CMT yield (DGS2/5/10/30)       bp
``custody``        change in foreign official custody holdings (H.4.1)  $bn
``lev_net_short``  change in leveraged funds' net short, Treasury       k 10y-eq
                   futures                                              contracts
``ctrl_2y``        change in the 2y yield (policy-expectations control) bp
``ctrl_dollar``    log change in the broad dollar index x 100           %
=================  ===================================================  =========
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from attribution.domain.series import BROAD_DOLLAR, CMT_IDS, CUSTODY, DOLLAR, LEVERAGED
from attribution.features.positioning import (
    net_short_10y_equivalent,
    net_short_10y_note_derived,
)
from attribution.features.registry import register
from attribution.panel import Panel

YIELD_IDS: dict[str, str] = dict(CMT_IDS)
DOLLAR_ID = BROAD_DOLLAR
CUSTODY_ID = CUSTODY


def weekly_series_ids(measure: str) -> list[str]:
    """Panel series the weekly design needs for a positioning ``measure``."""
    from attribution.sources.cftc import TREASURY_CONTRACTS

    ids = [YIELD_IDS[t] for t in ("2y", "5y", "10y", "30y")] + [DOLLAR_ID, CUSTODY_ID]
    if measure == "tff_10y_derived":
        return [*ids, "TFF10Y.lev_net"]
    return ids + [
        f"TFF.{c}.lev_{s}" for c in TREASURY_CONTRACTS for s in ("long", "short")
    ]


@register("weekly_design", units="bp, $bn, k 10y-eq contracts, %", frequency="weekly")
def weekly_design(
    panel: Panel, *, measure: str = "tff_all", dv01: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Weekly changes of yields, custody, positioning and the dollar.

    The columns and their units are listed in the module docstring.
    """
    from attribution.config.schema import DEFAULT_DV01

    w = panel.weekly
    out = pd.DataFrame(index=w.index)
    for tenor in ("2y", "5y", "10y", "30y"):
        out[f"dy_{tenor}"] = w[YIELD_IDS[tenor]].diff() * 100.0
    out["custody"] = w[CUSTODY_ID].diff() / 1000.0
    if measure == "tff_10y_derived":
        level = net_short_10y_note_derived(w)
    else:
        level = net_short_10y_equivalent(w, dv01 or DEFAULT_DV01)
    out[LEVERAGED.design] = level.diff()
    out["ctrl_2y"] = out["dy_2y"]
    out[DOLLAR.design] = np.log(w[DOLLAR_ID]).diff() * 100.0
    return out
