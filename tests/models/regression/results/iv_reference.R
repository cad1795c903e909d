# Reference numbers for tests/models/regression/test_iv.py: 2SLS with HAC covariance, by hand in R.
#
# R version 4.2.2 Patched (2022-11-10 r83330); sandwich 3.0.2.  (AER/ivreg are not installed,
# so 2SLS is computed from its closed form and the HAC covariance through sandwich's own
# NeweyWest/vcovHC machinery on an object whose estfun is the 2SLS score.)
# Run:  Rscript iv_reference.R   (from this folder; reads seatbelts.csv written by
#       regression_reference.R, writes iv_reference.csv)
#
# Model (datasets::Seatbelts, T = 192): logdrivers = c + b * logkms + g * law + u,
#   logkms endogenous, instrumented by PetrolPrice (exogenous: const, law).
# Conventions: beta = (X'Pz X)^{-1} X'Pz y; Xhat = Pz X; u = y - X beta (structural residual);
#   V = (Xhat'Xhat)^{-1} S (Xhat'Xhat)^{-1}, S = sum_j w_j (Gamma_j + Gamma_j') of xhat_t u_t:
#   "hac_lagL": NeweyWest(lag = L, prewhite = FALSE, adjust = FALSE); "hc0": vcovHC type HC0.
# First stage: lm(logkms ~ law + PetrolPrice); partial F = HAC/HC0 Wald of PetrolPrice / q (q = 1).
suppressPackageStartupMessages(library(sandwich))
d <- read.csv("seatbelts.csv")
y <- d$logdrivers
X <- cbind(const = 1, law = d$law, logkms = d$logkms)
Z <- cbind(const = 1, law = d$law, PetrolPrice = d$PetrolPrice)
Xhat <- Z %*% solve(crossprod(Z), crossprod(Z, X))
beta <- solve(crossprod(Xhat, X), crossprod(Xhat, y))
u <- as.vector(y - X %*% beta)
n <- length(y)
obj <- structure(list(scores = Xhat * u, bread = n * solve(crossprod(Xhat))), class = "iv2sls")
estfun.iv2sls <- function(x, ...) x$scores
bread.iv2sls <- function(x, ...) x$bread
nobs.iv2sls <- function(object, ...) NROW(object$scores)
fs <- lm(logkms ~ law + PetrolPrice, data = d)
rows <- list()
specs <- list(hac_lag0 = 0, hac_lag3 = 3, hac_lag6 = 6, hc0 = NA)
for (spec in names(specs)) {
  L <- specs[[spec]]
  V <- if (is.na(L)) sandwich(obj, meat. = meat(obj)) else
    NeweyWest(obj, lag = L, prewhite = FALSE, adjust = FALSE)
  Vf <- if (is.na(L)) vcovHC(fs, type = "HC0") else
    NeweyWest(fs, lag = L, prewhite = FALSE, adjust = FALSE)
  pf <- coef(fs)[["PetrolPrice"]]^2 / Vf["PetrolPrice", "PetrolPrice"]
  rows[[length(rows) + 1]] <- data.frame(
    spec = spec, term = colnames(X), params = sprintf("%.17g", beta),
    std_err = sprintf("%.17g", sqrt(diag(V))), partial_f = sprintf("%.17g", pf))
}
write.csv(do.call(rbind, rows), "iv_reference.csv", row.names = FALSE, quote = FALSE)
