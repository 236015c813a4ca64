# The R peer of `npm run bench:accuracy` (bench/accuracy.ts): R's forecast package on the same
# series and the same rolling-origin folds as seqcast, per the protocol of docs/accuracy.md.
#
#   Rscript bench/r/accuracy-peer.R plan.json out.json      (R 4.2, forecast 8.20)
#
# plan.json, written by bench/accuracy.ts:
#   { "seed": 0, "methods": ["naive", "snaive", "ets", "auto.arima", "thetaf", "nnetar"],
#     "series": [{ "name": "AirPassengers", "file": ".../datasets/collection/AirPassengers.csv",
#                  "valueColumn": "value", "period": 12, "length": 144,
#                  "folds": [{ "index": 0, "origin": 90, "end": 108 }, ...] }, ...] }
# R reads each CSV itself (the file seqcast reads, so R fits on the exact doubles) and checks its
# length. A fold trains on values[1..origin] (R's 1-based indices; seqcast's [0, origin)) and
# forecasts the h = end - origin values after it at once, from a ts of the series' period.
#
# out.json: { "r": "4.2.2", "forecast": "8.20", "results": [{ "series", "fold", "method", "forecast":
# [h numbers] or null, "intervals": { "level": [80, 95], "lower": [[h], [h]], "upper": [[h], [h]] }
# (forecast(..., level = c(80, 95))'s bounds; null for nnetar and failures), "seconds", "error"
# (the message when the method fails, else null), "model" (what the method chose, e.g.
# "ETS(M,Ad,M)", or null) }] }. No scores: bench/accuracy.ts scores
# R's forecasts with the same code as seqcast's, so the two sides differ only in the forecasts.
#
# The methods, as R's documentation gives them (docs/accuracy.md):
#   naive(x, h), snaive(x, h), forecast(ets(x), h) (stlf(x, h) for periods above 24, where ets has
#   no seasonal models), forecast(auto.arima(x), h), thetaf(x, h), forecast(nnetar(x), h) with
#   set.seed(seed) before each nnetar fit, so every fold's network is reproducible on its own.
# Progress goes to stderr, one line per fold and method: "peer <series> <fold> <method> <seconds>".
suppressPackageStartupMessages(library(forecast))
library(jsonlite)

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench/r/accuracy-peer.R plan.json out.json")
plan <- fromJSON(args[1], simplifyVector = FALSE)
seed <- as.integer(plan$seed)

# the levels of R's prediction intervals (forecast()'s default), scored by bench/accuracy.ts
LEVELS <- c(80, 95)

fit_and_forecast <- function(method, x, h) {
  m <- frequency(x)
  with_intervals <- function(f, model) list(mean = f$mean, lower = f$lower, upper = f$upper, model = model)
  switch(method,
    naive = with_intervals(naive(x, h = h, level = LEVELS), NULL),
    snaive = with_intervals(snaive(x, h = h, level = LEVELS), NULL),
    ets = if (m > 24) {
      f <- stlf(x, h = h, level = LEVELS)
      with_intervals(f, paste("STL +", f$model$method))
    } else {
      fit <- ets(x)
      with_intervals(forecast(fit, h = h, level = LEVELS), fit$method)
    },
    auto.arima = {
      fit <- auto.arima(x)
      with_intervals(forecast(fit, h = h, level = LEVELS), as.character(fit))
    },
    thetaf = with_intervals(thetaf(x, h = h, level = LEVELS), NULL),
    nnetar = {
      set.seed(seed)
      fit <- nnetar(x)
      # no intervals: nnetar's are simulated (PI = TRUE), slow and seed-dependent
      list(mean = forecast(fit, h = h)$mean, model = fit$method)
    },
    stop("unknown method '", method, "'")
  )
}

results <- list()
for (s in plan$series) {
  values <- as.numeric(read.csv(s$file)[[s$valueColumn]])
  if (length(values) != s$length || any(!is.finite(values))) {
    stop(s$file, " holds ", length(values), " finite values, expected ", s$length)
  }
  period <- as.integer(s$period)
  for (fold in s$folds) {
    origin <- as.integer(fold$origin)
    h <- as.integer(fold$end) - origin
    x <- ts(values[seq_len(origin)], frequency = period)
    for (method in unlist(plan$methods)) {
      started <- proc.time()[["elapsed"]]
      out <- tryCatch(fit_and_forecast(method, x, h), error = function(e) list(error = conditionMessage(e)))
      seconds <- proc.time()[["elapsed"]] - started
      ok <- is.null(out$error)
      results[[length(results) + 1]] <- list(
        series = s$name, fold = fold$index, method = method,
        forecast = if (ok) I(as.numeric(out$mean)) else NULL,
        intervals = if (ok && !is.null(out$lower)) list(
          level = I(LEVELS),
          lower = lapply(seq_along(LEVELS), function(i) I(as.numeric(out$lower[, i]))),
          upper = lapply(seq_along(LEVELS), function(i) I(as.numeric(out$upper[, i])))
        ) else NULL,
        seconds = seconds,
        error = if (ok) NULL else out$error,
        model = if (ok) out$model else NULL
      )
      message(sprintf("peer %s %d %s %.3f", s$name, as.integer(fold$index), method, seconds))
    }
  }
}

con <- file(args[2], "wb")
writeLines(toJSON(list(
  r = paste(R.version$major, R.version$minor, sep = "."),
  forecast = as.character(packageVersion("forecast")),
  seed = seed,
  results = results
), auto_unbox = TRUE, null = "null", digits = NA), con)
close(con)
