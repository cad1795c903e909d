"""`.plot()` returns a matplotlib Figure and leaves pyplot and the backend alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from attribution.models.breaks import BaiPerron
from attribution.models.termstructure import ACMModel, simulate_world
from attribution.models.termstructure.simulate import default_world
from attribution.models.var import VAR, Cholesky, simulate_svar


@pytest.fixture(autouse=True)
def _no_pyplot_state():  # noqa: ANN202
    before, backend = plt.get_fignums(), matplotlib.get_backend()
    yield
    assert plt.get_fignums() == before
    assert matplotlib.get_backend() == backend


@pytest.fixture(scope="module")
def var_fit():  # noqa: ANN201
    sim = simulate_svar(
        [[[0.5, 0.1], [0.2, 0.3]]], [[1.0, 0.0], [0.4, 0.9]], nobs=150, seed=2
    )
    return VAR(sim.data, n_lags=1).fit()


def test_historical_decomposition_bars_sum_to_the_data(var_fit) -> None:  # noqa: ANN001
    data = var_fit.model.data
    hd = var_fit.historical_decomposition(
        Cholesky(["y0", "y1"]), start=data.index[100], end=data.index[119]
    )
    fig = hd.plot("y1", units="bp")
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), data["y1"].iloc[100:120].to_numpy())
    # the stacked bars (baseline + 2 shocks) of each date add up to the data
    heights = np.zeros(20)
    for container in ax.containers:
        heights += np.array([p.get_height() for p in container.patches])
    np.testing.assert_allclose(heights, data["y1"].iloc[100:120].to_numpy(), atol=1e-9)
    assert len(ax.containers) == 3
    assert ax.get_ylabel() == "y1 (bp)"


def test_irf_plot_has_a_panel_per_pair_with_bands(var_fit) -> None:  # noqa: ANN001
    boot = var_fit.bootstrap(60, seed=0)
    fig = boot.plot_irf(8, level=0.8)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    bands = boot.irf_bands(8, 0.8)
    ax = fig.axes[1]  # response y0, shock y1
    point = bands.xs(("y0", "y1"), level=("response", "shock"))["point"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), point.to_numpy())
    assert ax.collections, "the band is drawn"


def test_breaks_plot_marks_the_break_date() -> None:
    rng = np.random.default_rng(0)
    idx = pd.date_range("2020-01-03", periods=120, freq="W-FRI")
    y = pd.Series(np.r_[np.zeros(60), np.full(60, 3.0)] + rng.normal(size=120), idx)
    res = BaiPerron(y.rename("spread")).fit()
    assert res.n_breaks == 1
    fig = res.plot(units="bp")
    (ax,) = fig.axes
    dashed = [
        ln for ln in ax.lines if ln.get_linestyle() == "--" and len(ln.get_xdata())
    ]
    assert pd.Timestamp(dashed[0].get_xdata()[0]) == res.break_dates[0]


def test_acm_plot_draws_yield_path_and_term_premium() -> None:
    yields, _, _ = simulate_world(default_world(), 400, seed=7)
    fit = ACMModel(yields, n_factors=3).fit()
    fig = fit.plot(120)
    ax1, ax2 = fig.axes
    dec = fit.decompose(fit.x_month, (120,))
    np.testing.assert_allclose(
        ax2.lines[0].get_ydata(), dec[("term_premium", 120)].to_numpy()
    )


def test_reports_do_not_switch_the_backend() -> None:
    """Import every report module and write a PNG under a non-Agg backend."""
    code = textwrap.dedent(
        """
        import importlib, pkgutil
        import matplotlib
        import pandas as pd
        import attribution.reports as reports
        for m in pkgutil.iter_modules(reports.__path__):
            importlib.import_module(f"attribution.reports.{m.name}")
        from attribution.engine.result import AttributionResult, exact_row
        rows = [exact_row("10y", "stub", "stub", 1.0),
                exact_row("10y", "actual", "actual", 1.0)]
        for r in rows:
            r.update(model="m", identification="i", set_lower_bp=float("nan"),
                     set_upper_bp=float("nan"), set_band_lower_bp=float("nan"),
                     set_band_upper_bp=float("nan"), mc_se_bp=float("nan"),
                     note="", level=0.9, window="w", base_date="2025-04-01",
                     end_date="2025-04-02")
        from attribution.reports.figures import contributions_png
        png = contributions_png(AttributionResult(pd.DataFrame(rows)), "m", "t")
        assert png[:4] == b"\\x89PNG"
        print(matplotlib.get_backend())
        """
    )
    env = {**os.environ, "MPLBACKEND": "svg"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "svg"


def test_cv_window_plots_its_contributions_and_irfs() -> None:
    """Simulated daily world: bars are the frame's points, IRF lines its points."""
    import warnings

    from attribution.exceptions import WeakIdentificationWarning
    from attribution.models.var import SignRestriction
    from attribution.models.var.cv_window import cv_window
    from attribution.simulate import daily_world

    w = daily_world("large", "holds", n_days=3000, seed=2)
    res = VAR(w.data.drop(columns="y10"), n_lags=1).fit()
    sa = SignRestriction("sell_america", {"y30": "+", "usd": "-", "equity": "-"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeakIdentificationWarning)
        win = cv_window(res, w.volatility == "episode", *w.window,
                        restrictions=[sa], responses=["y2", "y30"], n_boot=30,
                        seed=0, irf_horizon=3)  # fmt: skip
    fig = win.plot(units="bp")
    assert isinstance(fig, Figure)
    ax2, ax30 = fig.axes[:2]
    assert ax2.get_shared_x_axes().joined(ax2, ax30)
    widths = [p.get_width() for p in ax30.patches]
    np.testing.assert_allclose(widths, win.frame.loc["y30", "point"].to_numpy())
    assert win.irf is not None
    irf = win.plot_irf(units="bp")
    assert len(irf.axes) == 2  # 2 responses x 1 named shock
    point = win.irf.xs(("y30", "sell_america"), level=("response", "shock"))["point"]
    np.testing.assert_allclose(irf.axes[1].lines[0].get_ydata(), point.to_numpy())


def test_var_bootstrap_plot_is_the_irf_plot(var_fit) -> None:  # noqa: ANN001
    boot = var_fit.bootstrap(30, seed=0)
    fig = boot.plot(4, level=0.8)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
