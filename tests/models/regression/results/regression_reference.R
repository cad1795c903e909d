# Reference numbers for tests/models/regression (HAC / HC OLS covariances).
#
# R version 4.2.2 Patched (2022-11-10 r83330); sandwich 3.0.2; lmtest 0.9.40.
# Run:  Rscript regression_reference.R   (from this folder; writes the CSVs beside it)
#
# Conventions (the toolkit's, stated once):
# * Newey-West: sandwich::NeweyWest(fit, lag = L, prewhite = FALSE, adjust = FALSE),
#   i.e. Bartlett weights 1 - j/(L+1), no T/(T-k) scaling, scores not demeaned.
# * Rule-of-thumb lag: L = floor(4 * (T/100)^(2/9)) (Newey-West 1994), computed here in R.
# * HC0..HC3: sandwich::vcovHC(fit, type = "HC0".."HC3").  Classical: vcov(fit).
# * Andrews (1991) automatic bandwidth: sandwich::bwAndrews(fit, kernel = K,
#   approx = "AR(1)", prewhite = 0) (intercept score gets weight 0), and the kernel
#   estimator sandwich::kernHAC(fit, kernel = K, bw = b, prewhite = FALSE, adjust = FALSE).
# Datasets (shipped with R / sandwich), written to CSV so the tests need no R:
#   Investment (sandwich): RealInv ~ RealGNP + RealInt, complete cases (T = 19).
#   PublicSchools (sandwich): Expenditure ~ Income + Income^2, Income in 1e4 USD, complete cases.
#   Seatbelts (datasets): log(drivers) ~ PetrolPrice + log(kms) + law (T = 192, monthly).
suppressPackageStartupMessages({library(sandwich); library(lmtest)})
options(digits = 17)
# write.csv keeps only 15 digits; write every double with 17 so values round-trip exactly
wcsv <- function(df, file) {
  for (nm in names(df)) if (is.double(df[[nm]]) && !inherits(df[[nm]], "Date")) df[[nm]] <- sprintf("%.17g", df[[nm]])
  write.csv(df, file, row.names = FALSE, quote = FALSE)
}

data(Investment, package = "sandwich")
inv <- as.data.frame(Investment)[, c("RealInv", "RealGNP", "RealInt")]
inv$date <- seq(as.Date("1963-12-31"), by = "year", length.out = nrow(inv))
inv <- inv[complete.cases(inv), ]

data(PublicSchools, package = "sandwich")
ps <- na.omit(PublicSchools)
ps$Income <- ps$Income * 1e-4
ps <- data.frame(Expenditure = ps$Expenditure, Income = ps$Income, Income2 = ps$Income^2)
ps$date <- seq(as.Date("2000-01-01"), by = "day", length.out = nrow(ps))

sb <- as.data.frame(Seatbelts)
sb <- data.frame(logdrivers = log(sb$drivers), PetrolPrice = sb$PetrolPrice,
                 logkms = log(sb$kms), law = sb$law)
sb$date <- seq(as.Date("1969-01-01"), by = "month", length.out = nrow(sb))

wcsv(inv, "investment.csv")
wcsv(ps, "publicschools.csv")
wcsv(sb, "seatbelts.csv")

fits <- list(
  investment = lm(RealInv ~ RealGNP + RealInt, data = inv),
  publicschools = lm(Expenditure ~ Income + Income2, data = ps),
  seatbelts = lm(logdrivers ~ PetrolPrice + logkms + law, data = sb)
)
rows <- list(); bws <- list()
add <- function(ds, spec, fit, V) {
  b <- coef(fit)
  rows[[length(rows) + 1]] <<- data.frame(dataset = ds, spec = spec,
    term = sub("\\(Intercept\\)", "const", names(b)), params = unname(b),
    std_err = unname(sqrt(diag(V))))
}
for (ds in names(fits)) {
  fit <- fits[[ds]]
  n <- nobs(fit)
  L <- floor(4 * (n / 100)^(2 / 9))
  add(ds, "nonrobust", fit, vcov(fit))
  for (hc in c("HC0", "HC1", "HC2", "HC3")) add(ds, tolower(hc), fit, vcovHC(fit, type = hc))
  add(ds, "hac_rule", fit, NeweyWest(fit, lag = L, prewhite = FALSE, adjust = FALSE))
  for (lag in c(0, 1, 2, 3, 8)) {
    if (lag < n) add(ds, paste0("hac_lag", lag), fit,
                     NeweyWest(fit, lag = lag, prewhite = FALSE, adjust = FALSE))
  }
  for (k in c("Quadratic Spectral", "Bartlett", "Parzen")) {
    bw <- bwAndrews(fit, kernel = k, approx = "AR(1)", prewhite = 0)
    tag <- switch(k, "Quadratic Spectral" = "quadratic-spectral", Bartlett = "bartlett",
                  Parzen = "parzen")
    bws[[length(bws) + 1]] <- data.frame(dataset = ds, kernel = tag, nobs = n,
                                        nw_rule_lag = L, andrews_bandwidth = bw)
    add(ds, paste0("andrews_", tag), fit,
        kernHAC(fit, kernel = k, bw = bw, prewhite = FALSE, adjust = FALSE))
  }
  # fixed real bandwidth 3.5 with the QS kernel
  add(ds, "qs_bw3.5", fit,
      kernHAC(fit, kernel = "Quadratic Spectral", bw = 3.5, prewhite = FALSE, adjust = FALSE))
}
wcsv(do.call(rbind, rows), "regression_reference.csv")
wcsv(do.call(rbind, bws), "bandwidth_reference.csv")
