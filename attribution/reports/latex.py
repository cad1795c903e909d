r"""LaTeX tables for papers: booktabs, bands under the estimates, one page wide.

Each model of an :class:`~attribution.engine.result.AttributionResult` becomes
one ``table`` float per block of tenors (nominal tenors, then the 10y
decomposition; at most four columns, fewer when the cells are wide), laid out
like a regression table: the estimate on one row, its band in brackets on the
row below. A set-identified model gets a companion float per block with the
identified set (braces) and, under it, its robust band (angle brackets). Every
number is in basis points with one decimal and a real minus sign (``$-$``); a
value that rounds to zero is ``0.0``. Each float has a stable ``\label``
(``tab:<run>:<table>:<model>:<tenors>``, ``:set`` for the companion), a short
caption and a notes paragraph (units, rounding, band level, identification,
sources, packages). The fragments need only ``booktabs``;
:func:`standalone_text` wraps one in a compilable ``article``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from attribution.engine.result import AttributionResult
from attribution.exceptions import OutputError
from attribution.reports.tables import MODEL_TITLES, canonical_order, sorted_table

#: LaTeX packages a fragment needs (named in every notes line).
PACKAGES = ("booktabs",)

#: Nominal tenors first, then the 10y decomposition: the two blocks of a table.
_NOMINAL = ("2y", "5y", "10y", "30y")

#: Column headers of the tenors.
TENOR_HEADERS = {
    "2y": "2y",
    "5y": "5y",
    "10y": "10y",
    "30y": "30y",
    "10y_real": "10y real",
    "10y_breakeven": "10y breakeven",
    "10y_tp_kw": "10y TP (KW)",
}

#: Short row labels (the Markdown's long ones run a table off the page).
ROW_LABELS = {
    "custody": "Official custody (H.4.1)",
    "lev_net_short": "Lev. funds' net short",
    "lev_net": "Lev. net position (rec.)",
    "foreign_official_selling": "Foreign official selling",
    "basis_unwind": "Basis unwind",
    "ctrl_2y": "Control: 2y yield",
    "ctrl_dollar": "Control: broad dollar",
    "policy_expectations": "Policy expectations",
    "flight_to_safety": "Flight to safety",
    "policy": "Expected policy path",
    "term_premium": "Term premium",
    "sell_america": "Sell America",
    "risk_on": "Growth / risk-on",
    "basis_deleveraging": "Lev. basis unwind",
    "dollar": "Dollar (rec.)",
    "y2": "2y (rec.)",
    "y5": "5y (rec.)",
    "y10": "10y (rec.)",
    "y30": "30y (rec.)",
    "constant": "Constant",
    "drift": "Drift",
    "baseline": "Baseline forecast",
    "other_shocks": "Other shocks",
    "expected_path": "Expected path",
    "par_minus_zero": "Par minus zero",
    "pricing_error": "Pricing error",
    "residual": "Residual",
    "stub": "Stub",
    "actual": "Actual change",
}

#: Readable names of the ``source`` field of a series' provenance.
SOURCE_NAMES = {
    "fred": "FRED (Federal Reserve H.15, H.4.1, H.10 and others)",
    "treasury": "U.S. Treasury par yield curve",
    "cftc": "CFTC Traders in Financial Futures",
    "cftc_derived": "CFTC Traders in Financial Futures",
    "tic_slt": "Treasury TIC SLT",
    "yahoo": "Yahoo Finance",
}

_WIDTH_PT = 345.0  # article, 10pt: \textwidth on A4 and letter paper
_COLSEP_PT = 4.0

_ESCAPES = {
    "\\": r"$\backslash$",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"$\sim$",
    "^": r"\^{}",
    "<": "$<$",
    ">": "$>$",
    "|": "$|$",
}
# a minus before a number, or a sign after a name ("equity -", "usd -;")
_MINUS = re.compile(r"(?<![\w.])-(?=\d)|(?<= )-(?=[ ,;.)]|$)")


def tex_escape(text: str) -> str:
    """Escape LaTeX's special characters; minus signs become ``$-$``.

    A minus is a ``-`` before a digit (not inside a word or date: ``2025-04``
    stays) or a sign standing alone after a space (``equity -``).
    """
    escaped = "".join(_ESCAPES.get(ch, ch) for ch in text)
    return _MINUS.sub("$-$", escaped)


def number(value: float) -> str:
    """One decimal, real minus sign, no ``-0.0``: ``-3.14`` -> ``$-$3.1``."""
    text = f"{value:.1f}"
    if text in ("-0.0", "0.0"):
        return "0.0"
    return text.replace("-", "$-$")


def label_key(text: str) -> str:
    r"""Return a ``\label`` piece: letters, digits, points and hyphens."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-")


def sources_text(sources: Iterable[str]) -> str:
    """Return the notes' list of publishers, from provenance ``source`` fields."""
    names = dict.fromkeys(SOURCE_NAMES.get(s, s) for s in sorted(set(sources)))
    return "; ".join(names)


