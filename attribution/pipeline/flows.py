"""Observed flows beside the daily models: bounds and validation (orchestration).

The work is in :mod:`attribution.features.flows`,
:mod:`attribution.engine.flow_bounds` and
:mod:`attribution.engine.flow_validation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from attribution.config.schema import RunConfig
from attribution.domain.series import CUSTODY
from attribution.engine.flow_bounds import flow_bounds
from attribution.engine.flow_validation import validate_against_flows
from attribution.features.flows import (
    SLT_IDS,
    custody_levels_bn,
    leveraged_net_short_k,
    observed_flows,
    slt_net_purchases_bn,
)
from attribution.panel import Panel
from attribution.sources.cftc import TREASURY_CONTRACTS
from attribution.sources.store import DataStore


def flow_series_ids() -> list[str]:
    """Panel series the flow rows need (custody, SLT; TFF is loaded as reported)."""
    return [CUSTODY, *SLT_IDS.values()]


@dataclass(frozen=True)
class FlowInputs:
    """Observed flows in the units the engine expects."""

    custody_bn: pd.Series
    lev_net_short_k: pd.Series
    slt_official_bn: pd.Series
    slt_private_bn: pd.Series


def flow_inputs(store: DataStore, panel: Panel, config: RunConfig) -> FlowInputs:
    """Custody (Wednesdays), leveraged net short (CFTC report dates), SLT (months)."""
    tff = pd.DataFrame(
        {
            sid: store.load(sid)[0]
            for c in TREASURY_CONTRACTS
            for sid in (f"TFF.{c}.lev_long", f"TFF.{c}.lev_short")
        }
    ).sort_index()
    return FlowInputs(
        custody_levels_bn(panel.weekly),
        leveraged_net_short_k(tff, config.attribution.positioning.dv01),
        slt_net_purchases_bn(panel.monthly, "official"),
        slt_net_purchases_bn(panel.monthly, "private"),
    )


def bounds_table(
    inputs: FlowInputs, base: pd.Timestamp, end: pd.Timestamp, config: RunConfig
) -> pd.DataFrame:
    """Flow-based bounds on the 10y for the window ``(base, end]``."""
    fb = config.attribution.daily.flow_bounds
    return flow_bounds(
        base,
        end,
        inputs.custody_bn,
        inputs.slt_official_bn,
        inputs.lev_net_short_k,
        (fb.impact_low, fb.impact_high),
        slt_private=inputs.slt_private_bn,
    )


def validation_table(
    inputs: FlowInputs, shocks: pd.DataFrame, episode: tuple[pd.Timestamp, pd.Timestamp]
) -> pd.DataFrame:
    """Return the identified daily shocks against each flow on its own grid."""
    flows = observed_flows(
        inputs.custody_bn,
        inputs.lev_net_short_k,
        inputs.slt_official_bn,
        inputs.slt_private_bn,
    )
    return validate_against_flows(shocks, flows, episode)
