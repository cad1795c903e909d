"""Japan Ministry of Finance: JGB benchmark yields (``jgbcme_all.csv``).

Format: a title line ``Interest Rate,...,(Unit : %)``, a header
``Date,1Y,2Y,...,40Y``, dates ``YYYY/M/D``, ``-`` where a tenor was not issued.
Series ids ``JGB.<tenor>`` (``JGB.10Y``), percent, as of the Tokyo close.
"""

from __future__ import annotations

import io

import pandas as pd

from attribution.exceptions import MissingColumnError, ParseError
from attribution.sources.base import Source
from attribution.sources.schema import check_finite_frame, named_errors, tidy

HISTORY_URL = (
    "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/"
    "historical/jgbcme_all.csv"
)


@named_errors
def parse_jgb(content: bytes, origin: str) -> pd.DataFrame:
    """Parse the MoF JGB curve CSV into tidy ``JGB.<tenor>`` rows."""
    text = content.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines[:5]) if ln.startswith("Date,")), None)
    if start is None:
        raise MissingColumnError(
            f"{origin}: no 'Date,1Y,...' header in the first lines"
        )
    try:
        raw = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str)
    except pd.errors.ParserError as exc:
        raise ParseError(f"{origin}: unreadable CSV ({exc})") from exc
    dates = pd.to_datetime(raw["Date"], format="%Y/%m/%d", errors="coerce")
    if dates.isna().any():
        raise ParseError(f"{origin}: bad date {raw['Date'][dates.isna()].iloc[0]!r}")
    parts = []
    for col in raw.columns[1:]:
        vals = pd.to_numeric(raw[col].replace("-", None), errors="coerce")
        parts.append(
            tidy(
                dates,
                vals,
                series_id=f"JGB.{col.strip()}",
                units="percent",
                source="mof",
                vintage=None,
            )
        )
    return check_finite_frame(pd.concat(parts, ignore_index=True), origin)


class MofSource(Source):
    """Adapter for the MoF JGB history file (``series_id`` is ignored)."""

    name = "mof"
    min_interval = 1.0

    def request(
        self, series_id: str, start: str | None, end: str | None
    ) -> tuple[str, dict[str, str]]:
        """Return the history file URL."""
        return HISTORY_URL, {}

    def parse(
        self, content: bytes, origin: str, series_id: str | None = None
    ) -> pd.DataFrame:
        """Parse the JGB curve."""
        return parse_jgb(content, origin)