def _checked(r: Any, column: str) -> float:
    value = float(getattr(r, column))
    if math.isnan(value):
        raise OutputError(
            f"cannot write the LaTeX table: `{column}` is NaN for model "
            f"{r.model!r}, tenor {r.tenor!r}, driver {r.driver!r} (status "
            f"{r.status!r}); only a not-estimated row may be empty"
        )
    return value


def _pair(r: Any, lo: str, hi: str, left: str, right: str) -> str:
    return f"{left}{number(_checked(r, lo))}, {number(_checked(r, hi))}{right}"


def _cells(r: Any) -> tuple[list[str], list[str]]:
    """Return the lines of one cell: (estimate and band, set and robust band).

    The second part is empty unless the row is set-identified.
    """
    if r.status == "not_estimated":
        return ["NA"], []
    point = number(_checked(r, "contribution_bp"))
    if str(r.note).startswith("reversed"):
        point += r"$^{\dagger}$"
    if r.status == "weakly_identified":
        point += r"$^{\ddagger}$"
    if r.role in ("actual", "stub") or r.status == "exact":
        return [point], []
    lines = [point, _pair(r, "lower_bp", "upper_bp", "[", "]")]
    if r.status != "set_identified":
        return lines, []
    return lines, [
        _pair(r, "set_lower_bp", "set_upper_bp", r"\{", r"\}"),
        _pair(r, "set_band_lower_bp", "set_band_upper_bp", r"$\langle$", r"$\rangle$"),
    ]


def _width_pt(text: str) -> float:
    r"""Return an upper bound of a cell's printed width at ``\small``, in pt.

    Measured with ``\settowidth`` under ``\small`` (9pt Computer Modern):
    digits 4.6pt, lower case 4.5, upper case up to 6.9, the math minus 7.0,
    brackets, commas, points and spaces under 3; ``[$-$60.0, $-$25.0]``
    prints 58.1pt and is estimated at 60.2pt.
    """
    text = text.replace("$-$", "\x00").replace(r"$^{\dagger}$", "+")
    text = text.replace(r"$^{\ddagger}$", "+")
    text = text.replace(r"$\langle$", "<").replace(r"$\rangle$", ">")
    text = text.replace(r"\{", "x").replace(r"\}", "x")
    text = re.sub(r"\\[A-Za-z]+|[\\{}$]", "", text)
    total = 0.0
    for ch in text:
        if ch == "\x00":
            total += 7.2
        elif ch.isupper():
            total += 6.9
        elif ch in "[](),.;: '":
            total += 3.0
        else:
            total += 4.7
    return total


