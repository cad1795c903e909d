"""The notebook API: load the data, attribute a window, look at the result.

A short path from nothing to a figure, calling the code the CLI calls::

    import attribution as at

    panel = at.load_panel(start="2021-01-01")
    res = at.attribute("2025-04-04:2025-04-11", models=["daily_sign", "sign_weekly"])
    print(res.summary())
    res.to_frame()          # the table attribution.csv holds
    fig = res.plot()        # a matplotlib Figure (no pyplot state)
    var = at.models.var.VAR(at.weekly_var_data(panel), n_lags=2).fit()

``attribute`` runs :func:`attribution.pipeline.attribute.run_attribution` on
the config the CLI would build from the same options (``--window``,
``--config``, ``--models``, ``--seed``, ``--tenors``), so its table is the
CLI's ``attribution.csv`` to the byte (``tests/test_api.py`` checks it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from attribution.exceptions import ConfigError, fmt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from attribution.config.schema import RunConfig
    from attribution.engine.result import AttributionResult
    from attribution.panel import Panel
    from attribution.pipeline.attribute import AttributionRun

#: Short names accepted by :func:`attribute` besides the CLI's model names
#: (``attribution.models`` in a config). This is the one list of aliases.
MODEL_ALIASES: dict[str, str] = {
    "daily_hetero": "svar_hetero_daily",
    "daily_sign": "svar_sign_daily",
    "daily_narrative": "svar_narrative_daily",
    "ols": "ols_weekly",
    "ols_total": "ols_weekly_total",
    "sign_weekly": "svar_sign_weekly",
    "narrative_weekly": "svar_narrative_weekly",
    "chol_weekly": "svar_chol_weekly",
    "acm": "acm_termstructure",
}


def model_name(name: str) -> str:
    """Return the CLI's model name for ``name`` (a CLI name or an alias).

    Unknown names pass through unchanged; the config validation then names
    them (``attribution.models``) with the list of valid models.
    """
    return MODEL_ALIASES.get(name, name)


def _config(
    config: str | Path | RunConfig | None, overrides: dict[str, Any]
) -> RunConfig:
    """Build the config the CLI builds from ``--config`` plus the given flags."""
    from attribution.config import config_from_dict, load_config
    from attribution.config.schema import RunConfig

    if config is None or isinstance(config, (str, Path)):
        cfg = load_config(config, window=overrides.pop("window", None))
    elif isinstance(config, RunConfig):
        cfg = config
    else:
        raise ConfigError(
            fmt("config", "None, a YAML path or a RunConfig", type(config).__name__)
        )
    if not any(v is not None for v in overrides.values()):
        return cfg
    data = cfg.model_dump(mode="json", by_alias=True)
    if overrides.get("window") is not None:
        data["window"] = overrides["window"]
    if overrides.get("seed") is not None:
        data["run"]["seed"] = overrides["seed"]
    for key in ("models", "tenors"):
        if overrides.get(key) is not None:
            data["attribution"][key] = list(overrides[key])
    return config_from_dict(data, "attribution.attribute()")


def load_panel(
    start: Any = None,
    end: Any = None,
    series: Sequence[str] | None = None,
    *,
    config: str | Path | RunConfig | None = None,
) -> Panel:
    """Load series from the bundled snapshot (or the cache) into a data panel.

    Parameters
    ----------
    start, end : date-like, optional
        Keep observations from ``start`` through ``end`` (both included) in
        every frequency; default: all.
    series : sequence of str, optional
        Series ids (``python cli.py data status`` lists them). Default: every
        series the default ``attribute`` run loads (yields, dollar, custody,
        CFTC positioning, the daily models' series and the flow data).
    config : path or RunConfig, optional
        Where the data come from (``data.cache_dir``, ``data.use_cache``,
        ``data.local_series``, ``data.point_in_time``); default: the built-in
        defaults, i.e. the cache if it holds a series, else the snapshot.

    Returns
    -------
    Panel
        ``.daily`` (percent yields on their own dates), ``.weekly``
        (Wednesday grid), ``.monthly`` (month ends), ``.provenance`` and
        ``.units``, as the pipelines use them.

    Raises
    ------
    DataSourceError
        If a series id is unknown (naming it).
    ConfigError
        If ``config`` is invalid.
    """
    from attribution.features.weekly import weekly_series_ids
    from attribution.panel import build_panel
    from attribution.pipeline.common import point_in_time, store_from_config
    from attribution.pipeline.daily import series_ids as daily_series_ids
    from attribution.pipeline.flows import flow_series_ids

    cfg = _config(config, {})
    if series is None:
        ids = weekly_series_ids(cfg.attribution.positioning.measure)
        ids += weekly_series_ids("tff_10y_derived")
        ids += daily_series_ids(cfg) + flow_series_ids()
    else:
        ids = [str(s) for s in series]
    panel = build_panel(
        store_from_config(cfg), ids, point_in_time=point_in_time(cfg)
    )
    if start is None and end is None:
        return panel
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    return replace(
        panel,
        daily=panel.daily.loc[lo:hi],
        weekly=panel.weekly.loc[lo:hi],
        monthly=panel.monthly.loc[lo:hi],
    )


def weekly_var_data(panel: Panel, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Return the weekly SVARs' variables (Wednesday-to-Wednesday changes).

    Parameters
    ----------
    panel : Panel
        From :func:`load_panel` (it must hold the yields, the dollar, custody
        and ``TFF10Y.lev_net``; the default series do).
    start, end : date-like, optional
        First and last Wednesday; default the configured ``estimation.start``
        (17 February 2021) and the panel's last week.

    Returns
    -------
    DataFrame
        Columns ``custody`` ($bn), ``lev_net`` (thousand 10y-note contracts),
        ``dollar`` (log change x 100), ``y2``, ``y5``, ``y10``, ``y30`` (bp),
        in the recursive order of ``svar_chol_weekly``: the data
        ``attribute`` gives its weekly SVARs.

    Raises
    ------
    EmptySampleError
        If the sample has a gap.
    """
    from attribution.config.schema import EstimationSection
    from attribution.engine.svar_weekly import var_data
    from attribution.features.weekly import weekly_design

    design = weekly_design(panel, measure="tff_10y_derived")
    first = pd.Timestamp(start if start is not None else EstimationSection().start)
    last = pd.Timestamp(end) if end is not None else design.index[-1]
    return var_data(design, first, last)


@dataclass(frozen=True)
class Attribution:
    """A finished attribution, as the CLI's ``attribute`` computes it.

    Attributes
    ----------
    run : AttributionRun
        The pipeline's result (config, result, panel, largest move, flows).
    """

    run: AttributionRun

    @property
    def config(self) -> RunConfig:
        """The validated run configuration (what ``manifest.json`` records)."""
        return self.run.config

    @property
    def result(self) -> AttributionResult:
        """The engine's result: ``table``, ``details`` and ``draws``.

        ``details`` maps each model to its typed, frozen record
        (:mod:`attribution.engine.details`); read its attributes, or
        ``to_manifest()`` for the manifest's entry.
        """
        return self.run.result

    @property
    def panel(self) -> Panel:
        """The data panel the run used."""
        return self.run.panel

    @property
    def largest(self) -> AttributionResult | None:
        """The daily models on the largest move inside a month or week, if any."""
        return self.run.largest

    def to_frame(self) -> pd.DataFrame:
        """Return the tidy table ``attribution.csv`` holds, at full precision.

        Same columns (:data:`attribution.engine.result.COLUMNS`) and row order
        as the file; the file rounds the numbers to 4 decimals
        (:meth:`to_csv` gives its exact text).
        """
        from attribution.reports.tables import sorted_table

        return sorted_table(self.run.result).reset_index(drop=True)

    def to_csv(self) -> str:
        """Return the text of ``attribution.csv``, byte for byte."""
        from attribution.reports.tables import to_csv_text

        return to_csv_text(self.run.result)

    @property
    def draws(self) -> pd.DataFrame:
        """The simulation draws behind the bands, all models, long form.

        Columns ``model``, ``tenor``, ``driver``, ``draw`` and
        ``contribution_bp`` (bp, like the table). For ``svar_chol_weekly``
        the moving-block bootstrap draws; for the set-identified SVARs
        (``svar_sign_*``, ``svar_narrative_*``) the posterior (draw,
        rotation) pairs, whose mean is ``contribution_bp`` and whose
        quantiles at ``level`` are ``lower_bp``/``upper_bp``; for
        ``svar_hetero_daily`` its bootstrap draws. The OLS models (delta
        method) and the ACM decomposition have no draws.
        """
        parts = [
            s.reset_index().assign(model=model)
            for model, s in self.run.result.draws.items()
        ]
        cols = ["model", "tenor", "driver", "draw", "contribution_bp"]
        if not parts:
            return pd.DataFrame(columns=cols)
        return pd.concat(parts, ignore_index=True)[cols]

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The manifest ``write`` records, as a dict (without the file list)."""
        from attribution.pipeline.attribute import _details_for_manifest
        from attribution.reports.manifest import manifest_text

        cfg = self.run.config
        text = manifest_text(
            cfg.model_dump(mode="json"),
            self.run.panel.provenance,
            _details_for_manifest(self.run),
            cfg.run.seed,
            [],
        )
        doc: dict[str, Any] = json.loads(text)
        doc.pop("files")
        return doc

    def summary(self) -> str:
        """Return the grid the CLI prints: contributions (bp) by driver, tenor."""
        from attribution.reports.console import attribution_text

        return attribution_text(self.run.result)

    def plot(self, model: str | None = None) -> Figure:
        """Bar chart of one model's contributions per tenor, with its bands.

        Parameters
        ----------
        model : str, optional
            A model of the run (CLI name or alias); default the first one that
            estimated something.

        Returns
        -------
        Figure
            The figure the CLI writes as ``attribution_<model>.png``.

        Raises
        ------
        ConfigError
            If ``model`` is not in the run or estimated nothing.
        """
        from attribution.reports.figures import contributions_figure
        from attribution.reports.tables import MODEL_TITLES

        t = self.run.result.table
        shocks = ~t["driver"].isin(["stub", "actual"])
        estimated = list(
            dict.fromkeys(t.loc[shocks & (t["status"] != "not_estimated"), "model"])
        )
        name = estimated[0] if model is None and estimated else model_name(model or "")
        if name not in estimated:
            raise ConfigError(
                fmt("model", f"one of the estimated models {estimated}", model)
            )
        window = self.run.config.window
        return contributions_figure(
            self.run.result,
            name,
            f"{window}: contributions to yield changes (bp), "
            f"{MODEL_TITLES.get(name, name)} ({name})",
        )

    def write(self, out_root: str | Path) -> Path:
        """Write the CLI's files (CSV, Markdown, LaTeX, PNG, manifest).

        Returns the run folder ``out_root/<run-id>/``.
        """
        from attribution.pipeline.attribute import write_attribution

        return write_attribution(self.run, Path(out_root))


def attribute(
    window: str | None = None,
    models: Sequence[str] | None = None,
    *,
    config: str | Path | RunConfig | None = None,
    seed: int | None = None,
    tenors: Sequence[str] | None = None,
) -> Attribution:
    """Attribute a window's Treasury yield change to drivers, like the CLI.

    ``attribute(w, models=m, config=c, seed=s, tenors=t)`` equals
    ``python cli.py attribute --window w --models m --config c --seed s
    --tenors t``: the same config is built and the same pipeline runs.

    Parameters
    ----------
    window : str, optional
        ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM`` or ``YYYY-MM-DD:YYYY-MM-DD``
        (default: the config's window).
    models : sequence of str, optional
        CLI model names or the aliases of :data:`MODEL_ALIASES` (default: the
        config's ``attribution.models``).
    config : path or RunConfig, optional
        YAML file or a validated config (default: the built-in defaults).
    seed : int, optional
        Seed of every bootstrap (default ``run.seed``).
    tenors : sequence of str, optional
        Tenors of the weekly models (default ``attribution.tenors``).

    Returns
    -------
    Attribution

    Raises
    ------
    ConfigError
        On an invalid option, naming its key (e.g. ``attribution.models``).
    WindowError
        If the window is malformed or outside the data.
    """
    from attribution.pipeline.attribute import run_attribution

    names = None if models is None else [model_name(str(m)) for m in models]
    cfg = _config(
        config,
        {
            "window": window,
            "seed": seed,
            "models": names,
            "tenors": None if tenors is None else [str(t) for t in tenors],
        },
    )
    return Attribution(run_attribution(cfg))
