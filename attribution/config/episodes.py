"""Episodes: named configs in ``configs/episodes/``, found by file name or alias.

``python cli.py attribute --episode 2025-04`` runs
``configs/episodes/tariff_selloff_2025.yaml``; ``--episode list`` prints each
episode's name, window and description. The ``episode`` key of each file
holds its aliases, a one-line description and the notes the run's report
prints under "About this episode" (see ``docs/episodes.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from attribution.config.load import load_config
from attribution.config.schema import RunConfig
from attribution.config.window import Window
from attribution.exceptions import ConfigError, WindowError

#: Where the episode configs live (the repository's ``configs/episodes``).
EPISODE_DIR = Path(__file__).resolve().parents[2] / "configs" / "episodes"


@dataclass(frozen=True)
class Episode:
    """One episode config: its file name, aliases and validated config."""

    name: str
    path: Path
    config: RunConfig

    @property
    def aliases(self) -> tuple[str, ...]:
        """Short names (``2025-04``) accepted besides :attr:`name`."""
        return self.config.episode.aliases if self.config.episode else ()

    @property
    def label(self) -> str:
        """The first alias if there is one, else the file name."""
        return self.aliases[0] if self.aliases else self.name


def list_episodes(directory: Path | None = None) -> list[Episode]:
    """Load every episode config in ``directory`` (default :data:`EPISODE_DIR`).

    Raises
    ------
    ConfigError
        If a file is invalid, lacks the ``episode`` key, or two episodes
        share a name or alias (the message names the file).
    """
    folder = EPISODE_DIR if directory is None else Path(directory)
    out: list[Episode] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        cfg = load_config(path)
        if cfg.episode is None:
            raise ConfigError(
                f"{path}: an episode config needs an `episode` key "
                "(description, aliases, notes); see docs/episodes.md"
            )
        ep = Episode(path.stem, path, cfg)
        for key in (ep.name, *ep.aliases):
            if key in seen:
                raise ConfigError(
                    f"{path}: episode name {key!r} is already used by {seen[key]}"
                )
            seen[key] = path
        out.append(ep)
    return out


def find_episode(name: str, directory: Path | None = None) -> Episode:
    """Return the episode whose file name or alias is ``name``.

    Raises
    ------
    ConfigError
        If no episode has that name; the message lists the known ones.
    """
    episodes = list_episodes(directory)
    for ep in episodes:
        if name == ep.name or name in ep.aliases:
            return ep
    known = ", ".join(f"{ep.label} ({ep.name})" for ep in episodes) or "none"
    raise ConfigError(f"`--episode` must be one of {known} or `list`; got {name!r}.")


def episode_listing(directory: Path | None = None) -> list[str]:
    """One line per episode, in date order: short name, window, description, file."""
    episodes = sorted(
        list_episodes(directory), key=lambda e: e.config.parsed_window.first
    )
    width = max((len(ep.label) for ep in episodes), default=0)
    lines = []
    for ep in episodes:
        desc = ep.config.episode.description if ep.config.episode else ""
        lines.append(
            f"{ep.label:<{width}}  {ep.config.window:<21}  {desc} "
            f"[configs/episodes/{ep.path.name}]"
        )
    return lines


def about_episode_lines(config: RunConfig, yields: pd.DataFrame) -> list[str]:
    """Return the report's section "About this episode" (empty without one).

    Parameters
    ----------
    config : RunConfig
        The run's config; its ``episode`` key holds the description and notes.
    yields : DataFrame
        Daily closes in percent, one column per tenor label (``2y``, ``10y``),
        for the changes over the ``beside`` window.

    Returns
    -------
    list of str
        Markdown lines: a heading, the description, the notes and, when the
        episode names a ``beside`` window, its change per tenor in bp.
    """
    ep = config.episode
    if ep is None:
        return []
    text = f"{ep.description[:1].upper()}{ep.description[1:]}."
    lines = ["## About this episode", "", text]
    if ep.notes:
        lines += ["", *[f"- {note}" for note in ep.notes]]
    if ep.beside is not None:
        lines += ["", *_beside_lines(ep.beside, config.window, yields)]
    return lines


def _beside_lines(beside: str, window: str, yields: pd.DataFrame) -> list[str]:
    """Tabulate each tenor's change over the window and ``beside``, in bp."""
    cols = [c for c in yields.columns if yields[c].notna().any()]
    rows = []
    for label in (window, beside):
        w = Window.parse(label)
        try:
            base, end = w.resolve(pd.DatetimeIndex(yields["10y"].dropna().index))
        except WindowError as exc:
            return [f"The window {beside} beside it: {exc}"]
        moves = [(float(yields[c][end]) - float(yields[c][base])) * 100 for c in cols]
        rows.append(
            f"| {label} | {base:%Y-%m-%d} | {end:%Y-%m-%d} | "
            + " | ".join(f"{m:+.1f}" for m in moves)
            + " |"
        )
    return [
        f"The window beside it, {beside}, from the same daily closes (bp):",
        "",
        "| window | from close | to close | " + " | ".join(cols) + " |",
        "|---|---|---|" + "---:|" * len(cols),
        *rows,
    ]
