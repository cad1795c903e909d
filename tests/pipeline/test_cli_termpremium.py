"""``termpremium`` end to end on the bundled snapshot, and its validation.

Reference values are the publishers' own: the par curve (DGS10 = PAR.10y, 4.01
on 2025-04-04 and 4.48 on 2025-04-11), the NY Fed's monthly ACM term premium
and the Board's Kim-Wright THREEFYTP10 (0.3821 and 0.6161 on those closes).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.cli import main
from attribution.config import load_config
from attribution.engine.termstructure_agreement import compare, to_month
from attribution.engine.termstructure_fit import estimate_acm, month_ends
from attribution.models.termstructure import NSSCurveModel
from attribution.pipeline.common import store_from_config
from attribution.pipeline.termpremium_run import load_nyfed_zero, load_par_curve

WINDOW = "2025-04-04:2025-04-11"
FILES = {
    "termpremium.csv",
    "termpremium.md",
    "termpremium.tex",
    "termpremium_validation.csv",
    "termpremium_10y.png",
    "manifest.json",
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["termpremium", "--window", WINDOW, "--out", str(out)]) == 0
    return out / "default_termpremium_2025-04-04_2025-04-11"


def test_files_rows_add_up_to_the_par_curve(run_dir: Path) -> None:
    assert {p.name for p in run_dir.iterdir()} == FILES
    t = pd.read_csv(run_dir / "termpremium.csv")
    assert set(t["model"]) == {"acm_termstructure"}
    assert (t["base_date"] == "2025-04-04").all()
    actual = t.loc[t["driver"] == "actual"].set_index("tenor")["contribution_bp"]
    # read off the par curve: 10y 4.01 -> 4.48, 2y 3.68 -> 3.96
    assert actual["10y"] == pytest.approx(47.0)
    assert actual["2y"] == pytest.approx(28.0)
    parts = t.loc[t["driver"] != "actual"].groupby("tenor")["contribution_bp"].sum()
    np.testing.assert_allclose(parts[actual.index], actual, atol=1e-3)  # 4 decimals
    tp = t.loc[(t["driver"] == "term_premium") & (t["tenor"] == "10y")].iloc[0]
    assert tp["lower_bp"] < tp["contribution_bp"] < tp["upper_bp"]
    md = (run_dir / "termpremium.md").read_text()
    # Kim-Wright over the same closes: 0.6161 - 0.3821 = +23.4 bp
    assert "+23.4 bp" in md
    assert "Identification: ACM (2013)" in md
    assert r"\toprule" in (run_dir / "termpremium.tex").read_text()
    assert (run_dir / "termpremium_10y.png").read_bytes()[:4] == b"\x89PNG"
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert "THREEFYTP10" in json.dumps(manifest)
    assert "ACM.ACMTP10" in json.dumps(manifest)


@pytest.mark.slow
def test_same_inputs_same_bytes(run_dir: Path, tmp_path: Path) -> None:
    # a second cold run (fresh cache) must not change the tables by a byte
    assert main(["termpremium", "--window", WINDOW, "--out", str(tmp_path)]) == 0
    again = tmp_path / run_dir.name
    for name in ("termpremium.csv", "termpremium.md", "termpremium.tex"):
        assert (again / name).read_bytes() == (run_dir / name).read_bytes()


def test_agreement_with_the_published_acm_measured_thresholds() -> None:
    # Our ACM on month-end NSS curves of the par curve, 1990-2025, against the
    # NY Fed's ACMTP (estimated from 1961 on the GSW curve), both estimation
    # samples of `termpremium.presample`. Measured in this session:
    # - none (1990- only): 10y corr 0.904, RMSE 107.5 bp (mean gap +90 bp);
    #   2y 0.888 / 40.5 bp; 5y 0.905 / 76.7 bp: the target is not met;
    # - nyfed_1961 (the NY Fed's zero yields ACMY01..10 as the 1961-1989
    #   pre-sample, the default): 10y 0.992 / 22.6 bp (mean gap +2.8 bp);
    #   2y 0.976 / 17.0 bp; 5y 0.993 / 17.4 bp: the target (corr >= 0.95,
    #   RMSE <= 25 bp) is met, partly by construction (borrowed pre-sample).
    store = store_from_config(load_config(None))
    par, prov = load_par_curve(store)
    zero = NSSCurveModel(month_ends(par)).fit().zero(np.arange(1, 121) / 12.0)
    zero.columns = list(range(1, 121))
    bounds = {
        "none": {24: (0.86, 45.0), 60: (0.88, 80.0), 120: (0.88, 112.0)},
        "nyfed_1961": {24: (0.96, 20.0), 60: (0.98, 20.0), 120: (0.98, 25.0)},
    }
    for presample, limits in bounds.items():
        cfg = load_config(None, termpremium={"presample": presample, "n_boot": 0})
        nyfed = load_nyfed_zero(cfg, store, prov)
        acm = estimate_acm(zero, cfg.termpremium, cfg.run.seed, nyfed).acm
        dec = acm.decompose(acm.model.factors(zero), (24, 60, 120))
        for n, (min_corr, max_rmse) in limits.items():
            ref = store.get(f"ACM.ACMTP{n // 12:02d}")
            stats = compare(to_month(dec["term_premium"][n]), to_month(ref))
            assert stats["n"] >= 420
            assert stats["corr"] > min_corr, (presample, n, stats)
            assert stats["rmse_bp"] < max_rmse, (presample, n, stats)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ("2025-13", "window"),
        ("1989-01-02:1989-03-01", "window"),
    ],
)
def test_bad_window_exits_2(
    window: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["termpremium", "--window", window, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err
    assert not any(tmp_path.iterdir())


def test_termpremium_and_attribute_give_the_same_split(
    run_dir: Path, selloff_week_run: Path
) -> None:
    """Both commands fit the window's two closes the same way, so the
    ``acm_termstructure`` rows of ``attribute`` are the ``termpremium`` table
    (an NSS fit can have several local minima: a warm-started run of daily
    fits once gave the 30y pricing error 11.2 bp here against 6.4 bp)."""
    cols = ["tenor", "driver", "contribution_bp", "lower_bp", "upper_bp"]
    tp = pd.read_csv(run_dir / "termpremium.csv")[cols]
    att = pd.read_csv(selloff_week_run / "attribution.csv")
    att = att.loc[att["model"] == "acm_termstructure", cols]
    pd.testing.assert_frame_equal(tp.reset_index(drop=True), att.reset_index(drop=True))
