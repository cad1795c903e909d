"""The verdict line, shock naming and the result table, checked against their rules.

The expected sentences and flags are written out by hand from the documented
rules (attribution/engine/verdict.py, shock_naming.py, result.py), on small
hand-made blocks, so a changed comparison, a dropped clause or a swapped
band fails here. These tests kill mutants that survived the mutation run
(docs/mutation.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from attribution.engine.result import (
    COLUMNS,
    AttributionResult,
    attribution_table,
    exact_row,
    not_estimated_row,
)
from attribution.engine.shock_naming import (
    indistinct_pairs,
    reference_variable,
    reversed_note,
)
from attribution.engine.verdict import names_row, verdict_text
from attribution.exceptions import AttributionError
from attribution.models.var import SignRestriction

NAN = math.nan


def _row(driver: str, role: str, c: float, lo: float, hi: float, **kw: object) -> dict:
    out = {"driver": driver, "role": role, "contribution_bp": c, "lower_bp": lo,
           "upper_bp": hi, "status": "estimated", "note": ""}  # fmt: skip
    out.update(kw)
    return out


def _block(rows: list[dict], actual: float) -> pd.DataFrame:
    rows = [*rows, _row("actual", "actual", actual, actual, actual, status="exact")]
    return pd.DataFrame(rows)


# --- names_row -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "named"),
    [(0.1, 5.0, True), (-5.0, -0.1, True), (0.0, 5.0, False), (-5.0, 0.0, False),
     (-1.0, 1.0, False)],  # fmt: skip
)
def test_a_point_row_is_named_only_when_its_band_excludes_zero(
    lo: float, hi: float, named: bool
) -> None:
    row = pd.Series(_row("x", "driver", (lo + hi) / 2, lo, hi))
    assert names_row(row, set_identified=False) is named


def test_a_set_row_is_judged_by_its_robust_band_not_its_posterior_band() -> None:
    row = pd.Series(
        _row("x", "driver", 5.0, 1.0, 9.0, set_band_lower_bp=-2.0,
             set_band_upper_bp=12.0)  # fmt: skip
    )
    assert names_row(row, set_identified=False) is True
    assert names_row(row, set_identified=True) is False
    row["set_band_lower_bp"] = 0.5
    assert names_row(row, set_identified=True) is True
    row["set_band_lower_bp"], row["set_band_upper_bp"] = -9.0, -0.5
    assert names_row(row, set_identified=True) is True


# --- verdict_text ----------------------------------------------------------------


def test_verdict_names_significant_shocks_largest_first() -> None:
    block = _block(
        [
            _row("custody", "driver", 4.0, 1.0, 7.0),
            _row("lev_net_short", "driver", -10.0, -15.0, -5.0),
            _row("ctrl_2y", "control", 50.0, 40.0, 60.0),  # controls never count
            _row("drift", "deterministic", 30.0, 20.0, 40.0),
            _row("residual", "residual", -60.0, -90.0, -30.0),
        ],
        actual=14.0,
    )
    assert verdict_text(block, "10y") == (
        "10y: lev net short -10.0 bp [-15.0, -5.0], custody +4.0 bp [+1.0, +7.0] "
        "of an actual +14.0 bp."
    )


def test_verdict_adds_the_largest_when_it_is_not_named() -> None:
    block = _block(
        [
            _row("custody", "driver", 4.0, 1.0, 7.0),
            _row("flight_to_safety", "shock", 20.8, -3.0, 40.0,
                 note="reversed: 10y up, dollar down"),  # fmt: skip
        ],
        actual=47.0,
    )
    assert verdict_text(block, "10y") == (
        "10y: custody +4.0 bp [+1.0, +7.0] of an actual +47.0 bp; largest: "
        "flight to safety (reversed: 10y up, dollar down) +20.8 bp [-3.0, +40.0]."
    )


def test_verdict_when_nothing_is_named() -> None:
    rows = [
        _row("custody", "driver", 2.0, -1.0, 5.0),
        _row("lev_net_short", "driver", -3.0, -7.0, 1.0),
    ]
    assert verdict_text(_block(rows, 1.0), "2y") == (
        "2y: neither custody nor lev_net_short is distinguishable from zero "
        "(largest: lev net short -3.0 bp [-7.0, +1.0]; actual +1.0 bp)."
    )
    rows.append(_row("policy", "shock", 1.0, -1.0, 3.0, note="not reversed"))
    assert verdict_text(_block(rows, 1.0), "2y") == (
        "2y: neither custody nor lev_net_short is distinguishable from zero; nor is "
        "any other identified shock (largest: lev net short -3.0 bp [-7.0, +1.0]; "
        "actual +1.0 bp)."
    )
    only_shocks = [_row("y10", "shock", -2.5, -6.0, 1.0)]
    assert verdict_text(_block(only_shocks, -2.0), "10y") == (
        "10y: no identified shock is distinguishable from zero (largest: y10 -2.5 bp "
        "[-6.0, +1.0]; actual -2.0 bp)."
    )


def _set_row(driver: str, c: float, band: tuple[float, float]) -> dict:
    return _row(driver, "driver", c, c - 1.0, c + 1.0, status="set_identified",
                set_lower_bp=c - 5.0, set_upper_bp=c + 5.0,
                set_band_lower_bp=band[0], set_band_upper_bp=band[1])  # fmt: skip


def test_set_identified_verdict_uses_the_robust_band() -> None:
    # the posterior bands exclude zero, the robust bands do not: nothing named
    rows = [_set_row("basis_unwind", 3.0, (-4.0, 12.0)),
            _set_row("foreign_official_selling", -6.0, (-15.0, 2.0))]  # fmt: skip
    assert verdict_text(_block(rows, 10.0), "10y") == (
        "10y: the sign restrictions alone cannot tell any shock's contribution "
        "from zero (every identified set's robust band contains zero; largest: "
        "foreign official selling -6.0 bp set [-11.0, -1.0], robust band "
        "[-15.0, +2.0]; actual +10.0 bp)."
    )
    rows[0] = _set_row("basis_unwind", 3.0, (0.5, 12.0))
    assert verdict_text(_block(rows, 10.0), "10y") == (
        "10y: basis unwind +3.0 bp set [-2.0, +8.0], robust band [+0.5, +12.0] of "
        "an actual +10.0 bp; largest: foreign official selling -6.0 bp set "
        "[-11.0, -1.0], robust band [-15.0, +2.0]."
    )


def test_not_estimated_block_says_why() -> None:
    why = "the window holds no whole Wednesday-to-Wednesday week"
    rows = [not_estimated_row("10y", "custody", "driver", why),
            exact_row("10y", "stub", "stub", 3.0)]  # fmt: skip
    block = _block(rows, 3.0)
    assert verdict_text(block, "10y") == (
        f"10y: not estimated by this model ({why}); the actual change +3.0 bp is "
        "all stub."
    )
    # one estimated shock is enough to give a verdict, the NA rows are left out
    block = _block([*rows, _row("lev_net_short", "driver", 2.0, 1.0, 3.0)], 5.0)
    assert verdict_text(block, "10y") == (
        "10y: lev net short +2.0 bp [+1.0, +3.0] of an actual +5.0 bp."
    )
    empty = _block([exact_row("10y", "stub", "stub", 3.0)], 3.0)
    assert "no whole model period in the window" in verdict_text(empty, "10y")


# --- shock naming ------------------------------------------------------------------

FOS = SignRestriction(
    "foreign_official_selling", {"custody": "-", "y10": "+", "usd": "-"}
)
BASIS = SignRestriction("basis_unwind", {"lev_net": "+", "y10": "+"})
POLICY = SignRestriction("policy", {"y2": "+", "y2 - y10": "+", "usd": "+"})
FTS = SignRestriction("flight_to_safety", {"y10": "-", "usd": "+"})


def test_reference_variable_prefers_10y_then_2y_then_first_plain() -> None:
    assert reference_variable(FOS) == "y10"
    assert reference_variable(POLICY) == "y2"
    assert reference_variable(SignRestriction("s", {"y2 - y10": "+", "usd": "-"})) == (
        "usd"
    )
    assert reference_variable(SignRestriction("s", {"y2 - y10": "+"})) is None


def test_reversed_note_flags_a_shock_run_backwards() -> None:
    assert reversed_note(FTS, "y10", 20.8) == "reversed: 10y up, dollar down"
    assert reversed_note(FTS, "y10", -20.8) == ""
    assert reversed_note(FTS, "y10", 0.0) == ""
    assert reversed_note(FOS, "y10", -1.0) == (
        "reversed: custody up, 10y down, dollar up"
    )
    assert reversed_note(FOS, "y10", 1.0) == ""
    assert reversed_note(POLICY, "y2", -0.5) == (
        "reversed: 2y down, 2y minus 10y down, dollar down"
    )


def test_indistinct_pairs_lists_same_and_mirror_patterns() -> None:
    names = ["custody", "lev_net", "usd", "y2", "y10"]
    corr = pd.DataFrame(np.eye(5), index=names, columns=names)
    corr.loc["custody", "y10"] = 0.06
    corr.loc["lev_net", "y10"] = -0.25
    corr.loc["usd", "y10"] = -0.5
    got = indistinct_pairs([FOS, BASIS, POLICY, FTS], corr)
    # pairs told apart by at most two variables (the default max_separating=2)
    assert got == [
        "foreign official selling is the mirror image of flight to safety on 10y, "
        "dollar; only custody tells them apart (innovation correlation with the "
        "10y: custody +0.06)",
        "basis unwind is the mirror image of flight to safety on 10y; only "
        "leveraged net position and dollar tell them apart (innovation correlation "
        "with the 10y: leveraged net position -0.25, dollar -0.50)",
    ]
    # with a wider limit the pairs separated by three or four variables appear too,
    # and the 10y's own correlation is never quoted
    wide = indistinct_pairs([FOS, BASIS, POLICY, FTS], corr, max_separating=4)
    assert len(wide) == 5
    assert wide[0] == (
        "foreign official selling is the same as basis unwind on 10y; only custody, "
        "dollar and leveraged net position tell them apart (innovation "
        "correlation with the 10y: custody +0.06, dollar -0.50, leveraged net "
        "position -0.25)"
    )
    assert not any("10y +1.00" in x for x in wide)
    # a pair agreeing on one common variable and disagreeing on another is apart
    mixed = SignRestriction("mixed", {"y10": "+", "usd": "+"})
    assert indistinct_pairs([FOS, mixed], corr) == []
    # without a correlation column the sentence has no correlation clause
    assert indistinct_pairs([FOS, FTS], corr.drop(columns="y10")) == [
        "foreign official selling is the mirror image of flight to safety on 10y, "
        "dollar; only custody tells them apart"
    ]


# --- the result table ---------------------------------------------------------------


def _table(rows: list[dict]) -> pd.DataFrame:
    return attribution_table(
        rows, model="m", identification="id", level=0.9, window_label="w",
        base=pd.Timestamp("2025-04-04"), end=pd.Timestamp("2025-04-11"),
    )  # fmt: skip


def test_attribution_table_fills_every_column() -> None:
    rows = [
        {"tenor": "10y", "driver": "custody", "role": "driver", "contribution_bp": 2.0,
         "std_err_bp": 1.0, "lower_bp": 0.0, "upper_bp": 4.0},  # fmt: skip
        exact_row("10y", "actual", "actual", 2.0),
    ]
    t = _table(rows)
    assert list(t.columns) == list(COLUMNS)
    for col in ("set_lower_bp", "set_upper_bp", "set_band_lower_bp",
                "set_band_upper_bp", "mc_se_bp"):  # fmt: skip
        assert t[col].isna().all(), col
    assert t["status"].tolist() == ["estimated", "exact"]
    assert t["note"].tolist() == ["", ""]
    assert (t["model"] == "m").all() and (t["identification"] == "id").all()
    assert (t["level"] == 0.9).all() and (t["window"] == "w").all()
    assert (t["base_date"] == "2025-04-04").all()
    assert (t["end_date"] == "2025-04-11").all()
    r = exact_row("10y", "stub", "stub", 3.5)
    assert (r["std_err_bp"], r["lower_bp"], r["upper_bp"]) == (0.0, 3.5, 3.5)
    na = not_estimated_row("10y", "custody", "driver", "why")
    assert (na["tenor"], na["driver"], na["role"]) == ("10y", "custody", "driver")
    assert (na["status"], na["note"]) == ("not_estimated", "why")
    assert all(math.isnan(na[k]) for k in
               ("contribution_bp", "std_err_bp", "lower_bp", "upper_bp"))  # fmt: skip


def test_check_adding_up_catches_a_gap_and_a_nan() -> None:
    ok = [exact_row("10y", "custody", "driver", 2.0),
          exact_row("10y", "stub", "stub", 1.0),
          exact_row("10y", "actual", "actual", 3.0)]  # fmt: skip
    AttributionResult(_table(ok)).check_adding_up()
    off = [*ok[:2], exact_row("10y", "actual", "actual", 3.0 + 1e-6)]
    with pytest.raises(AttributionError, match="sum to"):
        AttributionResult(_table(off)).check_adding_up()
    AttributionResult(_table(off)).check_adding_up(tol=1e-5)
    two = [*ok, exact_row("10y", "actual", "actual", 3.0)]
    with pytest.raises(AttributionError, match="sum to"):
        AttributionResult(_table(two)).check_adding_up()
    nan = [dict(ok[0], upper_bp=NAN), *ok[1:]]
    with pytest.raises(AttributionError, match="NaN"):
        AttributionResult(_table(nan)).check_adding_up()
    # a not-estimated row is NA by design and left out of the sum
    skip = [*ok, not_estimated_row("10y", "lev", "driver", "why")]
    AttributionResult(_table(skip)).check_adding_up()
    res = AttributionResult(_table(ok))
    assert res.verdict("m", "10y").startswith("10y: custody +2.0 bp")
