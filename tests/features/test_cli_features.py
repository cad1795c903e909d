"""`python cli.py features` end to end on the bundled snapshot; the config section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main
from attribution.config.load import config_from_dict
from attribution.exceptions import ConfigError

FILES = {
    "features.csv",
    "features.md",
    "curve.png",
    "divergence.png",
    "positioning.png",
    "holdings.png",
    "manifest.json",
}


@pytest.fixture(scope="module")
def april(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["features", "--window", "2025-04", "--out", str(out)]) == 0
    return out / "default_features_2025-04"


def test_writes_the_files(april: Path) -> None:
    assert {p.name for p in april.iterdir()} == FILES
    for name in FILES - {"features.csv", "features.md", "manifest.json"}:
        assert (april / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_csv_holds_the_window_facts(april: Path) -> None:
    t = pd.read_csv(april / "features.csv")
    assert list(t.columns) == ["date", "family", "feature", "value", "label", "units"]
    cw = t.loc[t["family"] == "curve_window"].set_index("feature")["value"]
    # FRED: DGS10 4.23 (2025-03-31) -> 4.17 (2025-04-30); DGS30 4.59 -> 4.66
    assert cw["10y.change_bp"] == pytest.approx(-6.0, abs=1e-6)
    assert cw["30y.change_bp"] == pytest.approx(7.0, abs=1e-6)
    cu = t.loc[t["family"] == "custody"].set_index("date")["value"]
    assert cu["2025-04-30"] == pytest.approx(-26.618, abs=1e-6)
    tic = t.loc[t["family"] == "tic"].set_index("feature")["value"]
    assert tic["Japan.chg_1m_bn"] == pytest.approx(3.7, abs=1e-6)


def test_markdown_reports_every_section(april: Path) -> None:
    md = (april / "features.md").read_text()
    for heading in (
        "## Curve moves",
        "### Steepening type",
        "## FX-differential divergence",
        "## Positioning",
        "## Holdings",
        "## Dollar-liquidity stress",
        "## Cross-asset",
        "## Auctions in the window",
        "## Leverage arithmetic",
    ):
        assert heading in md
    assert "Triple decline: n/a" in md
    assert "| 2s10s | -29 | -6 | -17.5 | +23 | bull steepening |" in md


def test_unknown_features_key_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown key `features.curve.kdays`"):
        config_from_dict({"features": {"curve": {"kdays": 3}}})
    with pytest.raises(ConfigError, match="features.curve.k_days"):
        config_from_dict({"features": {"curve": {"k_days": 0}}})


def test_markdown_has_the_day_by_day_table(april: Path) -> None:
    """The 10y column is DGS10 as FRED publishes it (tests/fixtures/fred/DGS10.csv)."""
    md = (april / "features.md").read_text()
    lines = md.splitlines()
    i = lines.index("## Day by day")
    head = [c.strip() for c in lines[i + 2].strip("|").split("|")]
    rows = []
    for line in lines[i + 4 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    fred = pd.read_csv(Path(__file__).parents[1] / "fixtures" / "fred" / "DGS10.csv")
    want = fred.set_index("observation_date")["DGS10"].dropna()
    want = want.loc["2025-03-31":"2025-04-30"]
    got = {r[0]: float(r[head.index("10y %")]) for r in rows}
    assert got == pytest.approx(want.to_dict(), abs=1e-9)
    assert got["2025-03-31"] == 4.23 and got["2025-04-30"] == 4.17
