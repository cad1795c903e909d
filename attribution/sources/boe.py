"""Bank of England Statistical Interactive Database: CSV downloads.

The database's CSV export (``fromshowcolumns.asp?csv.x=yes&SeriesCodes=...``)
has a header ``DATE,<CODE>[,<CODE>...]``, dates written ``DD Mon YYYY``
(``04 Apr 2025``), numbers with trailing zeros dropped (``4.563``), and CRLF
line ends. Days without an observation (weekends, England and Wales bank
holidays) have no row. Series ids are ``BOE.<code>``, e.g. ``BOE.IUDMNPY``,
the 10-year nominal par gilt yield in percent.

Timing
------
The BoE's yield curves are fitted to gilt prices at the London close, hours
before the New York close. A New York afternoon event (e.g. the tariff pause
of 9 April 2025, about 13:18 ET) therefore falls in the next day's gilt yield.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.schema import tidy

#: Units of the database series the project knows.
BOE_UNITS: dict[str, str] = {"IUDMNPY": "percent"}


def parse_boe_csv(content: bytes, origin: str) -> pd.DataFrame:
    """Parse a Bank of England database CSV into tidy ``BOE.<code>`` rows.

    Parameters
    ----------
    content : bytes
        File contents (CRLF or LF).
    origin : str
        File name, used in error messages.

    Returns
    -------
    DataFrame
        The tidy schema, one series per code column; empty cells are NaN.

    Raises
    ------
    MissingColumnError
        If the first column is not ``DATE`` or there is no series column.
    ParseError
        If a date is not ``DD Mon YYYY``, a date repeats, or a value is not a
        finite number (the message gives the line and column).
    """
    try:
        raw = pd.read_csv(
            io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ParseError(f"{origin}: not a Bank of England CSV ({exc})") from exc
    cols = [str(c).strip() for c in raw.columns]
    raw.columns = pd.Index(cols)
    if not cols or cols[0] != "DATE" or len(cols) < 2:
        raise MissingColumnError(
            f"{origin}: expected a header DATE,<series code>...; got {cols}"
        )
    cells = raw["DATE"].str.strip()
    dates = pd.to_datetime(cells, format="%d %b %Y", errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise ParseError(
            f"{origin}: line {row + 2}: bad date {cells.iloc[row]!r} "
            "(expected DD Mon YYYY)"
        )
    if dates.duplicated().any():
        row = int(np.flatnonzero(dates.duplicated().to_numpy())[0])
        raise ParseError(
            f"{origin}: line {row + 2}: duplicate date {dates.iloc[row]:%Y-%m-%d}"
        )
    parts = []
    for code in cols[1:]:
        text = raw[code].str.strip()
        values = pd.to_numeric(text.where(text.ne("")), errors="coerce")
        bad = text.ne("") & ~np.isfinite(values.to_numpy(dtype=float))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise ParseError(
                f"{origin}: line {row + 2}: column {code!r}: not a finite number "
                f"{text.iloc[row]!r}"
            )
        parts.append(
            tidy(
                dates,
                values,
                series_id=f"BOE.{code}",
                units=BOE_UNITS.get(code, "unknown"),
                source="boe",
                vintage=None,
            )
        )
    return pd.concat(parts, ignore_index=True)
