"""Immutable results of :class:`~attribution.models.lp.LocalProjections`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from attribution.models._estimates import Estimates
from attribution.models.regression import RegressionResults

if TYPE_CHECKING:
    from attribution.models.lp.model import LocalProjections


def _classical_se(fit: RegressionResults, model: LocalProjections) -> float:
    """Classical OLS (or 2SLS) standard error of the shock's coefficient."""
    assert fit.exog is not None  # internal invariant: LP keeps the design
    x = fit.exog.to_numpy()
    u = fit.resid.to_numpy()
    s2 = float(u @ u) / (x.shape[0] - x.shape[1])
    names = list(fit.params.index)
    if model.instrument is not None:  # second-stage design X-hat = P_Z X
        exog = [i for i, n in enumerate(names) if n != model.shock]
        instr = model.instrument.loc[fit.resid.index].to_numpy()
        z = np.hstack([x[:, exog], instr])
        x = z @ np.linalg.lstsq(z, x, rcond=None)[0]
    pos = names.index(model.shock)
    unit = np.zeros(x.shape[1])
    unit[pos] = 1.0
    return float(np.sqrt(s2 * np.linalg.solve(x.T @ x, unit)[pos]))


@dataclass(frozen=True)
class LPResults(Estimates):
    r"""Impulse responses estimated by local projections.

    Attributes
    ----------
    model : LocalProjections
        The specification that was fitted.
    irf : Series
        Responses, indexed by (``horizon``, ``response``, ``shock``); per unit
        of the shock variable; cumulative if the model is.
    std_err : Series
        Newey-West standard errors, same index.
    std_err_classical : Series
        Classical (homoskedastic, serially uncorrelated) standard errors of
        the same coefficients, :math:`\sqrt{s^2 [(X'X)^{-1}]_{ss}}` with
        :math:`s^2 = \hat u'\hat u/(T_h - k)` (R ``summary.lm``; for LP-IV
        the 2SLS analogue with the second-stage design).
    bandwidths : Series
        Newey-West truncation lag used at each horizon.
    nobs : Series
        Observations used at each horizon.
    regressions : Mapping
        The full regression at each ``(horizon, response)``:
        :class:`~attribution.models.regression.RegressionResults` (or
        :class:`~attribution.models.regression.IVResults` for LP-IV).
    first_stage : DataFrame
        LP-IV only: first-stage diagnostics by horizon (else empty).

    Notes
    -----
    Intervals are pointwise, with standard normal critical values.
    """

    model: LocalProjections
    irf: pd.Series
    std_err: pd.Series
    bandwidths: pd.Series
    nobs: pd.Series
    regressions: Mapping[tuple[int, str], RegressionResults]
    first_stage: pd.DataFrame
    std_err_classical: pd.Series

    @classmethod
    def from_fits(
        cls,
        model: LocalProjections,
        fits: Mapping[tuple[int, str], RegressionResults],
        bandwidths: Mapping[int, int],
        first: Mapping[int, pd.DataFrame],
    ) -> LPResults:
        """Collect per-horizon regressions into labelled frames."""
        idx = pd.MultiIndex.from_tuples(
            [(h, r, model.shock) for h, r in fits],
            names=["horizon", "response", "shock"],
        )
        irf = [f.params[model.shock] for f in fits.values()]
        se = [f.std_err[model.shock] for f in fits.values()]
        classical = [_classical_se(f, model) for f in fits.values()]
        hidx = pd.Index(sorted(bandwidths), name="horizon")
        nobs = pd.Series(
            [fits[(h, model.responses[0])].nobs for h in hidx], index=hidx, name="nobs"
        )
        fs = (
            pd.concat(first, names=["horizon"]).droplevel(1)
            if first
            else pd.DataFrame(index=pd.Index([], name="horizon"))
        )
        return cls(
            model=model,
            irf=pd.Series(irf, index=idx, name="irf", dtype=float),
            std_err=pd.Series(se, index=idx, name="std_err", dtype=float),
            bandwidths=pd.Series(
                [bandwidths[h] for h in hidx], index=hidx, name="bandwidth"
            ),
            nobs=nobs,
            regressions=dict(fits),
            first_stage=fs,
            std_err_classical=pd.Series(
                classical, index=idx, name="std_err_classical", dtype=float
            ),
        )

    @property
    def params(self) -> pd.Series:
        """Alias of :attr:`irf`."""
        return self.irf

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """Return a long table: irf, std_err, lower, upper, bandwidth, nobs."""
        out = pd.concat([self.irf, self.std_err, self.conf_int(level)], axis=1)
        h = out.index.get_level_values("horizon")
        out["bandwidth"] = self.bandwidths.loc[h].to_numpy()
        out["nobs"] = self.nobs.loc[h].to_numpy()
        return out

    def summary(self) -> str:
        """Plain-text summary of the specification and responses."""
        m = self.model
        kind = "LP-IV (2SLS)" if m.instrument is not None else "LP (OLS)"
        kernel = next(iter(self.regressions.values())).kernel
        head = (
            f"{kind} local projections: shock={m.shock!r}, horizons 0..{m.horizon}, "
            f"n_lags={m.n_lags}, trend={m.trend!r}, sample={m.sample!r}"
            f"{', cumulative' if m.cumulative else ''}\n"
            f"Recursive controls: {m.recursive or 'none'}\n"
            f"HAC lags ({kernel} kernel) by horizon: {self.bandwidths.tolist()}\n"
            f"Responses per one unit of {m.shock!r} at t; 95% pointwise intervals.\n"
        )
        body = self.to_frame().to_string(float_format=lambda v: f"{v: .4f}")
        tail = ""
        if len(self.first_stage):
            tail = "\n\nFirst stage by horizon:\n" + self.first_stage.to_string(
                float_format=lambda v: f"{v: .4f}"
            )
        return str(head + body + tail)
