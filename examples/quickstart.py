# %% [markdown]
# # Quickstart: who moved the 10-year in the April 2025 selloff?
#
# A percent-format notebook (open it in Jupyter with jupytext, in VS Code, or
# run it as a script). It loads the bundled data, attributes the selloff week
# (4 to 11 April 2025: 10y +47 bp) with the daily sign-restricted SVAR, plots
# the result, and fits the weekly VAR in changes to decompose April's 10y
# move. Figures go to `$ATTRIBUTION_EXAMPLE_OUT` (default `outputs/examples`).
# Every call here is the one `python cli.py attribute` makes (see
# docs/api.md); `tests/test_examples.py` runs this file cell by cell and
# checks its numbers against the CLI's.

# %%
import os
from pathlib import Path

import attribution as at

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
OUT = Path(os.environ.get("ATTRIBUTION_EXAMPLE_OUT", "outputs/examples"))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## The data: the bundled snapshot (or your cache after `data fetch`)

# %%
panel = at.load_panel(start="2021-01-01")
ten_year = panel.daily["DGS10"].dropna()  # H.15, percent, end of day
selloff_bp = (ten_year["2025-04-11"] - ten_year["2025-04-04"]) * 100
print(f"10y from the 4 April to the 11 April close: {selloff_bp:+.0f} bp")

# %% [markdown]
# ## Attribute the selloff week
# `models` takes the CLI's names or the short aliases of `at.MODEL_ALIASES`.
# `quickstart.yaml` asks for few draws (fast, but seed-sensitive bands).

# %%
res = at.attribute(
    "2025-04-04:2025-04-11",
    models=["daily_sign"],
    config=HERE / "quickstart.yaml",
)
print(res.summary())

# %%
table = res.to_frame()  # the rows of attribution.csv, full precision
tenor_10y = table.loc[table["tenor"] == "10y"].set_index("driver")
tenor_10y[["contribution_bp", "lower_bp", "upper_bp", "set_lower_bp", "set_upper_bp"]]

# %%
fig = res.plot()  # a matplotlib Figure; in Jupyter it displays itself
fig.savefig(OUT / "selloff_week_daily_sign.png", dpi=100)

# %% [markdown]
# The posterior draws behind the bands: `lower_bp`/`upper_bp` are their
# 2.5% and 97.5% quantiles, `contribution_bp` their mean.

# %%
draws = res.draws
ten_draws = draws.loc[draws["tenor"] == "10y"]
ten_draws.groupby("driver")["contribution_bp"].quantile([0.025, 0.975]).unstack()

# %% [markdown]
# ## A weekly VAR in changes and its historical decomposition
# The data of the weekly SVARs (Wednesday-to-Wednesday changes); the Cholesky
# order is the column order, as in `svar_chol_weekly`. April's model weeks
# end on 9, 16, 23 and 30 April.

# %%
data = at.weekly_var_data(panel, end="2025-04-30")
var = at.models.var.VAR(data, n_lags=2).fit()
chol = at.models.var.Cholesky(list(data.columns))
hd = var.historical_decomposition(chol, start="2025-04-09", end="2025-04-30")
fig = hd.plot("y10", units="bp")
fig.savefig(OUT / "april_weekly_hd_y10.png", dpi=100)

# %%
# the variables are changes: a window's contribution is the sum of its weeks
april = at.models.var.window_contributions(
    var, "2025-04-09", "2025-04-30", chol, variables="changes"
)
april_10y = april.xs("y10", level="response")
print(april_10y.round(2).to_string())
