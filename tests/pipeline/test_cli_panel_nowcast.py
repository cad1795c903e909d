"""`python cli.py panel` and `python cli.py nowcast` on the bundled snapshot.

What is checked against what:
* files and exit codes of both commands; a bad window exits 2 with one line
  on stderr and writes nothing;
* panel.csv against a direct ``CountryPanel`` fit on the same monthly frame;
* the nowcast's point-in-time rule against publication dates worked out by
  hand (month end + 50 days) and by brute force over calendar days, and by
  perturbing a TIC month that is unpublished at the window end (nothing may
  change) and one that is published (the nowcast must change).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.cli import main
from attribution.config.models_section import NowcastSection
from attribution.config.schema import RunConfig
from attribution.engine.nowcast import run_nowcasts
from attribution.features.tic import (
    country_panel_frame,
    point_in_time_frame,
    published_through,
    series_ids,
    tic_id,
)
from attribution.models.country_panel import CountryPanel
from attribution.panel import Panel, build_panel
from attribution.pipeline.common import store_from_config

PANEL_FILES = {"panel.csv", "panel.md", "panel.png", "manifest.json"}
NOWCAST_FILES = {"nowcast.csv", "nowcast.md", "nowcast.png", "manifest.json"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("out")
    assert main(["panel", "--window", "2025-04", "--out", str(root)]) == 0
    assert main(["nowcast", "--window", "2025-04", "--out", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def snapshot_panel() -> Panel:
    cfg = RunConfig()
    ids = series_ids(cfg.nowcast.holders + cfg.country_panel.countries)
    return build_panel(store_from_config(cfg), list(dict.fromkeys(ids)))


# ------------------------------------------------------------------ end to end
@pytest.mark.parametrize(
    ("command", "files"), [("panel", PANEL_FILES), ("nowcast", NOWCAST_FILES)]
)
def test_writes_the_files(out: Path, command: str, files: set[str]) -> None:
    folder = out / f"default_{command}_2025-04"
    assert {p.name for p in folder.iterdir()} == files
    assert (folder / f"{command}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(files)


@pytest.mark.parametrize("command", ["panel", "nowcast"])
@pytest.mark.parametrize("window", ["2025-13", "2025-04-10:2025-04-01", "April"])
def test_bad_window_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, window: str
) -> None:
    assert main([command, "--window", window, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: ") and "`window` must be" in err[0]
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ panel
def test_panel_csv_equals_a_direct_fit_on_the_same_frame(
    out: Path, snapshot_panel: Panel
) -> None:
    opts = RunConfig().country_panel
    frame = country_panel_frame(snapshot_panel, opts.countries)
    frame = frame.loc[frame.index.get_level_values("date") >= "2010-01-01"]
    direct = CountryPanel(frame["dep_pct"], frame[["fx_move", "d_diff", "d_us10"]]).fit(
        cov="driscoll-kraay"
    )
    t = pd.read_csv(out / "default_panel_2025-04" / "panel.csv").set_index("term")
    assert list(t.index) == ["const", "fx_move", "d_diff", "d_us10"]
    ci = direct.conf_int(0.95)
    for col, ref in (
        ("params", direct.params),
        ("std_err", direct.std_err),
        ("lower", ci["lower"]),
        ("upper", ci["upper"]),
    ):
        np.testing.assert_allclose(t[col], ref.loc[t.index], rtol=1e-8, atol=1e-12)
    assert (t["nobs"] == len(frame)).all()
    assert (t["n_countries"] == frame.index.get_level_values(0).nunique()).all()
    assert (t["n_months"] == frame.index.get_level_values(1).nunique()).all()
    assert (t["cov_type"] == "driscoll-kraay").all()
    md = (out / "default_panel_2025-04" / "panel.md").read_text()
    assert "No reserve or intervention series" in md
    assert "## Identifying assumption" in md


# ---------------------------------------------------------- point-in-time rule
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # 2025-02-28 + 50 days = 2025-04-19; 2025-03-31 + 50 days = 2025-05-20
        ("2025-04-30", "2025-02-28"),
        ("2025-04-19", "2025-02-28"),
        ("2025-04-18", "2025-01-31"),  # 2025-01-31 + 50 days = 2025-03-22
        ("2025-05-20", "2025-03-31"),
        ("2025-05-19", "2025-02-28"),
        ("2024-04-19", "2024-02-29"),  # leap year: 2024-02-29 + 50 = 2024-04-19
        ("2024-04-18", "2024-01-31"),
    ],
)
def test_published_through_by_hand(as_of: str, expected: str) -> None:
    assert published_through(pd.Timestamp(as_of), 50) == pd.Timestamp(expected)


def test_published_through_brute_force_over_days() -> None:
    ends = pd.date_range("2022-01-31", "2026-12-31", freq="ME")
    for day in pd.date_range("2023-01-01", "2025-12-31", freq="D"):
        ok = [m for m in ends if (day - m).days >= 50]
        assert published_through(day, 50) == ok[-1], day


def test_catalogue_lag_is_50_days() -> None:
    from attribution.sources.catalog import spec_for

    assert spec_for(tic_id("Japan")).publication_lag_days == 50


def test_point_in_time_frame_for_a_range_window(snapshot_panel: Panel) -> None:
    # As of 2025-04-11: Jan (out 03-22) is published, Feb (out 04-19) is not;
    # April is still running, so the last feature month is March.
    target, features = point_in_time_frame(
        snapshot_panel, "Japan", pd.Timestamp("2025-04-11"), 50
    )
    assert target.index.max() == pd.Timestamp("2025-01-31")
    assert features.index.max() == pd.Timestamp("2025-03-31")
    # target_lag2 of March is the January change, which is published
    full = snapshot_panel.monthly[tic_id("Japan")].dropna().diff()
    assert features.loc["2025-03-31", "target_lag2"] == full.loc["2025-01-31"]


def test_nowcast_csv_uses_only_published_months(out: Path) -> None:
    t = pd.read_csv(out / "default_nowcast_2025-04" / "nowcast.csv")
    for holder, g in t.groupby("holder"):
        nc = g.loc[g["kind"] == "nowcast"]
        assert set(nc["month"]) == {"2025-03-31", "2025-04-30"}, holder
        assert set(nc["published_on"]) == {"2025-05-20", "2025-06-19"}
        assert nc.loc[nc["month"] == "2025-04-30", "in_window"].all()
        bt = g.loc[g["kind"] == "backtest"]
        assert bt["month"].max() == "2025-02-28"
        assert len(bt) == RunConfig().nowcast.backtest_months
        assert (g["last_published_used"] == "2025-02-28").all()
        assert ((nc["lower"] <= nc["nowcast"]) & (nc["nowcast"] <= nc["upper"])).all()
        v = g["verdict"].iloc[0]
        skill = (
            g["rmse"].iloc[0] < g["rmse_naive"].iloc[0]
            and g["dm_pvalue"].iloc[0] < g["skill_alpha"].iloc[0]
        )
        assert v == ("skill" if skill else "no skill")
    md = (out / "default_nowcast_2025-04" / "nowcast.md").read_text()
    assert "published through **2025-02**" in md
    assert "2025-03 (out about 2025-05-20), 2025-04 (out about 2025-06-19)" in md


def _with_tic_shift(panel: Panel, holder: str, month: str, shift: float) -> Panel:
    monthly = panel.monthly.copy()
    monthly.loc[pd.Timestamp(month), tic_id(holder)] += shift
    return dataclasses.replace(panel, monthly=monthly)


def test_unpublished_months_do_not_move_the_nowcast(snapshot_panel: Panel) -> None:
    opts = NowcastSection(
        holders=("Japan",), families=("ridge",), alphas=(1.0,), backtest_months=12
    )
    as_of = pd.Timestamp("2025-04-30")

    def nowcast(panel: Panel) -> pd.DataFrame:
        res = run_nowcasts(panel, opts, as_of=as_of, lag_days=50)["Japan"]
        return res.nowcasts

    base = nowcast(snapshot_panel)
    assert list(base.index) == [pd.Timestamp("2025-03-31"), pd.Timestamp("2025-04-30")]
    # March 2025 is out on 2025-05-20: a huge revision to it must change nothing
    later = nowcast(_with_tic_shift(snapshot_panel, "Japan", "2025-03-31", 500.0))
    pd.testing.assert_frame_equal(base, later)
    # February 2025 was out on 2025-04-19: the same shift must change the nowcast
    known = nowcast(_with_tic_shift(snapshot_panel, "Japan", "2025-02-28", 500.0))
    assert not np.allclose(base["nowcast"], known["nowcast"])
