"""The country panel of monthly TIC holdings changes: its data and its fit.

``y_it = a_i (+ d_t) + b1 fx_move_it + b2 d_diff_it (+ b3 d_us10_t) + u_it``
estimated by :class:`~attribution.models.country_panel.CountryPanel` on the months
from ``country_panel.sample_start`` to the latest month the data allow
(variables in :mod:`attribution.features.tic`). The window does not
restrict the sample: its months are kept beside the fit so that the report
shows the observed change, fitted value and residual where the data reach them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from attribution.config.models_section import CountryPanelSection
from attribution.features.tic import country_panel_frame, window_month_ends
from attribution.models.country_panel import CountryPanel, CountryPanelResults
from attribution.panel import Panel


def country_panel_data(
    panel: Panel, opts: CountryPanelSection
) -> tuple[pd.Series, pd.DataFrame]:
    """Dependent variable and regressors of the country panel the options describe.

    Rows from ``opts.sample_start`` to the latest month the data allow;
    ``d_us10`` is dropped when month effects absorb it.
    """
    data = country_panel_frame(panel, opts.countries)
    data = data.loc[
        data.index.get_level_values("date") >= pd.Timestamp(opts.sample_start)
    ]
    regs = ["fx_move", "d_diff"] + ([] if opts.time_effects else ["d_us10"])
    dep = {"pct_change": "dep_pct", "usd_bn": "dep_usd_bn"}[opts.dependent]
    return data[dep], data[regs]


def run_country_panel(panel: Panel, opts: CountryPanelSection) -> CountryPanelResults:
    """Fit the country panel the options describe."""
    endog, exog = country_panel_data(panel, opts)
    model = CountryPanel(endog, exog, time_effects=opts.time_effects)
    return model.fit(cov=opts.cov, bandwidth=opts.bandwidth)


@dataclass(frozen=True)
class CountryPanelFit:
    """The fitted country panel and the window months reported beside it.

    Attributes
    ----------
    results : CountryPanelResults
        The fit on every month from ``sample_start`` the data allow.
    window_months : DatetimeIndex
        Month ends of the calendar months the window touches.
    countries_dropped : tuple of str
        Configured countries without FX, a local yield or any usable month.
    """

    results: CountryPanelResults
    window_months: pd.DatetimeIndex
    countries_dropped: tuple[str, ...]

    @property
    def countries_used(self) -> tuple[str, ...]:
        """Countries with at least one month in the fit, in the data's order."""
        return tuple(self.results.model.endog.index.get_level_values(0).unique())


def fit_country_panel(
    panel: Panel, opts: CountryPanelSection, first: pd.Timestamp, last: pd.Timestamp
) -> CountryPanelFit:
    """Fit the panel and keep the months of the window ``first`` to ``last``."""
    res = run_country_panel(panel, opts)
    used = set(res.model.endog.index.get_level_values(0))
    dropped = tuple(c for c in opts.countries if c not in used)
    return CountryPanelFit(res, window_month_ends(first, last), dropped)


__all__ = [
    "CountryPanelFit",
    "country_panel_data",
    "fit_country_panel",
    "run_country_panel",
]
