# Reference numbers for attribution.models.breaks, produced by R's strucchange.
#
# R 4.2.2 (2022-11-10 r83330), strucchange 1.5-3, sandwich 3.0-2, zoo.
# Run from this folder:  Rscript breaks_strucchange.R   (writes breaks_strucchange.csv)
#
# Conventions pinned by these fixtures
# - A break date (breakpoint) is the index (1-based) of the LAST observation of
#   the old regime, as returned by strucchange::breakpoints.
# - Minimum segment length: breakpoints(h = frac) uses h = floor(frac * n).
# - RSS for m breaks: sum of segment OLS RSS; BIC = n*(log(RSS)+1-log(n)+log(2*pi))
#   + log(n)*(k+1)*(m+1)  (summary.breakpointsfull, logLik.breakpoints).
# - confint(): Bai (1997) intervals, with het.reg/het.err as stated per case; the
#   HAC cases use vcov. = NeweyWest(lag = 4, prewhite = FALSE, adjust = FALSE)
#   (Bartlett weights 1 - j/(L+1), no small-sample scaling).
# - Fstats(from = 0.15): from = floor(0.15 n), to = n - from; sctest() p-values
#   from Hansen (1997) via strucchange:::pvalue.Fstats.
# - efp(type = "OLS-CUSUM") and efp(type = "Rec-CUSUM"); sctest() statistic and
#   p-value with functional = "max".
#
# Output: long CSV with columns case, quantity, index, value (%.17g).
suppressMessages({library(strucchange); library(sandwich)})

out <- list()
put <- function(case, quantity, value) {
  value <- as.numeric(value)
  out[[length(out) + 1]] <<- data.frame(case = case, quantity = quantity,
    index = seq_along(value), value = sprintf("%.17g", value))
}
nw4 <- function(x) NeweyWest(x, lag = 4, prewhite = FALSE, adjust = FALSE)

run_case <- function(case, formula, data, h, ci_breaks) {
  bp <- breakpoints(formula, h = h, data = data)
  s <- summary(bp)
  M <- ncol(bp$RSS.table) / 2
  put(case, "n", bp$nobs); put(case, "k", bp$nreg); put(case, "max_breaks", M)
  put(case, "rss", s$RSS["RSS", ]); put(case, "bic", s$RSS["BIC", ])
  put(case, "bic_breaks", breakpoints(bp)$breakpoints)
  for (m in seq_len(M)) put(case, paste0("breaks_m", m), breakpoints(bp, breaks = m)$breakpoints)
  m <- ci_breaks
  put(case, "ci_m", m)
  for (hr in c(TRUE, FALSE)) for (he in c(TRUE, FALSE)) {
    ci <- confint(bp, breaks = m, het.reg = hr, het.err = he)$confint
    tag <- paste0("ci_", ifelse(hr, "R", "r"), ifelse(he, "E", "e"))
    put(case, paste0(tag, "_lower"), ci[, 1]); put(case, paste0(tag, "_upper"), ci[, 3])
  }
  ci <- confint(bp, breaks = m, vcov. = nw4)$confint
  put(case, "ci_hac_lower", ci[, 1]); put(case, "ci_hac_upper", ci[, 3])
  ci <- confint(bp, breaks = m, level = 0.90)$confint
  put(case, "ci90_lower", ci[, 1]); put(case, "ci90_upper", ci[, 3])
  cf <- coef(bp, breaks = m)
  put(case, "coef", t(cf))  # segment-major: seg1 coefs, seg2 coefs, ...
  V <- vcov(bp, breaks = m)
  put(case, "se", unlist(lapply(V, function(v) sqrt(diag(v)))))
  V <- vcov(bp, breaks = m, vcov. = nw4)
  put(case, "se_hac", unlist(lapply(V, function(v) sqrt(diag(v)))))
  V <- vcov(bp, breaks = m, het.reg = FALSE, het.err = FALSE)
  put(case, "se_hom", unlist(lapply(V, function(v) sqrt(diag(v)))))
  # sup/ave/exp-F (Andrews 1993; Andrews-Ploberger 1994), Hansen (1997) p-values
  fs <- Fstats(formula, from = 0.15, data = data)
  put(case, "fstats", fs$Fstats); put(case, "fstats_from", start(fs$Fstats)[1])
  put(case, "fstats_breakpoint", fs$breakpoint)
  for (ty in c("supF", "aveF", "expF")) {
    st <- sctest(fs, type = ty)
    put(case, paste0(ty, "_stat"), st$statistic); put(case, paste0(ty, "_pvalue"), st$p.value)
  }
  fs2 <- Fstats(formula, from = 0.25, data = data)
  for (ty in c("supF", "aveF", "expF")) {
    st <- sctest(fs2, type = ty)
    put(case, paste0(ty, "25_stat"), st$statistic); put(case, paste0(ty, "25_pvalue"), st$p.value)
  }
  for (ty in c("OLS-CUSUM", "Rec-CUSUM")) {
    e <- efp(formula, type = ty, data = data)
    st <- sctest(e)
    tag <- ifelse(ty == "OLS-CUSUM", "olscusum", "reccusum")
    put(case, paste0(tag, "_process"), as.numeric(e$process))
    put(case, paste0(tag, "_stat"), st$statistic); put(case, paste0(tag, "_pvalue"), st$p.value)
  }
}

