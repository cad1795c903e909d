# Two-sided critical values and p-values of Student t and the normal, from R.
# Reference for tests/models/test_results_base.py (the results base's
# reference-distribution hook). Run: Rscript qt_reference.R > qt_reference.csv
levels <- c(0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
dfs <- c(1, 2, 3, 5, 7, 12, 30, 97, 188, 250, Inf)  # 188 = seatbelts T - k
rows <- expand.grid(level = levels, df = dfs)
rows$critical <- ifelse(is.finite(rows$df),
                        qt((1 + rows$level) / 2, rows$df),
                        qnorm((1 + rows$level) / 2))
# two-sided p-value of the statistic 2.1
rows$p_2_1 <- ifelse(is.finite(rows$df), 2 * pt(-2.1, rows$df), 2 * pnorm(-2.1))
write.csv(format(rows, digits = 17), stdout(), row.names = FALSE, quote = FALSE)
