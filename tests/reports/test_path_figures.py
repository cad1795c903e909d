"""Per-period decomposition and IRF figures, on made-up FigureData (known sums)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from attribution.engine.result import FigureData
from attribution.reports.attribution_figures import daily_path_figure, png_bytes
from attribution.reports.path_figures import (
    hd_bars_figure,
    irf_bands_figure,
    short_label,
)

DAYS = pd.to_datetime(["2025-04-07", "2025-04-08", "2025-04-09"])
DRIVERS = ("baseline", "term_premium", "sell_america", "other_shocks")
# made-up contributions (bp) per day and driver; 10y rows are 2x the 2y rows
PARTS = np.array([[1.0, 4.0, -2.0, 0.5], [0.5, -3.0, 6.0, 1.0], [0.0, 2.0, 2.0, -1.5]])


def _data(with_irf: bool = True) -> FigureData:
    rows = []
    for scale, tenor in ((1.0, "2y"), (2.0, "10y")):
        for i, d in enumerate(DAYS):
            for j, name in enumerate(DRIVERS):
                rows.append((d, tenor, name, scale * PARTS[i, j]))
    periods = pd.DataFrame(rows, columns=["date", "tenor", "driver", "contribution_bp"])
    irf = None
    if with_irf:
        idx = pd.MultiIndex.from_product(
            [range(4), ["2y", "10y"], ["term_premium", "sell_america"]],
            names=["horizon", "response", "shock"],
        )
        point = np.arange(len(idx), dtype=float)
        irf = pd.DataFrame({"point": point, "lower": point - 1, "upper": point + 1},
                           index=idx)  # fmt: skip
    shocks = pd.DataFrame({"term_premium": [1.0, -2.0, 0.5],
                           "sell_america": [0.2, 3.0, -1.0]}, index=DAYS)  # fmt: skip
    return FigureData(periods, "day", shocks, irf, 0.9)


def test_bars_stack_to_each_days_change_on_shared_axes() -> None:
    fig = hd_bars_figure(_data(), ["2y", "10y", "30y"], "The window day by day")
    assert fig is not None
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2  # 30y is not in the data: no panel
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    for ax, scale in zip(axes, (1.0, 2.0), strict=True):
        (coll,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(coll.get_paths()) == PARTS.size  # one bar per day and driver
        dots = ax.lines[0].get_ydata()
        np.testing.assert_allclose(dots, scale * PARTS.sum(axis=1))
    labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert [short_label(d) for d in DRIVERS] == labels[: len(DRIVERS)]
    assert "change per day, bp" in axes[0].get_ylabel()
    assert png_bytes(fig)[:4] == b"\x89PNG"


def test_irf_figure_draws_every_shock_with_its_band() -> None:
    data = _data()
    fig = irf_bands_figure(data, ["2y", "10y"], "Impulse responses")
    assert fig is not None
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2  # one panel per shock
    assert axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    line = axes[1].lines[0].get_ydata()  # sell_america: 2y block, gap, 10y block
    assert data.irf is not None
    want = data.irf.xs("sell_america", level="shock")["point"]
    got = np.asarray(line, dtype=float)
    np.testing.assert_allclose(got[~np.isnan(got)],
                               np.r_[want.xs("2y", level="response"),
                                     want.xs("10y", level="response")])  # fmt: skip
    assert axes[1].collections, "the band is drawn"
    labels = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert labels == ["estimate", "90% bootstrap band"]
    assert irf_bands_figure(_data(with_irf=False), ["2y"], "t") is None


@pytest.mark.parametrize("with_shocks", [True, False])
def test_daily_path_overlays_the_shocks(with_shocks: bool) -> None:
    days = pd.DataFrame(
        {"10y %": [4.01, 4.15, 4.26, 4.34], "2y %": [3.68, 3.73, 3.71, 3.91]},
        index=pd.to_datetime(["2025-04-04", *DAYS.strftime("%Y-%m-%d")]),
    )
    shocks = _data().shocks if with_shocks else None
    fig = daily_path_figure(days, "The window day by day", shocks, "shocks")
    assert fig is not None
    assert len(fig.axes) == (3 if with_shocks else 2)
    if with_shocks:
        ax = fig.axes[2]
        assert ax.get_ylabel() == "shock, standard deviations"
        heights = sorted(round(p.get_height(), 9) for p in ax.patches)
        assert heights == sorted([1.0, -2.0, 0.5, 0.2, 3.0, -1.0])
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["term premium", "sell America"]


def test_daily_path_cumulates_the_shocks_of_a_long_window() -> None:
    idx = pd.bdate_range("2022-08-01", periods=40)
    days = pd.DataFrame({"10y %": np.linspace(2.7, 4.1, 40)}, index=idx)
    rng = np.random.default_rng(0)
    shocks = pd.DataFrame({"term_premium": rng.standard_normal(39)}, index=idx[1:])
    fig = daily_path_figure(days, "t", shocks, "shocks")
    assert fig is not None
    ax = fig.axes[2]
    assert ax.get_ylabel() == "cumulated shocks, s.d."
    np.testing.assert_allclose(ax.lines[0].get_ydata(), shocks["term_premium"].cumsum())
