"""Run the daily engine on simulated daily worlds (shared by tests and the MC)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from attribution.domain.window import Window
from attribution.engine.svar_daily import REPORTED, DailySpec, attribute_daily_sign
from attribution.engine.svar_hetero_daily import attribute_daily_hetero
from attribution.simulate import DailyWorld


def world_levels(world: DailyWorld) -> pd.DataFrame:
    """Levels (percent) of the reported columns: 3% plus the cumulated changes.

    A base row one business day before the sample is added, so that every
    window's base close exists.
    """
    cols = list(dict.fromkeys(REPORTED.values()))
    changes = world.data[cols] / 100.0
    first = changes.index[0] - pd.offsets.BDay(1)
    base = pd.DataFrame(0.0, index=pd.DatetimeIndex([first]), columns=cols)
    levels: pd.DataFrame = 3.0 + pd.concat([base, changes]).cumsum()
    return levels


def world_spec(world: DailyWorld, **options: Any) -> DailySpec:
    """Return a :class:`DailySpec` for a simulated world (fast inference defaults)."""
    spec = DailySpec(
        reported=tuple(REPORTED),
        estimation_start=pd.Timestamp(world.data.index[0]),
        estimation_end=None,
        n_draws=20_000,
        n_boot=100,
        max_boot=100,
        n_rotations=300,
        set_paths=5,
        mc_tol=1e9,
        narrative=(),
    )
    return replace(spec, **options)


def run_daily(
    world: DailyWorld, model: str, spec: DailySpec, window: str | None = None
) -> pd.DataFrame:
    """Return the engine's table of ``model`` on ``world`` (default: its window)."""
    win = Window.parse(window or world.window_text())
    design = world.data
    result = attribute_daily_sign(design, world_levels(world), win, spec, model)
    return result.table


def run_hetero(
    world: DailyWorld, spec: DailySpec, known_regimes: bool = True
) -> pd.DataFrame:
    """Return ``svar_hetero_daily``'s table on ``world``.

    With ``known_regimes`` the world's own episode days are the high-volatility
    regime (the model's assumption); otherwise ``spec.regime`` classifies days
    from the data, as on real data.
    """
    win = Window.parse(world.window_text())
    high = world.volatility == "episode" if known_regimes else None
    result, _ = attribute_daily_hetero(world.data, world_levels(world), win, spec, high)
    return result.table


def custody_narrative(
    world: DailyWorld, threshold: float
) -> tuple[dict[str, Any], ...]:
    """Narrative facts a researcher could state from the observed custody weeks.

    For each H.4.1 week (Thursday to Wednesday) overlapping the window whose
    custody change is below ``-threshold`` $bn (official sales), the
    ``sell_america`` shocks summed over that week were positive; above
    ``+threshold``, negative.
    """
    flows = world.weekly_flows()
    first, last = world.window
    out = []
    for wed, change in zip(
        pd.DatetimeIndex(flows.index), flows["custody"].to_numpy(), strict=True
    ):
        start = wed - pd.Timedelta(days=6)
        if wed < first or start > last:
            continue
        if abs(change) < threshold:
            continue
        out.append(
            {
                "date": f"{start:%Y-%m-%d}",
                "end": f"{wed:%Y-%m-%d}",
                "shock": "sell_america",
                "sign": "+" if change < 0 else "-",
            }
        )
    return tuple(out)


def truth(world: DailyWorld, shock: str, label: str) -> float:
    """Return the true window contribution of ``shock`` to a reported row (bp)."""
    return float(world.true_contribution(shock, REPORTED[label]))


__all__ = [
    "custody_narrative",
    "run_hetero",
    "run_daily",
    "truth",
    "world_levels",
    "world_spec",
]
