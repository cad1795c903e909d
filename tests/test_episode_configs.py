"""The episode configs load, and each window lies inside the bundled daily data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.config import load_config
from attribution.sources.store import DataStore

EPISODES = sorted((Path(__file__).parents[1] / "configs" / "episodes").glob("*.yaml"))
# 10y change over each episode's window, read off FRED's DGS10.csv
MOVES = {
    "dash_for_cash_2020": 64.0,  # 0.54 -> 1.18
    "japan_march_2022": 49.0,  # 1.83 -> 2.32
    "japan_china_autumn_2022": 143.0,  # 2.67 -> 4.10
    "svb_march_2023": -44.0,  # 3.92 -> 3.48
    "term_premium_autumn_2023": 101.0,  # 3.97 -> 4.98
    "tariff_selloff_2025": 47.0,  # 4.01 -> 4.48
}


def test_every_episode_is_listed() -> None:
    assert {p.stem for p in EPISODES} == set(MOVES)


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.stem)
def test_episode_window_and_move(path: Path) -> None:
    cfg = load_config(path)
    dgs10, _ = DataStore(use_cache=False).load("DGS10")
    base, end = cfg.parsed_window.resolve(pd.DatetimeIndex(dgs10.dropna().index))
    move = (float(dgs10[end]) - float(dgs10[base])) * 100
    assert move == pytest.approx(MOVES[path.stem], abs=1e-9)
    assert cfg.run.name == path.stem
