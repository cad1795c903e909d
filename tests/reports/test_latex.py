"""The LaTeX writer on made-up tables (labelled as such): numbers, layout, errors.

The expected cells are typed out by hand from the made-up numbers, and the
width checks are pdflatex's own overfull-hbox warnings, not the writer's
width estimate.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.engine.result import COLUMNS, AttributionResult
from attribution.exceptions import OutputError
from attribution.reports.latex import (
    number,
    standalone_text,
    tex_escape,
    to_latex_text,
)
from tests.reports.texcheck import (
    column_spec,
    compile_document,
    compile_fragment,
    layout_problems,
    needs_pdflatex,
    tabulars,
)

TENORS = ["2y", "5y", "10y", "30y", "10y_real", "10y_breakeven", "10y_tp_kw"]


def _row(
    model: str,
    tenor: str,
    driver: str,
    role: str,
    value: float,
    status: str = "estimated",
    note: str = "",
) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(COLUMNS, np.nan)
    row.update(
        model=model,
        identification="made up for a test; 75% & a_b",
        tenor=tenor,
        driver=driver,
        role=role,
        contribution_bp=value,
        std_err_bp=1.0,
        lower_bp=value - 7.65,
        upper_bp=value + 1.25,
        status=status,
        note=note,
        level=0.95,
        window="2025-04",
        base_date="2025-03-31",
        end_date="2025-04-30",
    )
    if status == "set_identified":
        row.update(
            set_lower_bp=value - 20.0,
            set_upper_bp=value + 10.0,
            set_band_lower_bp=value - 30.0,
            set_band_upper_bp=value + 20.0,
        )
    return row


def made_up(model: str = "svar_sign_daily", scale: float = 1.0) -> AttributionResult:
    """A made-up seven-tenor table: one set-identified shock, a baseline, actual."""
    rows = []
    for i, tenor in enumerate(TENORS):
        shock = scale * (-2.34 - i)
        base = 0.01 * (i - 3)  # rounds to 0.0 (or -0.0) everywhere
        rows += [
            _row(
                model,
                tenor,
                "term_premium",
                "shock",
                shock,
                "set_identified",
                "reversed: test" if i == 0 else "",
            ),
            _row(model, tenor, "baseline", "deterministic", base),
            _row(model, tenor, "actual", "actual", shock + base, "exact"),
        ]
    return AttributionResult(pd.DataFrame(rows, columns=list(COLUMNS)))


def test_numbers_have_real_minus_signs_and_one_decimal() -> None:
    assert number(-12.34) == "$-$12.3"
    assert number(7.06) == "7.1"
    assert number(-0.04) == "0.0" and number(0.04) == "0.0"
    assert number(-160.0) == "$-$160.0"


def test_escape() -> None:
    assert tex_escape("75% a_b & c #1 $x") == r"75\% a\_b \& c \#1 \$x"
    # a minus before a number becomes a real minus; hyphens in dates do not
    assert tex_escape("10y -6.0 bp, 2025-04-04") == "10y $-$6.0 bp, 2025-04-04"
    assert tex_escape("a<b>c") == "a$<$b$>$c"
    assert tex_escape("usd -, equity -; y2 - y30 +") == (
        "usd $-$, equity $-$; y2 $-$ y30 +"
    )


def test_cells_bands_under_estimates_and_labels() -> None:
    tex = to_latex_text(made_up(), "Made-up table, 2025-04.", label="run_1:attribution")
    floats = tabulars(tex)
    labels = [label for label, _, _ in floats]
    assert len(set(labels)) == len(labels)
    assert labels == [
        "tab:run-1:attribution:svar-sign-daily:2y-5y-10y-30y",
        "tab:run-1:attribution:svar-sign-daily:2y-5y-10y-30y:set",
        "tab:run-1:attribution:svar-sign-daily:10y-real-10y-breakeven-10y-tp-kw",
        "tab:run-1:attribution:svar-sign-daily:10y-real-10y-breakeven-10y-tp-kw:set",
    ]
    label, caption, rows = floats[0]
    assert caption.startswith("Made-up table, 2025-04: daily SVAR, sign restrictions")
    assert rows[0] == ["", "2y", "5y", "10y", "30y"]
    tp = rows.index(next(r for r in rows if r[0] == "Term premium"))
    # 10y: -2.34 - 2 = -4.34; band [-4.34 - 7.65, -4.34 + 1.25]
    assert rows[tp][3] == "$-$4.3"
    assert rows[tp + 1][3] == "[$-$12.0, $-$3.1]"
    assert rows[tp][1] == "$-$2.3$^{\\dagger}$"  # reversed sign is flagged
    base = next(r for r in rows if r[0] == "Baseline forecast")
    assert base[1:] == ["0.0"] * 4  # -0.03 .. 0.00 round to 0.0, not -0.0
    _, _, set_rows = floats[1]
    tp = set_rows.index(next(r for r in set_rows if r[0] == "Term premium"))
    assert set_rows[tp][3] == r"\{$-$24.3, 5.7\}"
    assert set_rows[tp + 1][3] == r"$\langle$$-$34.3, 15.7$\rangle$"
    for part in tex.split("\\begin{table}")[1:]:
        assert "\\caption{" in part and "\\textit{Notes:}" in part
        assert "basis points, rounded to one decimal" in part
        assert "95\\% " in part and "LaTeX packages: booktabs." in part
        assert "made up for a test; 75\\% \\& a\\_b" in part
    for (_, _, rows), part in zip(floats, tex.split("\\begin{table}")[1:], strict=True):
        assert {len(r) for r in rows} == {column_spec(part)}


def test_same_result_same_text() -> None:
    a = to_latex_text(made_up(), "T.", label="x:y")
    assert a == to_latex_text(made_up(), "T.", label="x:y")


def test_nan_estimate_is_an_error() -> None:
    result = made_up()
    t = result.table.copy()
    t.loc[(t["driver"] == "baseline") & (t["tenor"] == "5y"), "upper_bp"] = np.nan
    with pytest.raises(
        OutputError,
        match=r"`upper_bp` is NaN .*'5y', driver "
        r"'baseline'",
    ):
        to_latex_text(AttributionResult(t), "T.")


@needs_pdflatex
@pytest.mark.parametrize("scale", [1.0, 10.0])
def test_compiles_and_fits_the_page(scale: float, tmp_path: Path) -> None:
    """Three-digit numbers with minus signs force narrower blocks, still no overfull."""
    tex = to_latex_text(made_up(scale=scale), "Made-up table.", label="t:u")
    (tmp_path / "t.tex").write_text(tex)
    first = compile_fragment(tmp_path / "t.tex", tmp_path / "a")
    assert layout_problems(first.log) == []
    assert "Overfull \\hbox" not in first.log
    assert compile_fragment(tmp_path / "t.tex", tmp_path / "a").pdf == first.pdf
    widths = {len(r[0]) for _, _, r in tabulars(tex)}
    assert max(widths) <= 5 and (scale == 1.0 or min(widths) < 5)
    (tmp_path / "s.tex").write_text(standalone_text(tex))
    alone = compile_document(tmp_path / "s.tex", tmp_path / "c")
    assert layout_problems(alone.log) == []
