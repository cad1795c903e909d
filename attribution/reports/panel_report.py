"""Tables, Markdown and a figure for the ``panel`` command (TIC country panel)."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd

from attribution.models.panel import CountryPanelResults

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
    "no reserve-pressure regressor; the issue's 'reserve or intervention pressure "
    "where the data allow' is not estimated."
)


def _countries(res: CountryPanelResults) -> list[str]:
    return list(res.model.endog.index.get_level_values(0).unique())


def panel_coefficients(res: CountryPanelResults, opts: Any) -> pd.DataFrame:
    """One row per coefficient: estimate, s.e., t, p, CI, and the sample description."""
    frame = res.to_frame(CI_LEVEL).rename_axis("term").reset_index()
    dates = res.model.endog.index.get_level_values(1)
    meta = {
        "ci_level": CI_LEVEL,
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


def _md_table(frame: pd.DataFrame, digits: int = 4) -> list[str]:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in frame.iterrows():
        cells = [
            f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row.to_list()
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


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


def panel_markdown(
    res: CountryPanelResults,
    coef: pd.DataFrame,
    window: pd.DataFrame,
    label: str,
    opts: Any,
) -> str:
    """Return ``panel.md``: specification, assumption, sample, result, caveats."""
    m, c0 = res.model, coef.iloc[0]
    dep = str(m.endog.name)
    dropped = [c for c in opts.countries if c not in _countries(res)]
    cov = res.cov_type + (f", lag {res.bandwidth}" if res.bandwidth is not None else "")
    regs = [t for t in m.exog.columns if t != "const"]
    lines = [
        f"# Country panel of TIC holdings changes, window {label}",
        "",
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
        *_md_table(
            coef[["term", "params", "std_err", "tvalues", "pvalues", "lower", "upper"]]
        ),
        "",
        *_result_sentences(res),
        f"- Within R2 = {res.rsquared_within:.4f}.",
        "",
        "## The window's months",
        "",
    ]
    if len(window):
        lines += _md_table(
            window.reset_index().assign(date=lambda f: f["date"].dt.strftime("%Y-%m")),
            digits=3,
        )
    else:
        lines.append(
            "No country-month of the window is in the panel sample "
            "(TIC or FX data do not reach it)."
        )
    lines += [
        "",
        "## Caveats",
        "",
        f"- {NO_RESERVES}",
        "- TIC holdings are at market value: the DGS10 change (valuation) is a "
        "regressor unless month effects absorb it. The snapshot's TIC figures are "
        "the latest vintage (revisions ignored).",
    ]
    return "\n".join(lines).rstrip() + "\n"


def panel_png(
    res: CountryPanelResults, coef: pd.DataFrame, months: pd.DatetimeIndex, title: str
) -> bytes:
    """Coefficients with CIs, and each country's holdings change against its FX move."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax0, ax1) = plt.subplots(
        1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [1, 1.6]}
    )
    c = coef.loc[coef["term"] != "const"].reset_index(drop=True)
    ax0.errorbar(
        c["params"],
        range(len(c)),
        xerr=[c["params"] - c["lower"], c["upper"] - c["params"]],
        fmt="o",
        color="#2e86c1",
        capsize=4,
    )
    ax0.axvline(0, color="black", lw=0.8)
    ax0.set_yticks(range(len(c)), c["term"])
    ax0.invert_yaxis()
    ax0.set_title(f"Estimates, {CI_LEVEL:.0%} CI ({res.cov_type})", fontsize=10)
    ax0.grid(axis="x", alpha=0.3)
    y, x = res.model.endog, res.model.exog["fx_move"]
    in_window = y.index.get_level_values(1).isin(months)
    for country in _countries(res):
        sel = (y.index.get_level_values(0) == country) & ~in_window
        ax1.scatter(x[sel], y[sel], s=8, alpha=0.45, label=country)
    ax1.scatter(
        x[in_window],
        y[in_window],
        s=70,
        facecolors="none",
        edgecolors="black",
        label="window months",
    )
    lo, hi = np.nanquantile(y.to_numpy(), [0.005, 0.995])
    pad = 0.1 * (hi - lo)
    ax1.set_ylim(lo - pad, hi + pad)
    outside = int(((y < lo - pad) | (y > hi + pad)).sum())
    listing = [
        f"{c} {d:%Y-%m}: {yv:+.1f} at FX {xv:+.1f}"
        for (c, d), xv, yv in zip(
            y.index[in_window], x[in_window], y[in_window], strict=True
        )
    ]
    note = [f"{outside} outlying country-months beyond the axis"] if outside else []
    if listing or note:
        ax1.text(
            0.01,
            0.02,
            "\n".join([*listing, *note]),
            transform=ax1.transAxes,
            fontsize=7,
            va="bottom",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
    ax1.axhline(0, color="grey", lw=0.6)
    ax1.axvline(0, color="grey", lw=0.6)
    ax1.set_xlabel("FX move, % (local per USD; + = dollar up)")
    ax1.set_ylabel(str(y.name))
    ax1.set_title("Country-months (window months circled)", fontsize=10)
    ax1.legend(fontsize=7, ncol=2, frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()
