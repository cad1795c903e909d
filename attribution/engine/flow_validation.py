r"""Check identified daily shocks against the observed flows, on each flow's own grid.

The daily structural shocks are summed to the grid of each flow (see
:mod:`attribution.features.flows`): custody weeks Thursday..Wednesday ending on
the H.4.1 Wednesday, CFTC weeks Wednesday..Tuesday ending on the as-of Tuesday,
SLT calendar months. Over the whole sample and over the periods that overlap
the episode, each (shock, flow) pair gets the number of periods, the
correlation with its Fisher-z interval, the share of periods in which the
signs agree with the expected sign, and a verdict.

Verdict rule
------------
With :math:`r` the correlation over :math:`n` periods, :math:`z =
\operatorname{artanh} r` and the ``level`` interval :math:`\tanh(z \pm
q / \sqrt{n - 3})` (:math:`q` the normal quantile; 90% by default):

* ``supports``: the interval excludes zero on the expected side;
* ``contradicts``: it excludes zero on the opposite side;
* ``uninformative``: it holds zero, or :math:`n < 4` (no interval), or a
  series does not vary.

The Fisher interval assumes independent periods and roughly normal sums; with
heavy-tailed flows it is approximate.

Expected signs (:data:`EXPECTED_SIGNS`)
---------------------------------------
* ``sell_america`` vs ``custody`` (change in official custody, $bn): negative;
  vs ``slt_official`` and ``slt_private`` (net purchases, $bn): negative.
* ``flight_to_safety`` vs ``slt_private``: positive.
* ``basis_deleveraging`` vs ``lev_net_short`` (change in leveraged funds' net
  short, k 10y-eq): negative, an unwind shrinks the short; vs ``lev_net``
  (change in net = long minus short, as the simulated daily world's
  ``weekly_flows()`` reports it): positive.

Periods with a missing flow are skipped and counted (``n_missing_*``); the
partial periods at the ends of the shock sample are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from attribution._typing import DateLike
from attribution._validation import as_float, as_frame
from attribution.exceptions import ModelSpecificationError, WindowError, fmt
from attribution.features.flows import (
    FLOW_GRIDS,
    FlowGrid,
    flow_on_grid,
    period_start,
    sum_to_grid,
)

#: Grid of each flow name known without a ``grids`` argument.
DEFAULT_GRIDS: dict[str, FlowGrid] = {
    "custody": "custody",
    "lev_net_short": "cftc",
    "lev_net": "cftc",
    "slt_official": "slt",
    "slt_private": "slt",
}
#: (shock, flow) -> expected sign of their correlation.
EXPECTED_SIGNS: dict[tuple[str, str], int] = {
    ("sell_america", "custody"): -1,
    ("sell_america", "slt_official"): -1,
    ("sell_america", "slt_private"): -1,
    ("flight_to_safety", "slt_private"): 1,
    ("basis_deleveraging", "lev_net_short"): -1,
    ("basis_deleveraging", "lev_net"): 1,
}
SCOPES = ("sample", "episode")
MIN_PERIODS = 4
VERDICT_RULE = (
    "supports / contradicts: the {level:.0%} Fisher-z interval of the correlation "
    "excludes zero with the expected / opposite sign; otherwise (or n < 4) "
    "uninformative"
)


def fisher_interval(r: float, n: int, level: float) -> tuple[float, float]:
    r"""Fisher-z interval of a correlation.

    :math:`\tanh(\operatorname{artanh} r \pm q/\sqrt{n-3})`, ``q`` the normal
    quantile of ``level``.

    Returns ``(nan, nan)`` when ``n < 4`` or ``r`` is NaN.
    """
    if n < MIN_PERIODS or not np.isfinite(r):
        return math.nan, math.nan
    z = math.atanh(float(np.clip(r, -1 + 1e-15, 1 - 1e-15)))
    half = float(stats.norm.ppf(0.5 + level / 2.0)) / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def verdict(low: float, high: float, expected: int) -> str:
    """Return the verdict for an interval ``[low, high]`` and an expected sign."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "uninformative"
    if low > 0 or high < 0:
        return "supports" if (low > 0) == (expected > 0) else "contradicts"
    return "uninformative"


