"""TIC SLT tables: foreign holdings of, and net purchases of, U.S. securities.

Reads three tab-separated text tables that Treasury publishes from the TIC
Form SLT (long-term securities) and BL-2 (bills), CRLF line ends, at
``https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/``:

* ``slt_table1.txt``, Table 1: U.S. long-term securities held by foreign
  residents, by country and type (total, Treasuries, agency bonds, corporate
  and other bonds, corporate equity): holdings, net U.S. sales and valuation
  change, **millions** of dollars.
* ``slt_table3.txt``, Table 3: U.S. Treasury securities held by foreign
  residents, by country: total, long-term and short-term holdings and net U.S.
  sales, and the long-term valuation change, **millions** of dollars.
* ``slt_table5.txt``, Table 5: Major Foreign Holders of Treasury securities,
  **billions** of dollars, one column a month, newest first.

Tables 1 and 3 have a title block, then two header rows: the human one
(``Country, Country Code, Date, Holdings, Net U.S. Sales, ...``) and one of
machine names (``country, country_code, date, for_lt_treas_pos, ...``), then
one row per country and month (``YYYY-MM``), a blank row and notes. The parser
reads the machine names and the units line of the title (``Millions of
dollars`` or ``Billions of dollars``) from the file itself.

Conventions
-----------
* Everything is returned in **USD billions** (tables 1 and 3 are divided by
  1,000), dated at the month end: TIC positions are end-of-month stocks and
  net sales are flows over the month.
* Series ids: ``TIC_SLT1.<name>.<machine column>``, ``TIC_SLT3.<name>.<machine
  column>`` and ``TIC_SLT5.<name>``; ``<name>`` is the row label as published
  without its ``Of Which: `` prefix, so ``Of Which: Foreign Official`` is
  ``Foreign Official``. Example: ``TIC_SLT3.Foreign Official.for_lt_treas_net``.
* Sign: "a positive number for net U.S. sales to foreigners denotes an
  increase in a foreign position", i.e. positive ``*_net`` = net foreign
  purchases.
* ``n.a.`` (net sales and valuation changes before 2023-02, when the
  SLT-based series start) is missing.
* The ``Foreign Official`` and ``Foreign Non-Official`` rows split the Grand
  Total; the tables do not split individual countries.
* Released around the 18th of the second month after (lag taken as 50 days).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DIVISOR = {"millions of dollars": 1000.0, "billions of dollars": 1.0}
_PREFIX = "Of Which: "


def _lines(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig", errors="replace")
    return [
        [c.strip() for c in line.split("\t")]
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _name(raw: str) -> str:
    name = raw.strip().strip('"').strip()
    return name[len(_PREFIX) :] if name.startswith(_PREFIX) else name


def _divisor(rows: list[list[str]], stop: int, origin: str) -> float:
    for cells in rows[:stop]:
        label = cells[0].strip().lower() if cells else ""
        if label in _DIVISOR:
            return _DIVISOR[label]
    raise ParseError(
        f"{origin}: no units line ('Millions of dollars' or 'Billions of dollars') "
        "in the title block"
    )


def _value(cell: str, origin: str, line: int, column: str) -> float:
    if cell == "n.a.":
        return np.nan
    if not _NUMBER.match(cell):
        raise ParseError(
            f"{origin}: line {line}: column {column!r}: not a number {cell!r}"
        )
    return float(cell)


def _tidy(
    records: dict[str, tuple[list[pd.Timestamp], list[float]]], divisor: float
) -> pd.DataFrame:
    """One tidy frame for many series (as :func:`tidy` builds for one)."""
    ids = sorted(records)
    dates = [d for sid in ids for d in records[sid][0]]
    values = np.array([v for sid in ids for v in records[sid][1]], dtype=float)
    frame = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(dates).astype("datetime64[ns]"),
            "series_id": np.repeat(ids, [len(records[sid][0]) for sid in ids]),
            "value": values / divisor,
            "units": "USD billions",
            "source": "tic_slt",
            "vintage": pd.NaT,
        }
    )
    frame["vintage"] = frame["vintage"].astype("datetime64[ns]")
    return frame.sort_values(["series_id", "date"], kind="stable").reset_index(
        drop=True
    )


def parse_slt_long(content: bytes, origin: str, table: int) -> pd.DataFrame:
    """Parse SLT Table 1 or 3 (one row per country and month) into USD billions.

    Parameters
    ----------
    content : bytes
        File contents.
    origin : str
        File name, used in error messages.
    table : {1, 3}
        Table number, used in the series ids (``TIC_SLT<table>.``).

    Returns
    -------
    DataFrame
        The tidy schema, one series per (row label, machine column).

    Raises
    ------
    MissingColumnError
        If there is no machine-name header row (``country, country_code,
        date, ...``).
    ParseError
        If the units line is missing, a row has the wrong number of cells, a
        date is not ``YYYY-MM``, a value is not a number or ``n.a.``, a
        (row, month) repeats, the months do not all have the same rows, or
        the table runs to the end of the file without its notes (truncated).
    """
    rows = _lines(content)
    head = next(
        (i for i, r in enumerate(rows) if r[:3] == ["country", "country_code", "date"]),
        None,
    )
    if head is None:
        raise MissingColumnError(
            f"{origin}: no header row of machine names starting "
            "'country<TAB>country_code<TAB>date'"
        )
    divisor = _divisor(rows, head, origin)
    columns = _trim(rows[head])[3:]
    if not columns:
        raise MissingColumnError(f"{origin}: line {head + 1}: no value columns")
    records: dict[str, tuple[list[pd.Timestamp], list[float]]] = {}
    per_month: dict[pd.Timestamp, set[str]] = {}
    month_end: dict[str, pd.Timestamp] = {}
    end = None
    for i in range(head + 1, len(rows)):
        cells = _trim(rows[i])
        if not cells:
            end = i
            break
        line = i + 1
        if len(cells) != 3 + len(columns):
            raise ParseError(
                f"{origin}: line {line}: {len(cells)} cells, expected "
                f"{3 + len(columns)}; the file looks truncated or malformed"
            )
        name, month = _name(cells[0]), cells[2]
        if not _MONTH.match(month):
            raise ParseError(f"{origin}: line {line}: bad date {month!r} (YYYY-MM)")
        if month not in month_end:
            month_end[month] = pd.Timestamp(f"{month}-01") + pd.offsets.MonthEnd(0)
        date = month_end[month]
        seen = per_month.setdefault(date, set())
        if name in seen:
            raise ParseError(f"{origin}: line {line}: {name!r} repeats for {month}")
        seen.add(name)
        for col, cell in zip(columns, cells[3:], strict=True):
            sid = f"TIC_SLT{table}.{name}.{col}"
            dates, values = records.setdefault(sid, ([], []))
            dates.append(date)
            values.append(_value(cell, origin, line, col))
    if end is None or not any(_trim(r) for r in rows[end:]):
        raise ParseError(
            f"{origin}: the table runs to the end of the file without its notes; "
            "the file looks truncated"
        )
    if not records:
        raise ParseError(f"{origin}: no data rows below the header")
    sizes = {len(names) for names in per_month.values()}
    if len(sizes) != 1:
        short = min(per_month, key=lambda d: len(per_month[d]))
        raise ParseError(
            f"{origin}: months have different rows ({sorted(sizes)}); "
            f"{short:%Y-%m} has {len(per_month[short])}"
        )
    return _tidy(records, divisor)


def parse_slt_table5(content: bytes, origin: str) -> pd.DataFrame:
    """Parse SLT Table 5 (Major Foreign Holders, one column a month) into USD bn.

    Parameters
    ----------
    content : bytes
        File contents.
    origin : str
        File name, used in error messages.

    Returns
    -------
    DataFrame
        The tidy schema, ids ``TIC_SLT5.<row label>``.

    Raises
    ------
    MissingColumnError
        If there is no ``Country<TAB>YYYY-MM...`` header row.
    ParseError
        If the units line is missing, a month header is malformed or repeats,
        a row has the wrong number of values, a value is not a number, or
        the table runs to the end of the file (truncated).
    """
    rows = _lines(content)
    head = next(
        (i for i, r in enumerate(rows) if r[:1] == ["Country"] and len(_trim(r)) > 1),
        None,
    )
    if head is None:
        raise MissingColumnError(f"{origin}: no header row 'Country<TAB>YYYY-MM...'")
    divisor = _divisor(rows, head, origin)
    months = _trim(rows[head])[1:]
    bad = [m for m in months if not _MONTH.match(m)]
    if bad or len(set(months)) != len(months):
        raise ParseError(
            f"{origin}: line {head + 1}: month headers must be distinct YYYY-MM; "
            f"got {months}"
        )
    dates = [pd.Timestamp(f"{m}-01") + pd.offsets.MonthEnd(0) for m in months]
    records: dict[str, tuple[list[pd.Timestamp], list[float]]] = {}
    end = None
    for i in range(head + 1, len(rows)):
        cells = _trim(rows[i])
        if not cells:
            end = i
            break
        line = i + 1
        if len(cells) != 1 + len(months):
            raise ParseError(
                f"{origin}: line {line}: {cells[0]!r} has {len(cells) - 1} values "
                f"for {len(months)} months; the file looks truncated or malformed"
            )
        sid = f"TIC_SLT5.{_name(cells[0])}"
        if sid in records:
            raise ParseError(f"{origin}: line {line}: {cells[0]!r} repeats")
        values = [
            _value(c, origin, line, m) for c, m in zip(cells[1:], months, strict=True)
        ]
        records[sid] = (list(dates), values)
    if end is None or not records or not any(_trim(r) for r in rows[end:]):
        raise ParseError(
            f"{origin}: the table runs to the end of the file without its notes; "
            "the file looks truncated"
        )
    return _tidy(records, divisor)
