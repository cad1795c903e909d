"""Weeks without the core CFTC contracts are missing, never zero.

The 10y-equivalent net short needs the 2y, 5y, 10y and bond contracts; the
Ultra 10y and Ultra bond count as zero only before their first report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config.schema import DEFAULT_DV01
from attribution.features import positioning as pos
from attribution.features.weekly import weekly_design
from attribution.panel import Panel
from attribution.sources.cftc import TREASURY_CONTRACTS

CODE = {name: code for code, name in TREASURY_CONTRACTS.items()}
NAN = np.nan


def _panel(shorts: dict[str, list[float]], n: int) -> pd.DataFrame:
    """Leveraged shorts per contract (longs zero where a short is reported)."""
    idx = pd.date_range("2014-12-03", periods=n, freq="W-WED", name="date")
    cols: dict[str, list[float]] = {}
    for name, code in CODE.items():
        short = shorts.get(name, [0.0] * n)
        cols[f"TFF.{code}.lev_short"] = short
        cols[f"TFF.{code}.lev_long"] = [NAN if np.isnan(s) else 0.0 for s in short]
    return pd.DataFrame(cols, index=idx)


def test_constructed_panel_core_contracts_gate_each_week() -> None:
    n = 8
    core = [NAN, NAN, 640.0, 640.0, 640.0, 640.0, 640.0, 640.0]
    five = [NAN, NAN, 0.0, 0.0, 0.0, NAN, 0.0, 0.0]  # 5y misses week 5
    ultra10 = [NAN, NAN, NAN, NAN, 1000.0, 1000.0, NAN, 1000.0]  # listed week 4
    w = _panel(
        {"2y": core, "5y": five, "10y": core, "bond": core, "ultra10y": ultra10}, n
    )
    # ultra bond reports zero from week 2 (the default in _panel is 0 everywhere)
    got = pos.net_short_10y_equivalent(w, DEFAULT_DV01)
    # hand sums in k 10y-eq: 640 x (38 + 64 + 125) / 64 = 2270; + 1000 x 88 / 64
    base = 640 * (38 + 64 + 125) / 64 / 1000
    expected = [NAN, NAN, base, base, base + 1.375, NAN, NAN, base + 1.375]
    np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-12)
    assert base == pytest.approx(2.27)


def test_ultra_bond_counts_as_zero_only_before_its_first_report() -> None:
    n = 4
    core = [100.0] * n
    ultra = [NAN, 64.0, NAN, 64.0]
    w = _panel(
        {"2y": core, "5y": core, "10y": core, "bond": core, "ultrabond": ultra}, n
    )
    got = pos.net_short_10y_equivalent(w, DEFAULT_DV01)
    core_k = 100 * (38 + 44 + 64 + 125) / 64 / 1000
    np.testing.assert_allclose(
        got.to_numpy(), [core_k, core_k + 0.205, NAN, core_k + 0.205], rtol=1e-12
    )


def test_weeks_before_the_cftc_files_are_nan_on_the_snapshot(
    real_panel: Panel,
) -> None:
    level = pos.net_short_10y_equivalent(real_panel.weekly, DEFAULT_DV01)
    before = level.loc[:"2014-12-31"]
    assert len(before) > 100 and before.isna().all()
    # the first TFF report in the snapshot is Tuesday 2015-01-06
    assert np.isfinite(level.loc["2015-01-07"])
    design = weekly_design(real_panel)
    # no change is measured across the start of the files
    assert design.loc[:"2015-01-07", "lev_net_short"].isna().all()
    assert np.isfinite(design.loc["2015-01-14", "lev_net_short"])
