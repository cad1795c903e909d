"""The tidy schema every adapter returns, and the catalogue entry of a series.

Every adapter's ``parse`` returns a long frame with columns

``date`` (tz-naive Timestamp: the as-of date stated by the publisher),
``series_id`` (str), ``value`` (float, in the publisher's units),
``units`` (str), ``source`` (str), ``vintage`` (Timestamp: when fetched).
"""

from __future__ import annotations

import csv
import functools
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from attribution.exceptions import AttributionError, ParseError

#: Dates a publisher file may carry (pandas' nanosecond dates end in 2262).
DATE_BOUNDS: tuple[pd.Timestamp, pd.Timestamp] = (
    pd.Timestamp("1900-01-01"),
    pd.Timestamp("2199-12-31"),
)
_P = ParamSpec("_P")
_R = TypeVar("_R")
_STRAY = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    UnicodeError,
    RecursionError,
    csv.Error,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
)


def named_errors(
    func: Callable[Concatenate[bytes, str, _P], _R],
) -> Callable[Concatenate[bytes, str, _P], _R]:
    """Make a parser ``f(content, origin, ...)`` raise only :class:`ParseError`.

    The parsers check what they expect and name line and column; this is the
    net under them: any other low-level error becomes a :class:`ParseError`
    naming ``origin`` and the error, instead of a traceback.
    """

    @functools.wraps(func)
    def wrapper(
        content: bytes, origin: str, /, *args: _P.args, **kwargs: _P.kwargs
    ) -> _R:
        try:
            return func(content, origin, *args, **kwargs)
        except AttributionError:
            raise
        except _STRAY as exc:
            raise ParseError(
                f"{origin}: malformed file ({type(exc).__name__}: {exc})"
            ) from exc

    return wrapper


def decode_text(content: bytes, origin: str) -> str:
    """Decode UTF-8 (with or without BOM); ParseError naming the byte if not."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{origin}: not UTF-8 text (byte {content[exc.start]:#04x} at offset "
            f"{exc.start})"
        ) from None


def first_bad_date(dates: pd.Series | pd.DatetimeIndex) -> int | None:
    """Position of the first missing or out-of-:data:`DATE_BOUNDS` date, or None."""
    d = pd.Series(dates)
    bad = d.isna() | (d < DATE_BOUNDS[0]) | (d > DATE_BOUNDS[1])
    return int(np.flatnonzero(bad.to_numpy())[0]) if bad.any() else None


def first_infinite(values: pd.Series | np.ndarray) -> int | None:
    """Position of the first infinite value (NaN is allowed: missing), or None."""
    arr = np.asarray(values, dtype=float)
    hits = np.flatnonzero(np.isinf(arr))
    return int(hits[0]) if len(hits) else None


def check_finite_frame(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Reject a tidy frame with an infinite value or an impossible date."""
    i = first_infinite(frame["value"])
    if i is not None:
        row = frame.iloc[i]
        raise ParseError(
            f"{origin}: value {row['value']} of {row['series_id']!r} on "
            f"{pd.Timestamp(row['date']):%Y-%m-%d} is not finite"
        )
    return frame

TIDY_COLUMNS: tuple[str, ...] = (
    "date",
    "series_id",
    "value",
    "units",
    "source",
    "vintage",
)


@dataclass(frozen=True)
class SeriesSpec:
    """What a series is, where it comes from, and when it is known.

    Attributes
    ----------
    series_id : str
        Identifier, as the publisher spells it where it has one.
    source : str
        Adapter name (``fred``, ``cftc``, ``tic``, ``treasury``, ``nyfed``, ...).
    units : str
        Units of ``value`` as published (e.g. ``percent``, ``USD millions``).
    frequency : str
        ``daily``, ``weekly`` or ``monthly``.
    as_of : str
        What the date means: ``close`` (end of that day), ``wednesday``
        (H.4.1 Wednesday level), ``tuesday`` (CFTC positions), ``month_end``.
    publication_lag_days : int
        Calendar days from the as-of date until the publisher releases it;
        used by point-in-time panels.
    description : str
        One line for ``data status``.
    """

    series_id: str
    source: str
    units: str
    frequency: str
    as_of: str
    publication_lag_days: int
    description: str


def tidy(
    dates: pd.Series | pd.DatetimeIndex,
    values: pd.Series | np.ndarray,
    *,
    series_id: str,
    units: str,
    source: str,
    vintage: pd.Timestamp | None,
) -> pd.DataFrame:
    """Assemble a tidy frame (one series) sorted by date, NaN values kept."""
    frame = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(dates)
            .tz_localize(None)
            .normalize()
            .astype("datetime64[ns]"),
            "series_id": series_id,
            "value": np.asarray(values, dtype=float),
            "units": units,
            "source": source,
            "vintage": pd.Timestamp(vintage).normalize()
            if vintage is not None
            else pd.NaT,
        }
    )
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def check_tidy(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Check a tidy frame's columns and duplicates; name ``origin`` on failure."""
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise ParseError(f"{origin}: tidy frame lacks columns {missing}")
    check_finite_frame(frame, origin)
    dup = frame.duplicated(["series_id", "date"])
    if dup.any():
        row = frame.loc[dup].iloc[0]
        raise ParseError(
            f"{origin}: duplicate observation for series {row['series_id']!r} "
            f"on {row['date']:%Y-%m-%d}"
        )
    return frame
