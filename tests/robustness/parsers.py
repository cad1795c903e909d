"""The public parser entry points fuzzed, each with the real files it reads."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from attribution.sources.cftc import CftcSource, parse_tff, parse_tff_derived
from attribution.sources.fred import FredSource, parse_fred_csv, parse_fred_json
from attribution.sources.local import LocalSeries, read_local
from attribution.sources.mof import parse_jgb
from attribution.sources.nyfed import parse_nyfed
from attribution.sources.tic import parse_mfh
from attribution.sources.treasury import parse_auctions, parse_par_curve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(rel: str) -> bytes:
    return (FIXTURES / rel).read_bytes()


def _head(rel: str, n_lines: int) -> bytes:
    """The first ``n_lines`` lines of a real file (header and whole rows)."""
    return b"".join(_read(rel).splitlines(keepends=True)[:n_lines])


def _zip(text: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("FinFutYY.txt", text)
    return buf.getvalue()


def fred_json() -> bytes:
    """The FRED API shape, carrying the values of the real DGS10 fixture."""
    frame = parse_fred_csv(_read("fred/DGS10.csv"), "DGS10.csv", "DGS10")
    obs = [
        {
            "realtime_start": "2025-05-01",
            "date": f"{d:%Y-%m-%d}",
            "value": "." if pd.isna(v) else f"{v:.2f}",
        }
        for d, v in zip(frame["date"], frame["value"], strict=True)
    ]
    return json.dumps({"count": len(obs), "observations": obs}).encode()


def nyfed_json(series: str) -> bytes:
    """The NY Fed Markets API shape, carrying real SOFR/EFFR/RRP values (FRED)."""
    frame = parse_fred_csv(_read("fred/DGS10.csv"), "DGS10.csv", "DGS10").dropna()
    if series == "RRPONTSYD":
        ops = [
            {"operationDate": f"{d:%Y-%m-%d}", "totalAmtAccepted": v * 1e9}
            for d, v in zip(frame["date"], frame["value"], strict=True)
        ]
        return json.dumps({"repo": {"operations": ops}}).encode()
    rows = [
        {"effectiveDate": f"{d:%Y-%m-%d}", "type": series, "percentRate": v}
        for d, v in zip(frame["date"], frame["value"], strict=True)
    ]
    return json.dumps({"refRates": rows}).encode()


def _local(content: bytes) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.csv"
        path.write_bytes(content)
        return read_local(LocalSeries("MINE", path, "percent", "daily", "DGS10"))


#: name -> (entry point taking (bytes, origin), the real inputs it is fed)
PARSERS: dict[str, tuple[Callable[[bytes, str], object], tuple[bytes, ...]]] = {
    "fred_csv": (
        lambda b, o: parse_fred_csv(b, o),
        (
            _read("fred/DGS10.csv"),
            _read("fred/DGS10_oldformat.csv"),
            _read("fred/DEXCHUS_reformatted.csv"),
            _read("h41/WMTSECL1.csv"),
        ),
    ),
    "fred_adapter": (
        lambda b, o: FredSource().parse(b, o, "DGS10"),
        (_read("fred/DGS10.csv"), fred_json()),
    ),
    "fred_json": (lambda b, o: parse_fred_json(b, o, "DGS10"), (fred_json(),)),
    "cftc_tff": (
        lambda b, o: parse_tff(b, o),
        (
            _head("cftc/FinFutYY_2025_apr.txt", 13),
            _read("cftc/FinFutWk_2023_holiday_noheader.txt"),
        ),
    ),
    "cftc_zip": (
        lambda b, o: CftcSource().parse(b, o, "2025"),
        (_zip(_head("cftc/FinFutYY_2025_apr.txt", 13)),),
    ),
    "cftc_derived": (
        lambda b, o: parse_tff_derived(b, o),
        (_read("cftc/us10y_tff_derived_2025.csv"),),
    ),
    "tic_mfh": (
        lambda b, o: parse_mfh(b, o),
        (
            _read("tic/mfh.txt"),
            _read("tic/mfhhis01_2025.txt"),
            _read("tic/mfhhis01_2004_seriesbreak.txt"),
        ),
    ),
    "nyfed": (
        lambda b, o: parse_nyfed(b, o, "SOFR"),
        (nyfed_json("SOFR"),),
    ),
    "nyfed_rrp": (
        lambda b, o: parse_nyfed(b, o, "RRPONTSYD"),
        (nyfed_json("RRPONTSYD"),),
    ),
    "local_csv": (lambda b, o: _local(b), (_read("fred/DGS10.csv").replace(
        b"observation_date", b"date"
    ),)),
    "treasury_par": (
        lambda b, o: parse_par_curve(b, o),
        (
            _read("treasury/daily-treasury-rates_2025_apr.csv"),
            _read("treasury/yield-curve-rates-history-sample.csv"),
        ),
    ),
    "treasury_auctions": (
        lambda b, o: parse_auctions(b, o),
        (_read("treasury/auctions_2025_apr.csv"),),
    ),
    "mof_jgb": (lambda b, o: parse_jgb(b, o), (_read("mof/jgbcme_2025_apr.csv"),)),
}
