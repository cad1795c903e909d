"""Attribution windows: a day, an ISO week, a calendar month or a date range.

A day is written ``2025-04-09``, a week ``2025-W15``, a month ``2025-04``, a
range ``2025-04-02:2025-04-11``, a range of months ``2023-08:2023-10``.

Conventions
-----------
* A month measures the change from the last close *before* the month to the
  last close *in* the month: ``2025-04`` runs from the 2025-03-31 close to
  the 2025-04-30 close.
* A day measures the change from the last close before it to its close
  (``2025-04-09``: the 8 April close to the 9 April close).
* An ISO week (Monday to Sunday) measures the change from the last close
  before its Monday to its last close (``2025-W15`` is 7-11 April 2025,
  from the 4 April close).
* A range ``a:b`` measures the change from the close of ``a`` (or the last
  close on or before it) to the close of ``b`` (or the last on or before it):
  ``2025-04-04:2025-04-11`` is the selloff week, 4.01% to 4.48% on the 10y.
* A range of months ``a:b`` is measured like a month that runs from the first
  day of ``a`` to the last day of ``b``: from the last close before ``a`` to
  the last close in ``b`` (``2023-08:2023-10``: the 2023-07-31 close to the
  2023-10-31 close). Both ends are months, or both are days; a mix such as
  ``2023-08:2023-10-15`` is an error.
* A window in which the market has no close (a weekend, a holiday) is an
  error that says so ("no Treasury closes between ...").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from attribution.exceptions import WindowError, fmt

_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_DATE = r"\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"({_DATE}):({_DATE})", re.ASCII)
_DAY = re.compile(_DATE, re.ASCII)
_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
_MONTHS = re.compile(r"(\d{4})-(\d{2}):(\d{4})-(\d{2})", re.ASCII)
_MIXED = re.compile(rf"(\d{{4}}-\d{{2}}|{_DATE}):(\d{{4}}-\d{{2}}|{_DATE})", re.ASCII)
#: Years a window may name (pandas' nanosecond dates end in 2262).
YEARS: tuple[int, int] = (1900, 2200)
_SLACK_DAYS = 5  # a month's data may end this many days before its last calendar day


@dataclass(frozen=True)
class Window:
    """A parsed window.

    Attributes
    ----------
    label : str
        As written (``2025-04`` or ``2025-04-02:2025-04-11``).
    kind : {"day", "week", "month", "range"}
        Which form; a range of months (``2023-08:2023-10``) is a ``month``
        (measured from the close before its first day).
    first, last : Timestamp
        First and last calendar day covered.
    """

    label: str
    kind: Literal["day", "week", "month", "range"]
    first: pd.Timestamp
    last: pd.Timestamp

    @classmethod
    def parse(cls, text: str, name: str = "window") -> Window:
        """Parse ``text``; raise :class:`WindowError` naming ``name`` and the value."""
        text = str(text).strip()
        m = _MONTH.fullmatch(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise WindowError(fmt(name, "a month YYYY-MM with MM in 01..12", text))
            _check_year(year, name, text)
            first = pd.Timestamp(year, month, 1)
            return cls(text, "month", first, first + pd.offsets.MonthEnd(0))
        if _DAY.fullmatch(text):
            _check_year(int(text[:4]), name, text)
            try:
                day = pd.Timestamp(text)
            except ValueError as exc:
                raise WindowError(fmt(name, "a valid date", text)) from exc
            return cls(text, "day", day, day)
        w = _WEEK.fullmatch(text)
        if w:
            _check_year(int(w.group(1)), name, text)
            try:
                monday = pd.Timestamp(
                    dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
                )
            except ValueError as exc:
                raise WindowError(fmt(name, "an ISO week YYYY-Www", text)) from exc
            return cls(text, "week", monday, monday + pd.Timedelta(days=6))
        r = _RANGE.fullmatch(text)
        if r:
            for part in (r.group(1), r.group(2)):
                _check_year(int(part[:4]), name, text)
            try:
                a, b = pd.Timestamp(r.group(1)), pd.Timestamp(r.group(2))
            except ValueError as exc:
                raise WindowError(fmt(name, "a range of valid dates", text)) from exc
            if b <= a:
                raise WindowError(
                    fmt(name, "a range whose end is after its start", text)
                )
            return cls(text, "range", a, b)
        mm = _MONTHS.fullmatch(text)
        if mm:
            return cls._month_range(text, mm, name)
        if _MIXED.fullmatch(text):
            raise WindowError(
                fmt(
                    name,
                    "a range of two days 'YYYY-MM-DD:YYYY-MM-DD' or of two months "
                    "'YYYY-MM:YYYY-MM', not a mix",
                    text,
                )
            )
        raise WindowError(
            fmt(
                name,
                "a day 'YYYY-MM-DD', a week 'YYYY-Www', a month 'YYYY-MM', a "
                "range 'YYYY-MM-DD:YYYY-MM-DD' or a range of months "
                "'YYYY-MM:YYYY-MM'",
                text,
            )
        )

    @classmethod
    def _month_range(cls, text: str, m: re.Match[str], name: str) -> Window:
        """Parse ``YYYY-MM:YYYY-MM``: first day of one month to last of the other."""
        ends = []
        for year, month in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
            if not 1 <= int(month) <= 12:
                raise WindowError(
                    fmt(name, "a range of months YYYY-MM with MM in 01..12", text)
                )
            _check_year(int(year), name, text)
            ends.append(pd.Timestamp(int(year), int(month), 1))
        if ends[1] <= ends[0]:
            raise WindowError(
                fmt(name, "a range of months whose end is after its start", text)
            )
        return cls(text, "month", ends[0], ends[1] + pd.offsets.MonthEnd(0))

    def resolve(self, dates: pd.DatetimeIndex) -> tuple[pd.Timestamp, pd.Timestamp]:
        """Return the (base close, end close) dates of the window in ``dates``.

        Parameters
        ----------
        dates : DatetimeIndex
            Dates on which the reference series has a close.

        Raises
        ------
        WindowError
            If the data do not cover the window, or hold no close inside it
            (a weekend, a holiday).
        """
        dates = pd.DatetimeIndex(dates).sort_values()
        if self.kind != "range":
            before = dates[dates < self.first]
        else:
            before = dates[dates <= self.first]
        inside = dates[dates <= self.last]
        if len(before) == 0 or len(dates) == 0:
            raise WindowError(
                fmt("window", f"inside the data ({_span(dates)})", self.label)
            )
        end = inside[-1]
        if end <= before[-1] and dates[-1] >= self.last:
            raise WindowError(
                f"`window` {self.label!r}: no Treasury closes between "
                f"{self.first:%Y-%m-%d} and {self.last:%Y-%m-%d} (a weekend or a "
                f"holiday; the data run {_span(dates)}). Pick a window that "
                "holds a trading day."
            )
        if end <= before[-1] or dates[-1] < self.last - pd.Timedelta(days=_SLACK_DAYS):
            raise WindowError(
                fmt(
                    "window",
                    f"covered by the data ({_span(dates)})",
                    self.label,
                    "Pick a window inside that range or refresh the data.",
                )
            )
        return before[-1], end


def _check_year(year: int, name: str, text: str) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise WindowError(
            fmt(name, f"a window with years in {YEARS[0]}..{YEARS[1]}", text)
        )


def _span(dates: pd.DatetimeIndex) -> str:
    if len(dates) == 0:
        return "no data"
    return f"{dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}"
