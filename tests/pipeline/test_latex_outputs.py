"""Every ``.tex`` the commands write compiles with pdflatex and fits the page.

The month and selloff-week folders come from the session runs in conftest.py
(no extra pipeline run); ``--standalone`` is exercised on ``termpremium`` and on
a one-model ``attribute``. The numbers checked in the tables are read off the
CSV written beside them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main
from tests.reports.texcheck import (
    column_spec,
    compile_document,
    compile_fragment,
    layout_problems,
    needs_pdflatex,
    tabulars,
)


def _tex_number(x: float) -> str:
    """The rule the tables state: one decimal, real minus sign, never -0.0."""
    text = f"{x:.1f}"
    return ("0.0" if text == "-0.0" else text).replace("-", "$-$")


@needs_pdflatex
def test_every_tex_compiles_and_fits(
    april_month_run: Path, selloff_week_run: Path, tmp_path: Path
) -> None:
    written = sorted([*april_month_run.glob("*.tex"), *selloff_week_run.glob("*.tex")])
    names = {p.name for p in written}
    assert {"attribution.tex", "largest_move.tex"} <= names
    for i, tex in enumerate(written):
        log = compile_fragment(tex, tmp_path / str(i)).log
        assert layout_problems(log) == [], tex
        assert "Overfull \\hbox" not in log


def _float(tex: str, model: str, tenor: str) -> tuple[str, list[list[str]]]:
    for label, _, rows in tabulars(tex):
        if f":{model}:" in label and not label.endswith(":set") and tenor in rows[0]:
            return label, rows
    raise AssertionError(f"no table of {model} with {tenor}")


def test_selloff_week_cells_match_the_csv(selloff_week_run: Path) -> None:
    csv = pd.read_csv(selloff_week_run / "attribution.csv")
    tex = (selloff_week_run / "attribution.tex").read_text()
    label, rows = _float(tex, "svar-hetero-daily", "10y")
    assert label.startswith("tab:default-attribute-2025-04-04-2025-04-11:attribution:")
    col = rows[0].index("10y")
    g = csv.loc[(csv["model"] == "svar_hetero_daily") & (csv["tenor"] == "10y")]
    for driver, name in (
        ("term_premium", "Term premium"),
        ("risk_on", "Growth / risk-on"),
    ):
        r = g.loc[g["driver"] == driver].iloc[0]
        at = next(i for i, row in enumerate(rows) if row[0] == name)
        point = rows[at][col].removesuffix("$^{\\ddagger}$")
        assert point == _tex_number(r["contribution_bp"])
        assert rows[at + 1][0] == ""  # the band sits under the estimate
        assert rows[at + 1][col] == (
            f"[{_tex_number(r['lower_bp'])}, {_tex_number(r['upper_bp'])}]"
        )
    # term premium +15.6 bp [-3.7, +30.6]; risk-on -6.5 bp: real minus signs
    tp = g.loc[g["driver"] == "term_premium"].iloc[0]
    assert tp["contribution_bp"] > 0 > tp["lower_bp"]
    risk = g.loc[g["driver"] == "risk_on", "contribution_bp"].iloc[0]
    assert risk < 0 and _tex_number(risk).startswith("$-$")
    actual = next(row for row in rows if row[0] == "Actual change")
    assert actual[col] == "47.0"  # DGS10 4.01 -> 4.48
    for part in tex.split("\\begin{table}")[1:]:
        assert "\\caption{" in part and "\\label{tab:" in part
        assert "\\textit{Notes:}" in part and "Identification (" in part
    for (_, _, rows), part in zip(
        tabulars(tex), tex.split("\\begin{table}")[1:], strict=True
    ):
        assert {len(row) for row in rows} == {column_spec(part)}
    # no hyphen used as a minus sign: before a number, or as a restriction's sign
    assert not re.search(r"(?<![\w.$])-\d|(?<= )-(?=[ ,;.)])", tex)


@needs_pdflatex
def test_termpremium_standalone(tmp_path: Path) -> None:
    args = ["termpremium", "--window", "2025-04-04:2025-04-11", "--standalone"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    name = "default_termpremium_2025-04-04_2025-04-11"
    a, b = tmp_path / "a" / name, tmp_path / "b" / name
    for f in ("termpremium.tex", "termpremium_standalone.tex"):
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    alone = (a / "termpremium_standalone.tex").read_text()
    assert alone.startswith("\\documentclass[10pt]{article}\n\\usepackage{booktabs}")
    assert (a / "termpremium.tex").read_text().rstrip("\n") in alone
    first = compile_document(a / "termpremium_standalone.tex", tmp_path / "pdf")
    assert layout_problems(first.log) == []
    again = compile_document(a / "termpremium_standalone.tex", tmp_path / "pdf")
    assert again.pdf == first.pdf
    log = compile_fragment(a / "termpremium.tex", tmp_path / "frag").log
    assert layout_problems(log) == []
    csv = pd.read_csv(a / "termpremium.csv")
    tp = csv.loc[(csv["driver"] == "term_premium") & (csv["tenor"] == "10y")].iloc[0]
    _, rows = _float(alone, "acm-termstructure", "10y")
    col = rows[0].index("10y")
    at = next(i for i, row in enumerate(rows) if row[0] == "Term premium")
    assert rows[at][col] == _tex_number(tp["contribution_bp"])
    assert rows[at + 1][col] == (
        f"[{_tex_number(tp['lower_bp'])}, {_tex_number(tp['upper_bp'])}]"
    )


@needs_pdflatex
def test_attribute_standalone(tmp_path: Path) -> None:
    assert (
        main(
            [
                "attribute",
                "--window",
                "2025-04",
                "--models",
                "ols_weekly",
                "--standalone",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    run = tmp_path / "default_attribute_2025-04"
    assert (run / "attribution.tex").exists()
    alone = run / "attribution_standalone.tex"
    assert (run / "attribution.tex").read_text().rstrip("\n") in alone.read_text()
    assert layout_problems(compile_document(alone, tmp_path / "pdf").log) == []


def test_default_run_writes_no_standalone(selloff_week_run: Path) -> None:
    assert not list(selloff_week_run.glob("*_standalone.tex"))


@pytest.mark.parametrize("command", ["attribute", "termpremium"])
def test_standalone_flag_has_help(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--standalone" in capsys.readouterr().out
