"""Population identified sets of the daily sign SVAR in the simulated world (issue 9).

Usage::

    nice -n 10 python benchmarks/population_sets.py --reps 10 --out benchmarks/results

At the world's true reduced form (:mod:`attribution.validation.population_set`)
prints and writes ``population_sets.md``:

1. per Monte Carlo seed (``large``: 1000 rep, ``zero``: 1000 rep + 1), the
   population set of the 10y and 30y contributions of ``sell_america`` and
   ``term_premium`` under the default signs and under the custody narrative
   the Monte Carlo uses, with both Sigma (``calm`` B B', ``sample`` B D B'):
   median and range over seeds of the bounds, the midpoint, the Haar
   posterior mean and where the truth sits (share of the set below it);
2. on seed 0 (``large``, ``sample``): the package's bounds against the
   independent brute force (QR Haar draws, then an independent local search);
3. on seed 0: the set under candidate extra restrictions that are true in
   the world (the defaults and the world are unchanged).

With ``--weekly``: the weekly ``sign`` world's drivers (foreign official
selling, basis unwind; 10y) under ``svar_sign_weekly``'s default signs, by
the package's routine only, into ``population_sets_weekly.md``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from attribution.engine.svar_daily import CORE  # noqa: E402
from attribution.simulate import daily_world  # noqa: E402
from attribution.simulate._daily_params import IMPACT_CORE  # noqa: E402
from attribution.validation import population_set as ps  # noqa: E402
from attribution.validation.daily_worlds import custody_narrative, truth  # noqa: E402

P, N = 1.0, -1.0
KEYS = [("10y", "sell_america"), ("30y", "sell_america"),
        ("10y", "term_premium"), ("30y", "term_premium")]  # fmt: skip

_SA_SIGNS = [({"tp10": 1}, P), ({"stress": 1}, P), ({"real10": 1}, P),
             ({"be10": 1}, P), ({"y2": 1}, P)]  # fmt: skip
_TP_SIGNS = [({"real10": 1}, P), ({"be10": 1}, P), ({"equity": 1}, N),
             ({"y30": 1, "y5": -1}, P)]  # fmt: skip
_TP_SHARE = [({"tp10": 1, "real10": -0.6, "be10": -0.6}, P)]
_SA_USD = [({"usd": 1, "real10": 0.05, "be10": 0.05}, N)]
_OTHERS = {
    "flight_to_safety": [({"stress": 1}, P), ({"y2": 1}, N), ({"real10": 1}, N),
                         ({"be10": 1}, N)],
    "policy": [({"y5": 1}, P), ({"real10": 1}, P), ({"y2": 1, "y5": -1}, P)],
    "risk_on": [({"be10": 1}, P), ({"y2": 1}, P)],
    "basis_deleveraging": [({"y30": 1}, P), ({"y2": 1}, P),
                           ({"basis": 1, "y5": -0.5}, P)],
}  # fmt: skip
#: name -> (extra impact rows, narrative kind); every row is true of the world's B
CANDIDATES: dict[str, tuple[ps.Rows, str]] = {
    "default": ({}, ""),
    "sa: tp10 +": ({"sell_america": [({"tp10": 1}, P)]}, ""),
    "sa: stress +": ({"sell_america": [({"stress": 1}, P)]}, ""),
    "sa: real10 +, be10 +": ({"sell_america": _SA_SIGNS[2:4]}, ""),
    "sa: usd < -0.05 x 10y (elasticity)": ({"sell_america": _SA_USD}, ""),
    "sa: tp10, stress, real10, be10, y2 all +": ({"sell_america": _SA_SIGNS}, ""),
    "tp: real10 +, be10 +, equity -, y30 > y5": ({"term_premium": _TP_SIGNS}, ""),
    "tp: tp10 > 0.6 x 10y (share)": ({"term_premium": _TP_SHARE}, ""),
    "sa + tp signs above": ({"sell_america": _SA_SIGNS, "term_premium": _TP_SIGNS}, ""),
    "signs on the other four named shocks": (dict(_OTHERS), ""),
    "all signs above + tp share": (
        {"sell_america": _SA_SIGNS, "term_premium": _TP_SIGNS + _TP_SHARE, **_OTHERS},
        "",
    ),
    "all above + sa usd elasticity": (
        {
            "sell_america": _SA_SIGNS + _SA_USD,
            "term_premium": _TP_SIGNS + _TP_SHARE,
            **_OTHERS,
        },
        "",
    ),  # fmt: skip
    "custody narrative (the MC's)": ({}, "custody"),
    "narrative: sa, tp window sums +": ({}, "sums"),
    "narrative: sa, tp + every window day": ({}, "daily"),
    "narrative daily + real10, be10 + (sa, tp)": (
        {"sell_america": _SA_SIGNS[2:4], "term_premium": _TP_SIGNS[:2]},
        "daily",
    ),
}


def _check_true(rows: ps.Rows) -> None:
    """Every extra row holds at the world's true impact matrix."""
    for j, (shock, rr) in enumerate(rows.items()):
        for w, s in rr:
            v = s * sum(c * IMPACT_CORE[CORE.index(k), j] for k, c in w.items())
            if not v > 0:
                raise AssertionError(f"{shock}: {w} {s:+.0f} is false in the world")


