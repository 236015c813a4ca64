# Writes test/fixtures/r/stlf.json and test/fixtures/r/stl-arima.json: forecast 8.20's stlf(y, h)
# (method "ets") and stlf(y, h, method = "arima"), the references for src/forecast/stats/stlf.ts and
# src/forecast/stats/stl-arima.ts (test/forecast/stats/stlf.test.ts and stl-arima.test.ts compare
# against them; CI needs no R).
#
#   Rscript bench/r/stlf-fixtures.R            (from the repository root; R 4.2, forecast 8.20)
#
# Cases: AirPassengers, co2, nottem, USAccDeaths (ts, period 12, h 24), UKgas (period 4, h 8),
# AirPassengers cut at 126 values, and M4 Hourly H1 (700 values) and H170 (960) as
# msts(y, seasonal.periods = c(24, 168)), h 48. For each: the point forecasts and the 80 % and 95 %
# bounds, the seasonal forecast (lastseas: each seasonal component's last period repeated), and the
# model stlf fitted on the seasonally adjusted series: ETS (method, parameters, sigma2), or the ARIMA
# model auto.arima(seasonal = FALSE) chose (R's name, coefficients, sigma2).
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

m4 <- read.csv(file.path(root, "datasets", "m4", "Hourly-train.csv"), stringsAsFactors = FALSE)
m4series <- function(id) {
  row <- as.numeric(m4[m4$V1 == id, -1])
  row[!is.na(row)]
}

for (method in c("ets", "arima")) {
  cases <- list()
  one <- function(name, x, h) {
    fc <- stlf(x, h = h, method = method)
    periods <- if ("msts" %in% class(x)) attributes(x)$msts else frequency(x)
    model <- if (method == "ets") {
      list(par = as.list(fc$model$par), sigma2 = fc$model$sigma2)
    } else {
      list(coef = as.list(coef(fc$model)), sigma2 = fc$model$sigma2)
    }
    cases[[length(cases) + 1]] <<- c(
      list(series = name, periods = periods, n = length(x), h = h, values = as.numeric(x), method = fc$method),
      model,
      list(
        mean = as.numeric(fc$mean),
        lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
        lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2])
      )
    )
  }
  one("AirPassengers", AirPassengers, 24)
  one("AirPassengers", ts(AirPassengers[1:126], frequency = 12), 18)
  one("co2", co2, 24)
  one("nottem", nottem, 24)
  one("USAccDeaths", USAccDeaths, 24)
  one("UKgas", UKgas, 8)
  one("H1", msts(m4series("H1"), seasonal.periods = c(24, 168)), 48)
  one("H170", msts(m4series("H170"), seasonal.periods = c(24, 168)), 48)

  out <- write_fixture(if (method == "ets") "stlf.json" else "stl-arima.json", list(cases = cases))
  cat("wrote", length(cases), "cases to", out, "\n")
}
