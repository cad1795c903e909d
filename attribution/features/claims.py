"""Check holdings claims from research notes against the TIC data, whatever they say.

Two claim forms are understood, as text or as function calls:

* ``"19 of 34 countries sold in March 2023"``: the number of countries whose
  holdings fell in that month (end of month vs end of the previous month),
  out of the countries reported in both months;
* ``"Japan and China together cut $217bn from August to October 2024"``: the
  combined change of the named holders from the end of the first month to the
  end of the last (the alternative reading that includes the first month's
  own change, end of the month before the first to end of the last, is
  reported alongside).

A check never fails because the claim is false: it returns a
:class:`ClaimCheck` with the computed numbers and a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from attribution._validation import to_float
from attribution.exceptions import ModelSpecificationError, fmt
from attribution.features.holdings import countries, resolve_country

_MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH_RE = (
    r"(January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_COUNT = re.compile(
    rf"(\d+)\s+of\s+(\d+)\s+countries\s+(sold|cut|reduced|bought|added|increased)"
    rf"(?:\s+\w+)*?\s+in\s+{_MONTH_RE}\s+(\d{{4}})",
    re.I,
)
_COMBINED = re.compile(
    rf"^(.+?)\s+together\s+(cut|sold|reduced|added|bought|increased)\s+\$?\s*([\d.,]+)\s*"
    rf"(bn|billion)(?:\s+\w+)*?\s+from\s+{_MONTH_RE}(?:\s+(\d{{4}}))?\s+to\s+{_MONTH_RE}"
    rf"\s+(\d{{4}})",
    re.I,
)
_SELL_WORDS = {"sold", "cut", "reduced"}


@dataclass(frozen=True)
class ClaimCheck:
    """The result of checking one claim.

    Attributes
    ----------
    claim : str
        The claim as stated (or reconstructed from the call).
    claimed : float
        The number claimed (count, or $bn with its sign: cuts negative).
    computed : float
        The same number from the data.
    holds : bool
        Whether the data support the claim within ``tolerance``.
    tolerance : float
        Allowed absolute difference.
    detail : str
        How it was computed (months, countries, alternative readings).
    """

    claim: str
    claimed: float
    computed: float
    holds: bool
    tolerance: float
    detail: str


def month_end(year: int, month: int) -> pd.Timestamp:
    """Return the month-end date used by the monthly panel."""
    return pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)


def _level(levels: pd.DataFrame, line: str, when: pd.Timestamp) -> float:
    if when not in levels.index or pd.isna(to_float(levels.at[when, line])):
        raise ModelSpecificationError(
            fmt(
                f"TIC {line} at {when:%Y-%m}",
                "reported",
                "missing",
                "The month is outside the TIC data.",
            )
        )
    return to_float(levels.at[when, line])


def check_count_sold(
    levels: pd.DataFrame,
    year: int,
    month: int,
    n: int,
    m: int | None = None,
    *,
    sold: bool = True,
    names: Sequence[str] | None = None,
    tolerance: int = 0,
) -> ClaimCheck:
    """Check "``n`` of ``m`` countries sold (or bought) in month ``year-month``".

    Parameters
    ----------
    levels : DataFrame
        TIC MFH levels ($bn) by line, month-end index.
    year, month : int
        The month.
    n, m : int
        Claimed count and claimed universe (``m`` is compared, not enforced).
    sold : bool, default True
        Count cuts (True) or additions (False).
    names : sequence of str, optional
        The countries to count (default: every MFH line that is a country).
    tolerance : int, default 0
        Allowed difference in the count.

    Returns
    -------
    ClaimCheck
        ``holds`` if the count matches within ``tolerance`` (and ``m`` matches the
        number of countries reported in both months, if given).
    """
    when = month_end(year, month)
    prev = when - pd.offsets.MonthEnd(1)
    cols = [resolve_country(c, levels) for c in names] if names else countries(levels)
    if when not in levels.index or prev not in levels.index:
        raise ModelSpecificationError(
            fmt("month", "inside the TIC data", f"{year}-{month:02d}")
        )
    both = levels[cols].loc[pd.DatetimeIndex([prev, when])].dropna(axis="columns")
    chg = both.iloc[1] - both.iloc[0]  # rows: prev, when
    movers = chg[chg < 0] if sold else chg[chg > 0]
    count = len(movers)
    ok = abs(count - n) <= tolerance and (m is None or m == both.shape[1])
    verb = "sold" if sold else "bought"
    claim = f"{n} of {m if m is not None else '?'} countries {verb} in {when:%B %Y}"
    detail = (
        f"{count} of {both.shape[1]} countries reported in both {prev:%Y-%m} and "
        f"{when:%Y-%m} {verb} ({', '.join(sorted(movers.index))})."
    )
    return ClaimCheck(claim, float(n), float(count), ok, float(tolerance), detail)


def check_combined_change(
    levels: pd.DataFrame,
    holders: Sequence[str],
    start: tuple[int, int],
    end: tuple[int, int],
    amount_bn: float,
    *,
    tolerance_bn: float | None = None,
) -> ClaimCheck:
    """Check "``holders`` together changed holdings by ``amount_bn``" over a span.

    Parameters
    ----------
    levels : DataFrame
        TIC MFH levels ($bn).
    holders : sequence of str
        Country names (aliases such as ``China`` are resolved).
    start, end : (year, month)
        First and last month.
    amount_bn : float
        Claimed change in $bn, negative for a cut.
    tolerance_bn : float, optional
        Allowed difference; default ``max(1.0, 0.05 * |amount_bn|)``.

    Returns
    -------
    ClaimCheck
        ``computed`` is ``sum(level[end]) - sum(level[start])``; the detail also
        gives the reading from the end of the month before ``start``.
    """
    lines = [resolve_country(h, levels) for h in holders]
    t0, t1 = month_end(*start), month_end(*end)
    if t1 <= t0:
        raise ModelSpecificationError(
            fmt("end", "after start", f"{t0:%Y-%m}..{t1:%Y-%m}")
        )
    before = t0 - pd.offsets.MonthEnd(1)
    per = {ln: _level(levels, ln, t1) - _level(levels, ln, t0) for ln in lines}
    computed = sum(per.values())
    alt = sum(_level(levels, ln, t1) - _level(levels, ln, before) for ln in lines)
    tol = (
        max(1.0, 0.05 * abs(amount_bn)) if tolerance_bn is None else float(tolerance_bn)
    )
    parts = ", ".join(f"{ln} {v:+.1f}" for ln, v in per.items())
    detail = (
        f"end-{t0:%Y-%m} to end-{t1:%Y-%m}: {computed:+.1f} $bn ({parts}); "
        f"from end-{before:%Y-%m}: {alt:+.1f} $bn."
    )
    claim = (
        f"{' and '.join(holders)} together changed holdings by {amount_bn:+.1f} $bn "
        f"from {t0:%B %Y} to {t1:%B %Y}"
    )
    return ClaimCheck(
        claim,
        float(amount_bn),
        float(computed),
        abs(computed - amount_bn) <= tol,
        tol,
        detail,
    )


def check_claim(text: str, levels: pd.DataFrame) -> ClaimCheck:
    """Parse a claim in one of the two forms of the module docstring and check it.

    Raises
    ------
    ModelSpecificationError
        If the text matches neither form.
    """
    m = _COUNT.search(text)
    if m:
        n, total, verb, mon, year = m.groups()
        res = check_count_sold(
            levels,
            int(year),
            _MONTHS[mon.lower()],
            int(n),
            int(total),
            sold=verb.lower() in _SELL_WORDS,
        )
        return ClaimCheck(
            text, res.claimed, res.computed, res.holds, res.tolerance, res.detail
        )
    c = _COMBINED.search(text.strip())
    if c:
        who, verb, amount, _, mon0, year0, mon1, year1 = c.groups()
        holders = [h for h in re.split(r",\s*|\s+and\s+", who) if h]
        m0, m1 = _MONTHS[mon0.lower()], _MONTHS[mon1.lower()]
        y1 = int(year1)
        y0 = int(year0) if year0 else (y1 if m0 <= m1 else y1 - 1)
        value = float(amount.replace(",", ""))
        signed = -value if verb.lower() in _SELL_WORDS else value
        res = check_combined_change(levels, holders, (y0, m0), (y1, m1), signed)
        return ClaimCheck(
            text, res.claimed, res.computed, res.holds, res.tolerance, res.detail
        )
    raise ModelSpecificationError(
        fmt(
            "claim",
            "of the form 'N of M countries sold in <Month> <YYYY>' or "
            "'<A> and <B> together cut $Xbn from <Month> to <Month> <YYYY>'",
            text,
        )
    )
