"""Tables, Markdown and a figure for the ``panel`` command (TIC country panel)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from attribution.engine.country_panel import CountryPanelFit
from attribution.models.country_panel import CountryPanelResults
from attribution.reports.markdown import pipe_table

CI_LEVEL = 0.95
DEPENDENT = {
    "dep_pct": "100 x change in log TIC holdings (%)",
    "dep_usd_bn": "change in TIC holdings ($bn)",
}
REGRESSORS = {
    "const": "constant (average of the country effects)",
    "fx_move": "100 x change in log local-per-USD, month-end closes (%; + = dollar up)",
    "d_diff": "change in the US 10y minus local 10y differential (bp)",
    "d_us10": "change in the month-end DGS10 close (bp; valuation)",
}
NO_RESERVES = (
    "No reserve or intervention series is in the bundled data, so the panel has "
    "no reserve-pressure regressor: the effect of reserve or intervention pressure "
    "is not estimated."
)


def _countries(res: CountryPanelResults) -> list[str]:
    return list(res.model.endog.index.get_level_values(0).unique())


def panel_coefficients(res: CountryPanelResults, opts: Any) -> pd.DataFrame:
    """One row per coefficient: estimate, s.e., t, p, CI, and the sample description."""
    frame = res.to_frame(CI_LEVEL).rename_axis("term").reset_index()
    dates = res.model.endog.index.get_level_values(1)
    meta: dict[str, Any] = {
        "level": CI_LEVEL,
        "nobs": res.nobs,
        "n_countries": res.model.n_entities,
        "n_months": res.model.n_periods,
        "countries": ";".join(_countries(res)),
        "sample_start": f"{dates.min():%Y-%m-%d}",
        "sample_end": f"{dates.max():%Y-%m-%d}",
        "cov_type": res.cov_type,
        "bandwidth": res.bandwidth,
        "dependent": str(res.model.endog.name),
        "time_effects": res.model.time_effects,
        "rsquared_within": res.rsquared_within,
        "df_resid": res.df_resid,
    }
    for k, v in meta.items():
        frame[k] = v
    return frame


def window_rows(res: CountryPanelResults, months: pd.DatetimeIndex) -> pd.DataFrame:
    """Observed change, regressors, fitted value and residual in the window's months."""
    data = pd.concat(
        [res.model.endog, res.model.exog.drop(columns="const", errors="ignore")], axis=1
    )
    data["fitted"] = res.fitted
    data["resid"] = res.resid
    keep = data.index.get_level_values(1).isin(months)
    return data.loc[keep]


def _result_sentences(res: CountryPanelResults) -> list[str]:
    ci = res.conf_int(CI_LEVEL)
    out = []
    for term in (t for t in res.params.index if t != "const"):
        b, se, p = res.params[term], res.std_err[term], res.pvalues[term]
        sig = "significant" if p < 0.05 else "not significant"
        out.append(
            f"- `{term}`: {b:+.4f} (s.e. {se:.4f}, p = {p:.3f}, {CI_LEVEL:.0%} CI "
            f"[{ci.loc[term, 'lower']:+.4f}, {ci.loc[term, 'upper']:+.4f}]), "
            f"{sig} at 5%."
        )
    return out


def _spec_lines(res: CountryPanelResults) -> list[str]:
    m = res.model
    dep = str(m.endog.name)
    cov = res.cov_type + (f", lag {res.bandwidth}" if res.bandwidth is not None else "")
    regs = [t for t in m.exog.columns if t != "const"]
    return [
        "## Specification",
        "",
        f"`{dep}_it = a_i{' + d_t' if m.time_effects else ''} + "
        + " + ".join(f"b_{r} {r}_it" for r in regs)
        + " + u_it` (within estimator, linearmodels PanelOLS), monthly.",
        "",
        f"- `{dep}`: {DEPENDENT.get(dep, dep)}.",
        *[f"- `{r}`: {REGRESSORS.get(r, r)}." for r in regs],
        f"- Country fixed effects{'; month effects' if m.time_effects else ''}. "
        f"Standard errors: {cov} (debiased).",
        "",
        "## Identifying assumption",
        "",
        "Strict exogeneity of the regressors given the country effects: this "
        "month's FX move and differential change are uncorrelated with the "
        "holdings shock u_it in every month. Reverse causality (official sales "
        "moving the currency within the month) would bias the FX coefficient, so "
        "read the estimates as associations, not effects of FX on holdings.",
        "",
    ]


def _window_lines(window: pd.DataFrame) -> list[str]:
    lines = ["## The window's months", ""]
    if len(window):
        return lines + pipe_table(
            window.reset_index().assign(date=lambda f: f["date"].dt.strftime("%Y-%m")),
            ".3f",
        )
    return lines + [
        "No country-month of the window is in the panel sample "
        "(TIC or FX data do not reach it)."
    ]


