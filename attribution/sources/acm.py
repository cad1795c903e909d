"""NY Fed ACM term structure (Adrian, Crump and Moench 2013), monthly.

The NY Fed publishes ``ACMTermPremium.xls``; its first sheet holds month-end
fitted zero-coupon yields ``ACMY01..ACMY10``, term premia ``ACMTP01..ACMTP10``
and risk-neutral yields ``ACMRNY01..ACMRNY10`` for maturities of 1 to 10
years, in percent. The bundled copy is that sheet written to CSV by R
(``readxl::read_excel`` then ``write.csv``): a quoted header
``"DATE","ACMY01",...``, dates like ``"30-Apr-2025"`` and full float precision.
It is a re-serialisation, so its number format is R's, not the publisher's.

Series ids are ``ACM.<column>``, e.g. ``ACM.ACMTP10``.

Timing
------
Each row is dated the last business day of the month as printed
(``30-Apr-2025``; ``30-Aug-2024``, a Friday, for August 2024) and is that
day's end-of-day fit. The panel moves monthly series to the calendar month end. The
NY Fed does not state a release lag; the catalogue assumes 31 days.

References
----------
Adrian, T., Crump, R. K. and Moench, E. (2013). "Pricing the term structure
with linear regressions." *Journal of Financial Economics* 110(1), 110-138.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.schema import tidy

#: The 30 value columns of the monthly sheet, in the publisher's order.
ACM_COLUMNS: tuple[str, ...] = tuple(
    f"{kind}{n:02d}" for kind in ("ACMY", "ACMTP", "ACMRNY") for n in range(1, 11)
)


def parse_acm_monthly(content: bytes, origin: str) -> pd.DataFrame:
    """Parse the ACM monthly sheet (CSV) into tidy ``ACM.<column>`` rows in percent.

    Parameters
    ----------
    content : bytes
        File contents: header ``DATE`` plus the 30 columns of :data:`ACM_COLUMNS`.
    origin : str
        File name, used in error messages.

    Returns
    -------
    DataFrame
        The tidy schema, 30 series, one row per month.

    Raises
    ------
    MissingColumnError
        If ``DATE`` or one of the 30 columns is absent.
    ParseError
        If a date is not ``DD-Mon-YYYY``, a date repeats, or a value is not a
        finite number (the message gives the line and column).
    """
    try:
        raw = pd.read_csv(
            io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ParseError(f"{origin}: not an ACM CSV ({exc})") from exc
    missing = [c for c in ("DATE", *ACM_COLUMNS) if c not in raw.columns]
    if missing:
        raise MissingColumnError(
            f"{origin}: missing column(s) {missing}; got {list(raw.columns)}"
        )
    dates = pd.to_datetime(raw["DATE"], format="%d-%b-%Y", errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise ParseError(
            f"{origin}: line {row + 2}: bad date {raw['DATE'].iloc[row]!r} "
            "(expected DD-Mon-YYYY)"
        )
    if dates.duplicated().any():
        row = int(np.flatnonzero(dates.duplicated().to_numpy())[0])
        raise ParseError(
            f"{origin}: line {row + 2}: duplicate date {dates[row]:%Y-%m-%d}"
        )
    parts = []
    for col in ACM_COLUMNS:
        values = pd.to_numeric(raw[col].str.strip(), errors="coerce")
        bad = ~np.isfinite(values.to_numpy(dtype=float))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ParseError(
                f"{origin}: line {row + 2}: column {col!r}: not a finite number "
                f"{raw[col].iloc[row]!r}"
            )
        parts.append(
            tidy(
                dates,
                values,
                series_id=f"ACM.{col}",
                units="percent",
                source="nyfed_acm",
                vintage=None,
            )
        )
    return pd.concat(parts, ignore_index=True)
