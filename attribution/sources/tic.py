"""Treasury International Capital (TIC): Major Foreign Holders of Treasury securities.

Reads the publisher's ``mfh.txt`` (latest 13 months; fixed-width text) and the
history file ``mfhhis01.txt`` (tab-separated, one block a year). Both are tidied
to country x month in USD billions, dated at the month end (TIC holdings are
end-of-period). They are released around the 18th of the second month after
(publication lag taken as 50 days).

Conventions
-----------
* Country names are kept as published, with footnote markers (``2/``) and
  quotes removed; ``Korea, South`` is spelled ``Korea`` as in recent files.
* ``n.a.`` is missing.
* At a series break the file prints the month twice: the first column is the
  new series, the second the old one "shown for comparison only". The new
  series is kept; the old value is returned as ``TIC_MFH_OLDSERIES.<country>``.
* The aggregates below the table are ``TIC_MFH.Grand Total``,
  ``TIC_MFH.For. Official``, ``TIC_MFH.For. Official: Treasury Bills`` and
  ``TIC_MFH.For. Official: T-Bonds & Notes``. The table does not split
  individual countries into official and private holders.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from attribution.exceptions import ParseError
from attribution.sources.base import Source
from attribution.sources.schema import DATE_BOUNDS, named_errors, tidy

MFH_URL = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/{name}"
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
        1,
    )
}
_NUM = r"(?:-?\d+(?:\.\d+)?|n\.a\.)"
_ROW = re.compile(rf"^(?P<name>.*?)\s+(?P<nums>{_NUM}(?:\s+{_NUM})*)\s*$")
_FOOTNOTE = re.compile(r"\s*\d+/\s*$")
_ALIASES = {"Korea, South": "Korea"}
_SUBITEMS = {"Treasury Bills", "T-Bonds & Notes"}


def _clean_name(raw: str) -> str:
    name = raw.strip().strip('"').strip()
    name = _FOOTNOTE.sub("", name).strip()
    return _ALIASES.get(name, name)


def _split(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")] if "\t" in line else line.split()


def _block_columns(
    month_line: str, year_line: str, origin: str, lineno: int
) -> list[pd.Timestamp]:
    months = [c for c in _split(month_line) if c]
    years = [c for c in _split(year_line)[1:] if c]
    if len(months) != len(years) or not months:
        raise ParseError(
            f"{origin}: line {lineno}: month/year header mismatch "
            f"({len(months)} months, {len(years)} years)"
        )
    for y in years:
        if not (y.isdigit() and DATE_BOUNDS[0].year <= int(y) <= DATE_BOUNDS[1].year):
            raise ParseError(
                f"{origin}: line {lineno}: bad year {y!r} in the column header "
                f"(years run {DATE_BOUNDS[0].year}..{DATE_BOUNDS[1].year})"
            )
    try:
        return [
            pd.Timestamp(int(y), _MONTHS[m], 1) + pd.offsets.MonthEnd(0)
            for m, y in zip(months, years, strict=True)
        ]
    except (KeyError, ValueError) as exc:
        raise ParseError(f"{origin}: line {lineno}: bad column header ({exc})") from exc


@named_errors
def parse_mfh(content: bytes, origin: str) -> pd.DataFrame:
    """Parse ``mfh.txt`` or ``mfhhis01.txt`` into tidy rows in USD billions.

    Raises
    ------
    ParseError
        If no table block is found, a header is inconsistent, or a row has
        the wrong number of values (a truncated file).
    """
    lines = content.decode("utf-8-sig", errors="replace").replace("\r", "").split("\n")
    records: list[tuple[str, pd.Timestamp, float, bool]] = []
    cols: list[pd.Timestamp] | None = None
    in_official = False
    for i, line in enumerate(lines):
        head = line.strip().strip('"')
        if head.startswith("Country") and i > 0:
            cols = _block_columns(lines[i - 1], line, origin, i + 1)
            in_official = False
            continue
        if cols is None or not head or head.startswith("---"):
            continue
        if head.startswith("Of which"):
            in_official = True
            continue
        match = _ROW.match(line.replace("\t", "  ").rstrip())
        if match is None:
            if head.startswith(("Department", "1/")) or head[:2].strip().isdigit():
                cols = None  # footnotes: block over
            continue
        name = _clean_name(match.group("name"))
        if not name:
            continue
        nums = match.group("nums").split()
        if len(nums) != len(cols):
            raise ParseError(
                f"{origin}: line {i + 1}: {name!r} has {len(nums)} values for "
                f"{len(cols)} months; the file looks truncated or malformed"
            )
        if in_official and name in _SUBITEMS:
            name = f"For. Official: {name}"
        seen: set[pd.Timestamp] = set()
        for date, cell in zip(cols, nums, strict=True):
            value = np.nan if cell == "n.a." else float(cell)
            records.append((name, date, value, date in seen))
            seen.add(date)
        if name == "For. Official: T-Bonds & Notes":
            cols = None
    if not records:
        raise ParseError(f"{origin}: no Major Foreign Holders table found")
    frame = pd.DataFrame(records, columns=["country", "date", "value", "old_series"])
    frame = frame.drop_duplicates(["country", "date", "old_series"], keep="first")
    parts = []
    for (country, old), grp in frame.groupby(["country", "old_series"], sort=True):
        prefix = "TIC_MFH_OLDSERIES" if old else "TIC_MFH"
        parts.append(
            tidy(
                grp["date"],
                grp["value"],
                series_id=f"{prefix}.{country}",
                units="USD billions",
                source="tic",
                vintage=None,
            )
        )
    return pd.concat(parts, ignore_index=True)


class TicSource(Source):
    """Adapter for TIC's Major Foreign Holders files; ``series_id`` is the file name."""

    name = "tic"
    min_interval = 1.0

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the file URL (``mfh.txt`` or ``mfhhis01.txt``)."""
        return MFH_URL.format(name=series_id), {}

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse the MFH table."""
        return parse_mfh(content, origin)
