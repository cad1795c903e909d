"""CFTC Traders in Financial Futures (TFF): positions in Treasury futures.

Reads the CFTC's annual text files (``FinFutYY.txt`` inside
``fut_fin_txt_{YYYY}.zip``; ``FinComYY.txt`` for futures and options combined)
and the weekly ``FinFutWk.txt`` (same columns, no header row). Rows are
joined on ``CFTC_Contract_Market_Code``, never on the market name, which the
CFTC changed on 2022-02-08.

Timing: positions are as of the Tuesday in ``Report_Date_as_YYYY-MM-DD`` and
are published the following Friday (3 days later).

Series ids are ``TFF.<code>.<field>``, e.g. ``TFF.043602.lev_long``, in
contracts.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.base import Source
from attribution.sources.schema import (
    decode_text,
    first_bad_date,
    first_infinite,
    named_errors,
    tidy,
)

ANNUAL_URL = "https://www.cftc.gov/files/dea/history/fut_fin_txt_{year}.zip"

#: Treasury futures kept, by CFTC contract market code.
TREASURY_CONTRACTS: dict[str, str] = {
    "042601": "2y",
    "044601": "5y",
    "043602": "10y",
    "043607": "ultra10y",
    "020601": "bond",
    "020604": "ultrabond",
}

#: Publisher column -> short field name in series ids.
FIELDS: dict[str, str] = {
    "Open_Interest_All": "open_interest",
    "Dealer_Positions_Long_All": "dealer_long",
    "Dealer_Positions_Short_All": "dealer_short",
    "Asset_Mgr_Positions_Long_All": "am_long",
    "Asset_Mgr_Positions_Short_All": "am_short",
    "Asset_Mgr_Positions_Spread_All": "am_spread",
    "Lev_Money_Positions_Long_All": "lev_long",
    "Lev_Money_Positions_Short_All": "lev_short",
    "Lev_Money_Positions_Spread_All": "lev_spread",
    "Other_Rept_Positions_Long_All": "other_long",
    "Other_Rept_Positions_Short_All": "other_short",
    "NonRept_Positions_Long_All": "nonrept_long",
    "NonRept_Positions_Short_All": "nonrept_short",
}

#: Leading columns of the TFF layout, for the header-less weekly file.
LEADING_COLUMNS: tuple[str, ...] = (
    "Market_and_Exchange_Names",
    "As_of_Date_In_Form_YYMMDD",
    "Report_Date_as_YYYY-MM-DD",
    "CFTC_Contract_Market_Code",
    "CFTC_Market_Code",
    "CFTC_Region_Code",
    "CFTC_Commodity_Code",
    "Open_Interest_All",
    "Dealer_Positions_Long_All",
    "Dealer_Positions_Short_All",
    "Dealer_Positions_Spread_All",
    "Asset_Mgr_Positions_Long_All",
    "Asset_Mgr_Positions_Short_All",
    "Asset_Mgr_Positions_Spread_All",
    "Lev_Money_Positions_Long_All",
    "Lev_Money_Positions_Short_All",
    "Lev_Money_Positions_Spread_All",
    "Other_Rept_Positions_Long_All",
    "Other_Rept_Positions_Short_All",
    "Other_Rept_Positions_Spread_All",
    "Tot_Rept_Positions_Long_All",
    "Tot_Rept_Positions_Short_All",
    "NonRept_Positions_Long_All",
    "NonRept_Positions_Short_All",
)
_N_COLUMNS = 87


def _rows(content: bytes, origin: str) -> tuple[list[str], list[list[str]]]:
    text = content.decode("utf-8-sig", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF, LF or CR only
    try:
        rows = [
            r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)
        ]
    except csv.Error as exc:
        raise ParseError(f"{origin}: not a CFTC text file ({exc})") from None
    if not rows:
        raise ParseError(f"{origin}: empty CFTC file")
    if rows[0][0].strip() == "Market_and_Exchange_Names":
        header, body, first_line = [c.strip() for c in rows[0]], rows[1:], 2
    else:
        header, body, first_line = list(LEADING_COLUMNS), rows, 1
    width = len(header) if len(header) > len(LEADING_COLUMNS) else _N_COLUMNS
    for i, row in enumerate(body):
        if len(row) < min(width, _N_COLUMNS) - 1:
            raise ParseError(
                f"{origin}: line {i + first_line}: {len(row)} fields, "
                f"expected {width}; "
                "the file looks truncated"
            )
    return header, body


@named_errors
def parse_tff(
    content: bytes,
    origin: str,
    *,
    contracts: dict[str, str] | None = None,
    source: str = "cftc",
) -> pd.DataFrame:
    """Parse a TFF annual or weekly file into the tidy schema.

    Parameters
    ----------
    content : bytes
        File contents (CRLF or LF).
    origin : str
        File name, used in messages.
    contracts : dict, optional
        Contract codes to keep; default :data:`TREASURY_CONTRACTS`.
    source : str, default "cftc"
        Source label.

    Returns
    -------
    DataFrame
        Tidy rows ``TFF.<code>.<field>`` in contracts, dated by the Tuesday
        report date.

    Raises
    ------
    MissingColumnError
        If a needed column is absent.
    ParseError
        If a row is truncated or a number or date is unreadable.
    """
    keep = TREASURY_CONTRACTS if contracts is None else contracts
    header, body = _rows(content, origin)
    need = ["Report_Date_as_YYYY-MM-DD", "CFTC_Contract_Market_Code", *FIELDS]
    missing = [c for c in need if c not in header]
    if missing:
        raise MissingColumnError(f"{origin}: missing column(s) {missing}")
    pos = {c: header.index(c) for c in need}
    recs = [r for r in body if r[pos["CFTC_Contract_Market_Code"]].strip() in keep]
    if not recs:
        return tidy(
            pd.DatetimeIndex([]),
            np.array([]),
            series_id="",
            units="contracts",
            source=source,
            vintage=None,
        ).iloc[0:0]
    dates = pd.to_datetime(
        [r[pos["Report_Date_as_YYYY-MM-DD"]].strip() for r in recs],
        format="%Y-%m-%d",
        errors="coerce",
    )
    bad_date = first_bad_date(dates)
    if bad_date is not None:
        cell = recs[bad_date][pos["Report_Date_as_YYYY-MM-DD"]]
        raise ParseError(
            f"{origin}: row {body.index(recs[bad_date]) + 1} of the table: column "
            f"'Report_Date_as_YYYY-MM-DD': bad date {cell!r} (dates run 1900..2199)"
        )
    frames = []
    codes = [r[pos["CFTC_Contract_Market_Code"]].strip() for r in recs]
    for col, short in FIELDS.items():
        cells = [r[pos[col]].strip() for r in recs]
        vals = pd.to_numeric(pd.Series(cells), errors="coerce")
        if vals.isna().any():
            bad = int(np.flatnonzero(vals.isna().to_numpy())[0])
            raise ParseError(
                f"{origin}: column {col!r}: unreadable value {cells[bad]!r}"
            )
        inf = first_infinite(vals)
        if inf is not None:
            raise ParseError(
                f"{origin}: column {col!r}: value {cells[inf]!r} is not finite"
            )
        part = pd.DataFrame(
            {"date": dates, "code": codes, "value": vals.to_numpy(float)}
        )
        for code, grp in part.groupby("code", sort=True):
            frames.append(
                tidy(
                    grp["date"],
                    grp["value"],
                    series_id=f"TFF.{code}.{short}",
                    units="contracts",
                    source=source,
                    vintage=None,
                )
            )
    return pd.concat(frames, ignore_index=True)


@named_errors
def parse_tff_derived(content: bytes, origin: str) -> pd.DataFrame:
    """Parse the continuous 10y-note TFF series (MFlab re-serialisation).

    Header ``date,all,am_long,am_short,am_net,lev_long,lev_short,lev_net`` with
    shorts stored as negatives; returned as ``TFF10Y.<column>`` in contracts,
    shorts kept with their published (negative) sign.
    """
    try:
        raw = pd.read_csv(io.StringIO(decode_text(content, origin)), dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{origin}: unreadable CSV ({exc})") from exc
    cols = [
        "date",
        "all",
        "am_long",
        "am_short",
        "am_net",
        "lev_long",
        "lev_short",
        "lev_net",
    ]
    missing = [c for c in cols if c not in raw.columns]
    if missing:
        raise MissingColumnError(f"{origin}: missing column(s) {missing}")
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d", errors="coerce")
    bad_date = first_bad_date(dates)
    if bad_date is not None:
        raise ParseError(
            f"{origin}: line {bad_date + 2}: column 'date': bad date "
            f"{raw['date'].iloc[bad_date]!r}"
        )
    values = {}
    for c in cols[1:]:
        vals = pd.to_numeric(raw[c], errors="coerce")
        bad = vals.isna() & raw[c].notna()
        inf = first_infinite(vals)
        if bad.any() or inf is not None:
            i = int(np.flatnonzero(bad.to_numpy())[0]) if bad.any() else inf
            assert i is not None
            raise ParseError(
                f"{origin}: line {i + 2}: column {c!r}: bad value {raw[c].iloc[i]!r}"
            )
        values[c] = vals
    return pd.concat(
        [
            tidy(
                dates,
                values[c],
                series_id=f"TFF10Y.{c}",
                units="contracts",
                source="cftc_derived",
                vintage=None,
            )
            for c in cols[1:]
        ],
        ignore_index=True,
    )


class CftcSource(Source):
    """Adapter for the CFTC's annual TFF futures-only zip files.

    ``series_id`` is the report year (``"2025"``); the zip's ``FinFutYY.txt``
    member is parsed.
    """

    name = "cftc"
    min_interval = 1.0

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the annual zip URL for year ``series_id``."""
        return ANNUAL_URL.format(year=int(series_id)), {}

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Unzip (if zipped) and parse the TFF text."""
        if content[:2] == b"PK":
            import zipfile
            import zlib

            try:
                with zipfile.ZipFile(io.BytesIO(content)) as zf:
                    member = next(
                        (n for n in zf.namelist() if n.lower().endswith(".txt")), None
                    )
                    if member is None:
                        raise ParseError(f"{origin}: zip has no .txt member")
                    content = zf.read(member)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                ValueError,
                NotImplementedError,
                RuntimeError,
                OSError,
            ) as exc:
                if isinstance(exc, ParseError):
                    raise
                raise ParseError(
                    f"{origin}: damaged zip ({type(exc).__name__}: {exc}); "
                    "the download looks truncated"
                ) from None
        elif not content.rstrip(b" \t").endswith(b"\n"):
            raise ParseError(
                f"{origin}: the file does not end with a complete line; "
                "it looks truncated"
            )
        return parse_tff(content, origin)
