"""Immutable results of :class:`~attribution.models.breaks.BaiPerron`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
import pandas as pd

from attribution._typing import BreakSelection, CovType
from attribution._validation import as_option
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.models._estimates import Estimates, check_level
from attribution.models.breaks import bptests, selection
from attribution.models.breaks import critical_values as cv
from attribution.models.breaks.confint import break_intervals
from attribution.models.breaks.dp import DPSolution, segment_bounds, segmented_rss
from attribution.models.breaks.estimates import PartitionFit, fit_partition
from attribution.models.breaks.partial import partial_rss
from attribution.models.covariance import nw_bandwidth

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from attribution.models.breaks.model import BaiPerron

BreakOmega = Literal["fit", "iid", "newey_west", "bai_perron"]

CONVENTION = "break date = last observation of the old regime (strucchange convention)"


@dataclass(frozen=True)
class BreakResults(Estimates):
    """Results of a Bai-Perron fit for a chosen number of breaks.

    Attributes
    ----------
    model : BaiPerron
        The specification (data, trim, max_breaks).
    solution : DPSolution
        Optimal partitions for every number of breaks 0..M.
    n_breaks : int
        Number of breaks of these results.
    select : str
        Criterion that chose the number of breaks at fit time.
    cov_type : {"nonrobust", "hac"}
        Covariance for standard errors and date intervals.
    bandwidth : int or None
        HAC lag L requested (None: the Newey-West rule of thumb of T).
    alpha : float
        Level of the sequential tests.

    Notes
    -----
    Timing convention: a break date is the **last observation of the old
    regime**, as in R's strucchange. ``breakpoints`` are 1-based (the number
    of observations up to and including the break, strucchange's
    ``breakpoints``); ``break_positions`` are 0-based positions (``iloc``)
    of the same observations; ``break_dates`` are the index labels there.
    """

    model: BaiPerron
    solution: DPSolution
    n_breaks: int
    select: BreakSelection
    cov_type: CovType
    bandwidth: int | None
    alpha: float

    # ----------------------------------------------------------- selection
    def with_n_breaks(self, n_breaks: int) -> BreakResults:
        """Return the same fit with ``n_breaks`` breaks imposed."""
        if n_breaks not in self.solution.breakpoints:
            raise ModelSpecificationError(
                fmt("n_breaks", f"in 0..{max(self.solution.breakpoints)}", n_breaks)
            )
        return dataclasses.replace(self, n_breaks=int(n_breaks))

    def selected_n_breaks(self, select: str) -> int:
        """Return the number of breaks chosen by ``bic``, ``lwz`` or ``sequential``."""
        if select == "bic":
            return cast(int, self.bic.idxmin())  # index: n_breaks (int)
        if select == "lwz":
            return cast(int, self.lwz.idxmin())
        top = min(
            max(self.solution.breakpoints), cv.max_tabulated_breaks(self.trim_fraction)
        )
        return selection.sequential_n_breaks(
            self.sup_f_test(1).reject(self.alpha),
            lambda n: self.seq_f_test(n).reject(self.alpha),
            top,
        )

    # -------------------------------------------------------------- sizes
    @property
    def nobs(self) -> int:
        """Sample size T."""
        return self.model.nobs

    @property
    def trim(self) -> float | int:
        """Trimming as given (fraction or number of observations)."""
        return self.model.trim

    @property
    def min_size(self) -> int:
        """Minimum segment length h."""
        return self.solution.min_size

    @property
    def trim_fraction(self) -> float:
        """``h / T``, used to pick the critical-value tables."""
        return self.min_size / self.nobs

    @property
    def max_breaks(self) -> int:
        """Largest number of breaks estimated."""
        return max(self.solution.breakpoints)

    # -------------------------------------------------------------- dates
    @property
    def breakpoints(self) -> tuple[int, ...]:
        """1-based last observation of each old regime (strucchange)."""
        return self.solution.breakpoints[self.n_breaks]

    @property
    def break_positions(self) -> tuple[int, ...]:
        """0-based positions of the last observation of each old regime."""
        return tuple(b - 1 for b in self.breakpoints)

    @property
    def break_dates(self) -> pd.Index:
        """Index labels (dates for a DatetimeIndex) of the last old-regime rows."""
        return self.model.endog.index[list(self.break_positions)]

    # ------------------------------------------------------- model choice
    @cached_property
    def rss(self) -> pd.Series:
        """Least RSS for each number of breaks (refitted by QR per regime)."""
        y, z = self.model.endog.to_numpy(), self.model.exog.to_numpy()
        x = self.model.fixed_exog
        vals = {}
        for m, bps in self.solution.breakpoints.items():
            vals[m] = (
                segmented_rss(y, z, bps)
                if x is None
                else partial_rss(y, z, x.to_numpy(), bps)
            )
        return pd.Series(vals, name="rss").rename_axis("n_breaks")

    @cached_property
    def bic(self) -> pd.Series:
        """Strucchange's BIC for each number of breaks."""
        k, p = self.model.n_changing, self.model.n_fixed
        rss = self.rss
        vals = {
            m: selection.bic(rss[m], self.nobs, m, k, p)
            for m in self.solution.breakpoints
        }
        return pd.Series(vals, name="bic").rename_axis("n_breaks")

    @cached_property
    def lwz(self) -> pd.Series:
        """LWZ criterion (Liu, Wu and Zidek 1997) for each number of breaks."""
        q, p = self.model.n_changing, self.model.n_fixed
        rss = self.rss
        vals = {
            m: selection.lwz(rss[m], self.nobs, m, q, p)
            for m in self.solution.breakpoints
        }
        return pd.Series(vals, name="lwz").rename_axis("n_breaks")

    @cached_property
    def breakpoints_table(self) -> pd.DataFrame:
        """Break dates (1-based positions) of the optimal partition for each m."""
        rows = {
            m: pd.Series(b, index=range(1, m + 1), dtype="Int64")
            for m, b in self.solution.breakpoints.items()
            if m > 0
        }
        frame = pd.DataFrame(rows).T.rename_axis(index="n_breaks", columns="break")
        return frame

    # -------------------------------------------------------------- tests
    def sup_f_test(self, n_breaks: int) -> bptests.BreakTest:
        r"""Bai-Perron :math:`\sup F_T(k)` of no break against ``n_breaks``."""
        q, p = self.model.n_changing, self.model.n_fixed
        stat = bptests.sup_f_statistic(
            self.rss[0], self.rss[n_breaks], self.nobs, n_breaks, q, p
        )
        crit = bptests.cv_series(
            cv.supf_critical_value, q, n_breaks, self.trim_fraction
        )
        return bptests.BreakTest(
            f"supF({n_breaks})", stat, crit, "no break", f"{n_breaks} breaks"
        )

    def _dmax(self, kind: str, alpha: float) -> bptests.BreakTest:
        q, eps = self.model.n_changing, self.trim_fraction
        top = min(self.max_breaks, cv.max_tabulated_breaks(eps))
        stats_k = [self.sup_f_test(k).statistic for k in range(1, top + 1)]
        alternative = f"1 to {top} breaks"
        if kind == "udmax":
            crit = bptests.cv_series(cv.dmax_critical_value, q, eps)
            return bptests.BreakTest(
                "UDmax", max(stats_k), crit, "no break", alternative
            )
        c1 = cv.supf_critical_value(q, 1, eps, alpha)
        weighted = [
            s * c1 / cv.supf_critical_value(q, k, eps, alpha)
            for k, s in enumerate(stats_k, start=1)
        ]
        crit = pd.Series(
            [cv.dmax_critical_value(q, eps, alpha, "wdmax")],
            index=pd.Index([alpha], name="alpha"),
            name="critical_value",
        )
        return bptests.BreakTest(
            f"WDmax({alpha:g})", max(weighted), crit, "no break", alternative
        )

    def ud_max_test(self) -> bptests.BreakTest:
        r"""UDmax: the largest :math:`\sup F_T(k)` over ``k = 1..M``."""
        return self._dmax("udmax", 0.05)

    def wd_max_test(self, alpha: float = 0.05) -> bptests.BreakTest:
        r"""WDmax at level ``alpha`` (weights :math:`c(q,\alpha,1)/c(q,\alpha,k)`)."""
        return self._dmax("wdmax", alpha)

    def seq_f_test(self, n_null: int) -> bptests.BreakTest:
        r"""Bai-Perron :math:`\sup F_T(l+1 \mid l)`, ``l = n_null`` global breaks."""
        if self.model.fixed_exog is not None:
            raise ModelSpecificationError(
                fmt(
                    "fixed_exog",
                    "None for the sequential test",
                    "a frame",
                    "supF(l+1|l) is implemented for pure structural change.",
                )
            )
        y, z = self.model.endog.to_numpy(), self.model.exog.to_numpy()
        stat, where = bptests.seq_f_statistic(
            y, z, self.solution.breakpoints[n_null], self.min_size
        )
        crit = bptests.cv_series(
            cv.seqf_critical_value, self.model.n_changing, n_null, self.trim_fraction
        )
        return bptests.BreakTest(
            f"supF({n_null + 1}|{n_null})",
            stat,
            crit,
            f"{n_null} breaks",
            f"{n_null + 1} breaks",
            where,
        )

    # --------------------------------------------------------- estimates
    @property
    def resolved_bandwidth(self) -> int | None:
        """HAC lag used: ``bandwidth``, or the rule of thumb of T (None unless HAC)."""
        if self.cov_type != "hac":
            return None
        return nw_bandwidth(self.nobs) if self.bandwidth is None else self.bandwidth

    @cached_property
    def _fit(self) -> PartitionFit:
        x = self.model.fixed_exog
        return fit_partition(
            self.model.endog.to_numpy(),
            self.model.exog.to_numpy(),
            None if x is None else x.to_numpy(),
            self.breakpoints,
            bandwidth=self.resolved_bandwidth,
        )

    @cached_property
    def _param_index(self) -> pd.MultiIndex:
        names = list(self.model.exog.columns)
        tuples = [(j + 1, n) for j in range(self.n_breaks + 1) for n in names]
        if self.model.fixed_exog is not None:
            tuples += [(0, str(n)) for n in self.model.fixed_exog.columns]
        return pd.MultiIndex.from_tuples(tuples, names=["segment", "param"])

    @property
    def params(self) -> pd.Series:
        """Coefficients by (segment, param); segment 0 holds fixed coefficients."""
        return pd.Series(self._fit.params, index=self._param_index, name="params")

    @property
    def cov(self) -> pd.DataFrame:
        """Covariance of ``params``."""
        return pd.DataFrame(
            self._fit.cov, index=self._param_index, columns=self._param_index
        )

    @property
    def std_err(self) -> pd.Series:
        """Standard errors of ``params``."""
        return pd.Series(
            np.sqrt(np.diag(self._fit.cov)), index=self._param_index, name="std_err"
        )

    @property
    def resid(self) -> pd.Series:
        """Residuals of the segmented fit."""
        return pd.Series(self._fit.resid, index=self.model.endog.index, name="resid")

    @property
    def fitted(self) -> pd.Series:
        """Fitted values of the segmented fit."""
        return pd.Series(self._fit.fitted, index=self.model.endog.index, name="fitted")

    def break_conf_int(
        self,
        level: float = 0.95,
        *,
        het_reg: bool = True,
        het_err: bool = True,
        omega: BreakOmega = "fit",
        adjust: bool = False,
    ) -> pd.DataFrame:
        r"""Bai (1997) intervals for the break dates, as strucchange's ``confint``.

        Parameters
        ----------
        level : float, default 0.95
            Coverage.
        het_reg, het_err : bool, default True
            Regime-specific regressor moments / error variances.
        omega : {"fit", "iid", "newey_west", "bai_perron"}, default "fit"
            Long-run variance :math:`\Omega_i` of the scores. ``"fit"``
            follows the fit's ``cov_type`` (i.i.d. for ``"nonrobust"``,
            Newey-West with :attr:`resolved_bandwidth` for ``"hac"``).
            ``"bai_perron"`` is the HAC of Bai and Perron (2003):
            quadratic-spectral kernel, VAR(1) prewhitening and the Andrews
            (1991) AR(1) bandwidth
            (strucchange ``confint(bp, vcov. = function(x, ...) kernHAC(x,
            prewhite = 1, adjust = FALSE))``).
        adjust : bool, default False
            With ``omega="bai_perron"``: scale by n/(n-k) (``kernHAC``'s
            default ``adjust = TRUE``).

        Returns
        -------
        DataFrame
            One row per break: ``lower``, ``breakpoint``, ``upper`` (1-based
            positions of the last old-regime observation; ``lower`` may be
            below 1 or ``upper`` above T, as in strucchange), the dates
            ``lower_date``, ``break_date``, ``upper_date`` (NaT when outside
            the sample), and ``lower_exact``, ``upper_exact``: the bounds
            before strucchange rounds them outwards (``lower`` is the floor
            of ``lower_exact``, ``upper`` the ceiling of ``upper_exact``).
        """
        if self.model.fixed_exog is not None:
            raise ModelSpecificationError(
                fmt(
                    "fixed_exog",
                    "None for break-date intervals",
                    "a frame",
                    "Bai (1997) intervals are implemented for pure structural change.",
                )
            )
        rows = break_intervals(
            self.model.endog.to_numpy(),
            self.model.exog.to_numpy(),
            self.breakpoints,
            level=check_level(level),
            het_reg=het_reg,
            het_err=het_err,
            bandwidth=self._omega_lags(omega),
            hac="bai_perron" if omega == "bai_perron" else None,
            adjust=adjust,
        )
        frame = pd.DataFrame(
            [r[:3] for r in rows],
            columns=["lower", "breakpoint", "upper"],
            index=pd.RangeIndex(1, len(rows) + 1, name="break"),
        )
        idx = self.model.endog.index
        for col in ("lower", "breakpoint", "upper"):
            name = "break_date" if col == "breakpoint" else f"{col}_date"
            frame[name] = [
                idx[int(v) - 1] if np.isfinite(v) and 1 <= v <= self.nobs else None
                for v in frame[col]
            ]
        frame["lower_exact"] = [r[3] for r in rows]
        frame["upper_exact"] = [r[4] for r in rows]
        return frame

    def _omega_lags(self, omega: str) -> int | None:
        """Newey-West lag for ``break_conf_int(omega=...)`` (None: i.i.d. or BP)."""
        omega = as_option(omega, "omega", ("fit", "iid", "newey_west", "bai_perron"))
        if omega == "fit":
            return self.resolved_bandwidth
        if omega == "newey_west":
            return nw_bandwidth(self.nobs) if self.bandwidth is None else self.bandwidth
        return None

    # ------------------------------------------------------------ output
    @cached_property
    def segments(self) -> pd.DataFrame:
        """One row per regime: first and last label, positions and size."""
        idx = self.model.endog.index
        rows = [
            {
                "segment": j + 1,
                "start": idx[s],
                "end": idx[e - 1],
                "first": s + 1,
                "last": e,
                "nobs": e - s,
            }
            for j, (s, e) in enumerate(segment_bounds(self.breakpoints, self.nobs))
        ]
        return pd.DataFrame(rows).set_index("segment")

    def plot(self, level: float = 0.95, *, units: str = "") -> Figure:
        """Draw the series, its fitted segments, the break dates and intervals.

        Parameters
        ----------
        level : float, default 0.95
            Coverage of the break-date intervals (:meth:`break_conf_int`).
        units : str, default ""
            Units of the dependent variable, for the axis label.

        Returns
        -------
        Figure
            A matplotlib figure (object API, no pyplot state): the data in
            grey, the fitted values in blue, each break date (the last
            observation of the old regime) as a red dashed line with its
            interval shaded.
        """
        from attribution.plotting import subplots

        y = self.model.endog
        fig, ax = subplots(figsize=(9.0, 4.0))
        ax.plot(y.index, y.to_numpy(), color="#7f8c8d", lw=0.8, label=str(y.name))
        ax.plot(y.index, self.fitted.to_numpy(), color="#1f618d", lw=1.5,
                label="fitted (segment estimates)")  # fmt: skip
        if self.n_breaks:
            ci = self.break_conf_int(level)
            for _, row in ci.iterrows():
                lo = row["lower_date"] if pd.notna(row["lower_date"]) else y.index[0]
                hi = row["upper_date"] if pd.notna(row["upper_date"]) else y.index[-1]
                ax.axvspan(lo, hi, color="#c0392b", alpha=0.15, lw=0)
                ax.axvline(row["break_date"], color="#c0392b", ls="--", lw=1.0)
            label = f"break date, {level:.0%} CI"
            ax.plot([], [], color="#c0392b", ls="--", label=label)
        ax.set_ylabel(f"{y.name}" + (f" ({units})" if units else ""))
        ax.set_title(f"Bai-Perron: {self.n_breaks} break(s) ({self.select})")
        ax.legend(fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
        return fig

    def summary(self) -> str:
        """Return a text summary: criteria and dates by m, segment estimates."""
        crit = pd.concat([self.rss, self.bic, self.lwz], axis=1)
        crit["breakpoints"] = [
            " ".join(str(b) for b in self.solution.breakpoints[m]) for m in crit.index
        ]
        lines = [
            f"Bai-Perron structural breaks: {self.model.endog.name}  T={self.nobs}  "
            f"q={self.model.n_changing}  p={self.model.n_fixed}",
            f"trim={self.trim} (h={self.min_size} obs)  max_breaks={self.max_breaks}  "
            f"selected by {self.select}: n_breaks={self.n_breaks}",
            f"Convention: {CONVENTION}.",
            "Break dates: " + (", ".join(str(d) for d in self.break_dates) or "none"),
            "Breakpoints (1-based last old-regime observations): "
            + (" ".join(str(b) for b in self.breakpoints) or "none"),
            "",
            crit.to_string(float_format=lambda v: f"{v: .6g}"),
            "",
            self.to_frame().to_string(float_format=lambda v: f"{v: .4f}"),
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"BreakResults(n_breaks={self.n_breaks}, breakpoints={self.breakpoints}, "
            f"trim={self.trim}, min_size={self.min_size})"
        )
