"""The largest move inside a window, found from daily closes.

A month nets a selloff against the rally that followed (April 2025: the 10y
rose 47 bp from 4 to 11 April and ended the month down 6 bp), so for a month
(or a week or a range) the engine also finds the sub-window with the largest
absolute change of one yield and attributes it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attribution.domain.window import Window


def largest_move(levels: pd.Series, window: Window) -> tuple[Window, float] | None:
    """Return the sub-window of ``window`` with the largest absolute change.

    Parameters
    ----------
    levels : Series
        Daily closes (percent) of the reference yield.
    window : Window
        The window; its base close counts as a possible start.

    Returns
    -------
    (Window, float) or None
        A range window ``a:b`` (the change from the close of ``a`` to the
        close of ``b``) and its change in bp; the earliest pair on ties.
        ``None`` for a one-day window or when the window is itself the move.
    """
    s = levels.dropna()
    base, end = window.resolve(pd.DatetimeIndex(s.index))
    closes = s.loc[base:end]
    if len(closes) < 3:
        return None
    v = closes.to_numpy(dtype=float)
    diff = np.abs(v[None, :] - v[:, None])  # [i, j] = |v_j - v_i|
    diff[np.tril_indices(len(v))] = -1.0
    flat = np.unravel_index(int(np.argmax(diff)), diff.shape)
    i, j = int(flat[0]), int(flat[1])
    a, b = pd.Timestamp(closes.index[i]), pd.Timestamp(closes.index[j])
    if a == base and b == end:
        return None
    label = f"{a:%Y-%m-%d}:{b:%Y-%m-%d}"
    return Window.parse(label), float((v[j] - v[i]) * 100.0)
