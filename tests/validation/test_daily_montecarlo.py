"""The heteroskedasticity model's daily Monte Carlo against the issue-9 targets (slow).

The same run as ``python benchmarks/mc_daily.py --models svar_hetero_daily``
(40 replications of 6,000-day worlds, both scenarios; about 3 CPU minutes).
Under its own assumption (``holds``: variance ratios clearly distinct) every
driver and tenor must meet |bias| <= 10%, 90% coverage in [0.83, 0.97] and
power >= 0.8; with the term premium's ratio close to two others
(``close_ratios``) the model must say so, flagging the row
``weakly_identified`` in most worlds.

Size: a calibrated 90% band names a zero contribution in 10% of worlds, so
issue 9's "<= 0.10" is the nominal level itself and 40 worlds measure it with
a binomial s.e. of 0.047. The recorded run has 0.12 for sell America (5 of 40;
0.110 in 400 zero worlds, reps 0-399, s.e. 0.016, with centred estimates and
bootstrap s.d. matching the Monte Carlo s.d.: ``benchmarks/mc_hetero_calibration.py``
and docs/simulate.md) and 0.07 for the term premium; the test
allows up to 7 of 40 (0.175; P(>= 8 of 40) is about 4% at size 0.10), so a
band that became too narrow fails.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from attribution.validation.montecarlo_daily import DailySettings, monte_carlo_daily


@pytest.mark.slow
def test_hetero_meets_the_targets_under_its_assumption_or_says_weak() -> None:
    settings = replace(DailySettings(), n_days=6000)
    _, summary = monte_carlo_daily(["svar_hetero_daily"], n_reps=40, settings=settings)
    holds = summary.loc[summary["regime"] == "holds"]
    assert len(holds) == 4  # sell_america, term_premium x 10y, 30y
    assert (holds["bias_pct"].abs() <= 10.0).all(), holds
    assert holds["cover90"].between(0.83, 0.97).all(), holds
    assert (holds["power"] >= 0.8).all(), holds
    assert (holds["size"] <= 0.175).all(), holds
    close = summary.loc[
        (summary["regime"] == "close_ratios") & (summary["driver"] == "term_premium")
    ]
    assert (close["weak_share"] >= 0.5).all(), close
