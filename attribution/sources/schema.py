"""The tidy schema every adapter returns, and the catalogue entry of a series.

Every adapter's ``parse`` returns a long frame with columns

``date`` (tz-naive Timestamp: the as-of date stated by the publisher),
``series_id`` (str), ``value`` (float, in the publisher's units),
``units`` (str), ``source`` (str), ``vintage`` (Timestamp: when fetched).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from attribution.exceptions import ParseError

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
    dup = frame.duplicated(["series_id", "date"])
    if dup.any():
        row = frame.loc[dup].iloc[0]
        raise ParseError(
            f"{origin}: duplicate observation for series {row['series_id']!r} "
            f"on {row['date']:%Y-%m-%d}"
        )
    return frame
