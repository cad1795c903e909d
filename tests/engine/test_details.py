"""The typed model details against the manifest entries the untyped dicts wrote.

Each expected dictionary below is written out by hand from the keys and values
the engines put into their ``details`` dictionaries before they were typed
(``weekly_ols``, ``svar_weekly``, ``svar_daily``, ``svar_hetero_daily``,
``termstructure``, ``holes``, ``set_rows.set_window_details`` and
``attribute_write._details_for_manifest``), so a renamed, dropped or
reordered key fails here and not only in the byte comparison of the outputs.
A second test fails when a field of a details class is not written to the
manifest.
"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from attribution.engine.details import (
    CholWeeklyDetails,
    CovarianceTest,
    Distinctness,
    HeteroDailyDetails,
    ModelDetails,
    NamingFact,
    NotEstimatedDetails,
    OLSDetails,
    OLSTenorFit,
    ResidualChecks,
    SetFacts,
    SignDailyDetails,
    SignWeeklyDetails,
    TermStructureDetails,
    TermTenorFacts,
    details_manifest,
)

SET = SetFacts(
    n_boot_kept=190,
    n_boot=200,
    posterior_pairs=5000,
    set_rotations=321,
    mc_converged=True,
    mc_se_max_bp=0.25,
    band_mc_se_max_bp=0.5,
    set_spread_max_bp=1.5,
    indistinct=("a and b",),
)
SET_DICT = {
    "n_boot_kept": 190,
    "n_boot": 200,
    "posterior_pairs": 5000,
    "set_rotations": 321,
    "mc_converged": True,
    "mc_se_max_bp": 0.25,
    "band_mc_se_max_bp": 0.5,
    "set_spread_max_bp": 1.5,
    "indistinct": ["a and b"],
}
CHECKS = ResidualChecks(
    equation="y10",
    ljung_box={"4": (1.0, 0.5)},
    cusum=(0.5, 0.75),
    breaks={"udmax": 3.0, "n_breaks": 0, "dates": []},
    portmanteau=(400.0, 343.0, 0.25),
)
CHECKS_DICT = {
    "equation": "y10",
    "ljung_box": {"4": [1.0, 0.5]},
    "cusum": [0.5, 0.75],
    "breaks": {"udmax": 3.0, "n_breaks": 0, "dates": []},
    "portmanteau": [400.0, 343.0, 0.25],
}
FIT = SimpleNamespace(
    params=pd.Series({"const": 0.5, "custody": -0.25}),
    std_err=pd.Series({"const": 0.125, "custody": 0.0625}),
)


def _cases() -> list[tuple[ModelDetails, dict[str, Any]]]:
    ols_fit = OLSTenorFit(
        start="2021-02-17",
        end="2025-03-26",
        nobs=179,
        skipped_weeks=36,
        skipped_by_column={"lev": ("2023-10-18..2024-01-03 (12 wk)",)},
        bandwidth=4,
        kernel="bartlett",
        rsquared=0.6,
        fit=FIT,  # type: ignore[arg-type]
    )
    return [
        (
            NotEstimatedDetails(note="no custody", data_hole=True),
            {"estimated": False, "data_hole": True, "note": "no custody"},
        ),
        (
            NotEstimatedDetails(note="no week"),
            {"estimated": False, "note": "no week"},
        ),
        (
            NotEstimatedDetails(note="no week", model_weeks=()),
            {"model_weeks": [], "note": "no week", "estimated": False},
        ),
        (
            OLSDetails(
                base="2025-04-01",
                end="2025-04-30",
                model_weeks=("2025-04-09",),
                tenors={"10y": ols_fit},
            ),
            {
                "base": "2025-04-01",
                "end": "2025-04-30",
                "model_weeks": ["2025-04-09"],
                "estimated": True,
                "tenors": {
                    "10y": {
                        "start": "2021-02-17",
                        "end": "2025-03-26",
                        "nobs": 179,
                        "skipped_weeks": 36,
                        "skipped_by_column": {
                            "lev": ["2023-10-18..2024-01-03 (12 wk)"]
                        },
                        "hac_lags": 4,
                        "kernel": "bartlett",
                        "rsquared": 0.6,
                        "params": {"const": 0.5, "custody": -0.25},
                        "std_err": {"const": 0.125, "custody": 0.0625},
                    }
                },
            },
        ),
        (
            OLSDetails(base="2025-04-01", end="2025-04-02", model_weeks=(), tenors={}),
            {
                "base": "2025-04-01",
                "end": "2025-04-02",
                "model_weeks": [],
                "estimated": False,
                "tenors": {},
            },
        ),
        (
            SignWeeklyDetails(
                sample="2017-01-04..2025-04-30",
                nobs=400,
                n_lags=2,
                model_weeks=("2025-04-09",),
                rsquared={"y10": 0.3},
                residual_checks=CHECKS,
                set_facts=SET,
                sensitivity={"baseline": {"shock_a": 1.5}},
            ),
            {
                "sample": "2017-01-04..2025-04-30",
                "nobs": 400,
                "n_lags": 2,
                "model_weeks": ["2025-04-09"],
                "estimated": True,
                **SET_DICT,
                "sensitivity": {"baseline": {"shock_a": 1.5}},
                "rsquared": {"y10": 0.3},
                "residual_checks": CHECKS_DICT,
            },
        ),
        (
            CholWeeklyDetails(
                sample="2017-01-04..2025-04-30",
                nobs=400,
                n_lags=2,
                model_weeks=("2025-04-09",),
                rsquared={"y10": 0.3},
                residual_checks=CHECKS,
                n_boot_kept=500,
                band_mc_se_max_bp=0.75,
            ),
            {
                "sample": "2017-01-04..2025-04-30",
                "nobs": 400,
                "n_lags": 2,
                "model_weeks": ["2025-04-09"],
                "estimated": True,
                "n_boot_kept": 500,
                "band_mc_se_max_bp": 0.75,
                "rsquared": {"y10": 0.3},
                "residual_checks": CHECKS_DICT,
            },
        ),
        (
            SignDailyDetails(
                sample="2016-09-27..2025-04-30",
                nobs=2000,
                n_lags=1,
                model_days=("2025-04-02", "2025-04-03"),
                set_facts=SET,
                usd_timing="same_day",
                shared_draws=("svar_sign_daily", "svar_narrative_daily"),
            ),
            {
                "estimated": True,
                "sample": "2016-09-27..2025-04-30",
                "nobs": 2000,
                "n_lags": 1,
                "model_days": ["2025-04-02", "2025-04-03"],
                **SET_DICT,
                "usd_timing": "same_day",
                "shared_draws": ["svar_sign_daily", "svar_narrative_daily"],
            },
        ),
        (
            HeteroDailyDetails(
                sample="2016-09-27..2025-04-30",
                nobs=2000,
                n_lags=1,
                model_days=("2025-04-02",),
                n_high_days=300,
                n_calm_days=1700,
                covariance_test=CovarianceTest(statistic=99.5, df=21, pvalue=0.001),
                lambdas={"shock_1": 5.5},
                distinctness=(
                    Distinctness(
                        shock="shock_1",
                        next="shock_2",
                        lam=5.5,
                        lam_next=5.0,
                        statistic=0.25,
                        pvalue=0.625,
                        distinct=False,
                    ),
                ),
                weak=True,
                weak_text="weak",
                weak_named=("term_premium",),
                naming={
                    "term_premium": NamingFact(
                        column="shock_1", satisfied=2, total=3, all_hold=False
                    )
                },
                naming_agreement=0.75,
                n_boot=200,
                warnings=("w",),
            ),
            {
                "estimated": True,
                "sample": "2016-09-27..2025-04-30",
                "nobs": 2000,
                "n_lags": 1,
                "model_days": ["2025-04-02"],
                "n_high_days": 300,
                "n_calm_days": 1700,
                "covariance_test": {"statistic": 99.5, "df": 21, "pvalue": 0.001},
                "lambdas": {"shock_1": 5.5},
                "distinctness": [
                    {
                        "shock": "shock_1",
                        "next": "shock_2",
                        "lambda": 5.5,
                        "lambda_next": 5.0,
                        "statistic": 0.25,
                        "pvalue": 0.625,
                        "distinct": False,
                    }
                ],
                "weak": True,
                "weak_text": "weak",
                "weak_named": ["term_premium"],
                "naming": {
                    "term_premium": {
                        "column": "shock_1",
                        "satisfied": 2,
                        "total": 3,
                        "all_hold": False,
                    }
                },
                "naming_agreement": 0.75,
                "n_boot": 200,
                "warnings": ["w"],
            },
        ),
        (
            TermStructureDetails(
                sample="1990-01 to 2025-03",
                nobs_months=423,
                n_factors=5,
                n_boot=499,
                bands="moving-block",
                normal_z=1.645,
                tenors={
                    "10y": TermTenorFacts(
                        months=1, d_zero_bp=12.5, term_premium_share=0.5
                    )
                },
            ),
            {
                "sample": "1990-01 to 2025-03",
                "nobs_months": 423,
                "n_factors": 5,
                "n_boot": 499,
                "bands": "moving-block",
                "normal_z": 1.645,
                "tenors": {
                    "10y": {"months": 1, "d_zero_bp": 12.5, "term_premium_share": 0.5}
                },
            },
        ),
    ]


@pytest.mark.parametrize("details, expected", _cases())
def test_manifest_entry_is_the_old_dict(
    details: ModelDetails, expected: dict[str, Any]
) -> None:
    got = details.to_manifest()
    assert got == expected
    assert type(got["estimated"] if "estimated" in got else False) is bool
    assert details.estimated is expected.get("estimated", True)


def test_details_manifest_keeps_the_model_order() -> None:
    cases = _cases()
    got = details_manifest({f"m{i}": d for i, (d, _) in enumerate(cases)})
    assert list(got) == [f"m{i}" for i in range(len(cases))]
    assert list(got.values()) == [e for _, e in cases]


#: fields written under other names: the set facts are flattened, the fit
#: becomes its parameters and standard errors
_WRITTEN_AS = {
    "set_facts": [f.name for f in dataclasses.fields(SetFacts)],
    "fit": ["params", "std_err"],
    "lam": ["lambda"],
    "lam_next": ["lambda_next"],
    "bandwidth": ["hac_lags"],
}


@pytest.mark.parametrize("details, expected", _cases())
def test_every_field_reaches_the_manifest(
    details: ModelDetails, expected: dict[str, Any]
) -> None:
    """A field added to a details class but not to its manifest entry fails."""

    def check(obj: Any, entry: dict[str, Any]) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.default is not dataclasses.MISSING and value == f.default:
                continue  # written only when set
            for key in _WRITTEN_AS.get(f.name, [f.name]):
                assert key in entry, f"{type(obj).__name__}.{f.name} not written"
            if dataclasses.is_dataclass(value) and f.name != "set_facts":
                check(value, entry[f.name])
            if isinstance(value, dict) or hasattr(value, "items"):
                for k, v in value.items():
                    if dataclasses.is_dataclass(v):
                        check(v, entry[f.name][k])
            if isinstance(value, tuple):
                for i, v in enumerate(value):
                    if dataclasses.is_dataclass(v):
                        check(v, entry[f.name][i])

    check(details, details.to_manifest())
