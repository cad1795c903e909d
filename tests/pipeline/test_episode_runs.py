"""Every episode runs offline end to end (slow); one cheap episode in the default suite.

The 10y moves are read off FRED's DGS10.csv (see tests/test_episode_configs.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import requests

from attribution.cli import main
from attribution.config import config_from_dict
from attribution.config.episodes import find_episode, list_episodes
from attribution.pipeline.attribute import run_attribution, write_attribution

SMALL_DAILY = {"n_draws": 1000, "n_boot": 50, "max_boot": 50, "n_rotations": 50}


def test_one_episode_end_to_end_with_small_draws(tmp_path: Path) -> None:
    ep = find_episode("2023-03")
    data = ep.config.model_dump(mode="json", by_alias=True)
    data["attribution"]["models"] = ["svar_hetero_daily"]
    data["attribution"]["daily"].update(SMALL_DAILY)
    data["output"]["figures"] = False
    run = run_attribution(config_from_dict(data))
    out = write_attribution(run, tmp_path)
    assert out.name == "svb_march_2023_attribute_2023-03"
    report = (out / "report.md").read_text()
    assert "## About this episode" in report
    assert "Japan 1,080.7 -> 1,086.6 $bn in March 2023 (+5.9)" in report
    t = pd.read_csv(out / "attribution.csv")
    y10 = t.loc[(t["tenor"] == "10y") & (t["driver"] == "actual"), "contribution_bp"]
    assert y10.iloc[0] == pytest.approx(-44.0, abs=1e-9)  # 3.92 -> 3.48
    assert (t["status"] != "not_estimated").any()


@pytest.mark.slow
@pytest.mark.parametrize("label", [ep.label for ep in list_episodes()])
def test_every_episode_runs_offline(
    label: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("an episode run must not touch the network")

    monkeypatch.setattr(requests.Session, "request", no_network)
    assert main(["attribute", "--episode", label, "--out", str(tmp_path)]) == 0
    (out,) = list(tmp_path.glob("*_attribute_*"))
    report = (out / "report.md").read_text()
    assert "## About this episode" in report
    t = pd.read_csv(out / "attribution.csv")
    assert (t["status"].isin(["estimated", "set_identified"])).any()