def _stats(
    x: pd.Series, y: pd.Series, expected: int, level: float, suffix: str
) -> dict[str, object]:
    n = len(x)
    r = math.nan
    if n >= 2 and x.std() > 0 and y.std() > 0:
        r = float(np.corrcoef(x.to_numpy(), y.to_numpy())[0, 1])
    low, high = fisher_interval(r, n, level)
    prod = np.sign(x.to_numpy()) * np.sign(y.to_numpy())
    nonzero = prod != 0
    share = float((prod[nonzero] == expected).mean()) if nonzero.any() else math.nan
    return {
        f"n_{suffix}": n,
        f"corr_{suffix}": r,
        f"corr_low_{suffix}": low,
        f"corr_high_{suffix}": high,
        f"sign_share_{suffix}": share,
        f"verdict_{suffix}": verdict(low, high, expected),
    }


def _episode(episode: tuple[DateLike, DateLike]) -> tuple[pd.Timestamp, pd.Timestamp]:
    try:
        start, stop = (pd.Timestamp(d) for d in episode)
    except (TypeError, ValueError) as exc:
        raise WindowError(
            fmt("episode", "a pair of dates (start, end)", episode)
        ) from exc
    if stop < start:
        raise WindowError(fmt("episode", "start <= end", episode))
    return start.normalize(), stop.normalize()


def _check_inputs(
    shocks: pd.DataFrame,
    flows: Mapping[str, pd.Series],
    grids: Mapping[str, FlowGrid] | None,
    expected: Mapping[tuple[str, str], int] | None,
) -> tuple[pd.DataFrame, dict[str, FlowGrid], dict[tuple[str, str], int]]:
    if not isinstance(shocks, pd.DataFrame) or not isinstance(
        shocks.index, pd.DatetimeIndex
    ):
        raise ModelSpecificationError(
            fmt("shocks", "a DataFrame with a DatetimeIndex", type(shocks).__name__)
        )
    if shocks.index.has_duplicates or not shocks.index.is_monotonic_increasing:
        raise ModelSpecificationError(
            fmt("shocks", "sorted by date without repeats", "unsorted or repeated")
        )
    frame = as_frame(shocks, "shocks", min_rows=2)
    grid_of = {**DEFAULT_GRIDS, **dict(grids or {})}
    for name in flows:
        if name not in grid_of:
            raise ModelSpecificationError(
                fmt(
                    f"flows[{name!r}]",
                    f"a known flow ({sorted(DEFAULT_GRIDS)}) or one named in `grids`",
                    name,
                    f"Pass grids={{{name!r}: 'custody' | 'cftc' | 'slt'}}.",
                )
            )
        if grid_of[name] not in FLOW_GRIDS:
            raise ModelSpecificationError(
                fmt(f"grids[{name!r}]", f"one of {FLOW_GRIDS}", grid_of[name])
            )
        series = flows[name]
        if not isinstance(series, pd.Series) or not isinstance(
            series.index, pd.DatetimeIndex
        ):
            raise ModelSpecificationError(
                fmt(f"flows[{name!r}]", "a Series with a DatetimeIndex", type(series))
            )
    if expected is None:
        pairs = {
            k: v
            for k, v in EXPECTED_SIGNS.items()
            if k[0] in frame.columns and k[1] in flows
        }
    else:
        pairs = dict(expected)
        for (shock, flow), sign in pairs.items():
            if shock not in frame.columns:
                raise ModelSpecificationError(
                    fmt("expected", f"shocks among {list(frame.columns)}", shock)
                )
            if flow not in flows:
                raise ModelSpecificationError(
                    fmt("expected", f"flows among {list(flows)}", flow)
                )
            if sign not in (-1, 1):
                raise ModelSpecificationError(
                    fmt(f"expected[{(shock, flow)!r}]", "+1 or -1", sign)
                )
    if not pairs:
        raise ModelSpecificationError(
            fmt(
                "expected",
                "at least one (shock, flow) pair present in the inputs",
                {},
                "Pass expected={('sell_america', 'custody'): -1, ...}.",
            )
        )
    return frame, {k: grid_of[k] for k in flows}, pairs


