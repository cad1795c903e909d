"""Boundary validators shared by constructors, adapters and config loaders.

Internal functions trust their inputs; these run once, where user input enters.
Each raises with the message template of :func:`attribution.exceptions.fmt`.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable
from typing import Any, SupportsFloat, TypeVar, cast

import numpy as np
import pandas as pd

from attribution._typing import Missing, SeedLike
from attribution.exceptions import (
    EmptySampleError,
    MissingValueWarning,
    ModelSpecificationError,
    fmt,
)

T = TypeVar("T")


def as_frame(
    x: Any,
    name: str,
    *,
    min_rows: int = 1,
    missing: Missing = "raise",
) -> pd.DataFrame:
    """Return ``x`` as a float DataFrame, checking size and missing values.

    Parameters
    ----------
    x : DataFrame, Series or array_like
        The data.
    name : str
        Argument name used in messages.
    min_rows : int, default 1
        Fewest rows accepted (after dropping, if ``missing="drop"``).
    missing : {"raise", "drop"}, default "raise"
        What to do with rows holding NaN. ``"drop"`` drops them and warns
        with the count.

    Returns
    -------
    DataFrame
        A float64 copy.

    Raises
    ------
    ModelSpecificationError
        If ``x`` holds NaN and ``missing="raise"``.
    EmptySampleError
        If fewer than ``min_rows`` rows remain.
    """
    if isinstance(x, pd.Series):
        frame = x.to_frame(name=x.name if x.name is not None else name)
    elif isinstance(x, pd.DataFrame):
        frame = x.copy()
    else:
        arr = np.asarray(x, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise ModelSpecificationError(fmt(name, "1- or 2-dimensional", arr.shape))
        frame = pd.DataFrame(arr, columns=[f"{name}{i}" for i in range(arr.shape[1])])
    try:
        frame = frame.astype(float)
    except (TypeError, ValueError) as exc:
        raise ModelSpecificationError(
            fmt(name, "numeric", list(frame.dtypes.astype(str)))
        ) from exc
    bad = frame.isna().any(axis=1)
    if bad.any():
        if missing == "raise":
            first = frame.index[bad.to_numpy()][0]
            raise ModelSpecificationError(
                fmt(
                    name,
                    "free of NaN",
                    f"{int(bad.sum())} rows with NaN, first at {first}",
                    'Pass missing="drop" to drop them with a warning.',
                )
            )
        warnings.warn(
            f"`{name}`: dropped {int(bad.sum())} rows holding NaN.",
            MissingValueWarning,
            stacklevel=3,
        )
        frame = frame.loc[~bad]
    if len(frame) < min_rows:
        raise EmptySampleError(
            fmt(name, f"at least {min_rows} usable rows", len(frame))
        )
    return frame


def as_int(
    x: Any, name: str, *, low: int | None = None, high: int | None = None
) -> int:
    """Return ``x`` as an int within ``[low, high]``.

    Raises
    ------
    ModelSpecificationError
        If ``x`` is not integral or is out of range.
    """
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
        raise ModelSpecificationError(fmt(name, "an integer", x))
    value = int(x)
    if low is not None and value < low:
        raise ModelSpecificationError(fmt(name, f">= {low}", value))
    if high is not None and value > high:
        raise ModelSpecificationError(fmt(name, f"<= {high}", value))
    return value


def as_float(
    x: Any, name: str, *, low: float | None = None, high: float | None = None
) -> float:
    """Return ``x`` as a finite float within ``[low, high]``."""
    try:
        value = float(x)
    except (TypeError, ValueError) as exc:
        raise ModelSpecificationError(fmt(name, "a number", x)) from exc
    if not np.isfinite(value):
        raise ModelSpecificationError(fmt(name, "finite", x))
    if low is not None and value < low:
        raise ModelSpecificationError(fmt(name, f">= {low}", value))
    if high is not None and value > high:
        raise ModelSpecificationError(fmt(name, f"<= {high}", value))
    return value


def as_option(x: Any, name: str, options: Iterable[T]) -> T:
    """Return ``x`` if it is one of ``options``.

    Raises
    ------
    ModelSpecificationError
        Naming the options accepted.
    """
    opts = tuple(options)
    if x not in opts:
        raise ModelSpecificationError(fmt(name, f"one of {set(opts)}", x))
    return cast(T, x)  # membership checked above


def check_index(x: pd.DataFrame | pd.Series, name: str) -> pd.DatetimeIndex:
    """Check that ``x`` has a sorted, unique, tz-naive DatetimeIndex.

    Raises
    ------
    ModelSpecificationError
        If the index is not a DatetimeIndex, is tz-aware, unsorted or has
        duplicates.
    """
    idx = x.index
    if not isinstance(idx, pd.DatetimeIndex):
        raise ModelSpecificationError(
            fmt(f"{name}.index", "a DatetimeIndex", type(idx).__name__)
        )
    if idx.tz is not None:
        raise ModelSpecificationError(fmt(f"{name}.index", "tz-naive", str(idx.tz)))
    if not idx.is_monotonic_increasing:
        raise ModelSpecificationError(
            fmt(f"{name}.index", "sorted ascending", "unsorted")
        )
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0]
        raise ModelSpecificationError(
            fmt(f"{name}.index", "unique", f"duplicate {dup.date()}")
        )
    return idx


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Normalise a seed to a :class:`numpy.random.Generator` (never global state)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, (int, np.integer)):
        return np.random.default_rng(seed)
    raise ModelSpecificationError(fmt("seed", "an int, a Generator or None", seed))


def position(index: pd.Index, key: object, name: str) -> int:
    """Return the integer position of ``key`` in ``index``, which must hold it once.

    ``Index.get_loc`` returns a slice or a boolean mask when the label is
    repeated; taking ``int`` of that would fail obscurely or pick a position
    silently, so a repeated label is an error naming it.

    Raises
    ------
    KeyError
        If ``key`` is not in ``index`` (as ``get_loc``; callers word it).
    ModelSpecificationError
        If ``key`` occurs more than once in ``index``.

    Examples
    --------
    >>> position(pd.Index(["a", "b", "c"]), "b", "names")
    1
    """
    loc = index.get_loc(key)
    if isinstance(loc, (int, np.integer)):
        return int(loc)
    raise ModelSpecificationError(
        fmt(f"{name}.index", "unique labels", f"{key} occurs more than once")
    )


def to_float(value: object) -> float:
    """Return ``float(value)`` for a pandas cell or reduction.

    pandas-stubs types ``.at``, ``.loc`` and ``.iloc`` scalars as any scalar
    (a string, a Period, ...); the callers read numeric cells, and ``float``
    raises for anything else.

    Examples
    --------
    >>> to_float(pd.Series([1.5]).iloc[0])
    1.5
    """
    return float(cast(SupportsFloat, value))


def to_timestamp(label: Hashable) -> pd.Timestamp:
    """Return a label of a DatetimeIndex (``idxmax``, ``iterrows``) as a Timestamp.

    Examples
    --------
    >>> s = pd.Series([1, 3], index=pd.date_range("2025-04-01", periods=2))
    >>> to_timestamp(s.idxmax())
    Timestamp('2025-04-02 00:00:00')
    """
    return pd.Timestamp(cast(pd.Timestamp, label))
