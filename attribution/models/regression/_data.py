"""Aligning several inputs into one validated frame (shared by the models here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from attribution._typing import Missing
from attribution._validation import as_frame
from attribution.exceptions import ModelSpecificationError, fmt


def _raw_frame(value: Any, name: str) -> pd.DataFrame:
    """Wrap ``value`` as a DataFrame without checking its values."""
    if isinstance(value, pd.Series):
        return value.to_frame(name=value.name if value.name is not None else name)
    if isinstance(value, pd.DataFrame):
        return value
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    return pd.DataFrame(arr, columns=[f"{name}{i}" for i in range(arr.shape[1])])


def join_aligned(
    parts: Mapping[str, Any], missing: Missing
) -> tuple[pd.DataFrame, dict[str, slice]]:
    """Join inputs sharing one index into a float frame; handle NaN rows once.

    Parameters
    ----------
    parts : mapping of str to Series, DataFrame or array_like
        The inputs, by argument name; the first one's index is the reference.
    missing : {"raise", "drop"}
        Rows with NaN in any input raise, or are dropped with a warning
        giving the count (:func:`~attribution._validation.as_frame`).

    Returns
    -------
    (DataFrame, dict)
        The joined frame and, per argument, the slice of its columns.

    Raises
    ------
    ModelSpecificationError
        If an index differs from the first input's, or NaN with ``"raise"``.
    """
    frames = {k: _raw_frame(v, k) for k, v in parts.items()}
    names = list(frames)
    index = frames[names[0]].index
    for k in names[1:]:
        if not frames[k].index.equals(index):
            raise ModelSpecificationError(
                fmt(
                    f"{k}.index",
                    f"equal to {names[0]}.index",
                    f"{len(frames[k])} vs {len(index)} rows",
                )
            )
    joined = as_frame(pd.concat(list(frames.values()), axis=1), "data", missing=missing)
    cuts: dict[str, slice] = {}
    start = 0
    for k in names:
        cuts[k] = slice(start, start + frames[k].shape[1])
        start += frames[k].shape[1]
    return joined, cuts
