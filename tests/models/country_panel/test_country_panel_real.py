"""The country panel on the bundled snapshot: data built as documented, and a fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config import load_config
from attribution.config.models_section import CountryPanelSection
from attribution.engine.country_panel import run_country_panel
from attribution.features.tic import country_panel_frame, series_ids
from attribution.panel import build_panel
from attribution.pipeline.common import store_from_config


@pytest.fixture(scope="module")
def panel_and_store():  # type: ignore[no-untyped-def]
    cfg = load_config(None)
    store = store_from_config(cfg)
    opts = CountryPanelSection()
    return build_panel(store, series_ids(opts.countries)), store, opts


def test_japan_rows_match_raw_series(panel_and_store) -> None:  # type: ignore[no-untyped-def]
    panel, store, opts = panel_and_store
    data = country_panel_frame(panel, opts.countries)
    assert set(data.index.get_level_values(0)) == {
        "Japan",
        "China, Mainland",
        "Switzerland",
        "Germany",
        "France",
        "Belgium",
        "Ireland",
        "Luxembourg",
    }
    jp = data.loc["Japan"]
    tic = store.load("TIC_MFH.Japan")[0].dropna()
    fx = store.load("DEXJPUS")[0].dropna()
    t = pd.Timestamp("2025-04-30")
    assert jp.loc[t, "dep_usd_bn"] == pytest.approx(
        tic.loc[t] - tic.loc["2025-03-31"], abs=1e-9
    )
    assert jp.loc[t, "dep_pct"] == pytest.approx(
        100 * np.log(tic.loc[t] / tic.loc["2025-03-31"]), rel=1e-12
    )
    # month-end closes: last DEXJPUS fixing of April vs of March 2025
    apr, mar = fx.loc["2025-04"].iloc[-1], fx.loc["2025-03"].iloc[-1]
    assert jp.loc[t, "fx_move"] == pytest.approx(100 * np.log(apr / mar), rel=1e-12)


def test_fit_on_real_panel(panel_and_store) -> None:  # type: ignore[no-untyped-def]
    panel, _, opts = panel_and_store
    res = run_country_panel(panel, opts)
    assert res.cov_type == "driscoll-kraay" and res.model.n_entities == 8
    assert list(res.params.index) == ["const", "fx_move", "d_diff", "d_us10"]
    assert np.isfinite(res.std_err).all() and res.nobs > 1000
