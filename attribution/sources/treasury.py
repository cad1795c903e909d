"""U.S. Treasury: daily par yield curve and auction results.

Par yield curve CSV (home.treasury.gov): ``Date,"1 Mo",...,"30 Yr"``, dates
``MM/DD/YYYY`` newest first (the 1990-2024 history file uses ``M/D/YY``);
since 2025 a ``"1.5 Month"`` column. Series ids ``PAR.<tenor>`` (``PAR.10y``), in
percent, as of the close.

Auction results (TreasuryDirect export): semicolon-separated, one row per
auction. This copy was re-saved by a spreadsheet, so some large numbers are in
European Excel form (``1,75754E+11``): those are read as numbers, with the
precision they carry (6 significant digits). Series ids
``AUCTION.<term>.<field>``, dated by the auction date, where ``term`` is the
original security term for notes and bonds (a reopened 10-year note stays
``10-Year``) and the security term for bills, and cash
management bills get the suffix `` CMB``.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.base import Source
from attribution.sources.schema import check_finite_frame, named_errors, tidy

PAR_URL = (
    "https://home.treasury.gov/resource-center/data-chart-center/interest-rates/"
    "daily-treasury-rates.csv/{year}/all"
)
AUCTION_URL = "https://www.treasurydirect.gov/TA_WS/securities/auctioned"

_TENOR = re.compile(r"^\s*([\d.]+)\s*(Mo|Month|Yr|Year)s?\s*$", re.IGNORECASE)

#: Auction fields kept, with their units.
AUCTION_FIELDS: dict[str, str] = {
    "BidToCoverRatio": "ratio",
    "HighYield": "percent",
    "HighInvestmentRate": "percent",
    "AverageMedianYield": "percent",
    "LowYield": "percent",
    "OfferingAmount": "USD",
    "TotalAccepted": "USD",
    "CompetitiveAccepted": "USD",
    "PrimaryDealerAccepted": "USD",
    "DirectBidderAccepted": "USD",
    "IndirectBidderAccepted": "USD",
    "SomaAccepted": "USD",
}


def _tenor_name(col: str) -> str | None:
    m = _TENOR.match(col.strip().strip('"'))
    if m is None:
        return None
    num, unit = m.group(1), m.group(2).lower()
    return f"{num}{'m' if unit.startswith('mo') else 'y'}"


@named_errors
def parse_par_curve(content: bytes, origin: str) -> pd.DataFrame:
    """Parse a Treasury daily par yield curve CSV (any of its vintages).

    Raises
    ------
    MissingColumnError
        Without a ``Date`` column or any tenor column.
    ParseError
        If dates or values cannot be read.
    """
    try:
        raw = pd.read_csv(io.BytesIO(content), dtype=str, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{origin}: unreadable CSV ({exc})") from exc
    if "Date" not in raw.columns:
        raise MissingColumnError(
            f"{origin}: no 'Date' column; got {list(raw.columns)[:5]}"
        )
    sample = str(raw["Date"].iloc[0]) if len(raw) else ""
    fmt = "%m/%d/%Y" if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", sample) else "%m/%d/%y"
    dates = pd.to_datetime(raw["Date"], format=fmt, errors="coerce")
    if dates.isna().any():
        bad = raw["Date"][dates.isna()].iloc[0]
        raise ParseError(f"{origin}: bad date {bad!r} (expected {fmt})")
    parts = []
    for col in raw.columns:
        tenor = _tenor_name(col)
        if tenor is None:
            continue
        vals = pd.to_numeric(raw[col].replace({"N/A": None, "": None}), errors="coerce")
        bad = vals.isna() & raw[col].notna() & raw[col].ne("N/A")
        if bad.any():
            raise ParseError(
                f"{origin}: column {col!r}: bad value {raw[col][bad].iloc[0]!r}"
            )
        parts.append(
            tidy(
                dates,
                vals,
                series_id=f"PAR.{tenor}",
                units="percent",
                source="treasury",
                vintage=None,
            )
        )
    if not parts:
        raise MissingColumnError(f"{origin}: no tenor columns ('1 Mo' ... '30 Yr')")
    return check_finite_frame(pd.concat(parts, ignore_index=True), origin)


def _number(cell: str) -> float:
    cell = cell.strip()
    if not cell:
        return float("nan")
    if re.match(r"^-?\d+,\d+E[+-]\d+$", cell):  # European Excel scientific
        cell = cell.replace(",", ".")
    return float(cell)


@named_errors
def parse_auctions(content: bytes, origin: str) -> pd.DataFrame:
    """Parse the TreasuryDirect auction export (semicolon-separated) into tidy rows.

    Raises
    ------
    MissingColumnError
        If ``AuctionDate``, ``SecurityTerm`` or a kept field is absent.
    ParseError
        On a malformed number or date.
    """
    try:
        raw = pd.read_csv(
            io.BytesIO(content),
            sep=";",
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{origin}: unreadable auction file ({exc})") from exc
    need = ["AuctionDate", "SecurityTerm", "SecurityType", *AUCTION_FIELDS]
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise MissingColumnError(f"{origin}: missing column(s) {missing}")
    dates = pd.to_datetime(
        raw["AuctionDate"].str[:10], format="%Y-%m-%d", errors="coerce"
    )
    if dates.isna().any():
        raise ParseError(
            f"{origin}: bad AuctionDate {raw['AuctionDate'][dates.isna()].iloc[0]!r}"
        )
    term = raw["SecurityTerm"]
    if "OriginalSecurityTerm" in raw.columns:  # reopened notes/bonds keep their tenor
        use_orig = raw["SecurityType"].ne("Bill") & raw[
            "OriginalSecurityTerm"
        ].str.strip().ne("")
        term = term.where(~use_orig, raw["OriginalSecurityTerm"])
    if "CashManagementBillCMB" in raw.columns:
        term = term.where(raw["CashManagementBillCMB"].ne("Yes"), term + " CMB")
    if "Tips" in raw.columns:
        term = term.where(raw["Tips"].ne("Yes"), term + " TIPS")
    if "FloatingRate" in raw.columns:
        term = term.where(raw["FloatingRate"].ne("Yes"), term + " FRN")
    parts = []
    for field, units in AUCTION_FIELDS.items():
        try:
            vals = np.array([_number(c) for c in raw[field]])
        except ValueError as exc:
            raise ParseError(f"{origin}: column {field!r}: {exc}") from exc
        frame = pd.DataFrame({"date": dates, "term": term.to_numpy(), "value": vals})
        dup = frame.duplicated(["term", "date"])
        if dup.any():
            row = frame.loc[dup].iloc[0]
            raise ParseError(
                f"{origin}: two {row['term']} auctions on {row['date']:%Y-%m-%d}"
            )
        for t, grp in frame.groupby("term", sort=True):
            parts.append(
                tidy(
                    grp["date"],
                    grp["value"],
                    series_id=f"AUCTION.{t}.{field}",
                    units=units,
                    source="treasury_auctions",
                    vintage=None,
                )
            )
    if not parts:
        raise ParseError(f"{origin}: no auction rows")
    return check_finite_frame(pd.concat(parts, ignore_index=True), origin)


class TreasuryParSource(Source):
    """Adapter for the Treasury par yield curve.

    ``series_id`` is a year (``"2025"``).
    """

    name = "treasury"
    min_interval = 1.0

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the year's CSV URL."""
        year = int(series_id)
        return PAR_URL.format(year=year), {
            "type": "daily_treasury_yield_curve",
            "field_tdr_date_value": str(year),
            "_format": "csv",
        }

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse the par curve."""
        return parse_par_curve(content, origin)
