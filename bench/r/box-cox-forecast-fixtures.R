# Writes test/fixtures/r/box-cox-forecasts.json: forecast 8.20's `lambda` argument, the reference for
# src/forecast/box-cox-forecaster.ts (test/forecast/box-cox-forecaster.test.ts compares against it;
# CI needs no R). (test/fixtures/r/box-cox.json is transform-fixtures.R's Guerrero fixture.)
#
#   Rscript bench/r/box-cox-forecast-fixtures.R      (from anywhere; R 4.2, forecast 8.20)
#
# For AirPassengers and USAccDeaths (monthly, h 24) and UKgas (quarterly, h 8):
#   forecast(ets(x, lambda = 0), h), forecast(ets(x, lambda = "auto"), h),
#   forecast(auto.arima(x, lambda = 0), h), stlf(x, h, lambda = 0), stlf(x, h, lambda = "auto");
# for M4 Hourly H1 (700 values) as msts(y, seasonal.periods = c(24, 168)), h 48: the two stlf ones
# (ets ignores seasons above 24 and auto.arima at period 168 takes minutes: stlf stands for both).
# Each: the lambda R used, the model it chose, the point forecasts and the 80 % and 95 % bounds
# (biasadj = FALSE, the default: InvBoxCox of the transformed series' forecasts and bounds).
# `float32`: the same functions without lambda on f32(BoxCox(f32(x), lambda)), the transformed series
# of the float32 series, rounded to float32, as seqcast's inner forecaster receives it, with InvBoxCox of the results (ets
# with additive.only = TRUE, what lambda sets): where an optimum of the likelihood is sensitive to
# that rounding (H1, USAccDeaths' ETS) R itself moves by as much as seqcast differs from it.
# `guerrero` is BoxCox.lambda(x, lower = -0.9): what BoxCox(x, "auto") calls in 8.20, so
# lambda = "auto" is Guerrero's method on [-0.9, 2] with the series' frequency as its period.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "fixture.R")) # root, write_fixture

m4 <- read.csv(file.path(root, "datasets", "m4", "Hourly-train.csv"), stringsAsFactors = FALSE)
m4series <- function(id) {
  row <- as.numeric(m4[m4$V1 == id, -1])
  row[!is.na(row)]
}

bounds <- function(fc, inv = identity) {
  list(
    mean = inv(as.numeric(fc$mean)),
    lower80 = inv(as.numeric(fc$lower[, 1])), upper80 = inv(as.numeric(fc$upper[, 1])),
    lower95 = inv(as.numeric(fc$lower[, 2])), upper95 = inv(as.numeric(fc$upper[, 2]))
  )
}
f32 <- function(z) readBin(writeBin(as.numeric(z), raw(), size = 4), "double", size = 4, n = length(z))
# `make(y)` fits and forecasts y without lambda: R on the float32 transformed series
record <- function(fc, fit, model, x, make) {
  lambda <- as.numeric(fit$lambda)
  z <- x
  z[] <- f32(BoxCox(f32(x), lambda))
  fc32 <- make(z)
  c(list(lambda = lambda, model = model), bounds(fc),
    list(float32 = c(list(model = fc32$method), bounds(fc32, function(v) InvBoxCox(v, lambda)))))
}

cases <- list()
one <- function(name, x, h, stlfOnly = FALSE) {
  periods <- if ("msts" %in% class(x)) attributes(x)$msts else frequency(x)
  fits <- list()
  if (!stlfOnly) {
    e0 <- ets(x, lambda = 0)
    fits$ets0 <- record(forecast(e0, h = h), e0, e0$method, x, function(z) forecast(ets(z, additive.only = TRUE), h = h))
    ea <- ets(x, lambda = "auto")
    fits$etsAuto <- record(forecast(ea, h = h), ea, ea$method, x, function(z) forecast(ets(z, additive.only = TRUE), h = h))
    a0 <- auto.arima(x, lambda = 0)
    fits$arima0 <- record(forecast(a0, h = h), a0, as.character(a0), x, function(z) forecast(auto.arima(z), h = h))
  }
  s0 <- stlf(x, h = h, lambda = 0)
  fits$stlf0 <- record(s0, s0, s0$method, x, function(z) stlf(z, h = h))
  sa <- stlf(x, h = h, lambda = "auto")
  fits$stlfAuto <- record(sa, sa, sa$method, x, function(z) stlf(z, h = h))
  cases[[length(cases) + 1]] <<- list(
    series = name, periods = periods, frequency = frequency(x), n = length(x), h = h,
    values = as.numeric(x), guerrero = BoxCox.lambda(x, lower = -0.9), fits = fits
  )
}
one("AirPassengers", AirPassengers, 24)
one("USAccDeaths", USAccDeaths, 24)
one("UKgas", UKgas, 8)
one("H1", msts(m4series("H1"), seasonal.periods = c(24, 168)), 48, stlfOnly = TRUE)

out <- write_fixture("box-cox-forecasts.json", list(cases = cases))
cat("wrote", length(cases), "cases to", out, "\n")