def _blocks(
    tenors: list[str], cells: dict[tuple[str, str], list[str]], labels: list[str]
) -> list[list[str]]:
    """Nominal tenors, then the rest, each in the fewest even blocks that fit.

    A block fits when the label column and its tenor columns, at the widths
    :func:`_width_pt` estimates, stay within the 345pt text width of a 10pt
    ``article``.
    """
    label_pt = max(_width_pt(s) for s in labels) + _COLSEP_PT
    width = {
        t: max(
            [_width_pt(TENOR_HEADERS.get(t, t))]
            + [
                _width_pt(x)
                for (_, te), lines in cells.items()
                if te == t
                for x in lines
            ]
        )
        + 2 * _COLSEP_PT
        for t in tenors
    }
    out: list[list[str]] = []
    for group in (
        [t for t in tenors if t in _NOMINAL],
        [t for t in tenors if t not in _NOMINAL],
    ):
        for parts in range(1, len(group) + 1):
            size = -(-len(group) // parts)
            chunks = [group[i : i + size] for i in range(0, len(group), size)]
            if parts == len(group) or all(
                label_pt + sum(width[t] for t in c) <= _WIDTH_PT for c in chunks
            ):
                out += chunks
                break
    return out


def _notes(t: pd.DataFrame, model: str, sources: str, *, set_part: bool) -> str:
    """Return the notes paragraph: units, rounding, bands, identification, sources."""
    level = f"{float(t['level'].iloc[0]):.0%}".replace("%", r"\%")
    parts = [
        "Contributions to the change in yield over the window, in basis points, "
        "rounded to one decimal."
    ]
    if set_part:
        parts.append(
            "Set-identified rows: in braces, the identified set at the estimate; "
            f"under it, in angle brackets, the {level} robust band of the set "
            "(Giacomini-Kitagawa); only a robust band that excludes zero names "
            "a shock."
        )
    else:
        parts.append(f"In brackets under an estimate: its {level} band.")
        if (t["status"] == "set_identified").any():
            parts.append(
                "Set-identified rows: posterior mean and posterior band; the "
                "identified sets are in the companion table."
            )
    if t["note"].astype(str).str.startswith("reversed").any() and not set_part:
        parts.append("$^{\\dagger}$ The shock ran against its defining sign.")
    if (t["status"] == "weakly_identified").any():
        parts.append(
            "$^{\\ddagger}$ Weakly identified: the shock cannot be told apart "
            "from another one (the run's report gives the share of draws)."
        )
    if (t["status"] == "not_estimated").any():
        parts.append("NA: not estimated.")
    parts.append(
        f"Identification ({tex_escape(model)}): "
        f"{tex_escape(str(t['identification'].iloc[0]))}."
    )
    if sources:
        parts.append(f"Sources: {tex_escape(sources)}.")
    parts.append(f"LaTeX packages: {', '.join(PACKAGES)}.")
    return " ".join(parts)


def _table(
    rows: list[tuple[str, str, list[list[str]]]],
    tenors: list[str],
    caption: str,
    label: str,
    notes: str,
) -> list[str]:
    """One float: rows are (driver, label, lines per tenor)."""
    n = len(tenors)
    out = [
        r"\begin{table}[htbp]",
        r"\centering",
        r"\small",
        rf"\setlength{{\tabcolsep}}{{{_COLSEP_PT:g}pt}}",
        rf"\caption{{{caption}}}",
        rf"\label{{{label}}}",
        rf"\begin{{tabular}}{{@{{}}l{'r' * n}@{{}}}}",
        r"\toprule",
        " & ".join(["", *[tex_escape(TENOR_HEADERS.get(t, t)) for t in tenors]])
        + r" \\",
        r"\midrule",
    ]
    for driver, name, lines in rows:
        if driver == "actual" and out[-1] != r"\midrule":
            out.append(r"\midrule")
        depth = max(len(c) for c in lines)
        for i in range(depth):
            first = name if i == 0 else ""
            out.append(
                " & ".join([first, *[c[i] if i < len(c) else "" for c in lines]])
                + r" \\"
            )
    out += [
        r"\bottomrule",
        r"\end{tabular}",
        r"\par\smallskip",
        r"\begin{minipage}{\linewidth}\footnotesize\raggedright",
        rf"\textit{{Notes:}} {notes}",
        r"\end{minipage}",
        r"\end{table}",
        "",
    ]
    return out


def to_latex_text(
    result: AttributionResult,
    caption: str,
    *,
    label: str = "attribution",
    sources: Sequence[str] = (),
) -> str:
    r"""Return the LaTeX fragment of a result: one float per model and tenor block.

    Parameters
    ----------
    result : AttributionResult
        The attribution to typeset.
    caption : str
        Caption start, e.g. ``"Attribution of Treasury yield changes, 2025-04."``;
        the model and the tenors are appended.
    label : str, default "attribution"
        Stem of every ``\label``: ``tab:<label>:<model>:<tenors>`` (made of
        letters, digits, hyphens and colons), e.g. the run id and table name.
    sources : sequence of str, default ()
        Provenance ``source`` fields of the series the run loaded, for the notes.

    Returns
    -------
    str
        The fragment; it compiles ``\input`` into ``\documentclass{article}``
        with ``\usepackage{booktabs}``, and the same result gives the same text.

    Raises
    ------
    OutputError
        If an estimated row has a NaN estimate or bound.
    """
    base = tex_escape(caption.rstrip().rstrip("."))
    stem = ":".join(label_key(p) for p in label.split(":"))
    src = sources_text(sources)
    table = sorted_table(result)
    out: list[str] = []
    for model in dict.fromkeys(table["model"]):
        t = table.loc[table["model"] == model]
        both = {(r.driver, r.tenor): _cells(r) for r in t.itertuples()}
        drivers = canonical_order(t["driver"])
        names = [tex_escape(ROW_LABELS.get(d, d.replace("_", " "))) for d in drivers]
        tenors = list(dict.fromkeys(t["tenor"]))
        title = tex_escape(MODEL_TITLES.get(model, model))
        key = f"tab:{stem}:{label_key(model)}"
        flat = {k: [*v[0], *v[1]] for k, v in both.items()}
        parts = [("", 0, "")]
        if (t["status"] == "set_identified").any():
            parts = [
                (": posterior mean and band", 0, ""),
                (": identified set and robust band", 1, ":set"),
            ]
        for block in _blocks(tenors, flat, names):
            heads = ", ".join(tex_escape(TENOR_HEADERS.get(b, b)) for b in block)
            for what, part, suffix in parts:
                rows = [
                    (d, name, [both.get((d, te), ([""], []))[part] for te in block])
                    for d, name in zip(drivers, names, strict=True)
                    if any(
                        (d, te) in both
                        and (part == 0 or both[(d, te)][1] or d == "actual")
                        for te in block
                    )
                ]
                if part == 1:  # the set rows, then the actual change for scale
                    rows = [
                        (
                            d,
                            n,
                            c if d != "actual" else [both[(d, te)][0] for te in block],
                        )
                        for d, n, c in rows
                    ]
                out += _table(
                    rows,
                    block,
                    f"{base}: {title} ({heads}){what}.",
                    f"{key}:{label_key('-'.join(block))}{suffix}",
                    _notes(t, model, src, set_part=part == 1),
                )
    return "\n".join(out)


def standalone_text(fragment: str) -> str:
    """Wrap a fragment in a compilable ``article`` (10pt) loading :data:`PACKAGES`."""
    return "\n".join(
        [
            r"\documentclass[10pt]{article}",
            *[rf"\usepackage{{{p}}}" for p in PACKAGES],
            r"\begin{document}",
            fragment.rstrip("\n"),
            r"\end{document}",
            "",
        ]
    )
