# Reference numbers for tests/models/volatility/test_garch_exact.py (fGarch).
#
# R version 4.2.2 Patched (2022-11-10 r83330); fGarch 4022.89.
# Run:  Rscript fgarch_reference.R   (from this folder; reads dem2gbp.csv, writes
# fgarch_reference.csv)
#
# Conventions (fGarch's, which are those of Fiorentini, Calzolari and Panattoni 1996):
# * GARCH(1,1), constant mean mu, normal errors: e_t = y_t - mu,
#   s2_t = omega + alpha e_{t-1}^2 + beta s2_{t-1}, with the start-up
#   e_0^2 = s2_0 = mean(e^2) evaluated at the SAME mu (it moves with mu).
# * loglik = -fit@fit$llh (fGarch stores minus the log-likelihood, constants included).
# * se_hessian = fit@fit$se.coef (inverse numerical Hessian of the exact likelihood).
# * ics = fit@fit$ics: AIC, BIC, SIC, HQIC, each divided by T (fGarch's scaling).
# * variance_fgarch: fit@h.t, the conditional variances at the estimates.
# * variance_ewma_at_fgarch: the same recursion at fGarch's estimates but with arch's
#   default start-up s2_0 = sum_{j<75} w_j e_j^2, w_j = 0.94^j / sum(0.94^j), coded here
#   in base R (arch's "backcast"), as an independent check of the filter.
suppressPackageStartupMessages(library(fGarch))
y <- read.csv("dem2gbp.csv")$dem2gbp
fit <- garchFit(~ garch(1, 1), data = y, include.mean = TRUE, cond.dist = "norm",
                trace = FALSE)
cf <- coef(fit)
out <- list()
put <- function(quantity, name, value) {
  out[[length(out) + 1]] <<- data.frame(quantity = quantity, name = name,
                                        value = sprintf("%.17g", as.numeric(value)))
}
put("params", c("mu", "omega", "alpha", "beta"), cf[c("mu", "omega", "alpha1", "beta1")])
put("se_hessian", c("mu", "omega", "alpha", "beta"),
    fit@fit$se.coef[c("mu", "omega", "alpha1", "beta1")])
put("loglik", "loglik", -fit@fit$llh)
put("ics", names(fit@fit$ics), fit@fit$ics)
put("nobs", "nobs", length(y))
put("variance_fgarch", seq_along(y), fit@h.t)
e <- y - cf[["mu"]]
tau <- min(75, length(e)); w <- 0.94^(0:(tau - 1)); w <- w / sum(w)
s2 <- numeric(length(e)); prev_e2 <- prev_s2 <- sum(w * e[1:tau]^2)
for (t in seq_along(e)) {
  s2[t] <- cf[["omega"]] + cf[["alpha1"]] * prev_e2 + cf[["beta1"]] * prev_s2
  prev_e2 <- e[t]^2; prev_s2 <- s2[t]
}
put("variance_ewma_at_fgarch", seq_along(y), s2)
put("loglik_ewma_at_fgarch", "loglik", sum(dnorm(e, 0, sqrt(s2), log = TRUE)))
write.csv(do.call(rbind, out), "fgarch_reference.csv", row.names = FALSE, quote = FALSE)
