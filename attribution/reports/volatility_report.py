"""The episode report's volatility section: moves in conditional sigmas, the regime.

The numbers come from :func:`attribution.pipeline.features.volatility_facts`
(GARCH-family fits by :mod:`attribution.models.volatility`); this module only
formats them for ``features.md`` and ``features.csv``.
"""

from __future__ import annotations

import pandas as pd

from attribution.reports.markdown import format_table

VOL_NUMERIC = (
    "horizon",
    "move",
    "expected",
    "sigma_1",
    "sigma_h",
    "k_sigma",
    "k_sigma_sqrt_h",
    "sigma_first",
    "pctile_first",
    "sigma_last",
    "pctile_last",
    "sigma_peak",
    "pctile_peak",
    "sigma_median",
    "persistence",
    "nobs",
)


def volatility_frame(
    rows: list[dict[str, object]], kind: str, dist: str
) -> pd.DataFrame:
    """Per-tenor volatility facts (one row per tenor) with the model named."""
    frame = pd.DataFrame(rows)
    if len(frame):
        frame = frame.set_index("tenor")
        frame["model"] = f"{kind}-{dist}"
    return frame


def volatility_csv_rows(
    vol: pd.DataFrame, date: pd.Timestamp
) -> list[tuple[object, ...]]:
    """Return tidy CSV rows: date, family, ``<tenor>.<field>``, value, label, units."""
    rows: list[tuple[object, ...]] = []
    for tenor, r in vol.iterrows():
        for col in VOL_NUMERIC:
            units = "bp" if col.startswith(("move", "expected", "sigma")) else ""
            units = "percentile" if col.startswith("pctile") else units
            rows.append(
                (date, "volatility", f"{tenor}.{col}", float(r[col]), "", units)
            )
        for col in ("origin", "end", "peak_date", "model"):
            rows.append(
                (
                    date,
                    "volatility",
                    f"{tenor}.{col}",
                    float("nan"),
                    str(r[col]),
                    "label",
                )
            )
    return rows


def volatility_section(vol: pd.DataFrame | None) -> list[str]:
    """Report the window's largest k-day moves in conditional sigmas and the regime."""
    if vol is None or not len(vol):
        return []
    model = str(vol["model"].iloc[0])
    lines = [
        "## Volatility regime (GARCH)",
        "",
        f"Model: {model} (1,1) on daily changes in bp from the volatility sample start "
        "to the window end (no later data). A move from the close of day t0 over h "
        "days is sized against sigma_t0(h) = sqrt(sum_j E_t0[sigma^2_t0+j]), the "
        "variance forecasts made at the t0 close; k = (move - h mu) / sigma_t0(h). "
        "sigma_t uses information through t-1; percentiles are within the fitted "
        "sample.",
        "",
    ]
    lines += [f"- {s}" for s in vol["statement"]]
    lines.append("")
    lines += format_table(
        vol,
        {
            "horizon": "d",
            "origin": "",
            "end": "",
            "move": "+.1f",
            "sigma_h": ".1f",
            "k_sigma": "+.2f",
            "k_sigma_sqrt_h": "+.2f",
            "sigma_first": ".2f",
            "pctile_first": ".0f",
            "sigma_last": ".2f",
            "pctile_last": ".0f",
            "sigma_peak": ".2f",
            "peak_date": "",
            "pctile_peak": ".0f",
            "sigma_median": ".2f",
            "persistence": ".3f",
        },
        "tenor",
    )
    for tenor, r in vol.iterrows():
        lines.append(
            f"- {tenor}: one-day conditional sigma {r['sigma_first']:.1f} bp on the "
            f"window's first day (percentile {r['pctile_first']:.0f}), "
            f"{r['sigma_last']:.1f} bp on its last "
            f"(percentile {r['pctile_last']:.0f}), "
            f"peak {r['sigma_peak']:.1f} bp on {r['peak_date']} (percentile "
            f"{r['pctile_peak']:.0f}); sample median {r['sigma_median']:.1f} bp."
        )
        if not r.get("converged", True):
            lines.append(
                f"  - {tenor}: the optimiser stopped without its convergence flag "
                f"(persistence {r['persistence']:.3f}, at or near the stationarity "
                "bound); read its sigmas with care or try another `volatility.kind`."
            )
    return [*lines, ""]


__all__ = ["volatility_csv_rows", "volatility_frame", "volatility_section"]
