# Reference numbers for the sandwich/lmtest parity tests (tests/models/regression/test_hac_parity.py).
#
# R version 4.2.2 Patched (2022-11-10 r83330); sandwich 3.0.2; lmtest 0.9.40.
# Run:  Rscript hac_parity_reference.R   (from this folder; reads the CSVs written by
# regression_reference.R, writes hac_parity_reference.csv and hac_parity_bandwidth.csv)
#
# Conventions pinned here (sandwich's own, called directly):
# * coeftest(fit, vcov. = V) uses Student t with df = n - k (lm's df.residual);
#   coeftest(fit, vcov. = V, df = Inf) uses the normal. coefci() likewise (95%).
# * NeweyWest(fit, lag = L, prewhite = FALSE, adjust = TRUE) multiplies the meat by n/(n-k).
# * NeweyWest(fit, prewhite = TRUE): VAR(1) prewhitening of the scores x_t u_t
#   (ar(method = "ols", demean = FALSE)), recolouring with (I - A)^{-1}, lag
#   floor(bwNeweyWest(fit, prewhite = TRUE)), adjust = FALSE (its default).
# * bwNeweyWest(fit, kernel, prewhite): Newey-West (1994) plug-in (intercept score weight 0).
# * bwAndrews(fit, kernel, prewhite = 1): Andrews (1991) AR(1) plug-in on prewhitened scores.
# * kernHAC(fit): sandwich defaults = quadratic spectral, prewhite = 1, bw = bwAndrews,
#   adjust = TRUE.
suppressPackageStartupMessages({library(sandwich); library(lmtest)})
rd <- function(f) read.csv(f)
inv <- rd("investment.csv"); ps <- rd("publicschools.csv"); sb <- rd("seatbelts.csv")
fits <- list(
  investment = lm(RealInv ~ RealGNP + RealInt, data = inv),
  publicschools = lm(Expenditure ~ Income + Income2, data = ps),
  seatbelts = lm(logdrivers ~ PetrolPrice + logkms + law, data = sb)
)
f17 <- function(x) sprintf("%.17g", x)
rows <- list(); bws <- list()
add <- function(ds, spec, fit, V, df = NULL) {
  ct <- if (is.null(df)) coeftest(fit, vcov. = V) else coeftest(fit, vcov. = V, df = df)
  ci <- if (is.null(df)) coefci(fit, vcov. = V) else coefci(fit, vcov. = V, df = df)
  rows[[length(rows) + 1]] <<- data.frame(dataset = ds, spec = spec,
    term = sub("\\(Intercept\\)", "const", rownames(ct)),
    std_err = f17(ct[, 2]), tvalue = f17(ct[, 3]), pvalue = f17(ct[, 4]),
    lower = f17(ci[, 1]), upper = f17(ci[, 2]))
}
for (ds in names(fits)) {
  fit <- fits[[ds]]
  n <- nobs(fit)
  L <- floor(4 * (n / 100)^(2 / 9))
  nw <- NeweyWest(fit, lag = L, prewhite = FALSE, adjust = FALSE)
  add(ds, "coeftest_nw_rule_t", fit, nw)
  add(ds, "coeftest_nw_rule_normal", fit, nw, df = Inf)
  add(ds, "coeftest_hc1_t", fit, vcovHC(fit, type = "HC1"))
  add(ds, "coeftest_nonrobust_t", fit, vcov(fit))
  add(ds, "nw_rule_adjust", fit, NeweyWest(fit, lag = L, prewhite = FALSE, adjust = TRUE))
  add(ds, "nw_lag2_prewhite", fit, NeweyWest(fit, lag = 2, prewhite = TRUE, adjust = FALSE))
  add(ds, "nw_auto_prewhite", fit, NeweyWest(fit, prewhite = TRUE))
  add(ds, "nw_auto_noprewhite", fit, NeweyWest(fit, prewhite = FALSE))
  add(ds, "kernhac_default", fit, kernHAC(fit))
  add(ds, "kernhac_bartlett_prewhite", fit,
      kernHAC(fit, kernel = "Bartlett", prewhite = 1, adjust = FALSE))
  add(ds, "kernhac_qs_bwnw", fit,
      kernHAC(fit, kernel = "Quadratic Spectral", bw = bwNeweyWest, prewhite = 0,
              adjust = FALSE))
  for (k in c("Bartlett", "Parzen", "Quadratic Spectral")) {
    tag <- switch(k, "Quadratic Spectral" = "quadratic-spectral", Bartlett = "bartlett",
                  Parzen = "parzen")
    bws[[length(bws) + 1]] <- data.frame(dataset = ds, kernel = tag, nobs = n,
      nw_plugin = f17(bwNeweyWest(fit, kernel = k, prewhite = 0)),
      nw_plugin_prewhite = f17(bwNeweyWest(fit, kernel = k, prewhite = 1)),
      andrews_prewhite = f17(bwAndrews(fit, kernel = k, prewhite = 1)))
  }
}
write.csv(do.call(rbind, rows), "hac_parity_reference.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, bws), "hac_parity_bandwidth.csv", row.names = FALSE, quote = FALSE)
