"""Figures without pyplot: the backend of the user's session never changes.

Every figure of the package (the PNG files the CLI writes and the ``.plot()``
methods of results objects) is a :class:`matplotlib.figure.Figure` built with
the object API and attached to an Agg canvas. Nothing here calls
``matplotlib.use`` or ``pyplot``, so importing the package or writing a
figure leaves a notebook's backend (and pyplot's list of open figures) as it
was; a returned figure displays in Jupyter through IPython's formatter for
``Figure`` objects, and ``fig.savefig`` works headless.

This module imports nothing from the rest of the package, so every layer
(models included) may use it; matplotlib itself is imported only when a
figure is made.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def subplots(
    nrows: int = 1,
    ncols: int = 1,
    *,
    figsize: tuple[float, float] | None = None,
    **kwargs: Any,
) -> tuple[Figure, Any]:
    """Return a new figure on an Agg canvas and its axes, like ``plt.subplots``.

    Parameters
    ----------
    nrows, ncols : int, default 1
        Grid of axes.
    figsize : tuple of float, optional
        Width and height in inches (default: ``rcParams["figure.figsize"]``).
    **kwargs
        Passed to :meth:`matplotlib.figure.Figure.subplots` (``sharex``,
        ``sharey``, ``squeeze``, ``gridspec_kw``, ...).

    Returns
    -------
    fig : Figure
        Not registered with pyplot (``plt.close`` is never needed).
    axes : Axes or ndarray of Axes
        As :meth:`~matplotlib.figure.Figure.subplots` returns them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, **kwargs)


def png_bytes(fig: Figure, **kwargs: Any) -> bytes:
    """Render ``fig`` as PNG bytes through its Agg canvas.

    Parameters
    ----------
    fig : Figure
        A figure made by :func:`subplots` (or any figure).
    **kwargs
        Passed to :meth:`~matplotlib.figure.Figure.savefig` (``dpi``,
        ``metadata``, ``pil_kwargs``); ``format`` is always ``"png"``.

    Returns
    -------
    bytes
        The PNG file.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", **kwargs)
    return buf.getvalue()
