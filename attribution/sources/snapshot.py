"""The bundled snapshot of real published data, and the script that builds it.

The snapshot lives in ``attribution/datasets/snapshot/``: a few parquet files of
``date, series_id, value`` (one per publisher group) and ``snapshot.json``
describing each series (source, units, frequency, as-of convention,
publication lag, range, origin file and the SHA-256 of that raw file). It is
built by the adapters' own parsers from the raw publisher files::

    python -m attribution.sources.snapshot --raw PATH/TO/raw \
        --out attribution/datasets/snapshot

Vintage: the raw files were copied from public repositories and their fetch
date is not known; each series' ``vintage`` is recorded as its last
observation date, a lower bound on when it was fetched.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from importlib import resources
from pathlib import Path

import pandas as pd

from attribution.sources.acm import parse_acm_monthly
from attribution.sources.boe import parse_boe_csv
from attribution.sources.cache import atomic_write_bytes
from attribution.sources.catalog import spec_for
from attribution.sources.cftc import parse_tff, parse_tff_derived
from attribution.sources.fred import parse_fred_csv
from attribution.sources.market import parse_date_value, parse_investing, parse_yahoo
from attribution.sources.mof import parse_jgb
from attribution.sources.schema import SeriesSpec
from attribution.sources.snapshot_checks import overlap_check, transcription_checks
from attribution.sources.tic import parse_mfh
from attribution.sources.tic_slt import parse_slt_long, parse_slt_table5
from attribution.sources.treasury import parse_auctions, parse_par_curve

Parser = Callable[[bytes, str], pd.DataFrame]


def _fred(sid: str) -> Parser:
    return lambda b, o: parse_fred_csv(b, o, sid)


#: (group, relative raw path, parser, format note). Later entries win on overlap.
RAW_FILES: list[tuple[str, str, Parser, str]] = [
    *[
        ("fred", f"fred/{s}.csv", _fred(s), "native")
        for s in (
            "DGS3MO",
            "DGS2",
            "DGS5",
            "DGS10",
            "DGS30",
            "DEXJPUS",
            "DTWEXBGS",
            "SOFR",
            "RRPONTSYD",
            "IORB",
            "IRLTLT01JPM156N",
            "IRLTLT01DEM156N",
            "IRLTLT01CHM156N",
            "IRLTLT01EZM156N",
        )
    ],
    ("fred", "fred/DEXCHUS_reformatted.csv", _fred("DEXCHUS"), "re-serialized"),
    ("fred", "fred/DEXUSEU_reformatted.csv", _fred("DEXUSEU"), "re-serialized"),
    ("fred", "fred/DEXUSEU_2025_native.csv", _fred("DEXUSEU"), "native"),
    ("fred", "fred/DEXSZUS_fredapi_reformatted.csv", _fred("DEXSZUS"), "re-serialized"),
    ("fred", "fred/EFFR_reformatted.csv", _fred("EFFR"), "re-serialized"),
    ("fred", "fred/DFF_reformatted.csv", _fred("DFF"), "re-serialized"),
    ("fred", "h41/WMTSECL1.csv", _fred("WMTSECL1"), "native"),
    ("fred", "h41/WALCL.csv", _fred("WALCL"), "native"),
    ("fred", "h41/WRESBAL.csv", _fred("WRESBAL"), "native"),
    *[
        ("cftc", f"cftc_tff/FinFutYY_{y}_rates_fx.txt", parse_tff, "native")
        for y in (2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026)
    ],
    (
        "cftc",
        "cftc_tff/us10y_tff_MFlab_derived.csv",
        parse_tff_derived,
        "re-serialized",
    ),
    ("tic", "tic/mfhhis01.txt", parse_mfh, "native"),
    (
        "treasury",
        "treasury/yield-curve-rates-1990-2024.csv",
        parse_par_curve,
        "native-ish",
    ),
    (
        "treasury",
        "treasury/daily-treasury-rates_2023_through_1220.csv",
        parse_par_curve,
        "native",
    ),
    (
        "treasury",
        "treasury/daily-treasury-rates_2024_through_0625.csv",
        parse_par_curve,
        "native",
    ),
    (
        "treasury",
        "treasury/daily-treasury-rates_2025_through_0925.csv",
        parse_par_curve,
        "native",
    ),
    (
        "treasury",
        "treasury/auctions_treasurydirect.csv",
        parse_auctions,
        "re-saved export",
    ),
    ("mof", "other/jgbcme_all.csv", parse_jgb, "native"),
    (
        "market",
        "market/TLT_yahoo_daily.csv",
        lambda b, o: parse_yahoo(b, o, "TLT"),
        "3rd-party",
    ),
    (
        "market",
        "market/ZN=F_yahoo_front_month_daily.csv",
        lambda b, o: parse_yahoo(b, o, "ZN=F", "price"),
        "3rd-party",
    ),
    (
        "market",
        "market/ZF=F_yahoo_front_month_daily.csv",
        lambda b, o: parse_yahoo(b, o, "ZF=F", "price"),
        "3rd-party",
    ),
    (
        "market",
        "market/ZT=F_yahoo_front_month_daily.csv",
        lambda b, o: parse_yahoo(b, o, "ZT=F", "price"),
        "3rd-party",
    ),
    (
        "market",
        "market/DXY_yahoo_daily_2024_2026.csv",
        lambda b, o: parse_date_value(b, o, "DXY.close", "index", "yahoo"),
        "3rd-party",
    ),
    (
        "market",
        "market/MOVE_yahoo_daily_2024_2026.csv",
        lambda b, o: parse_date_value(b, o, "MOVE.close", "index", "yahoo"),
        "3rd-party",
    ),
    (
        "market",
        "other/Germany_10Y_investingcom_daily_2025.csv",
        lambda b, o: parse_investing(b, o, "BUND10Y.investing", dayfirst=False),
        "3rd-party",
    ),
    (
        "market",
        "other/China_10Y_investingcom_monthly_2019_2025.csv",
        lambda b, o: parse_investing(b, o, "CGB10Y.investing", dayfirst=True),
        "3rd-party",
    ),
    # Second gathering (issue 9); see docs/data_provenance.md.
    (
        "fred",
        "fred/THREEFYTP10_text_copy.csv",
        _fred("THREEFYTP10"),
        "native format, text copy (not hash-verified; see checks)",
    ),
    (
        "acm",
        "other/ACMTermPremium_monthly_reserialized.csv",
        parse_acm_monthly,
        "re-serialized",
    ),
    # The 2006-2026 dollar equals the shorter DTWEXBGS.csv on every common date
    # (checks.overlapping_files) and wins where they overlap.
    ("fred", "fred/DTWEXBGS_2006_2026.csv", _fred("DTWEXBGS"), "native"),
    *[
        ("fred", f"fred/{s}.csv", _fred(s), "native")
        for s in (
            "T10YIE",
            "T5YIE",
            "DFII10",
            "SP500",
            "VIXCLS",
            "BAMLC0A0CM",
            "DGS1",
            "DGS7",
            "DGS20",
            "T10Y2Y",
        )
    ],
    ("fred", "fred/NASDAQCOM_2021_2026.csv", _fred("NASDAQCOM"), "native"),
    *[
        (
            "fred",
            f"fred/DSWP{n}_oldformat_2011_2016.csv",
            _fred(f"DSWP{n}"),
            "native, old FRED format",
        )
        for n in (5, 10, 30)
    ],
    ("fred", "h41/SWPT.csv", _fred("SWPT"), "native"),
    (
        "boe",
        "other/BoE_IUDMNPY_2024_2026_text_copy.csv",
        parse_boe_csv,
        "native BoE CSV, text copy, 2024 on (not hash-verified; see checks)",
    ),
    ("tic_slt", "tic/slt_table1.txt", lambda b, o: parse_slt_long(b, o, 1), "native"),
    ("tic_slt", "tic/slt_table3.txt", lambda b, o: parse_slt_long(b, o, 3), "native"),
    ("tic_slt", "tic/slt_table5.txt", parse_slt_table5, "native"),
    # The final 2025 annual file supersedes the partial one (2025-01-07 .. 04-29):
    # it wins on common dates, where the two agree (checks.overlapping_files).
    (
        "cftc",
        "cftc_tff/FinFutYY_2025_fullyear_rates_fx.txt",
        parse_tff,
        "native rows, filtered to rates and FX codes",
    ),
]

_MARKET_SPECS: dict[str, tuple[str, str, str]] = {
    "TLT.close": (
        "USD",
        "daily",
        "iShares 20+ Year Treasury ETF close (Yahoo, unadjusted)",
    ),
    "ZN=F.close": (
        "price",
        "daily",
        "10y note future, front month (Yahoo, unadjusted rolls)",
    ),
    "ZF=F.close": (
        "price",
        "daily",
        "5y note future, front month (Yahoo, unadjusted rolls)",
    ),
    "ZT=F.close": (
        "price",
        "daily",
        "2y note future, front month (Yahoo, unadjusted rolls)",
    ),
    "DXY.close": ("index", "daily", "ICE dollar index DX-Y.NYB close (Yahoo)"),
    "MOVE.close": ("index", "daily", "ICE BofA MOVE index close (Yahoo)"),
    "BUND10Y.investing": ("percent", "daily", "German 10y Bund yield (investing.com)"),
    "CGB10Y.investing": (
        "percent",
        "monthly",
        "China 10y yield, monthly (investing.com)",
    ),
}


def _spec(series_id: str) -> SeriesSpec:
    if series_id in _MARKET_SPECS:
        units, freq, desc = _MARKET_SPECS[series_id]
        source = "investing.com" if "investing" in series_id else "yahoo"
        return SeriesSpec(series_id, source, units, freq, "close", 1, desc)
    return spec_for(series_id)


def build_snapshot(raw_dir: Path, out_dir: Path) -> dict[str, object]:
    """Parse every raw file with its adapter and write the snapshot.

    Returns
    -------
    dict
        The ``snapshot.json`` document.
    """
    groups: dict[str, list[pd.DataFrame]] = {}
    files: list[dict[str, object]] = []
    origin_of: dict[str, list[str]] = {}
    for order, (group, rel, parser, note) in enumerate(RAW_FILES):
        path = raw_dir / rel
        content = path.read_bytes()
        frame = parser(content, rel)[["date", "series_id", "value"]].assign(
            _order=order
        )
        groups.setdefault(group, []).append(frame)
        files.append(
            {
                "file": rel,
                "sha256": hashlib.sha256(content).hexdigest(),
                "bytes": len(content),
                "format": note,
            }
        )
        for sid in frame["series_id"].unique():
            origin_of.setdefault(sid, []).append(rel)
    series_meta: dict[str, dict[str, object]] = {}
    overlaps: dict[str, dict[str, object]] = {}
    checked: dict[str, pd.Series] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for group, frames in groups.items():
        data = pd.concat(frames, ignore_index=True).sort_values(
            ["series_id", "date", "_order"]
        )
        overlaps.update(overlap_check(data, [f[1] for f in RAW_FILES]))
        data = data.drop_duplicates(["series_id", "date"], keep="last").drop(
            columns="_order"
        )
        data = data.reset_index(drop=True)
        data["series_id"] = data["series_id"].astype("category")
        atomic_write_bytes(
            out_dir / f"{group}.parquet",
            data.to_parquet(index=False, compression="zstd"),
        )
        for sid, grp in data.groupby("series_id", observed=True):
            checked[str(sid)] = grp.set_index("date")["value"]
            valid = grp.dropna(subset=["value"])
            spec = _spec(str(sid))
            series_meta[str(sid)] = {
                **{k: v for k, v in asdict(spec).items() if k != "series_id"},
                "group": group,
                "origin": origin_of[str(sid)],
                "first": f"{valid['date'].min():%Y-%m-%d}" if len(valid) else None,
                "last": f"{valid['date'].max():%Y-%m-%d}" if len(valid) else None,
                "n_obs": int(len(valid)),
                "vintage": f"{valid['date'].max():%Y-%m-%d}" if len(valid) else None,
            }
    doc: dict[str, object] = {
        "note": "Real published data; see PROVENANCE in the README. Vintage = last "
        "observation date (a lower bound on the unknown fetch date).",
        "files": files,
        "series": dict(sorted(series_meta.items())),
        "checks": {
            "overlapping_files": overlaps,
            "transcriptions": transcription_checks(checked),
        },
    }
    atomic_write_bytes(
        out_dir / "snapshot.json",
        (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode(),
    )
    return doc


def snapshot_dir() -> Path:
    """Folder of the bundled snapshot inside the installed package."""
    return Path(str(resources.files("attribution") / "datasets" / "snapshot"))


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: build the snapshot from a folder of raw files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, required=True, help="folder of raw publisher files"
    )
    parser.add_argument("--out", type=Path, default=snapshot_dir())
    args = parser.parse_args(argv)
    doc = build_snapshot(args.raw, args.out)
    series = doc["series"]
    assert isinstance(series, dict)
    print(f"wrote {len(series)} series to {args.out}")  # noqa: T201 (CLI entry)


if __name__ == "__main__":
    main()
