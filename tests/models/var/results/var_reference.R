# Reference numbers for attribution.models.var, computed with base R only.
#
# R 4.2.2 (2022-11-10 r83330), base + stats only (the `vars` package is not
# installed, so every quantity is coded from the textbook formulas below).
# Data: statsmodels' public `macrodata` (US quarterly 1959Q1-2009Q3), exported
# verbatim to macrodata.csv. Variables: 100 * diff(log(.)) of realgdp,
# realcons, realinv (202 rows).
#
# Conventions (the same as the Python code, stated independently here):
# * VAR(p): y_t = nu_t + A_1 y_{t-1} + ... + A_p y_{t-p} + u_t, estimated by
#   OLS on rows p+1..T (1-based); regressors ordered const, trend, then
#   y_{t-1}, ..., y_{t-p}, each block in variable order.
# * trend = row position in the full (differenced) sample, 1-based (so the
#   first estimation row has trend p + 1), as statsmodels/JMulTi.
# * Sigma_u = crossprod(U) / (T_e - k), k = regressors per equation.
# * std_err from summary(lm(y_i ~ X - 1)) (classical OLS).
# * Phi_0 = I, Phi_h = sum_{i=1}^{min(h,p)} Phi_{h-i} A_i; Theta_h = Phi_h B,
#   B = P' t(chol(P Sigma P')) for the causal order P (shock j named after
#   order[j]).
# * FEVD at horizon h (0 = impact) uses s = 0..h.
# * Historical decomposition from row p+1: shocks eps_t = B^{-1} u_t;
#   contribution of shock j to y_t = sum_{s=0}^{t-p-1} Theta_s[, j] eps_{t-s, j}
#   (explicit MA convolution, not the VAR recursion); baseline = dynamic
#   forecast from the first p rows with all shocks zero.
# * Lag-order criteria for p = 1..8 on the common sample rows 9..T:
#   ld = log det(U'U/T_s); f = p n^2 + n d; AIC = ld + 2 f/T_s;
#   BIC = ld + log(T_s) f/T_s; HQ = ld + 2 log(log(T_s)) f/T_s;
#   FPE = ((T_s + k)/(T_s - k))^n exp(ld), k = n p + d.
# Output: var_reference.csv (spec, quantity, h, row, col, value), %.17g.
#
# Run: Rscript var_reference.R   (from this folder)

raw <- read.csv("macrodata.csv")
lvl <- as.matrix(raw[, c("realgdp", "realcons", "realinv")])
Y <- 100 * diff(log(lvl))
names_y <- colnames(Y)

design <- function(Y, p, trend, offset = 0) {
  Tn <- nrow(Y)
  rows <- (p + 1 + offset):Tn
  X <- NULL
  if (trend %in% c("c", "ct")) X <- cbind(X, const = rep(1, length(rows)))
  if (trend == "ct") X <- cbind(X, trend = rows)
  for (i in 1:p) {
    L <- Y[rows - i, , drop = FALSE]
    colnames(L) <- paste0("L", i, ".", colnames(Y))
    X <- cbind(X, L)
  }
  if (is.null(dim(X))) X <- matrix(X, nrow = length(rows))
  list(X = X, Y = Y[rows, , drop = FALSE], rows = rows)
}

out <- list()
emit <- function(spec, quantity, h, rown, coln, M) {
  M <- as.matrix(M)
  out[[length(out) + 1]] <<- data.frame(
    spec = spec, quantity = quantity, h = h,
    row = rep(rown, times = ncol(M)), col = rep(coln, each = nrow(M)),
    value = sprintf("%.17g", as.vector(M)))
}