def validate_against_flows(
    shocks: pd.DataFrame,
    flows: Mapping[str, pd.Series],
    episode: tuple[DateLike, DateLike],
    expected: Mapping[tuple[str, str], int] | None = None,
    *,
    grids: Mapping[str, FlowGrid] | None = None,
    level: float = 0.90,
) -> pd.DataFrame:
    """Correlate identified daily shocks with observed flows on the flows' grids.

    Parameters
    ----------
    shocks : DataFrame
        Daily structural shocks, one column per named shock, business-day
        ``DatetimeIndex``; no NaN.
    flows : mapping of str to Series
        Per-period flows at their as-of dates: ``custody`` (weekly change in
        official custody, $bn, Wednesday), ``lev_net_short`` (weekly change of
        leveraged funds' net short, k 10y-eq, Tuesday), ``slt_official`` /
        ``slt_private`` (SLT net purchases, $bn, month). NaN = missing period.
    episode : (date-like, date-like)
        First and last day of the episode; its scope holds the periods that
        overlap it.
    expected : mapping, optional
        ``(shock, flow) -> +1 or -1``; default :data:`EXPECTED_SIGNS`, for the
        pairs present. A pair naming an absent shock or flow is an error.
    grids : mapping, optional
        Grid of each flow not in :data:`DEFAULT_GRIDS`
        (``"custody"``, ``"cftc"`` or ``"slt"``).
    level : float, default 0.90
        Level of the correlation interval behind the verdict.

    Returns
    -------
    DataFrame
        One row per (shock, flow): ``shock, flow, grid, expected_sign, level``
        and, for ``sample`` and ``episode``: ``n_*`` (periods used),
        ``n_missing_*`` (whole periods without the flow), ``corr_*``,
        ``corr_low_*``, ``corr_high_*``, ``sign_share_*`` (share of periods,
        both signs nonzero, whose signs agree with the expected sign) and
        ``verdict_*``; then ``rule``.

    Raises
    ------
    ModelSpecificationError
        On shocks that are not a date-indexed numeric frame without NaN, an
        unknown flow without a grid, or an ``expected`` pair naming an absent
        shock or flow or a sign other than +/-1.
    WindowError
        If the episode is not a pair of dates in order.

    Notes
    -----
    The identifying content: a shock that *is* the flow's driver should
    correlate with the flow with the expected sign on the flow's own calendar.
    Timing: a shock dated Thursday counts in the custody week ending the next
    Wednesday, a Wednesday shock in that Wednesday's week; a Wednesday shock in
    the CFTC week ending the next Tuesday. The verdict rule is in the module
    notes.
    """
    frame, grid_of, pairs = _check_inputs(shocks, flows, grids, expected)
    start, stop = _episode(episode)
    level = as_float(level, "level", low=0.5, high=0.999)
    summed = {g: sum_to_grid(frame, g) for g in set(grid_of.values())}
    rows = []
    for (shock, flow), sign in pairs.items():
        grid = grid_of[flow]
        sums = summed[grid][shock]
        observed = flow_on_grid(flows[flow].astype(float), grid).reindex(sums.index)
        starts = period_start(pd.DatetimeIndex(sums.index), grid)
        in_episode = np.asarray((starts <= stop) & (sums.index >= start))
        row: dict[str, object] = {
            "shock": shock,
            "flow": flow,
            "grid": grid,
            "expected_sign": sign,
            "level": level,
        }
        masks = (np.ones(len(sums), dtype=bool), in_episode)
        for scope, mask in zip(SCOPES, masks, strict=True):
            have = mask & observed.notna().to_numpy()
            row.update(_stats(sums[have], observed[have], sign, level, scope))
            row[f"n_missing_{scope}"] = int((mask & ~have).sum())
        row["rule"] = VERDICT_RULE.format(level=level)
        rows.append(row)
    return pd.DataFrame(rows)
