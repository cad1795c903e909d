"""Your own files: register any CSV or parquet of ``date,value`` (or several columns).

Researchers bring what no free source has (swap spreads, the futures-cash
basis, repo volumes from a terminal). A local series is declared in the config
with its name, path, column, units and frequency, and then flows through the
panel, features and models like any other series.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.schema import first_bad_date, first_infinite, tidy


@dataclass(frozen=True)
class LocalSeries:
    """Declaration of a user-supplied series.

    Attributes
    ----------
    name : str
        Series id it will carry (e.g. ``SWAP_SPREAD_10Y``).
    path : Path
        CSV or parquet file.
    column : str
        Value column (default ``value``).
    units : str
        Units, e.g. ``bp``.
    frequency : str
        ``daily``, ``weekly`` or ``monthly``.
    date_column : str
        Date column (default ``date``).
    """

    name: str
    path: Path
    units: str
    frequency: str
    column: str = "value"
    date_column: str = "date"


def _dates(cells: pd.Series, path: Path, column: str) -> pd.Series:
    """Parse a date column; ParseError naming the row for a bad or mixed-zone date."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)  # mixed offsets
            warnings.simplefilter("ignore", UserWarning)  # format inference
            dates = pd.to_datetime(cells, errors="coerce")
    except (ValueError, TypeError, FutureWarning) as exc:
        raise ParseError(
            f"{path}: column {column!r}: dates with different time-zone offsets or "
            f"formats ({str(exc).splitlines()[0]}); write them all in one zone, "
            "or without offsets"
        ) from None
    if not isinstance(dates.dtype, (np.dtype, pd.DatetimeTZDtype)) or (
        dates.dtype == object
    ):
        raise ParseError(
            f"{path}: column {column!r}: dates with different time-zone offsets; "
            "write them all in one zone, or without offsets"
        )
    bad = first_bad_date(
        dates.dt.tz_localize(None)
        if isinstance(dates.dtype, pd.DatetimeTZDtype)
        else dates
    )
    if bad is not None:
        raise ParseError(
            f"{path}: row {bad + 1}: column {column!r}: bad date "
            f"{cells.iloc[bad]!r} (dates run 1900..2199)"
        )
    return dates


def _date_hint(raw: pd.DataFrame, spec: LocalSeries) -> str:
    """Suggest the ``date_column`` option when another column holds the dates."""
    for col in raw.columns:
        if col == spec.column:
            continue
        head = raw[col].dropna().astype(str).head(5)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(head, errors="coerce")
        if len(head) and parsed.notna().all():
            return (
                f". The dates look like column {col!r}: set `date_column: {col}` "
                f"for local series {spec.name!r} in data.local_series"
            )
    return (
        ". Name the date column with `date_column:` in data.local_series "
        f"(local series {spec.name!r})"
    )


def read_local(spec: LocalSeries) -> pd.DataFrame:
    """Read a local series into the tidy schema (source ``local``).

    Raises
    ------
    ParseError
        If the file is missing or unreadable, a date is bad, or a value is not
        a number (the message names the file, column and row).
    MissingColumnError
        If the date or value column is absent.
    """
    path = Path(spec.path)
    if not path.exists():
        raise ParseError(f"{path}: local series {spec.name!r}: file not found")
    try:
        raw = (
            pd.read_parquet(path)
            if path.suffix == ".parquet"
            else pd.read_csv(path, dtype=str)
        )
    except Exception as exc:  # parquet and csv raise different types
        raise ParseError(f"{path}: unreadable ({exc})") from exc
    for col in (spec.date_column, spec.column):
        if col not in raw.columns:
            hint = _date_hint(raw, spec) if col == spec.date_column else ""
            raise MissingColumnError(
                f"{path}: column {col!r} not found; got {list(raw.columns)}{hint}"
            )
    dates = _dates(raw[spec.date_column], path, spec.date_column)
    cells = raw[spec.column]
    vals = pd.to_numeric(cells, errors="coerce")
    bad = vals.isna() & cells.notna() & cells.astype(str).str.strip().ne("")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ParseError(
            f"{path}: row {row + 1}: column {spec.column!r}: "
            f"not a number {cells.iloc[row]!r}"
        )
    inf = first_infinite(vals)
    if inf is not None:
        raise ParseError(
            f"{path}: row {inf + 1}: column {spec.column!r}: "
            f"value {cells.iloc[inf]!r} is not finite"
        )
    naive: pd.Series | pd.DatetimeIndex = dates
    if pd.DatetimeIndex(dates).tz is not None:
        naive = pd.DatetimeIndex(dates).tz_convert(None)
    mtime = pd.Timestamp(path.stat().st_mtime, unit="s")
    frame = tidy(
        naive,
        vals,
        series_id=spec.name,
        units=spec.units,
        source="local",
        vintage=mtime,
    )
    if frame.duplicated("date").any():
        d = frame.loc[frame.duplicated("date"), "date"].iloc[0]
        raise ParseError(f"{path}: duplicate date {d:%Y-%m-%d}")
    return frame