def _facts(world: object, kind: str) -> tuple[dict[str, str], ...]:
    if not kind:
        return ()
    if kind == "custody":
        return custody_narrative(world, 10.0)  # type: ignore[arg-type]
    idx = pd.DatetimeIndex(world.data.index)  # type: ignore[attr-defined]
    days = idx[(idx >= world.window[0]) & (idx <= world.window[1])]  # type: ignore[attr-defined]
    out = []
    for shock in ("sell_america", "term_premium"):
        if kind == "sums":
            out.append({"date": f"{days[0]:%Y-%m-%d}", "end": f"{days[-1]:%Y-%m-%d}",
                        "shock": shock, "sign": "+"})  # fmt: skip
        else:
            out += [
                {"date": f"{d:%Y-%m-%d}", "shock": shock, "sign": "+"} for d in days
            ]
    return tuple(out)


def _markdown(frame: pd.DataFrame, index: bool = True) -> str:
    """A pipe table (no tabulate dependency)."""
    f = frame.reset_index() if index else frame
    if index:
        f = f.rename(columns={"level_0": "tenor", "level_1": "shock"})
    lines = ["| " + " | ".join(map(str, f.columns)) + " |", "|" + "---|" * f.shape[1]]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in f.itertuples(index=False)]
    return "\n".join(lines)


def _fmt(values: pd.Series, digits: int = 1) -> str:
    v = values.to_numpy(dtype=float)
    d = digits
    return f"{np.median(v):.{d}f} ({v.min():.{d}f} to {v.max():.{d}f})"


def seeds(n_reps: int) -> pd.DataFrame:
    """Population sets per seed, scenario, Sigma and narrative variant."""
    recs = []
    rows = ps.default_rows()
    for rep in range(n_reps):
        for k, scen in enumerate(("large", "zero")):
            world = daily_world(scen, "holds", seed=1000 * rep + k)  # type: ignore[arg-type]
            facts = custody_narrative(world, 10.0)
            for sigma in ("calm", "sample"):
                pop = ps.population(world, sigma)
                for variant, f in (("signs", ()), ("custody", facts)):
                    if variant == "custody" and not f:
                        continue
                    pk = ps.package_bounds(
                        pop, rows, ps.narrative_sums(world, f),
                        n_tries=300_000, n_paths=20_000, seed=rep,
                    )  # fmt: skip
                    for tenor, shock in KEYS:
                        r = pk.loc[(tenor, shock)]
                        t = truth(world, shock, tenor)
                        width = r.set_upper - r.set_lower
                        recs.append({
                            "scenario": scen, "sigma": sigma, "variant": variant,
                            "rep": rep, "tenor": tenor, "shock": shock, "truth": t,
                            "lower": r.set_lower, "upper": r.set_upper,
                            "mid": 0.5 * (r.set_lower + r.set_upper),
                            "haar_mean": r.haar_mean,
                            "truth_pos": (t - r.set_lower) / width,
                            "zero_in": r.set_lower < 0.0 < r.set_upper,
                        })  # fmt: skip
        print(f"rep {rep} done", flush=True)
    return pd.DataFrame(recs)


def seed_summary(rec: pd.DataFrame) -> pd.DataFrame:
    """Median (range) over seeds of each quantity."""
    keys = ["scenario", "sigma", "variant", "shock", "tenor"]
    out = []
    for key, g in rec.groupby(keys, sort=False):
        out.append({
            **dict(zip(keys, key, strict=True)), "seeds": len(g),
            "truth": f"{g.truth.median():.1f}",
            "set lower": _fmt(g.lower), "set upper": _fmt(g.upper),
            "midpoint": _fmt(g["mid"]), "Haar mean": _fmt(g.haar_mean),
            "truth at (share of set)": _fmt(g.truth_pos, 2),
            "0 in set": f"{int(g.zero_in.sum())}/{len(g)}",
        })  # fmt: skip
    return pd.DataFrame(out)


def cross_check() -> pd.DataFrame:
    """Seed 0, large, sample: package (engine routine, primitives) vs brute force."""
    world = daily_world("large", "holds", seed=0)
    pop = ps.population(world, "sample")
    rows = ps.default_rows()
    t0 = time.time()
    bf = ps.brute_force(pop, rows, n_rotations=2_000_000)
    t1 = time.time()
    cl = ps.climb(pop, rows, (), bf, shocks=["sell_america", "term_premium"])
    t2 = time.time()
    pk = ps.package_bounds(pop, rows, n_tries=1_000_000, n_paths=50_000)
    en = ps.engine_bounds(world, "sample", n_set_tries=1_000_000)
    print(f"brute force {t1 - t0:.0f}s ({len(bf.values)} of 2e6 admissible), "
          f"climb {t2 - t1:.0f}s")  # fmt: skip
    raw = bf.table()
    out = pd.DataFrame({
        "engine lower": en.set_lower, "engine upper": en.set_upper,
        "package lower": pk.set_lower, "package upper": pk.set_upper,
        "QR Haar lower": raw.bf_lower, "QR Haar upper": raw.bf_upper,
        "QR + climb lower": cl.bf_lower, "QR + climb upper": cl.bf_upper,
        "Haar mean (package)": pk.haar_mean, "Haar mean (QR)": raw.haar_mean,
    }).loc[KEYS]  # fmt: skip
    out["truth"] = [truth(world, s, t) for t, s in KEYS]
    return out.round(2)


