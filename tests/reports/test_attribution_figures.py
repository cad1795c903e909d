"""Figures of report.md on a simulated result (made-up rows, known sums).

The rows are simulated: a model with two channels, a baseline and a residual
that add up to a known actual move, and a model that estimated nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from attribution.engine.result import AttributionResult, attribution_table
from attribution.reports.attribution_figures import (
    daily_path_figure,
    png_bytes,
    waterfall_figure,
)
from attribution.reports.attribution_report import consensus_table

BASE, END = pd.Timestamp("2025-04-04"), pd.Timestamp("2025-04-11")
PARTS = {
    "term_premium": ("shock", 20.0, 5.0, 35.0),
    "sell_america": ("driver", -4.0, -9.0, 1.0),
    "baseline": ("deterministic", 6.0, 3.0, 9.0),
    "other_shocks": ("residual", 3.0, -2.0, 8.0),
}
ACTUAL = 25.0


def _model(name: str, scale: float, estimated: bool = True) -> pd.DataFrame:
    rows = []
    for tenor in ("2y", "10y"):
        for d, (role, v, lo, hi) in PARTS.items():
            if estimated:
                rows.append(
                    {
                        "tenor": tenor,
                        "driver": d,
                        "role": role,
                        "contribution_bp": v * scale,
                        "std_err_bp": 1.0,
                        "lower_bp": lo * scale,
                        "upper_bp": hi * scale,
                    }
                )
            else:
                rows.append(
                    {
                        "tenor": tenor,
                        "driver": d,
                        "role": role,
                        "contribution_bp": np.nan,
                        "std_err_bp": np.nan,
                        "lower_bp": np.nan,
                        "upper_bp": np.nan,
                        "status": "not_estimated",
                        "note": "no week",
                    }
                )
        rows.append(
            {
                "tenor": tenor,
                "driver": "actual",
                "role": "actual",
                "contribution_bp": ACTUAL * scale,
                "std_err_bp": 0.0,
                "lower_bp": ACTUAL * scale,
                "upper_bp": ACTUAL * scale,
                "status": "exact",
            }
        )
    return attribution_table(
        rows,
        model=name,
        identification="simulated rows",
        level=0.95,
        window_label="2025-04-04:2025-04-11",
        base=BASE,
        end=END,
    )


@pytest.fixture(scope="module")
def result() -> AttributionResult:
    t = pd.concat(
        [
            _model("svar_sign_daily", 1.0),
            _model("acm_termstructure", 2.0),
            _model("ols_weekly", 1.0, estimated=False),
        ],
        ignore_index=True,
    )
    return AttributionResult(t, {})


def _legend_labels(fig: Figure) -> list[str]:
    out = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    for ax in fig.axes:
        if ax.get_legend() is not None:
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    return out


def test_waterfall_adds_up_and_is_labelled(result: AttributionResult) -> None:
    fig = waterfall_figure(result, "svar_sign_daily", ["2y", "10y"])
    assert isinstance(fig, Figure)
    assert "daily SVAR, sign restrictions" in fig.get_suptitle()
    labels = _legend_labels(fig)
    for want in (
        "driver (the question's channels)",
        "other identified shock",
        "baseline / drift",
        "actual change",
    ):
        assert want in labels
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_facecolor() != (0.0, 0.0, 0.0, 1.0)]
    ends = [p.get_x() + p.get_width() for p in bars]
    assert ends[-1] == pytest.approx(ACTUAL)  # the parts add up to the move
    assert ax.get_xlabel() == "cumulative contribution, bp"
    assert fig.axes[0].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])
    assert png_bytes(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_drawn_for_a_model_that_estimated_nothing(
    result: AttributionResult,
) -> None:
    assert waterfall_figure(result, "ols_weekly", ["2y", "10y"]) is None


def test_daily_path_figure_has_title_units_and_legends() -> None:
    days = pd.DataFrame(  # simulated levels
        {
            "2y %": [3.68, 3.73, 3.96],
            "10y %": [4.01, 4.15, 4.48],
            "KW TP 10y %": [0.38, 0.43, 0.62],
            "basis proxy bp": [0.0, -2.2, 1.0],
        },
        index=pd.to_datetime(["2025-04-04", "2025-04-07", "2025-04-11"]),
    )
    fig = daily_path_figure(days, "The window day by day")
    assert fig is not None and fig.get_suptitle() == "The window day by day"
    labels = _legend_labels(fig)
    assert {"2y", "10y", "10y yield change", "cash-futures basis proxy"} <= set(labels)
    assert fig.axes[0].get_ylabel() == "yield, percent"
    assert fig.axes[1].get_ylabel() == "daily change, bp"
    heights = sorted(round(p.get_height(), 9) for p in fig.axes[1].patches)
    assert 14.0 in heights and 33.0 in heights  # (4.15-4.01), (4.48-4.15) in bp


def test_consensus_is_min_max_over_models(result: AttributionResult) -> None:
    c = consensus_table(result, ["10y"]).set_index("channel")
    tp = c.loc["term premium"]
    assert (tp["point_min"], tp["point_max"]) == (20.0, 40.0)
    assert (tp["band_min"], tp["band_max"]) == (5.0, 70.0)
    assert tp["agree"] == "svar_sign_daily (+), acm_termstructure (+)"
    assert c.loc["sell America", "agree"] == ""  # both bands contain zero
