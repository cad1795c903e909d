"""`sweep`: a grid of attribution runs on joblib and Dask gives one tidy table.

Independent checks: each point's rows equal the attribution.csv that the
`attribute` CLI writes for that point's config; n_jobs=1, n_jobs=2 and a Dask
LocalCluster give identical tables; the count of daily sign restrictions is
read off attribution/models/var/daily_shocks.py's docstring (4+3+4+4+4+2).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from attribution.cli import main
from attribution.config.sweep_section import sweep_from_dict
from attribution.engine.sweep_grid import SWEEP_COLUMNS, expand_grid
from attribution.pipeline.sweep import run_point, run_sweep
from attribution.reports.sweep_report import sweep_csv, sweep_markdown

# weekly models only (cheap): the OLS and the recursive SVAR with 50 bootstrap
# draws (so the seed matters); svar_chol_weekly has no unbroken weekly sample
# from 2010 (the dollar misses the week ending 2010-02-10): a data hole
GRID: dict[str, Any] = {
    "run": {"name": "tiny"},
    "base": {
        "window": "2025-04",
        "run": {"seed": 7},
        "attribution": {
            "models": ["ols_weekly"],
            "tenors": ["2y", "10y"],
            "svar": {"n_boot": 50},
        },
        "output": {"figures": False},
    },
    "grid": {
        "models": ["ols_weekly", "svar_chol_weekly"],
        "sample_start": ["2010-01-01", "2021-02-17"],
    },
    "executor": {"backend": "joblib", "n_jobs": 1},
}


def _sweep(**executor: Any) -> Any:
    return sweep_from_dict({**GRID, "executor": {**GRID["executor"], **executor}})


@pytest.fixture(scope="module")
def serial() -> pd.DataFrame:
    return run_sweep(_sweep(n_jobs=1)).table


def test_joblib_n_jobs_do_not_change_the_table(serial: pd.DataFrame) -> None:
    parallel = run_sweep(_sweep(n_jobs=2)).table
    pd.testing.assert_frame_equal(serial, parallel, check_exact=True)
    assert list(serial.columns) == list(SWEEP_COLUMNS)
    assert sorted(serial["point"].unique()) == [0, 1, 2, 3]


def test_dask_local_cluster_gives_the_same_table(serial: pd.DataFrame) -> None:
    distributed = pytest.importorskip("distributed", reason="dask not installed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        table = run_sweep(
            _sweep(backend="dask", n_jobs=2, address=cluster.scheduler_address)
        ).table
    pd.testing.assert_frame_equal(serial, table, check_exact=True)


def test_a_failing_point_is_not_estimated_and_the_sweep_goes_on(
    serial: pd.DataFrame,
) -> None:
    g = serial.loc[serial["models"] == "svar_chol_weekly"]
    bad = g.loc[g["sample_start"] == "2010-01-01"]
    assert set(bad["status"]) == {"not_estimated"}
    assert set(bad["driver"]) == {"all"} and set(bad["tenor"]) == {"2y", "10y"}
    assert bad["contribution_bp"].isna().all()
    assert bad["note"].str.contains("unbroken weekly sample").all()
    good = serial.loc[serial["point"] != bad["point"].iloc[0]]
    assert good["point"].nunique() == 3
    assert (good["status"] != "not_estimated").all()


def _attribute_csv(cfg: Any, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "point.yaml"
    path.write_text(yaml.safe_dump(cfg.model_dump(mode="json")))
    out = tmp_path / "out"
    with warnings.catch_warnings():  # the stub warning of the month
        warnings.simplefilter("ignore")
        assert main(["attribute", "--config", str(path), "--out", str(out)]) == 0
    (folder,) = out.iterdir()
    return pd.read_csv(folder / "attribution.csv")


@pytest.mark.parametrize("index", [1, 3])
def test_each_point_equals_the_cli_attribution_csv(
    serial: pd.DataFrame, index: int, tmp_path: Path
) -> None:
    point = expand_grid(_sweep())[index]
    assert point.config is not None
    ref = _attribute_csv(point.config, tmp_path)
    rows = serial.loc[serial["point"] == index].reset_index(drop=True)
    assert len(rows) == len(ref)
    assert list(rows["driver"]) == list(ref["driver"])
    assert list(rows["tenor"]) == list(ref["tenor"])
    for col in ("contribution_bp", "lower_bp", "upper_bp"):
        pd.testing.assert_series_equal(
            rows[col], ref[col], check_exact=False, atol=5e-5, rtol=0
        )


def test_sample_before_the_data_is_clamped_and_said(serial: pd.DataFrame) -> None:
    ols = serial.loc[serial["model"] == "ols_weekly"]
    early = ols.loc[ols["sample_start"] == "2010-01-01"]
    first = (
        early["sample_used"]
        .str.split("..", regex=False)
        .str[0]
        .map(dt.date.fromisoformat)
    )
    assert (first > dt.date(2010, 1, 15)).all() and early["sample_clamped"].all()
    late = ols.loc[ols["sample_start"] == "2021-02-17"]
    assert not late["sample_clamped"].any()


def test_a_point_with_an_invalid_config_is_not_estimated() -> None:
    sweep = sweep_from_dict({**GRID, "grid": {"sample_start": ["2025-06-01"]}})
    (point,) = expand_grid(sweep)
    assert point.config is None
    outcome = run_point(point)
    assert not outcome.ok
    assert set(outcome.rows["status"]) == {"not_estimated"}
    assert outcome.rows["note"].str.contains("ends before estimation.start").all()


def test_drop_restriction_all_drops_each_daily_sign_once() -> None:
    sweep = sweep_from_dict(
        {**GRID, "grid": {"models": ["svar_sign_daily"], "drop_restriction": "all"}}
    )
    points = expand_grid(sweep)
    assert len(points) == 1 + 21  # none, then 4+3+4+4+4+2 signs
    assert points[0].coords["dropped_restriction"] == "none"
    assert points[0].config is not None
    assert points[0].config.attribution.daily.shocks is None
    for p in points[1:]:
        assert p.config is not None and p.config.attribution.daily.shocks
        shock, col = p.coords["dropped_restriction"].split(".", 1)
        signs = {k: v.signs for k, v in p.config.attribution.daily.shocks.items()}
        assert col not in signs[shock]
        assert sum(map(len, signs.values())) == 20


def test_sample_start_sets_weekly_and_daily_starts() -> None:
    sweep = sweep_from_dict({**GRID, "grid": {"sample_start": ["2018-01-03"]}})
    (point,) = expand_grid(sweep)
    assert point.config is not None
    assert point.config.estimation.start == dt.date(2018, 1, 3)
    assert point.config.attribution.daily.start == dt.date(2018, 1, 3)


def test_cli_writes_the_sweep_files(
    serial: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the OLS half of the grid: points 0 and 1 of the serial table
    grid = {**GRID["grid"], "models": ["ols_weekly"]}
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump({**GRID, "grid": grid}))
    assert main(["sweep", "--config", str(path), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""  # no progress bar: stderr is no terminal
    folder = tmp_path / "tiny_sweep"
    names = {p.name for p in folder.iterdir()}
    assert names == {"sweep.csv", "sweep.md", "sweep.png", "manifest.json"}
    ols = serial.loc[serial["point"] <= 1]
    assert (folder / "sweep.csv").read_text() == sweep_csv(ols)
    assert (folder / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [p["coords"]["sample_start"] for p in manifest["models"]["points"]] == [
        "2010-01-01",
        "2021-02-17",
    ]
    assert "WMTSECL1" in manifest["data"]


def test_markdown_lists_what_was_not_estimated_and_the_clamp(
    serial: pd.DataFrame,
) -> None:
    text = sweep_markdown(serial, "tiny")
    assert "Points not estimated at all: 1 of 4." in text
    assert "## Not estimated" in text and "unbroken weekly sample" in text
    assert "`ols_weekly`: at 1 point the sample starts later than asked" in text


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"grid": {"n_lag": [1]}}, r"unknown key `grid\.n_lag`"),
        ({"executor": {"backend": "spark"}}, r"`executor\.backend`"),
        ({"executor": {"n_jobs": 0}}, r"`executor\.n_jobs`"),
        ({"executor": {"address": "tcp://x:1"}}, r"options of backend dask"),
        ({"grid": {"n_lags": [0]}}, r"`grid\.n_lags`"),
        ({"grid": {"windows": ["2025-13"]}}, r"`grid\.windows`"),
        ({"base": {"attribution": {"modelz": []}}}, r"`base\.attribution\.modelz`"),
        ({"grid": {"drop_restriction": ["policy.y7"]}}, r"`grid\.drop_restriction`"),
        ({"base": "missing.yaml"}, r"`base`: no run config"),
    ],
)
def test_bad_sweep_config_exits_2_naming_the_key(
    change: dict[str, Any],
    match: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({**GRID, **change}))
    assert main(["sweep", "--config", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert re.search(match, err[0]), err[0]
    assert not (tmp_path / "o").exists()
