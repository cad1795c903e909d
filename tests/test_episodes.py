"""`--episode`: names and aliases, the listing, conflicts, and the report's notes.

Closes are read off FRED's files (DGS2/5/10/30.csv, the publisher's): 31 March
2025 3.89/3.96/4.23/4.59, 4 April 3.68/3.72/4.01/4.41, 11 April
3.96/4.15/4.48/4.85, 30 April 3.60/3.72/4.17/4.66.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from attribution.cli import main
from attribution.config import config_from_dict
from attribution.config.episodes import (
    about_episode_lines,
    find_episode,
    list_episodes,
)
from attribution.config.window import Window
from attribution.exceptions import ConfigError
from attribution.sources.store import DataStore

ISSUE_NAMES = {"2025-04", "2020-03", "2022-03", "2022-08-10", "2023-03", "2023-08-10"}
YIELDS = {"2y": "DGS2", "5y": "DGS5", "10y": "DGS10", "30y": "DGS30"}


@pytest.fixture(scope="module")
def yields() -> pd.DataFrame:
    store = DataStore(use_cache=False)
    return pd.DataFrame({t: store.load(sid)[0] for t, sid in YIELDS.items()})


def test_the_issue_names_are_the_aliases() -> None:
    episodes = list_episodes()
    assert {ep.label for ep in episodes} == ISSUE_NAMES
    assert find_episode("2025-04").name == "tariff_selloff_2025"
    assert find_episode("svb_march_2023").label == "2023-03"
    assert find_episode("2022-08-10").config.window == "2022-07-29:2022-10-31"


def test_unknown_episode_lists_the_known_ones() -> None:
    with pytest.raises(
        ConfigError, match=r"`--episode` must be one of 2020-03 \(dash_for_cash_2020\)"
    ) as info:
        find_episode("2024-01")
    assert "2025-04 (tariff_selloff_2025)" in str(info.value)
    assert "got '2024-01'" in str(info.value)


def test_cli_episode_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attribute", "--episode", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(ISSUE_NAMES)
    assert lines[0].startswith("2020-03 ") and "2020-03-09:2020-03-18" in lines[0]
    week = next(ln for ln in lines if ln.startswith("2025-04 "))
    assert "2025-04-04:2025-04-11" in week and "tariff selloff" in week


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--episode", "nope"], r"one of 2020-03 .* or `list`; got 'nope'"),
        (["--episode", "2025-04", "--window", "2025-04"], r"got --window as well"),
        (
            ["--episode", "2025-04", "--config", "configs/default.yaml"],
            r"got --config as well",
        ),
    ],
    ids=["unknown", "window", "config"],
)
def test_cli_episode_errors(
    argv: list[str], match: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["attribute", *argv, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: `--episode`") and len(err.splitlines()) == 1
    assert pd.Series([err]).str.contains(match).all()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(ISSUE_NAMES))
def test_every_episode_resolves_against_the_bundled_data(
    name: str, yields: pd.DataFrame
) -> None:
    # no estimation: a broken episode (a window outside the data, a bad
    # `beside`, no notes) fails the default suite
    ep = find_episode(name)
    assert ep.config.episode is not None and ep.config.episode.notes
    dates = pd.DatetimeIndex(yields["10y"].dropna().index)
    ep.config.parsed_window.resolve(dates)
    if ep.config.episode.beside:
        Window.parse(ep.config.episode.beside).resolve(dates)
    lines = about_episode_lines(ep.config, yields)
    assert lines[0] == "## About this episode"
    assert all(f"- {note}" in lines for note in ep.config.episode.notes)


def test_the_tariff_week_has_its_month_beside_it(yields: pd.DataFrame) -> None:
    lines = about_episode_lines(find_episode("2025-04").config, yields)
    assert "| window | from close | to close | 2y | 5y | 10y | 30y |" in lines
    assert (
        "| 2025-04-04:2025-04-11 | 2025-04-04 | 2025-04-11 "
        "| +28.0 | +43.0 | +47.0 | +44.0 |"
    ) in lines
    month = "| 2025-04 | 2025-03-31 | 2025-04-30 | -29.0 | -24.0 | -6.0 | +7.0 |"
    assert month in lines


def test_march_2022_notes_say_japan_was_up_in_march_2023() -> None:
    ep = find_episode("2022-03").config.episode
    assert ep is not None
    assert any("*up* $5.9bn in March 2023" in n for n in ep.notes)
    assert any("1,303.0 -> 1,229.0" in n and "$1.232tn" in n for n in ep.notes)


def test_a_run_without_an_episode_has_no_about_section(yields: pd.DataFrame) -> None:
    assert about_episode_lines(config_from_dict({}), yields) == []


def test_an_episode_config_without_the_episode_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("window: '2025-04'\n")
    with pytest.raises(ConfigError, match=r"x.yaml: an episode config needs"):
        list_episodes(tmp_path)


@pytest.mark.parametrize("name", ["2025-04", "2020-03", "2023-08-10"])
def test_the_window_is_the_largest_move_inside_beside(
    name: str, yields: pd.DataFrame
) -> None:
    # the week of the tariff selloff is what `--window 2025-04` finds as its
    # largest move; the same holds for the dash for cash and the 2023 surge
    from attribution.engine.largest_move import largest_move

    cfg = find_episode(name).config
    assert cfg.episode is not None and cfg.episode.beside is not None
    found = largest_move(yields["10y"].dropna(), Window.parse(cfg.episode.beside))
    assert found is not None and found[0].label == cfg.window