def panel_markdown(
    res: CountryPanelResults,
    coef: pd.DataFrame,
    window: pd.DataFrame,
    label: str,
    opts: Any,
) -> str:
    """Return ``panel.md``: specification, assumption, sample, result, caveats."""
    c0 = coef.iloc[0]
    dropped = [c for c in opts.countries if c not in _countries(res)]
    lines = [
        f"# Country panel of TIC holdings changes, window {label}",
        "",
        *_spec_lines(res),
        "## Sample",
        "",
        f"- {c0['n_countries']} countries ({c0['countries'].replace(';', '; ')}), "
        f"{c0['n_months']} months from {c0['sample_start']} to {c0['sample_end']}, "
        f"{c0['nobs']} country-months (unbalanced where series start late).",
        f"- Left out (no FX series or local yield in the data): "
        f"{', '.join(dropped) if dropped else 'none'}.",
        "- The window does not restrict the sample; its months are listed below.",
        "",
        "## Result",
        "",
        *pipe_table(
            coef[["term", "params", "std_err", "tvalues", "pvalues", "lower", "upper"]]
        ),
        "",
        *_result_sentences(res),
        f"- Within R2 = {res.rsquared_within:.4f}.",
        "",
        *_window_lines(window),
        "",
        "## Caveats",
        "",
        f"- {NO_RESERVES}",
        "- TIC holdings are at market value: the DGS10 change (valuation) is a "
        "regressor unless month effects absorb it. The snapshot's TIC figures are "
        "the latest vintage (revisions ignored).",
    ]
    return "\n".join(lines).rstrip() + "\n"


def _coef_axis(ax: Any, coef: pd.DataFrame, cov_type: str) -> None:
    c = coef.loc[coef["term"] != "const"].reset_index(drop=True)
    ax.errorbar(
        c["params"],
        range(len(c)),
        xerr=[c["params"] - c["lower"], c["upper"] - c["params"]],
        fmt="o",
        color="#2e86c1",
        capsize=4,
    )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(c)), c["term"])
    ax.invert_yaxis()
    ax.set_title(f"Estimates, {CI_LEVEL:.0%} CI ({cov_type})", fontsize=10)
    ax.grid(axis="x", alpha=0.3)


def _scatter_axis(ax: Any, res: CountryPanelResults, months: pd.DatetimeIndex) -> None:
    y, x = res.model.endog, res.model.exog["fx_move"]
    in_window = y.index.get_level_values(1).isin(months)
    for country in _countries(res):
        sel = (y.index.get_level_values(0) == country) & ~in_window
        ax.scatter(x[sel], y[sel], s=8, alpha=0.45, label=country)
    ax.scatter(
        x[in_window],
        y[in_window],
        s=70,
        facecolors="none",
        edgecolors="black",
        label="window months",
    )
    lo, hi = np.nanquantile(y.to_numpy(), [0.005, 0.995])
    pad = 0.1 * (hi - lo)
    ax.set_ylim(lo - pad, hi + pad)
    outside = int(((y < lo - pad) | (y > hi + pad)).sum())
    listing = [
        f"{country} {d:%Y-%m}: {yv:+.1f} at FX {xv:+.1f}"
        for (country, d), xv, yv in zip(
            y.index[in_window], x[in_window], y[in_window], strict=True
        )
    ]
    note = [f"{outside} outlying country-months beyond the axis"] if outside else []
    if listing or note:
        ax.text(
            0.01,
            0.02,
            "\n".join([*listing, *note]),
            transform=ax.transAxes,
            fontsize=7,
            va="bottom",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
    ax.axhline(0, color="grey", lw=0.6)
    ax.axvline(0, color="grey", lw=0.6)
    ax.set_xlabel("FX move, % (local per USD; + = dollar up)")
    ax.set_ylabel(str(y.name))
    ax.set_title("Country-months (window months circled)", fontsize=10)
    ax.legend(fontsize=7, ncol=2, frameon=False)


def panel_png(
    res: CountryPanelResults, coef: pd.DataFrame, months: pd.DatetimeIndex, title: str
) -> bytes:
    """Draw the estimates with CIs and each country's holdings change vs its FX move."""
    from attribution.plotting import png_bytes, subplots

    fig, (ax0, ax1) = subplots(
        1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [1, 1.6]}
    )
    _coef_axis(ax0, coef, res.cov_type)
    _scatter_axis(ax1, res, months)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return png_bytes(fig, dpi=110)


def panel_csv(coef: pd.DataFrame) -> bytes:
    """``panel.csv``: :func:`panel_coefficients` with ten significant digits."""
    text: str = coef.to_csv(index=False, float_format="%.10g")
    return text.encode()


def panel_details(fit: CountryPanelFit) -> dict[str, object]:
    """Return the manifest's ``country_panel`` entry: countries, size, inference."""
    res = fit.results
    return {
        "country_panel": {
            "countries_used": list(fit.countries_used),
            "countries_dropped": list(fit.countries_dropped),
            "nobs": res.nobs,
            "cov_type": res.cov_type,
            "bandwidth": res.bandwidth,
            "rsquared_within": res.rsquared_within,
            "reserve_pressure": "not available: no reserve or intervention series "
            "in the bundled data",
        }
    }
