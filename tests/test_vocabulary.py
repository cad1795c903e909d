"""One vocabulary in the package: no public name uses a banned synonym.

docs/glossary.md fixes one name per idea: ``n_lags`` (lag order) and
``bandwidth`` (HAC truncation lag), never ``lags`` / ``hac_lags``; ``horizon``
(an int), never ``h`` or an int ``horizons``; ``level`` (a coverage), never
``ci_level`` / ``interval_level`` / ``band_level``. This scans every public
function, method, property and dataclass field of every module of
``attribution`` (models, engine, features, reports, pipeline, config, ...).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import warnings
from collections.abc import Iterator

import attribution as package

BANNED = {
    "lags": "n_lags (lag order) or bandwidth (HAC lag)",
    "hac_lags": "bandwidth",
    "hac_lag": "bandwidth",
    "nlags": "n_lags",
    "maxlags": "max_lags",
    "h": "horizon",
    "ci_level": "level",
    "interval_level": "level",
    "band_level": "level",
}
# a plural ``horizons`` is allowed for a collection of horizons (sign restrictions)
COLLECTION = ("tuple", "Sequence", "list")
# deprecated aliases kept because the old name was documented; each must warn
DEPRECATED = {
    ("attribution.models.nowcast.model", "TicNowcast.fit", "interval_level"),
    ("attribution.config.schema", "AttributionSection", "ci_level"),
}


def _public_modules() -> Iterator[object]:
    for info in pkgutil.walk_packages(package.__path__, "attribution."):
        if not any(p.startswith("_") for p in info.name.split(".")):
            yield importlib.import_module(info.name)


def _names() -> Iterator[tuple[str, str, str, str]]:
    """Yield (module, owner, name, annotation) for every public name."""
    for mod in _public_modules():
        for attr, obj in vars(mod).items():
            if attr.startswith("_") or getattr(obj, "__module__", "") != mod.__name__:
                continue
            members: list[tuple[str, object]] = []
            if inspect.isfunction(obj):
                members.append((attr, obj))
            elif inspect.isclass(obj):
                members.append((f"{attr}.__init__", obj.__init__))
                for k, v in vars(obj).items():
                    if k.startswith("_"):
                        continue
                    if isinstance(v, property | staticmethod | classmethod) or (
                        inspect.isfunction(v) or hasattr(v, "func")
                    ):
                        yield mod.__name__, attr, k, ""
                    fn = v.__func__ if isinstance(v, staticmethod | classmethod) else v
                    if inspect.isfunction(fn):
                        members.append((f"{attr}.{k}", fn))
                if dataclasses.is_dataclass(obj):
                    for f in dataclasses.fields(obj):
                        yield mod.__name__, attr, f.name, str(f.type)
                for name, info in getattr(obj, "model_fields", {}).items():
                    yield mod.__name__, attr, name, str(info.annotation)  # pydantic
            for owner, fn in members:
                try:
                    params = inspect.signature(fn).parameters  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    continue
                for p in params.values():
                    yield mod.__name__, owner, p.name, str(p.annotation)


def test_no_public_name_in_models_uses_a_banned_synonym() -> None:
    bad = []
    for mod, owner, name, annotation in _names():
        if (mod, owner, name) in DEPRECATED:
            continue
        if name in BANNED:
            bad.append(f"{mod}:{owner}({name}) -> use {BANNED[name]}")
        if name == "horizons" and not any(c in annotation for c in COLLECTION):
            bad.append(f"{mod}:{owner}(horizons: {annotation}) -> use horizon")
    assert not bad, "\n".join(sorted(set(bad)))


def test_the_scan_sees_parameters_fields_and_properties() -> None:
    seen = {(owner, name) for _, owner, name, _ in _names()}
    # one of each kind, so that an empty scan cannot pass
    assert ("LocalProjections.__init__", "horizon") in seen
    assert ("BreakResults", "bandwidth") in seen  # dataclass field
    assert ("BreakResults", "resolved_bandwidth") in seen  # property
    assert ("SignRestriction", "horizons") in seen  # allowed collection
    assert ("DailySpec", "level") in seen  # the engine layer is scanned too
    assert ("AttributionSection", "level") in seen  # and the config
    assert ("attribution_table", "level") in seen


def test_deprecated_aliases_warn_and_keep_the_number() -> None:
    import numpy as np
    import pandas as pd

    from attribution.exceptions import DeprecatedOptionWarning
    from attribution.models.nowcast import TicNowcast

    rng = np.random.default_rng(5)
    idx = pd.date_range("2012-01-31", periods=72, freq="ME")
    x = pd.DataFrame({"a": rng.normal(size=72)}, index=idx)
    y = pd.Series(x["a"].to_numpy() + rng.normal(size=72), index=idx, name="y")
    model = TicNowcast(y, x, families=("ridge",), alphas=(1.0,), cv_splits=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = model.fit(backtest_months=12, refit_every=12, level=0.7)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = model.fit(backtest_months=12, refit_every=12, interval_level=0.7)
    assert any(issubclass(w.category, DeprecatedOptionWarning) for w in caught)
    assert old.level == new.level == 0.7
    assert old.stats["error_lower"] == new.stats["error_lower"]
