"""report.md reads on its own: its numbers checked against independent sources.

The answer and the consensus range against attribution.csv (read back, not the
code's objects); the day-by-day 10y column and the historical rank against the
FRED publisher files (tests/fixtures/fred/DGS10_2005_full.csv and
DGS30_2005_full.csv: fredgraph.csv?id=DGS10 / DGS30, the full files as
downloaded, 2005-01-03 to 2026-02-20), counted by brute force here.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "fred"
TENORS = ("2y", "5y", "10y", "30y")
#: the report's channel names -> the CSV's driver names (written out here)
CHANNEL_DRIVERS = {
    "term premium": {"term_premium"},
    "flight to safety": {"flight_to_safety"},
    "sell America": {"sell_america"},
    "growth / risk-on": {"risk_on"},
    "basis unwind / deleveraging": {"basis_unwind", "basis_deleveraging"},
    "policy expectations": {"policy", "policy_expectations"},
    "expected policy path (ACM)": {"expected_path"},
}


@pytest.fixture(scope="module")
def selloff(selloff_week_run: Path) -> Path:
    return selloff_week_run


def _section(md: str, title: str) -> str:
    start = md.index(f"\n{title}\n")
    nxt = re.search(r"\n## ", md[start + len(title) + 2 :])
    end = start + len(title) + 2 + nxt.start() if nxt else len(md)
    return md[start:end]


def _channel_rows(t: pd.DataFrame) -> pd.DataFrame:
    return t.loc[t["role"].isin(["driver", "shock"]) & (t["status"] != "not_estimated")]


def _excludes_zero(r: pd.Series) -> bool:
    if r["status"] == "set_identified":
        lo, hi = r["set_band_lower_bp"], r["set_band_upper_bp"]
    else:
        lo, hi = r["lower_bp"], r["upper_bp"]
    return bool(lo > 0 or hi < 0)


@pytest.mark.parametrize("which", ["selloff", "month"])
def test_answer_paragraph_quotes_the_csv(
    which: str, selloff_week_run: Path, april_month_run: Path
) -> None:
    folder = selloff_week_run if which == "selloff" else april_month_run
    md = (folder / "report.md").read_text()
    answer = _section(md, "## The answer")
    t = pd.read_csv(folder / "attribution.csv")
    # the actual move of each tenor
    for tenor in TENORS:
        a = t.loc[(t["tenor"] == tenor) & (t["driver"] == "actual"), "contribution_bp"]
        assert f"{tenor} {a.iloc[0]:+.1f}" in answer
    rows = _channel_rows(t)
    assert len(rows)
    for model, g in rows.groupby("model"):
        assert f"`{model}`" in answer
        named = g.loc[[_excludes_zero(r) for _, r in g.iterrows()]]
        if model == "svar_hetero_daily":
            continue  # weak identification: nothing is named (checked below)
        if len(named):
            for _, r in named.loc[named["tenor"].isin(TENORS)].iterrows():
                assert f"{r['tenor']}: " in answer
                assert f"{r['contribution_bp']:+.1f} bp" in answer, (model, r["driver"])
        else:
            g10 = g.loc[g["tenor"] == "10y"]
            top = g10.loc[g10["contribution_bp"].abs().idxmax()]
            assert f"{top['contribution_bp']:+.1f} bp" in answer, model
            if top["status"] == "set_identified":
                lo, hi = top["set_band_lower_bp"], top["set_band_upper_bp"]
                band = f"[{lo:+.1f}, {hi:+.1f}]"
            else:
                band = f"[{top['lower_bp']:+.1f}, {top['upper_bp']:+.1f}]"
            assert band in answer, model
    # the models that estimated nothing are said to be not estimated
    for model in set(t["model"]) - set(rows["model"]):
        assert f"`{model}`" in answer.split("Not estimated for this window:")[1]


def test_selloff_answer_names_exactly_the_acm_rows_whose_band_excludes_zero(
    selloff: Path,
) -> None:
    """The answer names an ACM channel iff its band excludes zero (read off the CSV)."""
    answer = _section((selloff / "report.md").read_text(), "## The answer")
    t = pd.read_csv(selloff / "attribution.csv")
    acm = t.loc[(t["model"] == "acm_termstructure")
                & t["driver"].isin(["term_premium", "expected_path"])]  # fmt: skip
    named = 0
    for r in acm.to_dict("records"):
        label = str(r["driver"]).replace("_", " ")
        text = f"{r['tenor']}: {label} {r['contribution_bp']:+.1f} bp "
        text += f"[{r['lower_bp']:+.1f}, {r['upper_bp']:+.1f}]"
        excludes = r["lower_bp"] > 0 or r["upper_bp"] < 0
        assert (text in answer) == excludes, text
        named += excludes
    assert named >= 1  # the 5y term premium, [+1.0, +50.2] bp
    assert "svar_hetero_daily" in answer and "no channel's band excludes zero" in answer


def _table(md: str, header_start: str) -> list[list[str]]:
    lines = md.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith(header_start))
    out = []
    for line in lines[i + 2 :]:
        if not line.startswith("|"):
            break
        out.append([c.strip() for c in line.strip("|").split("|")])
    return [[c.strip() for c in lines[i].strip("|").split("|")], *out]


def _fred(name: str) -> pd.Series:
    raw = pd.read_csv(FIX / name, parse_dates=["observation_date"])
    s = raw.set_index("observation_date").iloc[:, 0]
    return pd.to_numeric(s, errors="coerce").dropna()


def test_day_by_day_10y_is_the_publisher_file(selloff: Path) -> None:
    md = (selloff / "report.md").read_text()
    head, *rows = _table(md, "| date | 2y %")
    col = head.index("10y %")
    got = {r[0]: float(r[col]) for r in rows}
    assert got["2025-04-04"] == 4.01 and got["2025-04-11"] == 4.48
    dgs10 = _fred("DGS10_2005_full.csv")
    want = dgs10.loc["2025-04-04":"2025-04-11"]
    assert list(got) == [f"{d:%Y-%m-%d}" for d in want.index]
    assert list(got.values()) == pytest.approx(want.to_list(), abs=1e-9)


def _brute_rank(levels: pd.Series, base: str, end: str) -> tuple[int, pd.Timestamp]:
    """Rank of the base->end change among earlier same-length rises (loop)."""
    y = levels.to_numpy()
    d = levels.index
    i_base, i_end = d.get_loc(pd.Timestamp(base)), d.get_loc(pd.Timestamp(end))
    k = i_end - i_base
    value = y[i_end] - y[i_base]
    larger, last = 0, None
    for i in range(k, i_base + 1):
        days = np.busday_count(d[i - k].date(), d[i].date())
        if days > k + 3:
            continue  # spans a data gap
        ch = y[i] - y[i - k]
        if ch > value + 1e-12:
            larger += 1
        if ch >= value - 1e-12:
            last = d[i]
    assert last is not None
    return larger + 1, last


@pytest.mark.parametrize(
    ("tenor", "file"), [("10y", "DGS10_2005_full.csv"), ("30y", "DGS30_2005_full.csv")]
)
def test_historical_rank_against_a_brute_force_count(
    selloff: Path, tenor: str, file: str
) -> None:
    md = (selloff / "report.md").read_text()
    head, *rows = _table(md, "| tenor | base_pct")
    row = next(r for r in rows if r[0] == tenor)
    rank, since = _brute_rank(_fred(file), "2025-04-04", "2025-04-11")
    assert int(row[head.index("window_rank")]) == rank
    assert row[head.index("window_largest_since")] == f"{since:%Y-%m-%d}"
    assert f"since {since:%B %Y} (rank {rank} since 2005)" in md
    if tenor == "30y":  # the 30y's largest 5-day rise since March 2020
        assert "the 30y rose 44 bp, its largest 5-day rise since March 2020" in md


def test_consensus_range_is_min_max_of_the_csv(selloff: Path) -> None:
    md = (selloff / "report.md").read_text()
    head, *rows = _table(md, "| channel | tenor | models |")
    t = _channel_rows(pd.read_csv(selloff / "attribution.csv"))
    seen = 0
    for r in rows:
        channel, tenor, models = r[0], r[1], r[2].split(", ")
        g = t.loc[(t["tenor"] == tenor) & t["model"].isin(models)]
        g = g.loc[g["driver"].isin(CHANNEL_DRIVERS[channel])]
        assert sorted(g["model"]) == sorted(models), (channel, tenor)
        pts = g["contribution_bp"]
        points = f"[{pts.min():+.1f}, {pts.max():+.1f}]"
        bands = f"[{g['lower_bp'].min():+.1f}, {g['upper_bp'].max():+.1f}]"
        assert r[3] == points and r[4] == bands, (channel, tenor)
        seen += 1
    assert seen >= 20


def test_figures_are_pngs_and_linked(selloff: Path) -> None:
    md = (selloff / "report.md").read_text()
    links = re.findall(r"\]\((figures/[^)]+\.png)\)", md)
    assert "figures/daily_path.png" in links
    assert "figures/positioning_custody.png" in links
    assert "figures/waterfall_acm_termstructure.png" in links
    assert "figures/decomposition_svar_hetero_daily.png" in links
    assert "figures/irf_svar_hetero_daily.png" in links
    # nothing drawn for a model that estimated nothing
    assert not any("ols_weekly" in x or "svar_chol_weekly" in x for x in links)
    for rel in links:
        data = (selloff / rel).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", rel


def test_sections_in_order_and_diagnostics_level(selloff: Path) -> None:
    md = (selloff / "report.md").read_text()
    order = ["## The answer\n", "## The facts of the episode", "### Day by day",
             "## The attribution tables", "### Consensus range per channel",
             "## Flow-based bounds", "## Validation against flows", "## Diagnostics",
             "## What the data cannot identify", "## Figures"]  # fmt: skip
    where = [md.index(s) for s in order]
    assert where == sorted(where)
    diag = _section(md, "## Diagnostics")
    assert "Level run: **basic**" in diag and "Ljung-Box" in diag and "R²" in diag
    assert "`report.diagnostics: full`" in diag


def test_reports_carry_no_text_for_developers(
    selloff: Path, april_month_run: Path
) -> None:
    for folder in (selloff, april_month_run):
        for md in folder.glob("*.md"):
            text = md.read_text().lower()
            for word in ("issue", "brief", "todo", "the task"):
                assert word not in text, (md.name, word)


@pytest.mark.slow
def test_full_diagnostics_rerun_the_sign_model(tmp_path: Path) -> None:
    """report.diagnostics: full adds the sensitivity table (about 25 reruns)."""
    from attribution.cli import main

    cfg = tmp_path / "full.yaml"
    cfg.write_text('window: "2025-04-04:2025-04-11"\n'
                   "attribution:\n  models: [svar_sign_daily]\n"
                   "report:\n  diagnostics: full\n")  # fmt: skip
    with pytest.warns(Warning):
        assert main(["attribute", "--config", str(cfg), "--out", str(tmp_path)]) == 0
    md = next(tmp_path.glob("*/report.md")).read_text()
    diag = _section(md, "## Diagnostics")
    assert "Level run: **full**" in diag
    head, *rows = _table(md, "| variant |")
    labels = [r[0] for r in rows]
    assert labels[0] == "baseline" and "seed+1" in labels and "n_lags=2" in labels
    assert any(x.startswith("start=") for x in labels)
    assert sum(x.startswith("drop ") for x in labels) == 21
    assert "Largest move of a point away from the baseline rerun" in diag



def test_weekly_var_rsquared_in_the_report_matches_a_hand_ols(
    april_month_run: Path,
) -> None:
    """The month's weekly VAR(2) R² per equation against numpy least squares.

    The data come from the public API (``weekly_var_data``), the regression
    is written out here: constant and two lags of every variable.
    """
    import attribution as at

    md = (april_month_run / "report.md").read_text()
    line = next(x for x in md.splitlines() if x.startswith("- Fit of the weekly VAR"))
    m = re.search(r"VAR\((\d)\).*\((\S+)\.\.(\S+), (\d+) weeks\), R² per equation: "
                  r"(.*)\.$", line)  # fmt: skip
    assert m is not None, line
    p, start, end = int(m.group(1)), m.group(2), m.group(3)
    shown = {k: float(v) for k, v in (x.split() for x in m.group(5).split(", "))}
    d = at.weekly_var_data(at.load_panel(), start, end)
    y = d.to_numpy()
    x = np.column_stack([np.ones(len(y) - p), *[y[p - k : len(y) - k] for k in
                                                range(1, p + 1)]])  # fmt: skip
    coef, *_ = np.linalg.lstsq(x, y[p:], rcond=None)
    u, yy = y[p:] - x @ coef, y[p:]
    hand = 1.0 - (u**2).sum(axis=0) / ((yy - yy.mean(axis=0)) ** 2).sum(axis=0)
    assert int(m.group(4)) == len(yy)
    assert list(shown) == list(d.columns)
    np.testing.assert_allclose(list(shown.values()), hand, atol=5e-4)
    assert "- Residual checks of that weekly VAR: Ljung-Box on the y10 equation" in md
