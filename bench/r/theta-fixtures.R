# Writes test/fixtures/r/theta.json: R's forecast::thetaf on the accuracy collection, the reference
# for src/forecast/stats/theta.ts (test/forecast/stats/theta.test.ts compares against it; CI needs no R).
#
#   Rscript bench/r/theta-fixtures.R           (from the repository root; R 4.2, forecast 8.20)
#
# Cases: each of the 15 series of datasets/collection/ (read from R's own packages, as
# bench/r/export-collection.R exports them) in full and cut at the three rolling origins of
# docs/accuracy.md (n - k*h, k = 1..3), each forecast h = the M4 horizon ahead. For every case:
#  - thetaf's own output: the point forecasts, alpha (thetaf reports max(1e-10, alpha)), the
#    drift, sigma2;
#  - the steps thetaf takes, recomputed here with R's functions (acf, decompose, seasadj, ses) so a
#    test can check seqcast's step by step: the seasonality test's statistic |r_m| / sqrt((1 + 2
#    sum_{k<m} r_k^2) / n) (compared with qnorm(0.95)), the multiplicative seasonal figure, the SES
#    fit's own alpha (sesAlpha), initial level l0 and mean squared error. The script stops if this recomputation does not
#    give thetaf's alpha and drift, so the recorded steps are the ones thetaf took.
# Then a few short cases, where R fits Holt-Winters smoothing instead of the state-space model
# (n <= 6: l0 is the first value, alpha in [0, 1] by L-BFGS-B), and a constant series (every
# alpha fits, R keeps its starting alpha).
suppressPackageStartupMessages(library(forecast))


args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

one <- function(name, x, h) {
  n <- length(x)
  m <- frequency(x)
  fc <- thetaf(x, h = h)
  # thetaf's steps, with R's functions
  statistic <- NULL
  seasonal <- FALSE
  if (m > 1 && !is.constant(x) && n > 2 * m) {
    r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
    statistic <- abs(r[m]) / sqrt((1 + 2 * sum(r[-m]^2)) / n)
    seasonal <- statistic > qnorm(0.95)
  }
  xa <- x
  figure <- NULL
  if (seasonal) {
    d <- decompose(x, type = "multiplicative")
    stopifnot(all(abs(d$figure) >= 1e-4))
    figure <- d$figure
    xa <- seasadj(d)
  }
  s <- ses(xa, h = h)
  stopifnot(identical(max(1e-10, unname(s$model$par["alpha"])), unname(fc$model$alpha))) # thetaf reports max(1e-10, alpha)
  drift <- unname(lsfit(0:(n - 1), xa)$coefficients[2] / 2)
  stopifnot(identical(drift, unname(fc$model$drift)))
  list(
    series = name, n = n, h = h, period = m,
    seasonalStatistic = statistic, seasonal = seasonal, figure = figure,
    alpha = unname(fc$model$alpha), sesAlpha = unname(s$model$par["alpha"]), l0 = unname(s$model$par["l"]),
    mse = if (is.null(s$model$mse)) s$model$SSE / n else s$model$mse,
    drift = drift, sigma2 = unname(fc$model$sigma),
    forecast = as.numeric(fc$mean)
  )
}

series <- list()
cases <- list()
for (entry in collection) {
  name <- entry[[1]]
  h <- entry[[3]]
  x <- get(name, envir = asNamespace(entry[[2]]))
  n <- length(x)
  series[[name]] <- list(period = frequency(x), horizon = h, values = as.numeric(x))
  for (k in 0:3) {
    cut <- n - k * h
    cases[[length(cases) + 1]] <- one(name, ts(x[seq_len(cut)], start = start(x), frequency = frequency(x)), h)
  }
}

# short series (Holt-Winters smoothing in R) and a constant one
short <- list(list("Nile", 3:7, 6), list("AirPassengers", c(4, 6, 8), 18), list("JohnsonJohnson", c(5, 9, 10), 8))
for (entry in short) {
  name <- entry[[1]]
  x <- get(name)
  for (cut in entry[[2]]) {
    cases[[length(cases) + 1]] <- one(name, ts(x[seq_len(cut)], start = start(x), frequency = frequency(x)), entry[[3]])
  }
}
series[["constant"]] <- list(period = 12, horizon = 18, values = rep(42.5, 40))
cases[[length(cases) + 1]] <- one("constant", ts(rep(42.5, 40), frequency = 12), 18)

out <- write_fixture("theta.json", list(qnorm95 = qnorm(0.95), series = series, cases = cases))
cat("wrote", length(cases), "cases to", out, "\n")
