"""Flow-based bounds: closed form, spans, publication, and the publisher's own numbers.

Numbers read off the publisher's files (the fixtures are unedited lines of
../shared/data/raw; checked line by line when they were copied):

* H.4.1 ``WMTSECL1`` (FRED csv, $mn): 2025-04-02 2,929,255; 2025-04-09
  2,932,857; 2025-04-16 2,939,491 -> +3,602 $mn = +3.602 $bn in the week to
  9 April (the issue's +3.6).
* TIC SLT table 3, long-term Treasuries, net U.S. sales, 2025-04 ($mn):
  Foreign Official -5,692, Foreign Non-Official -52,761 (the issue's -5.7 and
  -52.8; they agree).
* CFTC TFF FinFutYY 2025, UST 10Y NOTE (043602), leveraged funds:
  2025-04-01 long 347,325 short 1,987,738; 2025-04-08 long 214,158 short
  2,087,845 -> net short +233,274 contracts (the issue's "grew by 233k").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from attribution.engine.flow_bounds import COLUMNS, IMPACT_ESTIMATES, flow_bounds
from attribution.exceptions import ModelSpecificationError, WindowError
from attribution.features.flows import (
    SLT_IDS,
    custody_levels_bn,
    leveraged_net_short_k,
    slt_net_purchases_bn,
)
from attribution.sources.cftc import parse_tff
from attribution.sources.fred import parse_fred_csv
from attribution.sources.tic_slt import parse_slt_long

WEDS = pd.date_range("2025-03-26", periods=6, freq="W-WED")
TUES = WEDS - pd.Timedelta(days=1)
APRIL = pd.DatetimeIndex(["2025-04-30"])


def _bounds(**kw: object) -> pd.DataFrame:
    args: dict[str, object] = {
        "base": "2025-04-02",
        "end": "2025-04-09",
        "custody": pd.Series(1000.0, index=WEDS),
        "slt_official": pd.Series([0.0], index=APRIL),
        "lev_net_10y_eq": pd.Series(500.0, index=TUES),
    }
    args.update(kw)
    return flow_bounds(**args).set_index("measure")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flow", "low", "high"), [(-10.0, 0.2, 10.0), (10.0, -10.0, -0.2), (0.0, 0.0, 0.0)]
)
def test_closed_form_sale_raises_purchase_lowers(
    flow: float, low: float, high: float
) -> None:
    custody = pd.Series(1000.0, index=WEDS)
    custody[WEDS > pd.Timestamp("2025-04-02")] += flow  # the week to 9 April
    row = _bounds(custody=custody).loc["official_custody"]
    assert row["flow_bn"] == pytest.approx(flow)
    assert row["contribution_low_bp"] == pytest.approx(low)
    assert row["contribution_high_bp"] == pytest.approx(high)
    assert row["impact_low_bp_per_100bn"] == 2.0
    assert row["impact_high_bp_per_100bn"] == 100.0
    assert row["tenor"] == "10y" and row["status"] == "bounded"


def test_columns_and_own_impact_range() -> None:
    custody = pd.Series(1000.0, index=WEDS)
    custody[WEDS > pd.Timestamp("2025-04-02")] -= 50.0
    table = _bounds(custody=custody, impact_range=(20.0, 60.0))
    assert list(table.reset_index().columns) == list(COLUMNS)
    row = table.loc["official_custody"]
    assert (row["contribution_low_bp"], row["contribution_high_bp"]) == (10.0, 30.0)


def test_custody_span_is_the_smallest_covering_wednesdays() -> None:
    custody = pd.Series(np.arange(6.0) * 10.0, index=WEDS)  # +10 a week
    # Friday 4 April to Friday 11 April: Wednesday 2 April to Wednesday 16 April
    row = _bounds(base="2025-04-04", end="2025-04-11", custody=custody)
    row = row.loc["official_custody"]
    assert row["span_start"] == pd.Timestamp("2025-04-02")
    assert row["span_end"] == pd.Timestamp("2025-04-16")
    assert row["flow_bn"] == pytest.approx(20.0)
    # a window from a Wednesday to a Wednesday is that one week
    row = _bounds(custody=custody).loc["official_custody"]
    assert (row["span_start"], row["span_end"]) == (WEDS[1], WEDS[2])
    assert row["flow_bn"] == pytest.approx(10.0)


def test_leveraged_unwind_is_a_sale_at_100k_face() -> None:
    lev = pd.Series(500.0, index=TUES)
    lev[TUES >= pd.Timestamp("2025-04-08")] -= 50.0  # short shrinks 50k contracts
    row = _bounds(base="2025-04-04", end="2025-04-11", lev_net_10y_eq=lev)
    row = row.loc["leveraged_cftc"]
    assert (row["span_start"], row["span_end"]) == (
        pd.Timestamp("2025-04-01"),
        pd.Timestamp("2025-04-15"),
    )
    # 50,000 contracts x $100,000 = $5bn sold -> +0.1 .. +5 bp
    assert row["flow_bn"] == pytest.approx(-5.0)
    assert row["contribution_low_bp"] == pytest.approx(0.1)
    assert row["contribution_high_bp"] == pytest.approx(5.0)
    assert "unwind" in row["note"] and "$100k" in row["note"]


def test_holiday_monday_report_is_used_for_its_week() -> None:
    dates = TUES.copy().to_series()
    dates.iloc[3] = pd.Timestamp("2025-04-14")  # a Monday report
    lev = pd.Series([500.0, 500.0, 500.0, 480.0, 480.0, 480.0], index=dates.values)
    row = _bounds(base="2025-04-04", end="2025-04-11", lev_net_10y_eq=lev)
    row = row.loc["leveraged_cftc"]
    assert row["span_end"] == pd.Timestamp("2025-04-14")
    assert row["flow_bn"] == pytest.approx(-2.0)


def test_slt_whole_month_not_pro_rated_unless_asked() -> None:
    slt = pd.Series([-22.0], index=APRIL)
    table = _bounds(base="2025-04-04", end="2025-04-11", slt_official=slt)
    row = table.loc["official_slt"]
    assert row["flow_bn"] == -22.0
    # April 2025 has 22 weekdays; the window (4, 11] holds 5 of them
    assert "5 of 22 business days" in row["note"] and "not pro-rated" in row["note"]
    row = _bounds(
        base="2025-04-04", end="2025-04-11", slt_official=slt, prorate_slt=True
    ).loc["official_slt"]
    assert row["flow_bn"] == pytest.approx(-5.0)
    assert "pro-rated" in row["note"]


def test_slt_window_spanning_two_months_sums_them() -> None:
    slt = pd.Series([10.0, -30.0], index=pd.DatetimeIndex(["2025-03-31", APRIL[0]]))
    row = _bounds(base="2025-03-25", end="2025-04-09", slt_official=slt)
    row = row.loc["official_slt"]
    assert row["flow_bn"] == -20.0
    assert (row["span_start"], row["span_end"]) == (
        pd.Timestamp("2025-03-01"),
        pd.Timestamp("2025-04-30"),
    )


def test_unpublished_data_is_a_nan_row_with_the_reason() -> None:
    table = _bounds(base="2025-04-04", end="2025-04-11", as_of="2025-04-11")
    assert (table["status"] == "not_published").all()
    assert (
        table[["flow_bn", "contribution_low_bp", "contribution_high_bp"]]
        .isna()
        .all()
        .all()
    )
    assert "2025-06-19" in table.loc["official_slt", "note"]  # 30 April + 50 days
    # by 19 June everything is out
    table = _bounds(base="2025-04-04", end="2025-04-11", as_of="2025-06-19")
    assert (table["status"] == "bounded").all()


def test_data_absent_from_the_series_is_missing_not_zero() -> None:
    table = _bounds(
        base="2025-04-04",
        end="2025-04-11",
        slt_official=pd.Series([1.0], index=pd.DatetimeIndex(["2025-03-31"])),
        custody=pd.Series(1000.0, index=WEDS[:3]),
    )
    for measure in ("official_slt", "official_custody"):
        assert table.loc[measure, "status"] == "missing"
        assert np.isnan(table.loc[measure, "contribution_high_bp"])
    assert "2025-04-16" in table.loc["official_custody", "note"]


@pytest.mark.parametrize(
    ("kw", "err", "match"),
    [
        ({"end": "2025-04-01"}, WindowError, "`end` must be after base 2025-04-02"),
        ({"base": "not a date"}, WindowError, "`base` must be a date"),
        ({"impact_range": (5.0, 1.0)}, ModelSpecificationError, r"impact_range\[1\]"),
        ({"impact_range": (-1.0, 1.0)}, ModelSpecificationError, r"impact_range\[0\]"),
        ({"impact_range": 3.0}, ModelSpecificationError, "must be a pair"),
        (
            {"custody": [1.0, 2.0]},
            ModelSpecificationError,
            "`custody` must be a Series",
        ),
        (
            {
                "lev_net_10y_eq": pd.Series(
                    [1.0, 2.0], index=pd.DatetimeIndex(["2025-04-07", "2025-04-08"])
                )
            },
            ModelSpecificationError,
            "`lev_net_10y_eq` must be one value per cftc week",
        ),
        (
            {"slt_official": pd.Series([1.0, 2.0], index=APRIL.repeat(2))},
            ModelSpecificationError,
            "`slt_official` must be sorted by date without repeats",
        ),
    ],
)
def test_bad_input_raises_the_projects_errors(
    kw: dict[str, object], err: type[Exception], match: str
) -> None:
    with pytest.raises(err, match=match):
        _bounds(**kw)


def test_impact_estimates_name_the_papers() -> None:
    studies = " ".join(e.study for e in IMPACT_ESTIMATES)
    for name in ("Warnock", "Beltran", "IMF", "Ahmed"):
        assert name in studies


# ----------------------------------------------------------------------------
# April 2025 off the publisher's files
# ----------------------------------------------------------------------------
def _publisher_inputs(fixtures_dir: Path) -> dict[str, pd.Series]:
    h41 = parse_fred_csv((fixtures_dir / "h41/WMTSECL1.csv").read_bytes(), "h41")
    weekly = h41.pivot(index="date", columns="series_id", values="value")
    name = "tic/slt_table3_excerpt.txt"
    slt = parse_slt_long((fixtures_dir / name).read_bytes(), name, 3)
    monthly = slt.pivot(index="date", columns="series_id", values="value")
    tff = parse_tff((fixtures_dir / "cftc/FinFutYY_2025_apr.txt").read_bytes(), "t")
    wide = tff.pivot(index="date", columns="series_id", values="value")
    return {
        "custody": custody_levels_bn(weekly),
        "slt_official": slt_net_purchases_bn(monthly, "official"),
        "slt_private": slt_net_purchases_bn(monthly, "private"),
        "tff_10y_only": leveraged_net_short_k(
            wide,
            {
                "2y": 0.0,
                "5y": 0.0,
                "10y": 64.0,
                "ultra10y": 0.0,
                "bond": 0.0,
                "ultrabond": 0.0,
            },
        ),
        "tff": leveraged_net_short_k(wide),
    }


def test_april_2025_off_the_publishers_files(fixtures_dir: Path) -> None:
    data = _publisher_inputs(fixtures_dir)
    assert SLT_IDS["official"].startswith("TIC_SLT3.Foreign Official")
    table = flow_bounds(
        "2025-04-02",
        "2025-04-08",
        data["custody"],
        data["slt_official"],
        data["tff_10y_only"],
        slt_private=data["slt_private"],
    ).set_index("measure")
    custody = table.loc["official_custody"]
    assert (custody["span_start"], custody["span_end"]) == (
        pd.Timestamp("2025-04-02"),
        pd.Timestamp("2025-04-09"),
    )
    assert custody["flow_bn"] == pytest.approx(3.602, abs=1e-9)
    assert table.loc["official_slt", "flow_bn"] == pytest.approx(-5.692, abs=1e-9)
    assert table.loc["private_slt", "flow_bn"] == pytest.approx(-52.761, abs=1e-9)
    # -5.692 $bn official sale: +0.11384 .. +5.692 bp
    assert table.loc["official_slt", "contribution_low_bp"] == pytest.approx(0.11384)
    assert table.loc["official_slt", "contribution_high_bp"] == pytest.approx(5.692)
    lev = table.loc["leveraged_cftc"]
    assert (lev["span_start"], lev["span_end"]) == (
        pd.Timestamp("2025-04-01"),
        pd.Timestamp("2025-04-08"),
    )
    # 10y note only: +233,274 contracts of net short = $23.3274bn cash bought
    assert lev["flow_bn"] == pytest.approx(23.3274, abs=1e-9)
    assert "grew" in lev["note"]
