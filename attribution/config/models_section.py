"""Config sections for ``breaks`` and the volatility / panel / nowcast models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class BreaksSection(BaseModel):
    """Options of ``python cli.py breaks``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
