"""The ``episode`` key of an episode config (``configs/episodes/*.yaml``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from attribution.config.window import Window


class EpisodeSection(BaseModel):
    """What an episode is known for, and what the bundled data can and cannot show.

    Attributes
    ----------
    aliases : tuple of str
        Short names accepted by ``--episode`` besides the file name
        (``2025-04`` for ``tariff_selloff_2025``).
    description : str
        One line, printed by ``--episode list``.
    notes : tuple of str
        Facts read off the bundled files and caveats; the run's report prints
        them under "About this episode".
    beside : str or None
        A window (usually the month) whose curve moves the report shows beside
        the episode's own window, from the same daily closes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    aliases: tuple[str, ...] = ()
    description: str = Field(min_length=1)
    notes: tuple[str, ...] = ()
    beside: str | None = None

    @field_validator("beside")
    @classmethod
    def _beside(cls, v: str | None) -> str | None:
        return None if v is None else Window.parse(v, "episode.beside").label
