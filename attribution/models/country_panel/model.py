"""Country panel with fixed effects (linearmodels ``PanelOLS``)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from linearmodels import PanelOLS

from attribution._typing import Missing
from attribution._validation import as_frame, as_int, as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models.country_panel.results import CountryPanelResults
from attribution.models.covariance import nw_bandwidth

PanelCov = Literal["driscoll-kraay", "clustered", "unadjusted"]
_COVS: tuple[PanelCov, ...] = ("driscoll-kraay", "clustered", "unadjusted")


class CountryPanel:
    r"""Fixed-effects regression on a (country, date) panel.

    Parameters
    ----------
    endog : Series
        Dependent variable on a two-level MultiIndex ``(country, date)``,
        e.g. the monthly percent change in a country's TIC holdings.
    exog : DataFrame
        Regressors on the same index (e.g. ``fx_move``, ``d_diff``).
    entity_effects : bool, default True
        Country fixed effects :math:`a_i`.
    time_effects : bool, default False
        Month fixed effects :math:`d_t` (absorb every common regressor such
        as the US yield change).
    add_const : bool, default True
        Include a constant (reported as the mean of the effects).
    missing : {"raise", "drop"}, default "raise"
        NaN rows raise, or are dropped with a warning (unbalanced panel).

    Notes
    -----
    :math:`y_{it} = a_i + d_t + x_{it}'\beta + u_{it}`, estimated by the
    within transformation. Identifying assumption: strict exogeneity of
    :math:`x_{it}` given the effects, :math:`E[u_{it} | x_{i1..iT}, a_i, d_t] = 0`;
    in particular, holdings changes must not move the exchange rate within
    the month (reverse causality from official sales to FX biases
    :math:`\beta`). Timing: all variables are changes over the same
    calendar month (end-of-month TIC stocks).

    Driscoll-Kraay (1998) standard errors are Newey-West on the cross-
    sectional sums of the scores :math:`h_t = \sum_i \tilde x_{it}\hat u_{it}`:
    robust to any cross-country correlation and to serial correlation up to
    the bandwidth, consistent as the number of months grows (few countries
    suffice). Clustering by country needs many countries; with under ~20 it
    understates uncertainty.

    References
    ----------
    Driscoll, J. C. and Kraay, A. C. (1998). Consistent covariance matrix
    estimation with spatially dependent panel data. *Review of Economics and
    Statistics* 80(4), 549-560.

    Examples
    --------
    >>> from attribution.models.country_panel import simulate_country_panel
    >>> sim = simulate_country_panel(6, 120, beta=(0.5, -0.2), seed=1)
    >>> res = CountryPanel(sim.endog, sim.exog).fit()
    >>> bool(abs(res.params["x1"] - 0.5) < 0.1)
    True
    """

    def __init__(
        self,
        endog: pd.Series,
        exog: pd.DataFrame,
        *,
        entity_effects: bool = True,
        time_effects: bool = False,
        add_const: bool = True,
        missing: Missing = "raise",
    ) -> None:
        for name, obj in (("endog", endog), ("exog", exog)):
            idx = getattr(obj, "index", None)
            if not isinstance(idx, pd.MultiIndex) or idx.nlevels != 2:
                raise ModelSpecificationError(
                    fmt(
                        f"{name}.index",
                        "a (country, date) MultiIndex",
                        type(idx).__name__,
                        "Build it with DataFrame.set_index(['country', 'date']).",
                    )
                )
        if not endog.index.equals(exog.index):
            raise ModelSpecificationError(
                fmt("exog.index", "equal to endog.index", f"{len(exog)} rows")
            )
        name = str(endog.name or "endog")
        data = as_frame(
            pd.concat([endog.rename(name), exog], axis=1),
            "data",
            min_rows=10,
            missing=missing,
        )
        dates = data.index.get_level_values(1)
        if not isinstance(dates, pd.DatetimeIndex):
            raise ModelSpecificationError(fmt("index level 1", "dates", dates.dtype))
        self.endog: pd.Series = data[name]
        self.exog: pd.DataFrame = data.drop(columns=[name])
        if add_const:
            self.exog.insert(0, "const", 1.0)
        self.entity_effects = bool(entity_effects)
        self.time_effects = bool(time_effects)
        self.add_const = bool(add_const)

    @property
    def n_entities(self) -> int:
        """Number of countries."""
        return int(self.endog.index.get_level_values(0).nunique())

    @property
    def n_periods(self) -> int:
        """Number of distinct dates."""
        return int(self.endog.index.get_level_values(1).nunique())

    def fit(
        self,
        *,
        cov: PanelCov = "driscoll-kraay",
        bandwidth: int | None = None,
        debiased: bool = True,
    ) -> CountryPanelResults:
        r"""Estimate by the within transformation.

        Parameters
        ----------
        cov : {"driscoll-kraay", "clustered", "unadjusted"}, default "driscoll-kraay"
            Driscoll-Kraay (Bartlett kernel), clustered by country, or
            homoskedastic.
        bandwidth : int, optional
            Driscoll-Kraay lag L; default
            :func:`~attribution.models.covariance.nw_bandwidth` of the number
            of months, :math:`\lfloor 4 (T/100)^{2/9} \rfloor`.
        debiased : bool, default True
            Small-sample scale :math:`n/(n - N_{abs} - k)` and t/F reference
            distributions; ``False`` keeps :math:`n/(n - N_{abs})` (linearmodels
            always counts the :math:`N_{abs}` absorbed effect means) and normal
            references. Driscoll and Kraay (1998) apply no scaling.

        Returns
        -------
        CountryPanelResults

        Raises
        ------
        ModelSpecificationError
            For an unknown ``cov`` or a bandwidth not below the number of months.
        """
        cov = as_option(cov, "cov", _COVS)
        mod = PanelOLS(
            self.endog,
            self.exog,
            entity_effects=self.entity_effects,
            time_effects=self.time_effects,
            drop_absorbed=False,
        )
        if cov == "driscoll-kraay":
            lag = (
                nw_bandwidth(self.n_periods)
                if bandwidth is None
                else as_int(bandwidth, "bandwidth", low=0, high=self.n_periods - 1)
            )
            res = mod.fit(
                cov_type="kernel",
                kernel="bartlett",
                bandwidth=float(lag),
                debiased=debiased,
            )
        elif cov == "clustered":
            lag = None
            res = mod.fit(cov_type="clustered", cluster_entity=True, debiased=debiased)
        else:
            lag = None
            res = mod.fit(cov_type="unadjusted", debiased=debiased)
        if not np.all(np.isfinite(res.params.to_numpy())):
            raise ModelSpecificationError(
                fmt("exog", "identified given the effects", "non-finite estimates")
            )
        return CountryPanelResults(
            model=self, lm_result=res, cov_type=cov, bandwidth=lag
        )
