"""A data hole in one model's inputs leaves the other models' rows unchanged.

Two real holes of the bundled data: the Treasury par curve (the term-structure
model's input) ends on 2025-09-25 while DGS10 goes to 2026-02-20; and the raw
CFTC TFF files miss 2024-07-30 .. 2024-12 (the weekly OLS's positioning
measure ``tff_all``). The 10y closes are read off FRED's DGS10.csv: 2025-10-06
4.18 and 2025-10-17 4.02.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from attribution.cli import main
from attribution.config import config_from_dict
from attribution.pipeline.attribute import run_attribution

SMALL: dict[str, Any] = {
    "svar": {"n_draws": 1000, "n_boot": 50, "n_rotations": 50, "max_boot": 50},
}


def _config(window: str, models: list[str]) -> Any:
    return config_from_dict(
        {
            "window": window,
            "attribution": {"models": models, **SMALL},
            "output": {"figures": False},
        }
    )


def _rows(table: pd.DataFrame, model: str) -> pd.DataFrame:
    return table.loc[table["model"] == model].reset_index(drop=True)


@pytest.mark.parametrize(
    ("window", "broken", "why"),
    [
        (
            "2025-10-06:2025-10-17",
            "acm_termstructure",
            r"`window` must be covered by the data \(1990-01-02 to 2025-09-25\)",
        ),
        ("2024-09", "ols_weekly", r"has no `lev_net_short` value.*tff_10y_derived"),
    ],
    ids=["par-curve-ends", "cftc-gap"],
)
def test_other_models_unchanged(window: str, broken: str, why: str) -> None:
    both = run_attribution(_config(window, ["svar_chol_weekly", broken]))
    alone = run_attribution(_config(window, ["svar_chol_weekly"]))
    pd.testing.assert_frame_equal(
        _rows(both.result.table, "svar_chol_weekly"),
        _rows(alone.result.table, "svar_chol_weekly"),
    )
    rows = _rows(both.result.table, broken)
    shocks = rows.loc[~rows["driver"].isin(["stub", "actual"])]
    assert (shocks["status"] == "not_estimated").all()
    assert shocks["contribution_bp"].isna().all()
    assert shocks["note"].str.contains(why).all()
    assert both.result.details[broken].estimated is False
    both.result.check_adding_up()


def test_the_report_says_which_model_was_not_estimated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "window: '2025-10-06:2025-10-17'\n"
        "attribution: {models: [svar_chol_weekly, acm_termstructure], "
        "svar: {n_boot: 50}}\noutput: {figures: false}\n"
    )
    assert main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")]) == 0
    run = tmp_path / "o" / "default_attribute_2025-10-06_2025-10-17"
    report = (run / "report.md").read_text()
    assert "`acm_termstructure`: not estimated: `window` must be covered" in report
    t = pd.read_csv(run / "attribution.csv")
    acm = t.loc[(t["model"] == "acm_termstructure") & (t["tenor"] == "10y")]
    actual = acm.loc[acm["driver"] == "actual", "contribution_bp"].iloc[0]
    assert actual == pytest.approx((4.02 - 4.18) * 100, abs=1e-9)
    assert (t.loc[t["model"] == "svar_chol_weekly", "status"] != "not_estimated").any()


def test_no_model_can_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["attribute", "--window", "2025-10-06:2025-10-17"]
    argv += ["--models", "acm_termstructure", "--out", str(tmp_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no model could be estimated (acm_termstructure: ")
    assert list(tmp_path.iterdir()) == []