# 1. Nile: mean shift (Cobb 1978), n = 100
data("Nile", package = "datasets")
run_case("nile", Nile ~ 1, data = list(Nile = Nile), h = 0.15, ci_breaks = 1)
put("nile", "y", as.numeric(Nile))

# 2. RealInt: US ex-post real interest rate, mean shifts (Bai and Perron 2003), h = 15 obs
data("RealInt", package = "strucchange")
run_case("realint", RealInt ~ 1, data = list(RealInt = RealInt), h = 15, ci_breaks = 3)
put("realint", "y", as.numeric(RealInt))

# 3. Seatbelts: regression with q = 3 changing coefficients, h = 0.15
data("Seatbelts", package = "datasets")
sb <- data.frame(y = log(as.numeric(Seatbelts[, "DriversKilled"])),
                 lkms = log(as.numeric(Seatbelts[, "kms"])),
                 petrol = as.numeric(Seatbelts[, "PetrolPrice"]))
run_case("seatbelts", y ~ lkms + petrol, data = sb, h = 0.15, ci_breaks = 2)
put("seatbelts", "y", sb$y); put("seatbelts", "lkms", sb$lkms); put("seatbelts", "petrol", sb$petrol)

# Chow test at a known date (Fstats with from = to = the date gives the Chow F and
# its F(k, n-2k) p-value in sctest)
ch <- sctest(Fstats(Nile ~ 1, from = 28, to = 28, data = list(Nile = Nile)), type = "supF")
put("nile", "chow28_stat", ch$statistic); put("nile", "chow28_pvalue", ch$p.value)
ch <- sctest(Fstats(y ~ lkms + petrol, from = 169, to = 169, data = sb), type = "supF")
put("seatbelts", "chow169_stat", ch$statistic); put("seatbelts", "chow169_pvalue", ch$p.value)
# classical Chow F = [(RSS0 - RSS1)/k] / [RSS1/(n - 2k)] from nested lm fits (anova)
sb$d <- as.numeric(seq_len(nrow(sb)) > 169)
a <- anova(lm(y ~ lkms + petrol, data = sb),
           lm(y ~ (lkms + petrol) * d, data = sb))
put("seatbelts", "chow169_anova_F", a$F[2]); put("seatbelts", "chow169_anova_pvalue", a$`Pr(>F)`[2])

res <- do.call(rbind, out)
write.csv(res, "breaks_strucchange.csv", row.names = FALSE, quote = FALSE)
