"""The weekly sign model's ``full`` sensitivity reruns, on a simulated SVAR."""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from attribution.config import Window
from attribution.domain.shocks import DEFAULT_SHOCKS
from attribution.engine.details import SignWeeklyDetails
from attribution.engine.svar_weekly import attribute_svar
from attribution.engine.svar_weekly_sensitivity import weekly_variants
from tests.engine.test_svar_weekly import _inputs, _spec


def test_variants_drop_each_sign_once_and_keep_single_signs() -> None:
    spec = _spec()
    v = weekly_variants(spec, spec.estimation_start)
    # counted from the default table by hand: swap_spread is not in the VAR
    drops = sum(
        len([k for k in s["signs"] if k != "swap_spread"])
        for s in DEFAULT_SHOCKS.values()
        if len([k for k in s["signs"] if k != "swap_spread"]) >= 2
    )
    assert drops == 10
    assert sum(label.startswith("drop ") for label in v) == drops
    assert {"baseline", "n_lags=2", "seed+1"} <= set(v)
    cut = v["drop policy_expectations: dollar +"].shocks
    assert cut is not None and "dollar" not in cut["policy_expectations"]["signs"]
    kept = DEFAULT_SHOCKS["flight_to_safety"]["signs"]
    assert cut["flight_to_safety"]["signs"] == kept
    assert not any(x.sensitivity for x in v.values())


@pytest.mark.slow
def test_full_diagnostics_rerun_the_weekly_sign_model() -> None:
    """About 30 s: the main run and its 14 reruns."""
    _, design, daily = _inputs()
    spec = dataclasses.replace(_spec(), sensitivity=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = attribute_svar(design, daily, Window.parse("1980-03"), spec)
    details = res.details["svar_sign_weekly"]
    assert isinstance(details, SignWeeklyDetails)
    sens = details.sensitivity
    assert sens is not None
    assert len(sens) == 14
    t = res.table
    main = t.loc[(t["tenor"] == "10y") & (t["role"].isin(["driver", "shock"]))]
    base = sens["baseline"]
    assert set(base) == set(main["driver"])
    # the baseline rerun is the same model at fewer draws: its points are close
    for d, v in zip(main["driver"], main["contribution_bp"], strict=True):
        assert base[d] == pytest.approx(v, abs=2.0)
