"""Leverage arithmetic: wipe-out loss, DV01 P&L, and the forced selling a loss implies.

Conventions: leverage ``L`` = assets / equity; a *loss fraction* is the loss
as a share of assets; DV01 in USD per bp (positive for a long bond position,
which loses when yields rise); yield moves in bp.
"""

from __future__ import annotations

from attribution._validation import as_float


def wipeout_loss(leverage: float) -> float:
    r"""Loss, as a fraction of assets, that wipes out the equity at leverage ``L``.

    Notes
    -----
    Equity :math:`E = A / L`, so a loss of :math:`A / L` leaves nothing:
    :math:`\ell^* = 1 / L` (20x: 5%).

    Raises
    ------
    ModelSpecificationError
        If ``leverage < 1``.
    """
    return 1.0 / as_float(leverage, "leverage", low=1.0)


def dv01_pnl(dv01: float, dy_bp: float) -> float:
    r"""P&L (USD) of a position with DV01 ``dv01`` (USD/bp, long > 0) for ``dy_bp``.

    Notes
    -----
    First order: :math:`\text{P\&L} = -DV01 \times \Delta y`.
    """
    return -as_float(dv01, "dv01") * as_float(dy_bp, "dy_bp")


def forced_sales(assets: float, leverage: float, loss_fraction: float) -> float:
    r"""Assets a levered holder must sell to restore its leverage after a loss.

    Parameters
    ----------
    assets : float
        Position size before the loss (USD).
    leverage : float
        Target and initial leverage ``L`` (assets / equity), >= 1.
    loss_fraction : float
        Loss as a share of assets, in ``[0, 1/L]``.

    Returns
    -------
    float
        Sales in USD: :math:`A \ell (L - 1)`.

    Notes
    -----
    After the loss, equity is :math:`E(1 - L\ell)` and assets :math:`A(1-\ell)`;
    restoring :math:`L` needs assets :math:`L E (1 - L\ell) = A(1 - L\ell)`,
    so sales are :math:`A(1-\ell) - A(1-L\ell) = A\ell(L-1)`. A loss of
    :math:`1/L` or more forces the whole position out (sales = remaining assets).
    """
    a = as_float(assets, "assets", low=0.0)
    lev = as_float(leverage, "leverage", low=1.0)
    loss = as_float(loss_fraction, "loss_fraction", low=0.0, high=1.0)
    if loss >= 1.0 / lev:
        return a * (1.0 - loss)
    return a * loss * (lev - 1.0)


def implied_forced_selling(
    net_short_10yeq_k: float,
    *,
    leverage: float,
    loss_fraction: float,
    contract_face_usd: float = 100_000.0,
) -> dict[str, float]:
    """Compute the forced selling a positioning estimate implies (basis-trade size).

    Parameters
    ----------
    net_short_10yeq_k : float
        Leveraged funds' net short, thousands of 10y-note equivalents; the
        basis trade is read as an equal long in cash Treasuries.
    leverage, loss_fraction : float
        As in :func:`forced_sales`.
    contract_face_usd : float, default 100000
        Face value per 10y note contract.

    Returns
    -------
    dict
        ``position_bn`` (cash long, $bn face), ``wipeout_loss`` (fraction),
        ``forced_sales_bn`` ($bn).
    """
    position = (
        as_float(net_short_10yeq_k, "net_short_10yeq_k", low=0.0)
        * 1000.0
        * as_float(contract_face_usd, "contract_face_usd", low=0.0)
    )
    return {
        "position_bn": position / 1e9,
        "wipeout_loss": wipeout_loss(leverage),
        "forced_sales_bn": forced_sales(position, leverage, loss_fraction) / 1e9,
    }
