"""The episode report's volatility section (``pipeline.features.volatility_facts``).

Wiring checks: the largest 3-day move is found by brute force over every
pair of closes in the window, its size in sigmas by calling
``move_in_sigmas`` directly on a model fitted here to the same series, and
the regime percentile by counting the fitted sigmas by hand. The volatility
model itself is validated in tests/models/volatility.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.cli import main
from attribution.config.schema import RunConfig
from attribution.engine.volatility import largest_move
from attribution.models.volatility import VolatilityModel, move_in_sigmas
from attribution.panel import Panel
from attribution.pipeline.features import REFERENCE, volatility_facts
from attribution.reports.volatility_report import volatility_section


@pytest.fixture(scope="module")
def april(real_panel: Panel) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    cfg = RunConfig(window="2025-04")
    base, end = cfg.parsed_window.resolve(real_panel.daily[REFERENCE].dropna().index)
    return volatility_facts(real_panel, cfg, base, end), base, end


def _brute_force_move(
    dy: pd.Series, base: pd.Timestamp, end: pd.Timestamp, h: int
) -> tuple[pd.Timestamp, pd.Timestamp, float]:
    best = (base, base, 0.0)
    dates = list(dy.index)
    for i, origin in enumerate(dates):
        if origin < base or i + h >= len(dates) or dates[i + h] > end:
            continue
        total = sum(float(dy.iloc[i + j]) for j in range(1, h + 1))
        if abs(total) > abs(best[2]):
            best = (origin, dates[i + h], total)
    return best


def test_30y_move_in_sigmas_equals_a_direct_computation(
    april: tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp], real_panel: Panel
) -> None:
    vol, base, end = april
    opts = RunConfig().volatility
    levels = real_panel.daily["DGS30"].dropna().loc[str(opts.sample_start) : end]
    dy = (levels.diff() * 100.0).dropna().rename("DGS30")
    origin, stop, total = _brute_force_move(dy, base, end, opts.move_days)
    # FRED DGS30: 4.41 at the 2025-04-04 close, 4.72 at the 2025-04-09 close
    assert (origin, stop) == (pd.Timestamp("2025-04-04"), pd.Timestamp("2025-04-09"))
    assert total == pytest.approx(31.0, abs=1e-9)
    res = VolatilityModel(dy, kind=opts.kind, dist=opts.dist).fit()
    direct = move_in_sigmas(res, origin=origin, end=stop)
    row = vol.loc["30y"]
    assert (row["origin"], row["end"]) == ("2025-04-04", "2025-04-09")
    assert row["move"] == pytest.approx(total, abs=1e-9)
    assert row["k_sigma"] == pytest.approx(direct.k_sigma, rel=1e-10)
    assert row["sigma_h"] == pytest.approx(direct.sigma_h, rel=1e-10)
    # regime: percentile of the last window day's sigma, counted by hand
    sigma = res.conditional_volatility
    last = float(sigma.loc[:end].iloc[-1])
    assert row["sigma_last"] == pytest.approx(last, rel=1e-12)
    assert row["pctile_last"] == pytest.approx(100 * np.mean(sigma <= last), abs=1e-12)
    assert f"{direct.k_sigma:+.2f}" in "\n".join(volatility_section(vol))


def test_every_configured_tenor_is_reported(
    april: tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp],
) -> None:
    vol, _, _ = april
    assert list(vol.index) == list(RunConfig().volatility.tenors)
    assert (vol["horizon"] == RunConfig().volatility.move_days).all()
    assert (vol["model"] == "gjr-t").all()


def test_largest_move_handles_a_window_shorter_than_k() -> None:
    idx = pd.bdate_range("2025-01-01", periods=10)
    dy = pd.Series([1.0, -2.0, 3.0, 0.5, -7.0, 1.0, 1.0, 1.0, 1.0, 1.0], index=idx)
    # window of two observations after the base: the whole window is the move
    assert largest_move(dy, idx[3], idx[5], 3) == (idx[3], idx[5])
    # 3-day sums from each origin: idx0 1.5, idx1 -3.5, idx2 -5.5, idx3 -5.0,
    # idx4 3.0, then 3.0: the fall from idx[2] is the largest in absolute value
    assert largest_move(dy, idx[0], idx[9], 3) == (idx[2], idx[5])
    # the origin may be the base close itself, not only later closes
    assert largest_move(dy, idx[2], idx[9], 3) == (idx[2], idx[5])


def test_section_text(april: tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]) -> None:
    vol, _, _ = april
    lines = volatility_section(vol)
    assert lines[0] == "## Volatility regime (GARCH)"
    assert any("3-day DGS30 rise of 31.0 bp" in x for x in lines)
    assert volatility_section(pd.DataFrame()) == []
    # a fit flagged as not converged is said so in the report
    flagged = vol.assign(converged=[False] + [True] * (len(vol) - 1))
    text = "\n".join(volatility_section(flagged))
    assert f"{vol.index[0]}: the optimiser stopped without its convergence" in text


def test_cli_features_report_carries_the_direct_figure(
    tmp_path: Path, real_panel: Panel
) -> None:
    assert main(["features", "--window", "2025-04", "--out", str(tmp_path)]) == 0
    folder = tmp_path / "default_features_2025-04"
    opts = RunConfig().volatility
    levels = (
        real_panel.daily["DGS30"].dropna().loc[str(opts.sample_start) : "2025-04-30"]
    )
    dy = (levels.diff() * 100.0).dropna().rename("DGS30")
    res = VolatilityModel(dy, kind=opts.kind, dist=opts.dist).fit()
    direct = move_in_sigmas(res, origin="2025-04-04", end="2025-04-09")
    t = pd.read_csv(folder / "features.csv")
    v = t.loc[t["family"] == "volatility"].set_index("feature")
    assert v.loc["30y.k_sigma", "value"] == pytest.approx(direct.k_sigma, abs=1e-6)
    assert v.loc["30y.origin", "label"] == "2025-04-04"
    md = (folder / "features.md").read_text()
    assert md.index("## Curve moves") < md.index("## Volatility regime (GARCH)")
    assert f"was {direct.k_sigma:.1f} conditional sigma" in md
