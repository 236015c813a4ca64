# Writes test/fixtures/r/accuracy-scoring.json: R's own scores of rolling-origin forecasts, the
# reference for src/forecast/rolling-origin.ts (test/forecast/rolling-origin.test.ts; CI needs no R).
#
#   Rscript bench/r/accuracy-scoring-fixtures.R     (from the repository root; R 4.2, forecast 8.20)
#
# For a few series of datasets/collection/ (monthly, quarterly, yearly, and a short monthly one whose
# first fold is left out), the folds of docs/accuracy.md's protocol worked out here from its text:
# origins n - k*h for k = 3..1, leaving out a fold whose training part holds fewer than 2 seasons.
# For each fold, the forecasts of naive, snaive and thetaf from the training part, and their scores
# as R gives them: MASE from forecast::accuracy (its test-set MASE, scaled by the training part's
# in-sample seasonal naive error, lag 1 for non-seasonal data) and M4's sMAPE, 200/h * sum |y - f| / (|y| + |f|).
suppressPackageStartupMessages(library(forecast))

cases <- list(list("AirPassengers", 18), list("UKgas", 8), list("Nile", 6), list("USAccDeaths", 18))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "fixture.R")) # root, write_fixture

series <- list()
for (case in cases) {
  name <- case[[1]]
  h <- case[[2]]
  y <- get(name, envir = asNamespace("datasets"))
  n <- length(y)
  m <- frequency(y)
  folds <- list()
  for (k in 3:1) {
    origin <- n - k * h # values 1..origin train (seqcast's [0, origin))
    if (origin < 2 * m) next
    x <- ts(as.numeric(y)[seq_len(origin)], start = start(y), frequency = m)
    methods <- list(naive = naive(x, h = h), snaive = snaive(x, h = h), thetaf = thetaf(x, h = h))
    actual <- as.numeric(y)[origin + seq_len(h)]
    scored <- lapply(methods, function(fc) {
      f <- as.numeric(fc$mean)
      list(
        forecast = f,
        mase = unname(accuracy(fc, y)["Test set", "MASE"]),
        smape = mean(200 * abs(actual - f) / (abs(actual) + abs(f)))
      )
    })
    folds[[length(folds) + 1]] <- list(index = 3 - k, origin = origin, end = origin + h, methods = scored)
  }
  series[[name]] <- list(period = m, horizon = h, values = as.numeric(y), folds = folds)
}

write_fixture("accuracy-scoring.json", list(series = series))
