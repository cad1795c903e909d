"""Config section ``termpremium:`` (owned by the term-structure model).

Options of ``python cli.py termpremium`` and of the ``acm_termstructure`` rows of
``attribute``; see docs/termstructure.md for what each does and what it was
measured to do.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TermPremiumSection(BaseModel):
    """Estimation sample, VAR treatment and bands of the ACM model.

    ``presample: nyfed_1961`` estimates the factor dynamics from 1961-06 with
    the NY Fed's own published zero yields (``ACMY01..ACMY10``) for the months
    before our par-curve NSS zero curve starts (1990-01): it borrows the
    publisher's curve for 1961-1989. ``none`` estimates on our curve alone.
    ``var_bias_correction: bootstrap`` replaces the OLS factor VAR by its
    bootstrap bias-corrected version (Bauer, Rudebusch and Wu 2012).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    presample: Literal["nyfed_1961", "none"] = "nyfed_1961"
    var_bias_correction: Literal["none", "bootstrap"] = "none"
    bias_draws: int = Field(500, ge=50, le=20000)
    n_boot: int = Field(499, ge=0, le=20000)
    block_length: int = Field(12, ge=1, le=120)
