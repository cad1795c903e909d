"""The CLI end to end on the bundled real-data snapshot, and every bad-input case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "attribution.csv",
    "report.md",
    "attribution.tex",
    "manifest.json",
    "attribution_ols_weekly.png",
    "attribution_ols_weekly_total.png",
    "attribution_svar_sign_weekly.png",
    "attribution_svar_narrative_weekly.png",
    "attribution_svar_chol_weekly.png",
    "attribution_acm_termstructure.png",
    "attribution_svar_hetero_daily.png",
    "attribution_svar_sign_daily.png",
    "attribution_svar_narrative_daily.png",
    "flow_bounds.csv",
    "flow_bounds_largest.csv",
    "flow_validation.csv",
    "largest_move.csv",
    "largest_move.tex",
    "figures",  # the report's figures (tests/pipeline/test_attribution_report.py)
}


@pytest.fixture(scope="module")
def april(april_month_run: Path) -> Path:
    return april_month_run


def test_writes_the_files(april: Path) -> None:
    assert {p.name for p in april.iterdir()} == FILES


def test_actual_changes_match_the_data(april: Path) -> None:
    t = pd.read_csv(april / "attribution.csv")
    assert set(t["model"]) == {
        "ols_weekly",
        "ols_weekly_total",
        "svar_sign_weekly",
        "svar_narrative_weekly",
        "svar_chol_weekly",
        "acm_termstructure",
        "svar_hetero_daily",
        "svar_sign_daily",
        "svar_narrative_daily",
    }
    for _, g in t.loc[t["driver"] == "actual"].groupby("tenor"):
        assert g["contribution_bp"].nunique() == 1  # every model explains the same move
    t = t.loc[t["model"] == "ols_weekly"]
    actual = t.loc[t["driver"] == "actual"].set_index("tenor")["contribution_bp"]
    # DGS10: 4.23 on 2025-03-31, 4.17 on 2025-04-30 (FRED file) -> -6 bp
    assert actual["10y"] == pytest.approx(-6.0, abs=1e-9)
    # DGS2 3.89 -> 3.60, DGS5 3.96 -> 3.72, DGS30 4.59 -> 4.66 (FRED files)
    assert actual["2y"] == pytest.approx(-29.0, abs=1e-9)
    assert actual["5y"] == pytest.approx(-24.0, abs=1e-9)
    assert actual["30y"] == pytest.approx(7.0, abs=1e-9)


def test_rows_add_up_and_schema(april: Path) -> None:
    t = pd.read_csv(april / "attribution.csv")
    assert {
        "model",
        "tenor",
        "driver",
        "contribution_bp",
        "lower_bp",
        "upper_bp",
    } <= set(t.columns)
    assert set(t["tenor"]) == {"2y", "5y", "10y", "30y"} | {
        "10y_real",
        "10y_breakeven",
        "10y_tp_kw",
    }
    for (model, _), g in t.groupby(["model", "tenor"]):
        parts = g.loc[g["driver"] != "actual", "contribution_bp"].sum()
        assert parts == pytest.approx(
            g.loc[g["driver"] == "actual", "contribution_bp"].iloc[0], abs=5e-4
        )
        # weekly models have a stub; the term-structure model is daily (no stub)
        need = {"actual"} if model == "acm_termstructure" else {"stub", "actual"}
        assert need <= set(g["driver"])
        assert set(g["role"]) & {"residual", "deterministic"}
    # The stub is the 31 Mar -> 2 Apr move: DGS10 4.23 -> 4.20
    stub = t.loc[
        (t["tenor"] == "10y") & (t["driver"] == "stub"), "contribution_bp"
    ].unique()[0]
    assert stub == pytest.approx(-3.0, abs=1e-9)
    assert t["identification"].str.len().min() > 20


def test_tables_name_identification_and_booktabs(april: Path) -> None:
    md = (april / "report.md").read_text()
    tex = (april / "attribution.tex").read_text()
    assert "Identification:" in md and "Newey-West HAC" in md
    assert r"\toprule" in tex and r"\bottomrule" in tex and "Identification" in tex


def test_manifest(april: Path) -> None:
    m = json.loads((april / "manifest.json").read_text())
    assert m["config"]["window"] == "2025-04"
    assert m["data"]["DGS10"]["sha256"] and m["data"]["WMTSECL1"]["vintage"]
    assert "statsmodels" in m["versions"] and "seed" in m
    assert m["models"]["ols_weekly"]["tenors"]["10y"]["skipped_by_column"]


SELLOFF = "default_attribute_2025-04-04_2025-04-11"


@pytest.fixture(scope="module")
def selloff(selloff_week_run: Path) -> Path:
    return selloff_week_run


def test_byte_identical_tables(selloff: Path, tmp_path: Path) -> None:
    """Every model, the daily ones included: the same inputs, the same bytes."""
    with pytest.warns(Warning):
        assert main(["attribute", "--window", "2025-04-04:2025-04-11",
                     "--out", str(tmp_path)]) == 0  # fmt: skip
    again = tmp_path / SELLOFF
    names = ("attribution.csv", "report.md", "attribution.tex",
             "flow_bounds.csv", "flow_validation.csv")  # fmt: skip
    for name in names:
        assert (again / name).read_bytes() == (selloff / name).read_bytes(), name


def test_selloff_week_is_plus_47(selloff: Path) -> None:
    t = pd.read_csv(selloff / "attribution.csv")
    t = t.loc[t["model"] == "ols_weekly"]
    actual = t.loc[t["driver"] == "actual"].set_index("tenor")["contribution_bp"]
    assert actual["10y"] == pytest.approx(47.0, abs=1e-9)  # 4.01 -> 4.48
    assert actual["30y"] == pytest.approx(44.0, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (
            ["--window", "2025-13"],
            r"`window` must be a month YYYY-MM with MM in 01..12",
        ),
        (["--window", "2030-01"], r"`window` must be covered by the data"),
        (["--window", "2019-04"], r"ends before estimation.start"),
    ],
)
def test_bad_window(
    args: list[str], match: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["attribute", *args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert pytest.importorskip("re").search(match, err)
    assert list(tmp_path.iterdir()) == []  # no partial output


def _run_with_config(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text)
    out = tmp_path / "out"
    code = main(["attribute", "--config", str(cfg), "--out", str(out)])
    assert not out.exists() or list(out.iterdir()) == []
    return code, capsys.readouterr().err


def test_invalid_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run_with_config(tmp_path, "window: '2025-04'\nestimaton: {}\n", capsys)
    assert code == 2 and "unknown key `estimaton`" in err


def test_unreadable_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attribute", "--config", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read config" in capsys.readouterr().err


def test_empty_estimation_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # every model of the run has an empty sample: nothing can run (exit 2); with a
    # model that can run, the weekly ones are "not estimated" instead
    # (tests/pipeline/test_data_holes.py)
    code, err = _run_with_config(
        tmp_path,
        "estimation: {start: '2025-03-12', end: '2025-03-26'}\n"
        "attribution: {models: [ols_weekly, ols_weekly_total]}\n",
        capsys,
    )
    assert code == 2 and "no model could be estimated" in err
    assert "ols_weekly: `estimation` sample" in err and "usable weeks" in err


def test_local_series_flows_into_the_model(tmp_path: Path) -> None:
    # A swap-spread-like series made up for this test (a seeded random walk, not
    # real data),
    # registered from the config and used as an extra driver of the weekly model.
    import numpy as np

    days = pd.bdate_range("2020-01-02", "2025-06-30")
    walk = -30 + np.cumsum(np.random.default_rng(3).normal(scale=0.5, size=len(days)))
    path = tmp_path / "swap_spread.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": walk}).to_csv(
        path, index=False
    )
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "data:\n  local_series:\n"
        f"  - {{name: SWAP_SPREAD_10Y, path: '{path}', units: bp, frequency: daily}}\n"
        "attribution: {extra_drivers: [SWAP_SPREAD_10Y], "
        "models: [ols_weekly, ols_weekly_total]}\n"
    )
    assert main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")]) == 0
    t = pd.read_csv(tmp_path / "o" / "default_attribute_2025-04" / "attribution.csv")
    rows = t.loc[t["driver"] == "SWAP_SPREAD_10Y"]
    # one row per tenor in each OLS variant (with and without same-week controls)
    assert len(rows) == 8 and (rows["role"] == "driver").all()
    assert set(rows["model"]) == {"ols_weekly", "ols_weekly_total"}
    g = t.loc[(t["tenor"] == "10y") & (t["model"] == "ols_weekly")]
    assert g.loc[g["driver"] != "actual", "contribution_bp"].sum() == pytest.approx(
        -6.0, abs=5e-4
    )


def test_missing_local_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run_with_config(
        tmp_path,
        "data:\n  local_series:\n  - {name: SS, path: /nonexistent.csv, units: bp, "
        "frequency: daily}\nattribution: {extra_drivers: [SS]}\n",
        capsys,
    )
    assert code == 2 and "/nonexistent.csv" in err and "file not found" in err


def test_gap_week_in_window_suggests_derived_measure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2024-09 lies in a CFTC annual-file hole (2024-07-30 .. 12; 2025 is now complete);
    # with only the weekly OLS models nothing can run (a data hole in one model's
    # inputs leaves the others running: tests/pipeline/test_data_holes.py)
    argv = ["attribute", "--window", "2024-09", "--models", "ols_weekly"]
    assert main([*argv, "--out", str(tmp_path)]) == 2
    assert "tff_10y_derived" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_derived_positioning_covers_the_gap(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "window: '2024-09'\nattribution: {positioning: {measure: tff_10y_derived}, "
        "models: [ols_weekly, svar_chol_weekly]}\n"
    )
    assert main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")]) == 0


def test_data_status_lists_series(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "status"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("DGS10 "))
    assert "fred" in line and "2005-01-03" in line and "daily" in line


def test_console_entry_point_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "attribute", "--window", "2025-13"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("error:")


def test_malformed_local_file_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "basis.csv"
    # the last row is truncated/malformed
    bad.write_text("date,value\n2025-04-01,1.0\n2025-04-02,1,5\n")
    code, err = _run_with_config(
        tmp_path,
        f"data:\n  local_series:\n  - {{name: BASIS, path: '{bad}', units: bp, "
        "frequency: daily}\nattribution: {extra_drivers: [BASIS]}\n",
        capsys,
    )
    assert code == 2 and "basis.csv" in err and len(err.strip().splitlines()) == 1


def test_corrupt_cache_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    (cache / "fred").mkdir(parents=True)
    (cache / "fred" / "DGS10.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv("ATTRIBUTION_CACHE_DIR", str(cache))
    assert main(["attribute", "--window", "2025-04", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "DGS10.parquet is unreadable" in err and "delete it" in err


def test_sign_restrictions_are_overridable_from_the_config(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "attribution:\n"
        "  models: [svar_sign_weekly]\n"
        "  svar:\n"
        "    n_boot: 100\n"
        "    driver_shocks: [official_dump]\n"
        "    shocks:\n"
        "      official_dump: {signs: {custody: '-', 10y: '+'}, horizons: [0, 1]}\n"
        "      safe_haven: {signs: {10y: '-', dollar: '+'}}\n"
    )
    assert main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")]) == 0
    t = pd.read_csv(tmp_path / "o" / "default_attribute_2025-04" / "attribution.csv")
    assert set(t["model"]) == {"svar_sign_weekly"}
    assert {"official_dump", "safe_haven", "other_shocks"} <= set(t["driver"])
    assert (t.loc[t["driver"] == "official_dump", "role"] == "driver").all()
    ident = t["identification"].iloc[0]
    assert "official dump = custody -, 10y + (at horizons [0, 1])" in ident


@pytest.mark.parametrize(
    ("svar", "match"),
    [
        (
            "{shocks: {s: {signs: {custody: '?'}}}}",
            r"attribution\.svar\.shocks\.s\.signs\.custody",
        ),
        (
            "{shocks: {s: {signs: {gold: '+'}}}}",
            r"attribution\.svar\.shocks\.s\.signs\.gold",
        ),
        (
            "{shocks: {s: {signs: {10y: '+'}}}, driver_shocks: [t]}",
            r"driver_shocks names \['t'\]",
        ),
    ],
)
def test_bad_shock_config(
    svar: str, match: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run_with_config(tmp_path, f"attribution:\n  svar: {svar}\n", capsys)
    assert code == 2
    assert pytest.importorskip("re").search(match, err), err


def test_swap_spread_series_enters_the_svar(tmp_path: Path) -> None:
    # A swap-spread-like series made up for this test (seeded random walk, not real).
    import numpy as np

    days = pd.bdate_range("2020-01-02", "2025-06-30")
    walk = -30 + np.cumsum(np.random.default_rng(5).normal(scale=0.5, size=len(days)))
    path = tmp_path / "ss.csv"
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "value": walk}).to_csv(
        path, index=False
    )
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "data:\n  local_series:\n"
        f"  - {{name: SS10, path: '{path}', units: bp, frequency: daily}}\n"
        "attribution:\n  models: [svar_sign_weekly, svar_chol_weekly]\n"
        "  svar: {swap_spread: SS10, n_boot: 100, max_boot: 100, n_draws: 3000}\n"
    )
    # Eight variables and only 3,000 rotations at the estimate leave the
    # admissible set thinly explored: the toolkit says so, not hides it.
    from attribution.exceptions import WeakIdentificationWarning

    with pytest.warns(WeakIdentificationWarning, match="rotations"):
        code = main(["attribute", "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert code == 0
    t = pd.read_csv(tmp_path / "o" / "default_attribute_2025-04" / "attribution.csv")
    sign = t.loc[t["model"] == "svar_sign_weekly", "identification"].iloc[0]
    chol = t.loc[t["model"] == "svar_chol_weekly", "identification"].iloc[0]
    assert "basis unwind = leveraged_net +, 10y +, swap_spread -" in sign
    assert "custody, lev_net, swap_spread, dollar" in chol
    for _, g in t.groupby(["model", "tenor"]):
        total = g.loc[g["driver"] != "actual", "contribution_bp"].sum()
        assert total == pytest.approx(
            g.loc[g["driver"] == "actual", "contribution_bp"].iloc[0], abs=1e-3
        )


def test_term_structure_rows_and_par_curve_in_the_manifest(april: Path) -> None:
    t = pd.read_csv(april / "attribution.csv")
    g = t.loc[(t["model"] == "acm_termstructure") & (t["tenor"] == "10y")]
    assert set(g["driver"]) == {
        "expected_path",
        "term_premium",
        "pricing_error",
        "par_minus_zero",
        "actual",
    }
    # the same actual change as the weekly models (PAR.10y = DGS10: 4.23 -> 4.17)
    assert g.loc[g["driver"] == "actual", "contribution_bp"].iloc[0] == pytest.approx(
        -6.0, abs=1e-9
    )
    manifest = (april / "manifest.json").read_text()
    assert "PAR.10y" in manifest


def test_seed_models_and_tenors_flags_reach_the_run(tmp_path: Path) -> None:
    args = [
        "attribute", "--window", "2025-04", "--out", str(tmp_path), "--seed", "7",
        "--models", "ols_weekly,ols_weekly_total", "--tenors", "2y,10y",
    ]  # fmt: skip
    assert main(args) == 0
    run = tmp_path / "default_attribute_2025-04"
    m = json.loads((run / "manifest.json").read_text())
    assert m["seed"] == 7
    assert m["config"]["attribution"]["models"] == ["ols_weekly", "ols_weekly_total"]
    t = pd.read_csv(run / "attribution.csv")
    assert set(t["model"]) == {"ols_weekly", "ols_weekly_total"}
    assert set(t["tenor"]) == {"2y", "10y"}


def test_an_unknown_model_flag_is_one_line_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["attribute", "--models", "nope", "--out", str(tmp_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: command line: `attribution.models.0`")
    assert list(tmp_path.iterdir()) == []


def test_debug_after_the_subcommand_shows_the_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["attribute", "--window", "2025-13", "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("error:")
