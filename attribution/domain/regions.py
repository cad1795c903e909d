"""The foreign regions: each one's FX series and 10y yields, in one table.

The ``features`` FX divergence, the ``breaks`` FX-differential relations and
the ``panel``/``nowcast`` TIC holders all read their ids from :data:`REGIONS`
(:mod:`attribution.features.fx` documents the sources and the sign).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A foreign region: its 10y yield series and its FX series.

    Attributes
    ----------
    name : str
        Region key.
    fx_id : str
        FRED H.10 series.
    fx_quote : {"foreign_per_usd", "usd_per_foreign"}
        How the FX series is quoted.
    daily_yield : str or None
        Daily foreign 10y yield, if any.
    monthly_yield : str or None
        Monthly (average) foreign 10y yield, if any.
    """

    name: str
    fx_id: str
    fx_quote: str
    daily_yield: str | None
    monthly_yield: str | None

    @property
    def invert(self) -> bool:
        """Whether the FX quote is USD per foreign unit (invert for local per USD)."""
        return self.fx_quote == "usd_per_foreign"


REGIONS: dict[str, Region] = {
    "japan": Region(
        "japan", "DEXJPUS", "foreign_per_usd", "JGB.10Y", "IRLTLT01JPM156N"
    ),
    "germany": Region(
        "germany", "DEXUSEU", "usd_per_foreign", "BUND10Y.investing", "IRLTLT01DEM156N"
    ),
    "euro_area": Region(
        "euro_area", "DEXUSEU", "usd_per_foreign", None, "IRLTLT01EZM156N"
    ),
    "switzerland": Region(
        "switzerland", "DEXSZUS", "foreign_per_usd", None, "IRLTLT01CHM156N"
    ),
    "china": Region("china", "DEXCHUS", "foreign_per_usd", None, "CGB10Y.investing"),
}

__all__ = ["REGIONS", "Region"]
