# Writes test/fixtures/r/naive2.json: M4's Naive2 benchmark computed with R's own functions (acf,
# decompose, forecast::naive), the reference for src/forecast/naive2.ts (test/forecast/naive2.test.ts
# compares against it; CI needs no R).
#
#   Rscript bench/r/naive2-fixtures.R           (from the repository root; R 4.2, forecast 8.20)
#
# Naive2 as the M4 organisers describe their benchmarks (Makridakis et al. 2020, and the
# competition's guide): a series of frequency m > 1 with at least 3 full seasons is seasonal when
# |r_m| > 1.645 * sqrt((1 + 2 * sum_{k<m} r_k^2) / n) (90 %); it is then divided by the seasonal
# component of decompose(type = "multiplicative"), forecast by the naive method, and the forecasts
# multiplied by the last season's factors, repeated. Cases: each series of the accuracy collection
# in full and cut at its three rolling origins, plus cuts at 3m - 1 and 3m values; each series'
# values are stored with the cases.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

naive2 <- function(name, x, h) {
  n <- length(x)
  m <- frequency(x)
  seasonal <- FALSE
  statistic <- NULL
  if (m > 1 && n >= 3 * m) {
    r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
    statistic <- abs(r[m]) / sqrt((1 + 2 * sum(r[-m]^2)) / n)
    seasonal <- statistic > 1.645
  }
  if (seasonal) {
    s <- decompose(x, type = "multiplicative")$seasonal
    adjusted <- x / s
    factors <- head(rep(as.numeric(s)[(n - m + 1):n], h), h)
  } else {
    adjusted <- x
    factors <- rep(1, h)
  }
  list(
    series = name, n = n, h = h, period = m, seasonalStatistic = statistic, seasonal = seasonal,
    forecast = as.numeric(naive(adjusted, h = h)$mean) * factors
  )
}

series <- list()
cases <- list()
for (entry in collection) {
  name <- entry[[1]]
  h <- entry[[3]]
  x <- get(name, envir = asNamespace(entry[[2]]))
  n <- length(x)
  m <- frequency(x)
  series[[name]] <- list(period = m, values = as.numeric(x))
  cuts <- n - (0:3) * h
  if (m > 1) cuts <- c(cuts, 3 * m - 1, 3 * m) # just under and at M4's three seasons
  for (cut in cuts) {
    cases[[length(cases) + 1]] <- naive2(name, ts(x[seq_len(cut)], start = start(x), frequency = m), h)
  }
}

out <- write_fixture("naive2.json", list(series = series, cases = cases))
cat("wrote", out, "(", length(cases), "cases )\n")