def candidates() -> pd.DataFrame:
    """Seed 0, large, sample: the set under each candidate restriction."""
    world = daily_world("large", "holds", seed=0)
    pop = ps.population(world, "sample")
    out = []
    for name, (extra, kind) in CANDIDATES.items():
        rows = ps.with_extra(ps.default_rows(), extra)
        _check_true(rows)
        narr = ps.narrative_sums(world, _facts(world, kind))
        pk = ps.package_bounds(pop, rows, narr, n_tries=1_000_000, n_paths=50_000)
        rec: dict[str, object] = {"restrictions (added to the defaults)": name}
        for tenor, shock in KEYS:
            r = pk.loc[(tenor, shock)]
            rec[f"{shock} {tenor}"] = f"[{r.set_lower:.1f}, {r.set_upper:.1f}]"
        rec["Haar draws kept of 1e6"] = int(pk.n_admissible.iloc[0])
        out.append(rec)
        print(rec, flush=True)
    return pd.DataFrame(out)


def weekly(n_reps: int) -> pd.DataFrame:
    """Population sets of ``svar_sign_weekly``'s drivers (10y), package routine only.

    The weekly ``sign`` world under ``holds`` (homoskedastic, Sigma = B B'):
    :func:`~attribution.models.var.setid_refine.identified_sets` fed the true
    constant, VAR(2) lags and Cholesky factor, with the engine's default
    restrictions; the Haar posterior mean from 300,000 rotations.
    """
    from attribution.engine import svar_weekly as sw
    from attribution.models.var import VAR
    from attribution.models.var.hd import window_positions
    from attribution.models.var.setid import _draw_admissible, _prepare
    from attribution.models.var.setid_refine import _contributions, identified_sets
    from attribution.simulate import weekly_world

    recs = []
    for rep in range(n_reps):
        for k, scen in enumerate(("both", "none")):
            w = weekly_world("sign", scen, "holds", seed=1000 * rep + k)  # type: ignore[arg-type]
            data = sw.var_data(w.design(), w.data.index[0], w.data.index[-1])
            res = VAR(data, n_lags=2, trend="c").fit()
            restr = sw.shocks_from_spec(None, mapping=sw.ROLES, columns=res.names)
            b = w.impact.to_numpy()
            chol = np.linalg.cholesky(b @ b.T)[None]
            det0, lag0 = w.intercept[None, None, :], w.lag_coefs[None]
            spot = window_positions(res, w.window[0], w.window[1])
            cols = [res.names.index("y10")]
            rng = np.random.default_rng(rep)
            lo, hi, _, _ = identified_sets(
                res, restr, [], det0, lag0, chol, [spot], cols, 1_000_000, rng, 500
            )[0]
            prep = _prepare(res, restr, [], det0, lag0, chol, spot, cols)
            d, q = _draw_admissible(prep.mats, [], 1, 300_000, len(res.names), rng)
            haar = _contributions(prep.forms.kernel, prep.forms.baseline, d, q)
            names = [r.shock for r in restr]
            for drv in ("foreign_official_selling", "basis_unwind"):
                j = 1 + names.index(drv)
                t = w.true_contribution(drv, "10y")
                recs.append({
                    "scenario": scen, "sigma": "calm", "variant": "signs", "rep": rep,
                    "tenor": "10y", "shock": drv, "truth": t, "lower": lo[0, j],
                    "upper": hi[0, j], "mid": 0.5 * (lo[0, j] + hi[0, j]),
                    "haar_mean": haar[:, 0, j].mean(),
                    "truth_pos": (t - lo[0, j]) / (hi[0, j] - lo[0, j]),
                    "zero_in": lo[0, j] < 0.0 < hi[0, j],
                })  # fmt: skip
    return pd.DataFrame(recs)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    p.add_argument("--weekly", action="store_true", help="only the weekly sign world")
    a = p.parse_args()
    if a.weekly:
        text = "## Weekly sign world, 10y (median and range)\n\n"
        text += _markdown(seed_summary(weekly(a.reps)), index=False) + "\n"
        (a.out / "population_sets_weekly.md").write_text(text)
        print(text)
        return
    parts = [
        "## Brute force against the package (seed 0, large, sample Sigma)",
        _markdown(cross_check()),
        "## Candidate restrictions (seed 0, large, sample Sigma)",
        _markdown(candidates(), index=False),
    ]
    rec = seeds(a.reps)
    parts += [
        "## Per seed (median and range)",
        _markdown(seed_summary(rec), index=False),
    ]
    a.out.mkdir(parents=True, exist_ok=True)
    rec.to_csv(a.out / "population_sets_records.csv", index=False)
    text = "\n\n".join(parts) + "\n"
    (a.out / "population_sets.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
