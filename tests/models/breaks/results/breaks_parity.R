# Reference numbers for tests/models/breaks/test_breaks_parity.py (strucchange parity).
#
# R 4.2.2 (2022-11-10 r83330), strucchange 1.5-3, sandwich 3.0-2.
# Run from this folder:  Rscript breaks_parity.R   (reads breaks_strucchange.csv for
# the data, writes breaks_parity.csv; same long layout: case, quantity, index, value)
#
# Quantities
# - ci_bp03_{lower,upper}: confint(bp, breaks = m, vcov. = bp03) with the HAC of Bai and
#   Perron (2003): bp03 = kernHAC(x, kernel = "Quadratic Spectral", prewhite = 1,
#   bw = bwAndrews (AR(1)), adjust = FALSE); "_adj" with adjust = TRUE (kernHAC's
#   default); "_hom" the same with het.err = FALSE.
# - raw_{iid,bp03}_{lower,upper}: the same intervals before strucchange rounds them,
#   bp - upper_q and bp - lower_q with upper_q, lower_q the argmax-V quantiles
#   (strucchange:::pargmaxV) times phi1^2 / (delta' Q1 delta), solved here with
#   uniroot(tol = 1e-13) instead of strucchange's default tolerance. The script checks
#   that floor(lower) and ceiling(upper) reproduce confint()'s integers.
# - recresid: strucchange::recresid(formula, data).
# - chow_<i>_{rss0,rss1,df1,df2,F}: Chow F at the break after observation i from
#   anova(lm(y ~ X), lm(y ~ X * d)), d = 1[t > i]: restricted and unrestricted RSS,
#   numerator and denominator degrees of freedom.
suppressMessages({library(strucchange); library(sandwich)})
fx <- read.csv("breaks_strucchange.csv")
col <- function(case, q) { r <- fx[fx$case == case & fx$quantity == q, ]; r$value[order(r$index)] }
out <- list()
put <- function(case, quantity, value) {
  value <- as.numeric(value)
  out[[length(out) + 1]] <<- data.frame(case = case, quantity = quantity,
    index = seq_along(value), value = sprintf("%.17g", value))
}
bp03 <- function(x, ...) kernHAC(x, kernel = "Quadratic Spectral", prewhite = 1,
                                 approx = "AR(1)", adjust = FALSE, ...)
bp03adj <- function(x, ...) kernHAC(x, kernel = "Quadratic Spectral", prewhite = 1,
                                    approx = "AR(1)", adjust = TRUE, ...)

raw_ci <- function(bp, m, level = 0.95, vcov. = NULL) {
  X <- bp$X; y <- bp$y; n <- bp$nobs; a2 <- (1 - level) / 2
  b <- c(0, breakpoints(bp, breaks = m)$breakpoints, n)
  seg <- function(i) {
    Xi <- X[(b[i] + 1):b[i + 1], , drop = FALSE]; yi <- y[(b[i] + 1):b[i + 1]]
    fm <- lm(yi ~ 0 + Xi); Q <- crossprod(Xi) / nrow(Xi)
    Om <- if (is.null(vcov.)) sum(residuals(fm)^2) / nrow(Xi) * Q else
      nrow(Xi) * crossprod(Q, vcov.(fm)) %*% Q
    list(beta = coef(fm), Q = Q, Om = Om, s2 = sum(residuals(fm)^2) / nrow(Xi))
  }
  lo <- up <- numeric(m)
  for (j in 1:m) {
    s1 <- seg(j); s2 <- seg(j + 1); d <- s2$beta - s1$beta
    qp1 <- drop(t(d) %*% s1$Q %*% d); qp2 <- drop(t(d) %*% s2$Q %*% d)
    xi <- qp2 / qp1
    if (is.null(vcov.)) { phi1 <- sqrt(s1$s2); phi2 <- sqrt(s2$s2) } else {
      phi1 <- sqrt(drop(t(d) %*% s1$Om %*% d) / qp1)
      phi2 <- sqrt(drop(t(d) %*% s2$Om %*% d) / qp2)
    }
    f <- function(x, p) strucchange:::pargmaxV(x, xi = xi, phi1 = phi1, phi2 = phi2) - p
    ub <- 0; while (f(ub, 1 - a2) < 0) ub <- ub + 1000
    lb <- 0; while (f(lb, a2) > 0) lb <- lb - 1000
    uq <- uniroot(f, c(0, ub), p = 1 - a2, tol = 1e-13)$root * phi1^2 / qp1
    lq <- uniroot(f, c(lb, 0), p = a2, tol = 1e-13)$root * phi1^2 / qp1
    up[j] <- b[j + 1] - lq; lo[j] <- b[j + 1] - uq
  }
  list(lower = lo, upper = up)
}

run_case <- function(case, formula, data, h, m) {
  bp <- breakpoints(formula, h = h, data = data)
  for (v in list(list("ci_bp03", bp03, TRUE), list("ci_bp03_adj", bp03adj, TRUE),
                 list("ci_bp03_hom", bp03, FALSE))) {
    ci <- confint(bp, breaks = m, vcov. = v[[2]], het.err = v[[3]])$confint
    put(case, paste0(v[[1]], "_lower"), ci[, 1]); put(case, paste0(v[[1]], "_upper"), ci[, 3])
  }
  for (v in list(list("iid", NULL), list("bp03", bp03))) {
    r <- raw_ci(bp, m, vcov. = v[[2]])
    ci <- confint(bp, breaks = m, vcov. = v[[2]])$confint
    stopifnot(all(floor(r$lower) == ci[, 1]), all(ceiling(r$upper) == ci[, 3]))
    put(case, paste0("raw_", v[[1]], "_lower"), r$lower)
    put(case, paste0("raw_", v[[1]], "_upper"), r$upper)
  }
  put(case, "recresid", recresid(formula, data = data))
}
chow <- function(case, y, X, i) {
  d <- as.numeric(seq_along(y) > i)
  f0 <- if (is.null(X)) lm(y ~ 1) else lm(y ~ X)
  f1 <- if (is.null(X)) lm(y ~ d) else lm(y ~ X * d)
  a <- anova(f0, f1)
  tag <- paste0("chow", i)
  put(case, paste0(tag, "_rss0"), a$RSS[1]); put(case, paste0(tag, "_rss1"), a$RSS[2])
  put(case, paste0(tag, "_df1"), a$Df[2]); put(case, paste0(tag, "_df2"), a$Res.Df[2])
  put(case, paste0(tag, "_F"), a$F[2])
}
nile <- col("nile", "y"); realint <- col("realint", "y")
sb <- data.frame(y = col("seatbelts", "y"), lkms = col("seatbelts", "lkms"),
                 petrol = col("seatbelts", "petrol"))
run_case("nile", y ~ 1, data.frame(y = nile), 0.15, 1)
run_case("realint", y ~ 1, data.frame(y = realint), 15, 3)
run_case("seatbelts", y ~ lkms + petrol, sb, 0.15, 2)
chow("nile", nile, NULL, 28)
chow("seatbelts", sb$y, cbind(sb$lkms, sb$petrol), 169)
write.csv(do.call(rbind, out), "breaks_parity.csv", row.names = FALSE, quote = FALSE)
