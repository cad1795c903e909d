"""examples/quickstart.py runs cell by cell and reproduces the CLI's numbers."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quickstart.py"

#: svar_chol_weekly, 10y rows of `python cli.py attribute --window 2025-04`
#: (attribution.csv at main b3b5639, 4 decimals).
APRIL_10Y = {
    "baseline": 6.4965,
    "custody": -0.7964,
    "lev_net": -1.1293,
    "dollar": -23.8110,
    "y2": -10.9628,
    "y5": 21.5244,
    "y10": 5.8802,
    "y30": -0.2016,
}


def _cells(path: Path) -> list[str]:
    """The code cells of a percent-format script (markdown cells dropped)."""
    cells, current, markdown = [], [], False
    for line in path.read_text().splitlines():
        if line.startswith("# %%"):
            if current and not markdown:
                cells.append("\n".join(current))
            current, markdown = [], "[markdown]" in line
        else:
            current.append(line)
    if current and not markdown:
        cells.append("\n".join(current))
    return cells


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("example")
    ns: dict[str, object] = {"__file__": str(EXAMPLE), "__name__": "__main__"}
    mp = pytest.MonkeyPatch()
    mp.setenv("ATTRIBUTION_EXAMPLE_OUT", str(out / "figures"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, cell in enumerate(_cells(EXAMPLE)):
                exec(compile(cell, f"{EXAMPLE}:cell{i}", "exec"), ns)  # noqa: S102
            assert main(["attribute", "--window", "2025-04-04:2025-04-11",
                         "--config", str(EXAMPLE.with_name("quickstart.yaml")),
                         "--models", "svar_sign_daily",
                         "--out", str(out / "cli")]) == 0  # fmt: skip
    finally:
        mp.undo()
    ns["_out"] = out
    return ns


def test_the_example_writes_its_figures(example) -> None:  # noqa: ANN001
    figures = example["_out"] / "figures"
    assert sorted(p.name for p in figures.iterdir()) == [
        "april_weekly_hd_y10.png",
        "selloff_week_daily_sign.png",
    ]
    assert round(example["selloff_bp"]) == 47  # H.15: 4.01% -> 4.48%


def test_the_example_attribution_is_the_cli_csv(example) -> None:  # noqa: ANN001
    run = example["_out"] / "cli" / "default_attribute_2025-04-04_2025-04-11"
    assert example["res"].to_csv() == (run / "attribution.csv").read_text()


def test_the_example_var_reproduces_the_april_report(example) -> None:  # noqa: ANN001
    got = example["april_10y"]
    assert isinstance(got, pd.Series)
    for shock, value in APRIL_10Y.items():
        assert round(float(got[shock]), 4) == pytest.approx(value, abs=1e-4), shock


def test_docs_quickstart_is_the_example_code() -> None:
    """docs/api.md's Quickstart code blocks are the example's code cells, in order."""
    text = (EXAMPLE.parents[1] / "docs" / "api.md").read_text()
    section = text.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    parts = section.split("```python\n")[1:]
    blocks = [b.split("```", 1)[0].strip("\n") for b in parts]
    assert blocks == [c.strip("\n") for c in _cells(EXAMPLE) if c.strip()]
