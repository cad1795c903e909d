"""``breaks`` end to end on the bundled snapshot, against direct computations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.cli import main
from attribution.config import load_config
from attribution.config.models_section import BreaksSection
from attribution.engine.breaks import break_relation
from attribution.models.breaks import simulate_regression_breaks
from attribution.pipeline.common import store_from_config
from attribution.reports.breaks_report import breaks_png, dates_frame

FILES = {
    "breaks_summary.csv",
    "break_dates.csv",
    "break_segments.csv",
    "breaks.md",
    "breaks.png",
    "manifest.json",
}


@pytest.fixture(scope="module")
def april(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["breaks", "--window", "2025-04", "--out", str(out)]) == 0
    return out / "default_breaks_2025-04"


def test_files_relations_and_frequencies(april: Path) -> None:
    assert {p.name for p in april.iterdir()} == FILES
    s = pd.read_csv(april / "breaks_summary.csv").set_index("relation")
    assert s["frequency"].to_dict() == {
        "fx_japan": "weekly",
        "fx_euro_area": "monthly",
        "fx_switzerland": "monthly",
        "fx_china": "monthly",
        "flows_10y": "weekly",
        "slope_30s2s": "daily",
    }
    # h = floor(0.15 T) (strucchange); flows start when TFF positioning exists
    assert (s["min_size"] == np.floor(0.15 * s["nobs"])).all()
    assert s.loc["flows_10y", "sample_start"] >= "2015-01-01"
    assert s.loc["fx_china", "sample_start"] >= "2019-12-31"


def test_convention_stated(april: Path) -> None:
    md = (april / "breaks.md").read_text()
    assert "last observation of the old regime" in md
    manifest = json.loads((april / "manifest.json").read_text())
    assert (
        "last observation of the old regime"
        in manifest["models"]["breaks"]["convention"]
    )
    assert manifest["files"] == sorted(FILES)
    assert (april / "breaks.png").read_bytes()[:4] == b"\x89PNG"


def _complete_means(daily: pd.Series) -> pd.Series:
    """Calendar-month means of the months whose last row is within 5 days of the end.

    DEXUSEU's last row in the snapshot is 2 January 2026: one noon rate is not
    January's average, so January 2026 is not a month of the euro relation.
    """
    months = daily.index.to_period("M")
    last_day = pd.Series(daily.index, index=daily.index).groupby(months).max()
    ends = last_day.index.to_timestamp(how="end").normalize()
    complete = last_day.index[(ends - pd.DatetimeIndex(last_day)).days <= 5]
    means = daily.groupby(months).mean()
    return means.loc[means.index.isin(complete)]


def _euro_direct() -> pd.DataFrame:
    """Euro-area monthly data built here from the raw series, independently."""
    store = store_from_config(load_config(None))
    eur = store.load("DEXUSEU")[0].dropna()
    us = store.load("DGS10")[0].dropna()
    de = store.load("IRLTLT01DEM156N")[0].dropna()
    fx = _complete_means(1.0 / eur)
    us_m = _complete_means(us)
    de.index = de.index.to_period("M")
    d = pd.DataFrame({"fx": fx, "diff": us_m - de}).dropna()
    out = pd.DataFrame(
        {"dfx": 100 * np.log(d["fx"]).diff(), "d_diff": 100 * d["diff"].diff()}
    )
    out = out.loc["2010-01":].dropna()
    assert out.index[-1] == pd.Period("2025-12", "M")  # January 2026: one day
    return out


def test_euro_segment_and_chow_match_direct_ols(april: Path) -> None:
    d = _euro_direct()
    s = pd.read_csv(april / "breaks_summary.csv").set_index("relation")
    assert s.loc["fx_euro_area", "nobs"] == len(d)
    assert s.loc["fx_euro_area", "n_breaks"] == 0
    x = np.column_stack([np.ones(len(d)), d["d_diff"]])
    y = d["dfx"].to_numpy()
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    seg = pd.read_csv(april / "break_segments.csv")
    seg = seg.loc[seg["relation"] == "fx_euro_area"].set_index("param")
    np.testing.assert_allclose(seg.loc[["const", "d_diff"], "params"], beta, rtol=1e-8)
    # Chow at the window: old regime ends 2025-03 (last month before 2025-04)
    assert s.loc["fx_euro_area", "chow_date"] == "2025-03-31"
    pos = d.index.get_loc(pd.Period("2025-03", "M")) + 1
    rss0, rss1 = _rss(x, y), _rss(x[:pos], y[:pos]) + _rss(x[pos:], y[pos:])
    f = (rss0 - rss1) / 2 / (rss1 / (len(y) - 4))
    assert s.loc["fx_euro_area", "chow_F"] == pytest.approx(f, rel=1e-8)


def _rss(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum((b - a @ np.linalg.lstsq(a, b, rcond=None)[0]) ** 2))


def test_simulated_break_found_and_plotted(tmp_path: Path) -> None:
    y, z, _ = simulate_regression_breaks(
        300, [120], [[0.0, 0.2], [0.0, 1.2]], sigma=0.5, seed=4
    )
    idx = pd.date_range("2015-01-07", periods=300, freq="W-WED")
    data = pd.DataFrame({"dfx": y.to_numpy(), "d_diff": z["z1"].to_numpy()}, index=idx)
    opts = BreaksSection(sample_start=idx[0].date(), cov="nonrobust")
    rel = break_relation(
        "sim", "simulated", "weekly", "units", data, ("d_diff",), "sim", opts, idx[200]
    )
    assert rel.fit.n_breaks == 1
    d = dates_frame([rel], 0.95)
    assert d.loc[0, "lower"] <= 120 <= d.loc[0, "upper"]
    assert d.loc[0, "break_date"] == str(idx[int(d.loc[0, "breakpoint"]) - 1].date())
    # the grey rolling line: OLS on the last h observations, dated at the last one
    h = rel.fit.min_size
    xa = np.column_stack([np.ones(h), data["d_diff"].to_numpy()[-h:]])
    b = np.linalg.lstsq(xa, data["dfx"].to_numpy()[-h:], rcond=None)[0]
    assert rel.rolling is not None and rel.rolling.index[-1] == idx[-1]
    assert rel.rolling["d_diff"].iloc[-1] == pytest.approx(b[1], rel=1e-8)
    png = breaks_png([rel], (idx[200], idx[204]), 0.95, "simulated")
    (tmp_path / "sim.png").write_bytes(png)
    assert png[:4] == b"\x89PNG" and len(png) > 10_000


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("breaks:\n  foo: 1\n", r"unknown key `breaks.foo`"),
        ("breaks:\n  trim: 0.01\n", r"`breaks.trim`: must be >= 0.05"),
        (
            "breaks:\n  sample_start: 2020-01-01\n  sample_end: 2019-01-01\n",
            r"breaks.sample_end \(2019-01-01\) must be after",
        ),
        ("breaks:\n  regions: [japan, japan]\n", r"has duplicates"),
        (
            "breaks:\n  sample_start: 2026-06-01\n",
            r"`breaks.sample_start` must be a date leaving data for at least one",
        ),
    ],
)
def test_bad_input_exits_2_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], yaml_text: str, message: str
) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(yaml_text)
    out = tmp_path / "out"
    assert (
        main(["breaks", "--window", "2025-04", "--config", str(cfg), "--out", str(out)])
        == 2
    )
    import re

    assert re.search(message, capsys.readouterr().err)
    assert not out.exists() or not any(out.iterdir())
