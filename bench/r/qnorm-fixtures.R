# The fixture of seqcast's normal quantile (src/metrics/normal-quantile.ts): R's qnorm at many
# probabilities, the centre and both tails, and the z of the usual interval levels.
#
#   Rscript bench/r/qnorm-fixtures.R test/fixtures/r/qnorm.json      (R 4.2)
library(jsonlite)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript bench/r/qnorm-fixtures.R out.json")
levels <- c(50, 68, 80, 90, 95, 99, 99.9)
p <- sort(unique(c(
  seq(0.001, 0.999, by = 0.001),              # the centre and the near tails, both branches' seams
  0.075, 0.925, 0.0749, 0.9251,                 # |p - 0.5| = 0.425, where the centre formula ends
  10^-(2:300),                                  # the lower tail down to 1e-300 (r > 5 below ~1.4e-11)
  1 - 10^-(2:15),                               # the upper tail as far as doubles resolve 1 - p
  exp(-25), exp(-25.1), exp(-24.9),             # r = 5, where the two tail formulas meet
  (1 + levels / 100) / 2
)))
# 17 significant digits: every double read back exactly (jsonlite stops at 15)
exact <- function(x) paste0("[", paste(ifelse(is.finite(x), sprintf("%.17g", x), "null"), collapse = ","), "]")
con <- file(args[1], "wb")
writeLines(paste0(
  '{"generator":"bench/r/qnorm-fixtures.R","r":', toJSON(R.version.string, auto_unbox = TRUE),
  ',"p":', exact(p), ',"q":', exact(qnorm(p)),
  ',"levels":', exact(levels), ',"z":', exact(qnorm((1 + levels / 100) / 2)), "}"
), con)
close(con)
