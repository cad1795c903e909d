"""Config validation: every bad input is rejected with the key path and value named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from attribution.config import Window, config_from_dict, load_config
from attribution.exceptions import ConfigError, WindowError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.name
)
def test_shipped_configs_validate(path: Path) -> None:
    load_config(path)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (
            {"window": "2025-13"},
            r"`window` must be a month YYYY-MM with MM in 01..12; got '2025-13'",
        ),
        (
            {"window": "April"},
            r"`window` must be a day 'YYYY-MM-DD', a week 'YYYY-Www', a month",
        ),
        ({"window": "2025-04-11:2025-04-02"}, r"end is after its start"),
        ({"windw": "2025-04"}, r"unknown key `windw`"),
        ({"attribution": {"tenor": ["10y"]}}, r"unknown key `attribution.tenor`"),
        ({"attribution": {"tenors": ["7y"]}}, r"`attribution.tenors.0`.*got '7y'"),
        ({"attribution": {"level": 1.5}}, r"`attribution.level`.*got 1.5"),
        (
            {"attribution": {"hac": {"bandwidth": "four"}}},
            r"`attribution.hac.bandwidth`.*'four'",
        ),
        ({"estimation": {"start": "2025-02-30"}}, r"`estimation.start`"),
        (
            {"estimation": {"start": "2024-01-01", "end": "2023-01-01"}},
            r"must be after",
        ),
        ({"window": "2019-04"}, r"ends before estimation.start"),
        ({"attribution": {"positioning": {"dv01": {"3y": 50}}}}, r"unknown contract"),
    ],
)
def test_bad_config(data: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        config_from_dict(data)


def test_unreadable_and_non_mapping_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read config"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("window: [unclosed\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml: not valid YAML"):
        load_config(bad)
    lst = tmp_path / "list.yaml"
    lst.write_text("- 1\n- 2\n")
    with pytest.raises(ConfigError, match=r"top level must be a mapping"):
        load_config(lst)


def test_config_is_frozen() -> None:
    cfg = load_config()
    with pytest.raises(Exception, match="frozen"):
        cfg.window = "2025-05"  # type: ignore[misc]


def test_month_window_runs_from_last_close_before_month() -> None:
    dates = pd.bdate_range("2025-03-24", "2025-05-09")
    assert Window.parse("2025-04").resolve(dates) == (
        pd.Timestamp("2025-03-31"),
        pd.Timestamp("2025-04-30"),
    )


def test_range_window_runs_from_close_of_first_date() -> None:
    dates = pd.bdate_range("2025-03-24", "2025-05-09")
    assert Window.parse("2025-04-04:2025-04-11").resolve(dates) == (
        pd.Timestamp("2025-04-04"),
        pd.Timestamp("2025-04-11"),
    )
    # a weekend start takes the last close on or before it
    assert Window.parse("2025-04-05:2025-04-11").resolve(dates)[0] == pd.Timestamp(
        "2025-04-04"
    )


def test_window_outside_data() -> None:
    dates = pd.bdate_range("2021-01-04", "2026-02-20")
    with pytest.raises(
        WindowError,
        match=r"`window` must be covered by the data .*2026-02-20.*'2026-03'",
    ):
        Window.parse("2026-03").resolve(dates)
    with pytest.raises(WindowError, match=r"inside the data"):
        Window.parse("2020-12").resolve(dates)


def _key_paths(tree: dict, prefix: str = "") -> set[str]:
    paths = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        paths.add(path)
        if isinstance(value, dict):
            paths |= _key_paths(value, f"{path}.")
    return paths


def test_default_yaml_states_the_code_defaults() -> None:
    """configs/default.yaml lists every key with the value the code uses by default.

    That is, the value used without a config. Loading fills missing keys with
    the defaults, so equality alone would pass with a whole section deleted:
    every key path of the code's defaults must also be written in the file.
    """
    text = (ROOT / "configs" / "default.yaml").read_text()
    written = _key_paths(yaml.safe_load(text))
    defaults = _key_paths(load_config().model_dump(mode="json", by_alias=True))
    missing = sorted(defaults - written)
    assert not missing, f"missing from configs/default.yaml: {missing}"
    assert load_config(ROOT / "configs" / "default.yaml") == load_config()


OLD_LEVEL_KEYS = [
    ({"attribution": {"ci_level": 0.75}}, "attribution", "ci_level"),
    ({"breaks": {"ci_level": 0.75}}, "breaks", "ci_level"),
    ({"nowcast": {"interval_level": 0.75}}, "nowcast", "interval_level"),
    (
        {"features": {"divergence": {"band_level": 0.75}}},
        "features.divergence",
        "band_level",
    ),
]


def _section(cfg: object, path: str) -> object:
    for key in path.split("."):
        cfg = getattr(cfg, key)
    return cfg


@pytest.mark.parametrize(("data", "section", "old"), OLD_LEVEL_KEYS)
def test_old_level_keys_still_work_and_name_the_new_one(
    data: dict, section: str, old: str
) -> None:
    """Issue 12: the interval level is `level` everywhere; old keys warn, same value."""
    from attribution.exceptions import DeprecatedOptionWarning

    new = rf"`{section}.{old}`.*`{section}.level`"
    with pytest.warns(DeprecatedOptionWarning, match=new):
        cfg = config_from_dict(data)
    assert _section(cfg, section).level == 0.75  # type: ignore[attr-defined]
    default = _section(config_from_dict({}), section).level  # type: ignore[attr-defined]
    assert default != 0.75  # the old key was not ignored


@pytest.mark.parametrize(("data", "section", "old"), OLD_LEVEL_KEYS)
def test_old_and_new_level_key_together_is_an_error(
    data: dict, section: str, old: str
) -> None:
    head, *rest = section.split(".")
    inner = data[head] if not rest else data[head][rest[0]]
    both = {**inner, "level": 0.75}
    bad = {head: both} if not rest else {head: {rest[0]: both}}
    with pytest.raises(ConfigError, match=rf"`{section}.{old}` is the deprecated name"):
        config_from_dict(bad)


def test_old_level_key_errors_name_the_new_key() -> None:
    with pytest.warns(FutureWarning), pytest.raises(
        ConfigError, match=r"`attribution.level`.*got 1.5"
    ):
        config_from_dict({"attribution": {"ci_level": 1.5}})


def test_the_old_level_attribute_warns_and_reads_level() -> None:
    """``AttributionSection.ci_level`` survives only as a warning alias of ``level``."""
    from attribution.exceptions import DeprecatedOptionWarning

    cfg = config_from_dict({"attribution": {"level": 0.8}})
    with pytest.warns(DeprecatedOptionWarning, match=r"AttributionSection\.level"):
        assert cfg.attribution.ci_level == 0.8
