"""The notebook API reproduces the CLI's attribution exactly, bands included."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import get_args

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import attribution as at
from attribution.cli import main
from attribution.config.schema import ModelName
from attribution.exceptions import ConfigError

#: Cheap draws; a window with one whole Wednesday week (2 to 9 April) so the
#: weekly SVAR estimates, and the daily sign model on every day.
CONFIG = """\
attribution:
  models: [svar_sign_daily, svar_chol_weekly, ols_weekly]
  svar: {n_boot: 100, max_boot: 100, n_draws: 2000, n_rotations: 50}
  daily: {n_boot: 50, max_boot: 50, n_draws: 5000, n_rotations: 2000, set_paths: 0}
"""
WINDOW = "2025-04-01:2025-04-11"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, at.Attribution]:
    root = tmp_path_factory.mktemp("api")
    cfg = root / "c.yaml"
    cfg.write_text(CONFIG)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["attribute", "--config", str(cfg), "--window", WINDOW,
                     "--seed", "11", "--out", str(root / "out")]) == 0  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = at.attribute(
            WINDOW,
            models=["daily_sign", "chol_weekly", "ols"],  # aliases
            config=cfg,
            seed=11,
        )
    return root / "out" / "default_attribute_2025-04-01_2025-04-11", res


def test_the_table_is_the_cli_csv_to_the_byte(both) -> None:  # noqa: ANN001
    run_dir, res = both
    text = (run_dir / "attribution.csv").read_text()
    assert res.to_csv() == text
    # the full-precision frame rounds to the file
    frame = res.to_frame()
    back = pd.read_csv(io.StringIO(frame.to_csv(index=False, float_format="%.4f")))
    pd.testing.assert_frame_equal(back, pd.read_csv(run_dir / "attribution.csv"))
    assert set(frame["model"]) == {"svar_sign_daily", "svar_chol_weekly", "ols_weekly"}


def test_config_and_manifest_are_the_cli_ones(both) -> None:  # noqa: ANN001
    run_dir, res = both
    written = json.loads((run_dir / "manifest.json").read_text())
    assert res.manifest["config"] == written["config"]
    assert res.manifest["models"] == written["models"]
    assert res.config.run.seed == 11 == written["seed"]


def test_draws_are_the_ones_behind_the_bands(both) -> None:  # noqa: ANN001
    _, res = both
    d = res.draws
    assert list(d.columns) == ["model", "tenor", "driver", "draw", "contribution_bp"]
    assert set(d["model"]) == {"svar_sign_daily", "svar_chol_weekly"}
    t = res.to_frame().set_index(["model", "tenor", "driver"])
    q = (1.0 - 0.95) / 2.0
    g = d.groupby(["model", "tenor", "driver"])["contribution_bp"]
    got = pd.DataFrame(
        {
            "lower": g.quantile(q),
            "upper": g.quantile(1.0 - q),
            "mean": g.mean(),
            "sd": g.std(ddof=1),
        }
    ).join(t, how="inner")
    rows = t.loc[["svar_sign_daily", "svar_chol_weekly"]]
    drivers = rows.index.get_level_values("driver")
    assert set(got.index) == set(rows.index[~drivers.isin(["stub", "actual"])])
    np.testing.assert_allclose(got["lower"], got["lower_bp"], atol=1e-9)
    np.testing.assert_allclose(got["upper"], got["upper_bp"], atol=1e-9)
    np.testing.assert_allclose(got["sd"], got["std_err_bp"], atol=1e-9)
    sign = got.loc["svar_sign_daily"]  # the posterior mean is the point
    np.testing.assert_allclose(sign["mean"], sign["contribution_bp"], atol=1e-9)
    n = d.loc[d["model"] == "svar_chol_weekly"].groupby(["tenor", "driver"]).size()
    assert (n == 100).all()  # n_boot draws per row


def test_summary_and_plot(both) -> None:  # noqa: ANN001
    _, res = both
    text = res.summary()
    assert text.startswith("model svar_sign_daily:") and "contributions in bp" in text
    before = plt.get_fignums()
    fig = res.plot("daily_sign")
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    assert "svar_sign_daily" in fig.texts[0].get_text()  # the suptitle
    with pytest.raises(ConfigError, match="`model` must be one of the estimated"):
        res.plot("acm")


def test_aliases_name_real_models() -> None:
    assert set(at.MODEL_ALIASES.values()) <= set(get_args(ModelName))
    assert len(set(at.MODEL_ALIASES.values())) == len(at.MODEL_ALIASES)
    with pytest.raises(ConfigError, match=r"attribution\.models"):
        at.attribute("2025-04", models=["garch_daily"])


def test_load_panel_slices_every_frequency() -> None:
    panel = at.load_panel(start="2024-01-01", end="2024-06-30", series=["DGS10"])
    assert panel.daily.index.min() >= pd.Timestamp("2024-01-01")
    assert panel.daily.index.max() <= pd.Timestamp("2024-06-30")
    # 2 January 2024 is the first Treasury close of the year (H.15)
    assert panel.daily["DGS10"].dropna().index[0] == pd.Timestamp("2024-01-02")
    assert "DGS10" in panel.provenance


def test_import_attribution_stays_cheap() -> None:
    code = (
        "import sys, attribution as at; "
        "print(sorted(m for m in ('pandas', 'numpy', 'attribution.api', "
        "'matplotlib') if m in sys.modules)); at.attribute; "
        "print('attribution.api' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[:2] == ["[]", "True"]
