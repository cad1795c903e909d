"""The term-structure run on a simulated affine world, and its building blocks.

Truths are the simulation's own term premium, hand-built par curves whose
month ends are read off by eye, and closed forms of the agreement statistics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from attribution.config.termpremium_section import TermPremiumSection
from attribution.engine.termstructure import TermStructureSpec
from attribution.engine.termstructure_agreement import compare
from attribution.engine.termstructure_fit import estimate_acm, month_ends
from attribution.engine.termstructure_run import (
    TermStructureInputs,
    run_term_structure,
    window_term_structure,
)
from attribution.exceptions import EmptySampleError
from attribution.models.termstructure import simulate_world
from attribution.models.termstructure.simulate import default_world

TENORS = {"3m": 3, "6m": 6, "1y": 12, "2y": 24, "3y": 36, "5y": 60, "7y": 84}
TENORS |= {"10y": 120}
OPTIONS = TermPremiumSection(presample="none", n_boot=19)


class MemoryCache:
    """A FrameCache in memory that counts its reads and writes."""

    def __init__(self) -> None:
        self.frames: dict[tuple[str, str], pd.DataFrame] = {}
        self.hits = 0

    def read(self, source: str, key: str) -> pd.DataFrame | None:
        frame = self.frames.get((source, key))
        self.hits += frame is not None
        return None if frame is None else frame.copy()

    def write(self, source: str, key: str, frame: pd.DataFrame) -> None:
        self.frames[(source, key)] = frame.copy()


def test_month_ends_are_each_tenors_last_close_at_the_calendar_month_end() -> None:
    days = pd.to_datetime(
        ["2024-01-30", "2024-01-31", "2024-02-27", "2024-02-28", "2024-03-15"]
    )
    par = pd.DataFrame(
        {"2y": [4.0, 4.1, 4.2, 4.3, 4.4], "10y": [3.9, 4.0, 4.15, np.nan, 4.5]},
        index=days,
    )
    out = month_ends(par)
    # March's last close (the 15th) is 16 days before its end: no month end;
    # February's 10y is the 27th's (no 10y close on the 28th)
    assert list(out.index) == list(pd.to_datetime(["2024-01-31", "2024-02-29"]))
    assert out["2y"].tolist() == [4.1, 4.3]
    assert out["10y"].tolist() == [4.0, 4.15]


def test_compare_closed_form() -> None:
    idx = pd.date_range("2024-01-31", periods=5, freq="ME")
    ref = pd.Series([1.0, 1.2, 1.1, 1.4, 1.3], index=idx)
    ours = ref + pd.Series([0.01, 0.01, 0.01, 0.01, 0.05], index=idx)
    s = compare(ours, ref)
    assert s["n"] == 5
    assert s["mean_gap_bp"] == pytest.approx((4 * 1 + 5) / 5)
    assert s["rmse_bp"] == pytest.approx(np.sqrt((4 * 1 + 25) / 5))
    assert s["max_gap_bp"] == pytest.approx(5.0)
    assert s["max_gap_date"] == "2024-05-31"
    assert compare(ours.iloc[:2], ref)["n"] == 2  # too few: only the count


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, pd.DataFrame]:
    zero, true_tp, _ = simulate_world(default_world(), 300, seed=3)
    # the simulated zero yields stand in for the par curve (a known curve the
    # NSS fits smooth; par minus zero is then the NSS fit error only)
    par = pd.DataFrame({t: zero[n] for t, n in TENORS.items()})
    return par, true_tp


def _inputs(par: pd.DataFrame, true_tp: pd.DataFrame) -> TermStructureInputs:
    base, end = par.index[-13], par.index[-1]
    kw = pd.Series(0.5, index=par.index)
    kw.loc[end] = 0.8
    return TermStructureInputs(
        par=par,
        base=base,
        end=end,
        published={"TP120": true_tp[120], "KW": kw},
        acm_ids={120: "TP120"},
        kw_id="KW",
    )


def test_run_recovers_the_term_premium_level_and_uses_its_cache(world) -> None:
    par, true_tp = world
    inputs = _inputs(par, true_tp)
    spec = TermStructureSpec(("2y", "10y"), 0.9, "sim")
    cache = MemoryCache()
    run = run_term_structure(inputs, spec, OPTIONS, 7, cache)
    run.result.check_adding_up(tol=1e-9)
    assert {k[1].split("_")[1] for k in cache.frames} == {
        "monthly8",
        "daily8",
        "closes1",
    }
    # the published "Kim-Wright" moved 0.5 -> 0.8 percent over the closes
    assert run.kw_change_bp == pytest.approx(30.0)
    row = run.validation.set_index("reference").loc["TP120"]
    assert row["n"] == 300
    # the true 10y term premium averages 67.8 bp (sd 7.8 bp): the run gets its
    # level (measured: mean gap +2.0 bp, RMSE 7.6 bp; the models layer's ACM
    # on the exact zero curve: RMSE 8.9 bp); its month-to-month wiggles are
    # not identified in this world (corr 0.35; 0.03 on the exact curve)
    assert abs(row["mean_gap_bp"]) < 6.0, row.to_dict()
    assert row["rmse_bp"] < 12.0, row.to_dict()
    assert run.presample is None and run.splice_gap_bp is None
    assert len(run.acm.draws) == 19
    # a second run reads every fit from the cache and gives the same rows
    again = run_term_structure(inputs, spec, OPTIONS, 7, cache)
    assert cache.hits == 3
    pd.testing.assert_frame_equal(again.result.table, run.result.table)
    # attribute's rows: the same monthly estimation and cold-fitted closes
    rows = window_term_structure(inputs, spec, OPTIONS, 7, None)
    pd.testing.assert_frame_equal(rows.table, run.result.table)


def test_presample_without_the_nyfed_yields_is_refused(world) -> None:
    par, _ = world
    zero = pd.DataFrame(
        {n: par["10y"] for n in range(1, 121)}, index=par.index
    )  # any curve: the check comes first
    opts = TermPremiumSection(presample="nyfed_1961", n_boot=0)
    with pytest.raises(EmptySampleError, match="ACMY01"):
        estimate_acm(zero, opts, 0, None)
