"""Catalogue of bad inputs: each ends with one named error, exit 2, nothing written.

CLI cases run ``attribution.cli.main`` and check the exit status, a single
``error:`` line on stderr naming the file, key, column or date, no traceback,
and an output folder left empty. API cases check that the public entry point
raises one of the toolkit's own error classes with the same naming.
"""

from __future__ import annotations

import errno
import io
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main
from attribution.config import Window, config_from_dict
from attribution.exceptions import AttributionError
from attribution.pipeline.common import run_id
from attribution.reports.output import write_run_dir
from attribution.sources.cftc import CftcSource, parse_tff
from attribution.sources.fred import FredSource, parse_fred_csv, parse_fred_json
from attribution.sources.nyfed import parse_nyfed
from attribution.sources.tic import parse_mfh

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"
DGS10 = (FIX / "fred/DGS10.csv").read_bytes()
TFF = (FIX / "cftc/FinFutYY_2025_apr.txt").read_bytes()
MFH = (FIX / "tic/mfh.txt").read_bytes()


def _tidy(dates: list[str], values: list[object], **extra: object) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"date": pd.to_datetime(dates), "series_id": "DGS10", "value": values}
    )
    return frame.assign(
        units="percent", source="fred", vintage=pd.Timestamp("2026-01-01"), **extra
    )


# -- CLI cases: (id, files to write, argv, text the error line must contain) --
def _cfg(text: str | bytes) -> dict[str, str | bytes]:
    return {"c.yaml": text}


def _local(csv: str, freq: str = "daily") -> dict[str, str | bytes]:
    return {
        "mine.csv": csv,
        "c.yaml": (
            "attribution: {models: [ols_weekly], extra_drivers: [MINE]}\n"
            "data:\n  local_series:\n"
            "    - {name: MINE, path: {tmp}/mine.csv, units: bp, "
            f"frequency: {freq}}}\n"
        ),
    }


def _cache(frame: pd.DataFrame | bytes) -> dict[str, str | bytes]:
    data = frame if isinstance(frame, bytes) else frame.to_parquet(index=False)
    return {
        "cache/fred/DGS10.parquet": data,
        "c.yaml": (
            "data: {cache_dir: '{tmp}/cache'}\nattribution: {models: [ols_weekly]}\n"
        ),
    }


