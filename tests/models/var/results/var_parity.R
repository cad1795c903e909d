# Reference numbers for tests/models/var/test_var_parity.py, computed with base R only.
#
# R 4.2.2 (2022-11-10 r83330), base + stats (the `vars` package is not packaged for
# Debian, so its statistics are coded here from the formulas of vars 1.5-x and
# Luetkepohl 2005, sec. 3.6 and 7.1). Data and VAR conventions: as var_reference.R
# (macrodata.csv, 100 * diff(log(.)), three specs c_p2, ct_p3, n_p1).
#
# Quantities
# * loglik (vars::logLik.varest): -(Te K/2) log(2 pi) - (Te/2) log det(U'U/Te) - Te K/2.
# * granger_<cause> (vars::causality()$Granger): Wald F = (R b)' [R (Z'Z)^{-1} x S R']^{-1}
#   (R b) / N, b = vec of the K x k coefficient matrix (regressor-major), S = U'U/(Te - k),
#   R picks the lags of the cause variables in the other equations; df1 = N,
#   df2 = K (Te - k). (vars writes df2 = K Te - K^2 p - K, the same number when the
#   VAR has a constant only; it is what this formula gives for trend "c".)
# * instant_<cause> (vars::causality()$Instant): Wald chi2 = Te (C vech S)'
#   [2 C D+ (S x S) D+' C']^{-1} (C vech S), S = U'U/Te, D+ the Moore-Penrose inverse
#   of the duplication matrix, C picks the covariances between cause and the others;
#   df = K1 K2.
# * rsquared: centred 1 - sum(u_i^2)/sum((y_i - mean y_i)^2) per equation;
#   rsquared_adj = 1 - (1 - R2)(Te - 1)/(Te - k).
# * resid_corr = cor(U).
# * impact = t(chol(S[P, P])) in the spec's Cholesky order P, rows put back in variable
#   order; shocks = U B^{-1}' (Te x K); lag_<i> = A_i (K x K, row = equation).
# Output: var_parity.csv (spec, quantity, row, col, value), %.17g.
# Run: Rscript var_parity.R   (from this folder)

raw <- read.csv("macrodata.csv")
lvl <- as.matrix(raw[, c("realgdp", "realcons", "realinv")])
Y <- 100 * diff(log(lvl))
names_y <- colnames(Y)
design <- function(Y, p, trend) {
  rows <- (p + 1):nrow(Y)
  X <- NULL
  if (trend %in% c("c", "ct")) X <- cbind(X, const = rep(1, length(rows)))
  if (trend == "ct") X <- cbind(X, trend = rows)
  for (i in 1:p) {
    L <- Y[rows - i, , drop = FALSE]
    colnames(L) <- paste0("L", i, ".", colnames(Y))
    X <- cbind(X, L)
  }
  list(X = X, Y = Y[rows, , drop = FALSE])
}
out <- list()
emit <- function(spec, quantity, rown, coln, M) {
  M <- as.matrix(M)
  out[[length(out) + 1]] <<- data.frame(spec = spec, quantity = quantity,
    row = rep(rown, times = ncol(M)), col = rep(coln, each = nrow(M)),
    value = sprintf("%.17g", as.vector(M)))
}
dup <- function(K) {  # duplication matrix: vec(S) = D vech(S)
  D <- matrix(0, K * K, K * (K + 1) / 2); col <- 0
  for (j in 1:K) for (i in j:K) {
    col <- col + 1
    D[(j - 1) * K + i, col] <- 1; D[(i - 1) * K + j, col] <- 1
  }
  D
}
causality <- function(X, U, B, p, ndet, cause) {
  K <- ncol(U); Te <- nrow(U); k <- ncol(X)
  c1 <- which(names_y %in% cause); c2 <- which(!(names_y %in% cause))
  b <- as.vector(t(B))       # B is k x K; vec of the K x k matrix t(B): regressor-major
  pos <- c()
  for (l in 1:p) for (j in c1) for (i in c2) pos <- c(pos, (ndet + (l - 1) * K + j - 1) * K + i)
  R <- matrix(0, length(pos), K * k); R[cbind(seq_along(pos), pos)] <- 1
  S <- crossprod(U) / (Te - k)
  V <- kronecker(solve(crossprod(X)), S)
  N <- length(pos)
  Fst <- drop(t(R %*% b) %*% solve(R %*% V %*% t(R)) %*% (R %*% b)) / N
  df2 <- K * (Te - k)
  g <- c(Fst, N, df2, 1 - pf(Fst, N, df2))
  Sm <- crossprod(U) / Te
  vech_idx <- which(lower.tri(Sm, diag = TRUE))
  sel <- c(); for (j in c1) for (i in c2) sel <- c(sel, (min(i, j) - 1) * K + max(i, j))
  Cm <- matrix(0, length(sel), length(vech_idx))
  Cm[cbind(seq_along(sel), match(sel, vech_idx))] <- 1
  Dp <- MASS_ginv(dup(K))
  v <- Sm[vech_idx]
  W <- drop(Te * t(Cm %*% v) %*% solve(2 * Cm %*% Dp %*% kronecker(Sm, Sm) %*% t(Dp) %*% t(Cm)) %*% (Cm %*% v))
  list(granger = g, instant = c(W, length(sel), 1 - pchisq(W, length(sel))))
}
MASS_ginv <- function(A) solve(crossprod(A), t(A))  # full column rank: (A'A)^{-1} A'

run_spec <- function(spec, p, trend, order) {
  n <- ncol(Y); d <- design(Y, p, trend); X <- d$X; Yt <- d$Y
  B <- solve(crossprod(X), crossprod(X, Yt)); U <- Yt - X %*% B
  k <- ncol(X); Te <- nrow(X); ndet <- k - n * p
  S <- crossprod(U) / (Te - k)
  emit(spec, "loglik", "loglik", "value",
       -(Te * n / 2) * log(2 * pi) - (Te / 2) * log(det(crossprod(U) / Te)) - Te * n / 2)
  r2 <- 1 - colSums(U^2) / colSums(sweep(Yt, 2, colMeans(Yt))^2)
  emit(spec, "rsquared", names_y, "value", r2)
  emit(spec, "rsquared_adj", names_y, "value", 1 - (1 - r2) * (Te - 1) / (Te - k))
  emit(spec, "resid_corr", names_y, names_y, cor(U))
  perm <- match(order, names_y)
  Bimp <- matrix(0, n, n); Bimp[perm, ] <- t(chol(S[perm, perm]))
  emit(spec, "impact", names_y, order, Bimp)
  emit(spec, "shocks", seq_len(Te) - 1, order, U %*% t(solve(Bimp)))
  for (i in 1:p) emit(spec, paste0("lag_", i), names_y, names_y,
                      t(B[ndet + ((i - 1) * n + 1):(i * n), ]))
  causes <- c(as.list(names_y), list(c("realgdp", "realcons")))
  for (cs in causes) {
    r <- causality(X, U, B, p, ndet, cs)
    tag <- paste(cs, collapse = "+")
    emit(spec, paste0("granger_", tag), c("statistic", "df_num", "df_denom", "pvalue"),
         "value", r$granger)
    emit(spec, paste0("instant_", tag), c("statistic", "df", "pvalue"), "value", r$instant)
  }
}
run_spec("c_p2", 2, "c", names_y)
run_spec("ct_p3", 3, "ct", c("realinv", "realgdp", "realcons"))
run_spec("n_p1", 1, "n", c("realcons", "realinv", "realgdp"))
write.csv(do.call(rbind, out), "var_parity.csv", row.names = FALSE, quote = FALSE)
