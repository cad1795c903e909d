# Reference numbers for tests/models/lp: local projections with Newey-West SEs, by hand in R.
#
# R version 4.2.2 Patched (2022-11-10 r83330); sandwich 3.0.2.
# Run:  Rscript lp_reference.R   (from this folder; writes the CSVs beside it)
#
# Data: datasets::Seatbelts (monthly 1969-01..1984-12, T = 192):
#   petrol = 100 * PetrolPrice, logdrivers = log(drivers).
# Specification (the toolkit's conventions):
#   y_{i,t+h} = a + b_h * petrol_t + sum_{l=1}^{2} (c_l petrol_{t-l} + d_l logdrivers_{t-l}) + u
#   (cumulative: LHS = sum_{s=0}^{h} y_{i,t+s}); h = 0..4; sample "max": every t with
#   t - 2 >= 1 and t + h <= T.  Response per one unit of petrol at t.
#   SE: sandwich::NeweyWest(fit, lag = L_h, prewhite = FALSE, adjust = FALSE) with
#   L_h = max(h + 1, floor(4 * (n_h/100)^(2/9))), n_h the regression's nobs ("rule"),
#   with a fixed L = 2 at every horizon ("fixed2"), and with L_h = h + 1 at horizon h
#   ("horizon", Jorda 2005 and lpirfs).
#   std_err_classical: the classical OLS standard error, sqrt(vcov(fit)) (summary.lm).
suppressPackageStartupMessages(library(sandwich))
sb <- as.data.frame(Seatbelts)
d <- data.frame(petrol = 100 * sb$PetrolPrice, logdrivers = log(sb$drivers))
d$date <- seq(as.Date("1969-01-01"), by = "month", length.out = nrow(d))
out <- d; out$petrol <- sprintf("%.17g", d$petrol); out$logdrivers <- sprintf("%.17g", d$logdrivers)
write.csv(out, "seatbelts_lp.csv", row.names = FALSE, quote = FALSE)

T <- nrow(d); p <- 2; H <- 4
lagm <- function(x, l) c(rep(NA, l), x[1:(length(x) - l)])
lead <- function(x, h) c(x[(1 + h):length(x)], rep(NA, h))
rows <- list()
for (cum in c(FALSE, TRUE)) for (h in 0:H) for (resp in c("logdrivers", "petrol")) {
  y <- if (cum) Reduce(`+`, lapply(0:h, function(s) lead(d[[resp]], s))) else lead(d[[resp]], h)
  df <- data.frame(y = y, petrol = d$petrol,
                   petrol.L1 = lagm(d$petrol, 1), logdrivers.L1 = lagm(d$logdrivers, 1),
                   petrol.L2 = lagm(d$petrol, 2), logdrivers.L2 = lagm(d$logdrivers, 2))
  df <- df[(p + 1):(T - h), ]
  fit <- lm(y ~ ., data = df)
  n <- nobs(fit)
  L <- max(h + 1, floor(4 * (n / 100)^(2 / 9)))
  for (spec in c("rule", "fixed2", "horizon")) {
    lag <- switch(spec, rule = L, fixed2 = 2, horizon = h + 1)
    V <- NeweyWest(fit, lag = lag, prewhite = FALSE, adjust = FALSE)
    rows[[length(rows) + 1]] <- data.frame(
      cumulative = cum, spec = spec, horizon = h, response = resp, nobs = n, bandwidth = lag,
      irf = sprintf("%.17g", coef(fit)[["petrol"]]),
      std_err = sprintf("%.17g", sqrt(V["petrol", "petrol"])),
      std_err_classical = sprintf("%.17g", sqrt(vcov(fit)["petrol", "petrol"])))
  }
}
write.csv(do.call(rbind, rows), "lp_reference.csv", row.names = FALSE, quote = FALSE)