ATT = ["attribute", "--config", "{tmp}/c.yaml", "--out", "{tmp}/out"]
CLI_CASES: list[tuple[str, dict[str, str | bytes], list[str], str]] = [
    (
        "impossible-date",
        _cfg("estimation: {start: 2025-02-30}\n"),
        ATT,
        "`estimation.start`",
    ),
    (
        "impossible-date-block",
        _cfg("estimation:\n  start: 2025-02-30\n"),
        ATT,
        "2025-02-30",
    ),
    ("not-utf8", _cfg(b"run: {name: caf\xe9}\n"), ATT, "not UTF-8"),
    (
        "duplicate-key",
        _cfg("window: 2025-04\nwindow: 2025-05\n"),
        ATT,
        "duplicate key 'window'",
    ),
    (
        "duplicate-nested-key",
        _cfg("attribution:\n  tenors: [2y]\n  tenors: [5y]\n"),
        ATT,
        "duplicate key 'tenors'",
    ),
    ("unknown-key", _cfg("windw: 2025-04\n"), ATT, "unknown key `windw`"),
    ("bad-yaml", _cfg("window: [2025-04\n"), ATT, "not valid YAML"),
    ("yaml-list", _cfg("- 1\n- 2\n"), ATT, "must be a mapping"),
    ("ci-level", _cfg("attribution: {level: 1.5}\n"), ATT, "`attribution.level`"),
    (
        "est-order",
        _cfg("estimation: {start: 2024-01-01, end: 2023-01-01}\n"),
        ATT,
        "estimation.end",
    ),
    (
        "local-freq",
        _cfg(
            "data: {local_series: [{name: X, path: x, units: bp, frequency: hourly}]}\n"
        ),
        ATT,
        "`data.local_series.0.frequency`",
    ),
    ("missing-config", {}, ATT, "c.yaml: cannot read config"),
    (
        "window-0000",
        {},
        ["attribute", "--window", "0000-01", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "window-9999",
        {},
        ["attribute", "--window", "9999-12", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "window-13",
        {},
        ["attribute", "--window", "2025-13", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "window-reversed",
        {},
        ["attribute", "--window", "2025-04-11:2025-04-02", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "window-feb30",
        {},
        ["features", "--window", "2025-02-28:2025-02-30", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "window-inner-space",
        {},
        ["breaks", "--window", "2025 -04", "--out", "{tmp}/out"],
        "`window`",
    ),
    (
        "monthly-tic-driver",
        _cfg("attribution: {models: [ols_weekly], extra_drivers: ['TIC_MFH.Japan']}\n"),
        ATT,
        "`attribution.extra_drivers`: 'TIC_MFH.Japan' is a monthly",
    ),
    (
        "monthly-local-driver",
        _local("date,value\n2025-01-31,1\n2025-02-28,2\n", "monthly"),
        ATT,
        "`attribution.extra_drivers`: 'MINE' is a monthly",
    ),
    (
        "unknown-driver",
        _cfg("attribution: {models: [ols_weekly], extra_drivers: [NOPE]}\n"),
        ATT,
        "unknown series 'NOPE'",
    ),
    (
        "local-mixed-tz",
        _local("date,value\n2025-04-01T00:00-04:00,1\n2025-04-02T00:00+09:00,2\n"),
        ATT,
        "mine.csv: column 'date'",
    ),
    (
        "local-inf",
        _local("date,value\n2025-04-01,1\n2025-04-02,inf\n"),
        ATT,
        "mine.csv: row 2: column 'value'",
    ),
    (
        "local-year-8875",
        _local("date,value\n2025-04-01,1\n8875-04-02,2\n"),
        ATT,
        "mine.csv: row 2: column 'date'",
    ),
    (
        "local-year-1677",
        _local("date,value\n1677-01-01,1\n2025-04-02,2\n"),
        ATT,
        "mine.csv: row 1: column 'date'",
    ),
    ("local-missing", {"c.yaml": _local("")["c.yaml"]}, ATT, "mine.csv"),
    (
        "cache-no-value",
        _cache(_tidy(["2025-04-01"], [1.0]).drop(columns="value")),
        ATT,
        "lacks column 'value'",
    ),
    (
        "cache-string-value",
        _cache(_tidy(["2025-04-01"], ["4.2"])),
        ATT,
        "column 'value' holds",
    ),
    (
        "cache-tz-dates",
        _cache(
            _tidy(["2025-04-01"], [1.0]).assign(
                date=pd.to_datetime(["2025-04-01"]).tz_localize("UTC")
            )
        ),
        ATT,
        "time-zone aware",
    ),
    (
        "cache-dup-dates",
        _cache(_tidy(["2025-04-01", "2025-04-01"], [1.0, 2.0])),
        ATT,
        "duplicate date 2025-04-01",
    ),
    (
        "cache-corrupt",
        _cache(b"PAR1 not really parquet"),
        ATT,
        "DGS10.parquet is unreadable",
    ),
    (
        "cache-bad-pointer",
        {
            "cache/CURRENT": "gen-20260101T000000-1-x\n",
            "c.yaml": "data: {cache_dir: '{tmp}/cache'}\n",
        },
        ATT,
        "cache pointer",
    ),
    (
        "out-is-file",
        {"outfile": "x"},
        ["attribute", "--window", "2025-04-04:2025-04-11", "--out", "{tmp}/outfile"],
        "outfile",
    ),
    (
        "out-under-file",
        {"outfile": "x"},
        ["panel", "--window", "2025-04", "--out", "{tmp}/outfile/sub"],
        "outfile",
    ),
    (
        "nowcast-2030",
        {},
        ["nowcast", "--window", "2030-01", "--out", "{tmp}/out"],
        "'2030-01'",
    ),
]


def _setup(tmp: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content.replace("{tmp}", str(tmp)))
        else:
            path.write_bytes(content)


def _check_cli(
    rc: int, err: str, out_dir: Path, fragment: str, expected_rc: int = 2
) -> None:
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert rc == expected_rc, err
    assert len(lines) == 1, err
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in err
    if out_dir.is_dir():
        assert [p.name for p in out_dir.iterdir()] == [], "partial output"


@pytest.mark.parametrize(
    ("files", "argv", "fragment"),
    [c[1:] for c in CLI_CASES],
    ids=[c[0] for c in CLI_CASES],
)
def test_cli_bad_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    argv: list[str],
    fragment: str,
) -> None:
    _setup(tmp_path, files)
    rc = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    _check_cli(rc, capsys.readouterr().err, tmp_path / "out", fragment)


def test_debug_keeps_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc = main(["--debug", "attribute", "--window", "2025-13", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" in err and "error: config: `window`" in err


def test_stdout_on_a_full_device() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "cli.py"), "data", "status", "--all"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2, proc.stderr
    assert "error: cannot write to standard output (No space left" in proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


# -- output folder failures (root ignores permissions, so the OS error is forced) --
@pytest.mark.parametrize(
    ("code", "text"),
    [
        (errno.EACCES, "Permission denied"),
        (errno.EROFS, "Read-only file system"),
        (errno.ENOSPC, "No space left on device"),
    ],
    ids=["read-only-folder", "read-only-fs", "disk-full"],
)
def test_unwritable_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, text: str
) -> None:
    write_run_dir(tmp_path / "run", {"a.csv": b"old"})

    def fail(self: Path, data: bytes) -> int:
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "write_bytes", fail)
    with pytest.raises(AttributionError, match=rf"cannot write .*a\.csv: {text}"):
        write_run_dir(tmp_path / "run", {"a.csv": b"new"})
    monkeypatch.undo()
    assert (tmp_path / "run" / "a.csv").read_bytes() == b"old"  # old run kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no temp left


def test_file_size_limit(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(AttributionError, match=r"File too large"):
            write_run_dir(tmp_path / "run", {"big.csv": b"x" * 100_000})
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert list(tmp_path.iterdir()) == []


# -- API cases: (id, call, text the message must contain) --
def _zip(text: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("FinFutYY.txt", text)
    return buf.getvalue()


ZIP = _zip(TFF)
_crc = bytearray(ZIP)
_crc[ZIP.index(b"PK\x01\x02") + 16] ^= 0xFF  # central-directory CRC
_magic = bytearray(ZIP)
_magic[2] = 0x00  # local header magic
_data = bytearray(ZIP)
_data[60] ^= 0xFF  # inside the deflated data
_offset = bytearray(ZIP)
_cd = ZIP.index(b"PK\x01\x02")
_offset[_cd + 42 : _cd + 46] = (2**31 - 1).to_bytes(4, "little")  # member offset


def _tff_cell(token: bytes) -> bytes:
    """The real file with Open_Interest_All of the first 10y-note row replaced."""
    lines = TFF.split(b"\n")
    i = next(k for k, ln in enumerate(lines) if b",043602," in ln)
    cells = lines[i].split(b",")
    cells[7] = token
    lines[i] = b",".join(cells)
    return b"\n".join(lines)


def _mfh_year(year: bytes) -> bytes:
    return MFH.replace(
        b"Country                           2023", b"Country  " + year, 1
    )


def _cftc(content: bytes) -> Callable[[], object]:
    return lambda: CftcSource().parse(content, "fut_fin_txt_2025.zip", "2025")


def _replace_last(data: bytes, token: bytes) -> bytes:
    line = data.splitlines()[5]
    value = line.split(b",")[1]
    return data.replace(line, line.replace(value, token))


API_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("cftc-inf", lambda: parse_tff(_tff_cell(b"inf"), "F.txt"), "F.txt: column"),
    (
        "tic-absurd-year",
        lambda: parse_mfh(_mfh_year(b"99999999999999999999"), "mfh.txt"),
        "mfh.txt: line 10: bad year",
    ),
    (
        "tic-year-1677",
        lambda: parse_mfh(_mfh_year(b"1677"), "mfh.txt"),
        "bad year '1677'",
    ),
    (
        "tic-year-8875",
        lambda: parse_mfh(_mfh_year(b"8875"), "mfh.txt"),
        "bad year '8875'",
    ),
    (
        "fred-duplicate-dates",
        lambda: FredSource().parse_checked(
            DGS10 + DGS10.splitlines(keepends=True)[-1].replace(b"4.", b"9."),
            "DGS10.csv",
            "DGS10",
        ),
        "duplicate observation",
    ),
    ("window-0000", lambda: Window.parse("0000-01"), "`window`"),
    ("window-huge", lambda: Window.parse("2025-04-01:99999-01-01"), "`window`"),
    ("config-window-newline", lambda: Window.parse("2025-04\n2025-05"), "`window`"),
    ("zip-truncated-half", _cftc(ZIP[: len(ZIP) // 2]), "fut_fin_txt_2025.zip"),
    ("zip-truncated-end", _cftc(ZIP[:-10]), "fut_fin_txt_2025.zip"),
    ("zip-truncated-head", _cftc(ZIP[:40]), "fut_fin_txt_2025.zip"),
    ("zip-bad-crc", _cftc(bytes(_crc)), "fut_fin_txt_2025.zip"),
    ("zip-bad-magic", _cftc(bytes(_magic)), "fut_fin_txt_2025.zip"),
    ("zip-bad-data", _cftc(bytes(_data)), "fut_fin_txt_2025.zip"),
    ("zip-bad-offset", _cftc(bytes(_offset)), "fut_fin_txt_2025.zip"),
    ("cftc-text-truncated", _cftc(TFF[:-7]), "truncated"),
    (
        "cftc-year-8875",
        lambda: parse_tff(TFF.replace(b"2025-04-29", b"8875-04-29"), "F.txt"),
        "8875-04-29",
    ),
    (
        "fred-not-utf8",
        lambda: parse_fred_csv(DGS10 + b"2025-06-02,\xff\n", "DGS10.csv"),
        "DGS10.csv: not UTF-8",
    ),
    (
        "fred-truncated",
        lambda: FredSource().parse(DGS10[:-2], "DGS10.csv", "DGS10"),
        "truncated",
    ),
    (
        "fred-inf",
        lambda: parse_fred_csv(_replace_last(DGS10, b"inf"), "DGS10.csv"),
        "line 6: column 'DGS10'",
    ),
    (
        "fred-year-1677",
        lambda: parse_fred_csv(
            DGS10.replace(b"2025-04-07", b"1677-04-07"), "DGS10.csv"
        ),
        "'1677-04-07'",
    ),
    (
        "fred-year-2262",
        lambda: parse_fred_csv(
            DGS10.replace(b"2025-04-07", b"2262-05-01"), "DGS10.csv"
        ),
        "'2262-05-01'",
    ),
    (
        "fred-json-no-date",
        lambda: parse_fred_json(
            b'{"observations": [{"value": "4.2"}]}', "api", "DGS10"
        ),
        "api: observations[0]",
    ),
    (
        "fred-json-no-obs",
        lambda: parse_fred_json(b'{"count": 0}', "api", "DGS10"),
        "api: not a FRED observations JSON",
    ),
    (
        "fred-json-list",
        lambda: parse_fred_json(b"[1, 2]", "api", "DGS10"),
        "api: not a FRED",
    ),
    (
        "nyfed-wrong-shape",
        lambda: parse_nyfed(b'{"refRates": "none"}', "sofr.json", "SOFR"),
        "sofr.json: unexpected NY Fed JSON",
    ),
    (
        "nyfed-list-items",
        lambda: parse_nyfed(b'{"refRates": [1]}', "sofr.json", "SOFR"),
        "refRates[0]",
    ),
    (
        "nyfed-inf",
        lambda: parse_nyfed(
            b'{"refRates": [{"effectiveDate": "2025-04-01", "percentRate": Infinity}]}',
            "sofr.json",
            "SOFR",
        ),
        "not finite",
    ),
    (
        "nyfed-year-8875",
        lambda: parse_nyfed(
            b'{"refRates": [{"effectiveDate": "8875-04-01", "percentRate": 4.3}]}',
            "sofr.json",
            "SOFR",
        ),
        "'8875-04-01'",
    ),
]


@pytest.mark.parametrize(
    ("call", "fragment"), [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES]
)
def test_api_bad_input(call: Callable[[], object], fragment: str) -> None:
    with pytest.raises(AttributionError) as info:
        call()
    assert fragment in str(info.value), str(info.value)


def test_window_with_trailing_newline_names_no_folder_with_it() -> None:
    cfg = config_from_dict({"window": "2025-04\n"})
    assert run_id(cfg, "attribute") == "default_attribute_2025-04"


def test_cr_only_cftc_file_parses_like_crlf() -> None:
    crlf = parse_tff(TFF, "F.txt")
    cr = parse_tff(TFF.replace(b"\r\n", b"\r"), "F.txt")
    pd.testing.assert_frame_equal(cr, crlf)


def test_catalogue_size() -> None:
    assert len(CLI_CASES) + len(API_CASES) + 8 >= 40
