"""Config section ``features:`` (owned by the feature builders; see attribution.features)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FeaturesSection(BaseModel):
    """Options of ``python cli.py features``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
