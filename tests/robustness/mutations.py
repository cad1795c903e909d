"""Mutations of real publisher files for the parser fuzzers.

Each strategy takes a real file (bytes) and damages it the way downloads and
editors do: byte flips, truncation, deleted lines, tokens replaced by
hostile ones (``inf``, far dates, empty cells, stray quotes), other line
endings and other encodings.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

HOSTILE_TOKENS: tuple[bytes, ...] = (
    b"inf",
    b"-inf",
    b"Infinity",
    b"nan",
    b"1e400",
    b"",
    b".",
    b"-",
    b"n.a.",
    b'"',
    b"1677-01-01",
    b"2262-05-01",
    b"8875-12-31",
    b"0000-01-01",
    b"2025-02-30",
    b"99999999999999999999",
    b"\xff\xfe",
    b"\xe9",
    b"null",
    b"[]",
    b"{}",
    b"Jan",
    b"1677",
    b"8875",
)
_TOKEN = re.compile(rb"[^\s,;\t\"{}\[\]:]+")


def _flip(data: bytes, pos: int, value: int) -> bytes:
    if not data:
        return bytes([value])
    i = pos % len(data)
    return data[:i] + bytes([value]) + data[i + 1 :]


def _truncate(data: bytes, pos: int) -> bytes:
    return data[: pos % (len(data) + 1)]


def _delete_line(data: bytes, pos: int) -> bytes:
    lines = data.split(b"\n")
    if len(lines) <= 1:
        return b""
    del lines[pos % len(lines)]
    return b"\n".join(lines)


def _replace_token(data: bytes, pos: int, token: bytes) -> bytes:
    spans = [m.span() for m in _TOKEN.finditer(data)]
    if not spans:
        return data + token
    a, b = spans[pos % len(spans)]
    return data[:a] + token + data[b:]


def _line_endings(data: bytes, pos: int) -> bytes:
    plain = data.replace(b"\r\n", b"\n")
    return plain.replace(b"\n", b"\r") if pos % 2 else plain.replace(b"\n", b"\r\n")


def _encoding(data: bytes, pos: int) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode("utf-16") if pos % 2 else text.encode("latin-1", "replace")


@st.composite
def mutated(draw: st.DrawFn, original: bytes, max_ops: int = 3) -> bytes:
    """Draw 1 to ``max_ops`` mutations applied to ``original``."""
    data = original
    for _ in range(draw(st.integers(1, max_ops))):
        op = draw(st.sampled_from(("flip", "trunc", "line", "token", "eol", "enc")))
        pos = draw(st.integers(0, 2**31 - 1))
        if op == "flip":
            data = _flip(data, pos, draw(st.integers(0, 255)))
        elif op == "trunc":
            data = _truncate(data, pos)
        elif op == "line":
            data = _delete_line(data, pos)
        elif op == "token":
            data = _replace_token(data, pos, draw(st.sampled_from(HOSTILE_TOKENS)))
        elif op == "eol":
            data = _line_endings(data, pos)
        else:
            data = _encoding(data, pos)
    return data
