"""The per-context names of the leveraged position and the dollar, against the data.

``domain.series.LEVERAGED`` says the weekly VARs' ``lev_net`` is minus the
design's ``lev_net_short``, and ``DOLLAR`` that the VARs' ``dollar`` is ``ctrl_dollar``.
Checked here on the bundled snapshot: the week to Wednesday 9 April 2025 of the
broad dollar (H.10 DTWEXBGS read off the FRED file) by hand, and the VAR's
columns against the design's.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from attribution.config.schema import RunConfig
from attribution.domain.series import DOLLAR, LEVERAGED
from attribution.engine.svar_weekly import ROLES, VARIABLES, var_data
from attribution.features.weekly import weekly_design, weekly_series_ids
from attribution.panel import build_panel
from attribution.pipeline.common import store_from_config

WED = pd.Timestamp("2025-04-09")
SNAPSHOT = Path(__file__).resolve().parents[1] / "attribution/datasets/snapshot"


@pytest.fixture(scope="module")
def design() -> pd.DataFrame:
    cfg = RunConfig()
    measure = cfg.attribution.positioning.measure
    panel = build_panel(store_from_config(cfg), weekly_series_ids(measure))
    return weekly_design(panel, measure=measure)


def test_the_names_are_the_ones_the_glossary_gives() -> None:
    assert (LEVERAGED.design, LEVERAGED.var, LEVERAGED.role) == (
        "lev_net_short",
        "lev_net",
        "leveraged_net",
    )
    names = (DOLLAR.design, DOLLAR.var, DOLLAR.role)
    assert names == ("ctrl_dollar", "dollar", "dollar")
    assert ROLES[LEVERAGED.role] == LEVERAGED.var and ROLES["dollar"] == "dollar"
    assert {LEVERAGED.var, DOLLAR.var} <= set(VARIABLES)


def test_dollar_week_by_hand(design: pd.DataFrame) -> None:
    # the two Wednesday noon rows of DTWEXBGS, read off the FRED file
    fred = pd.read_parquet(SNAPSHOT / "fred.parquet")
    rows = fred.loc[fred["series_id"] == "DTWEXBGS"].set_index("date")["value"]
    by_hand = math.log(rows[WED] / rows[pd.Timestamp("2025-04-02")]) * 100
    assert design.loc[WED, DOLLAR.design] == pytest.approx(by_hand, rel=1e-12)


def test_var_columns_are_the_design_columns_with_their_sign(
    design: pd.DataFrame,
) -> None:
    data = var_data(design, pd.Timestamp("2025-01-08"), WED, VARIABLES)
    pd.testing.assert_series_equal(
        data[LEVERAGED.var],
        LEVERAGED.var_sign * design.loc[data.index, LEVERAGED.design],
        check_names=False,
    )
    pd.testing.assert_series_equal(
        data[DOLLAR.var], design.loc[data.index, DOLLAR.design], check_names=False
    )