run_spec <- function(spec, p, trend, order, H = 10) {
  n <- ncol(Y)
  d <- design(Y, p, trend)
  X <- d$X; Yt <- d$Y
  B <- solve(crossprod(X), crossprod(X, Yt))
  U <- Yt - X %*% B
  k <- ncol(X)
  Te <- nrow(X)
  Sigma <- crossprod(U) / (Te - k)
  se <- sapply(1:n, function(i) summary(lm(Yt[, i] ~ X - 1))$coefficients[, 2])
  emit(spec, "params", 0, colnames(X), names_y, B)
  emit(spec, "std_err", 0, colnames(X), names_y, se)
  emit(spec, "sigma_u", 0, names_y, names_y, Sigma)
  ndet <- k - n * p
  A <- lapply(1:p, function(i) t(B[ndet + ((i - 1) * n + 1):(i * n), ]))
  # companion roots
  comp <- matrix(0, n * p, n * p)
  comp[1:n, ] <- do.call(cbind, A)
  if (p > 1) comp[(n + 1):(n * p), 1:(n * (p - 1))] <- diag(n * (p - 1))
  emit(spec, "roots", 0, seq_len(n * p) - 1, "modulus",
       sort(Mod(eigen(comp)$values), decreasing = TRUE))
  # impact matrix in causal order
  perm <- match(order, names_y)
  L <- t(chol(Sigma[perm, perm]))
  Bimp <- matrix(0, n, n); Bimp[perm, ] <- L
  Phi <- list(diag(n))
  for (h in 1:max(H, nrow(Y))) {
    acc <- matrix(0, n, n)
    for (i in 1:min(h, p)) acc <- acc + Phi[[h - i + 1]] %*% A[[i]]
    Phi[[h + 1]] <- acc
  }
  Theta <- lapply(Phi, function(P) P %*% Bimp)
  cum <- matrix(0, n, n)
  for (h in 0:H) {
    emit(spec, "irf", h, names_y, order, Theta[[h + 1]])
    cum <- cum + Theta[[h + 1]]^2
    emit(spec, "fevd", h, names_y, order, cum / rowSums(cum))
  }
  # historical decomposition by explicit convolution
  eps <- t(solve(Bimp, t(U)))            # Te x n
  Dt <- if (ndet > 0) X[, 1:ndet, drop = FALSE] %*% B[1:ndet, , drop = FALSE] else
    matrix(0, Te, n)
  base <- rbind(Y[1:p, , drop = FALSE], matrix(0, Te, n))
  for (t in 1:Te) {
    v <- Dt[t, ]
    for (i in 1:p) v <- v + A[[i]] %*% base[p + t - i, ]
    base[p + t, ] <- v
  }
  emit(spec, "hd_baseline", 0, seq_len(Te) - 1, names_y, base[(p + 1):(p + Te), ])
  for (j in 1:n) {
    C <- matrix(0, Te, n)
    for (t in 1:Te) {
      acc <- rep(0, n)
      for (s in 0:(t - 1)) acc <- acc + Theta[[s + 1]][, j] * eps[t - s, j]
      C[t, ] <- acc
    }
    emit(spec, paste0("hd_", order[j]), 0, seq_len(Te) - 1, names_y, C)
  }
  # lag-order criteria on the common sample
  pmax <- 8
  ic <- NULL
  for (q in 1:pmax) {
    dq <- design(Y, q, trend, offset = pmax - q)
    Bq <- solve(crossprod(dq$X), crossprod(dq$X, dq$Y))
    Uq <- dq$Y - dq$X %*% Bq
    Ts <- nrow(dq$X); kq <- ncol(dq$X); dd <- kq - n * q
    ld <- log(det(crossprod(Uq) / Ts))
    f <- q * n^2 + n * dd
    ic <- rbind(ic, c(ld + 2 * f / Ts, ld + log(Ts) * f / Ts,
                      ld + 2 * log(log(Ts)) * f / Ts,
                      ((Ts + kq) / (Ts - kq))^n * exp(ld)))
  }
  colnames(ic) <- c("aic", "bic", "hqic", "fpe")
  emit(spec, "ic", 0, 1:pmax, colnames(ic), ic)
}

run_spec("c_p2", 2, "c", names_y)
run_spec("ct_p3", 3, "ct", c("realinv", "realgdp", "realcons"))
run_spec("n_p1", 1, "n", c("realcons", "realinv", "realgdp"))
res <- do.call(rbind, out)
write.csv(res, "var_reference.csv", row.names = FALSE, quote = FALSE)
cat("rows written:", nrow(res), "\n")
