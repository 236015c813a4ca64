# Writes test/fixtures/r/arima.json: R's forecast::Arima and forecast::auto.arima (forecast 8.20),
# the reference for src/forecast/stats/arima*.ts and auto-arima.ts
# (test/forecast/stats/arima.test.ts compares against it; CI needs no R).
#
#   Rscript bench/r/arima-fixtures.R           (from anywhere; R 4.2, forecast 8.20)
#
# (a) fixed orders: Arima(y, order, seasonal, include.mean / include.drift) on classic series and
#     one long M4 hourly series (m = 24): coefficients, sigma2 (forecast's, the one intervals use),
#     loglik, aic, aicc, bic, and forecast(fit, h, level = c(80, 95)): mean, lower, upper.
# (b) auto.arima(y) with its defaults on the 15 collection series, on their first rolling-origin
#     fold's training part (docs/accuracy.md: n - 3h values, n - 2h for the 72-value USAccDeaths and
#     ldeaths), and on a few M4 hourly series: the chosen orders, the constant (mean / drift / none),
#     coefficients, aicc, the forecasts, and the seconds auto.arima took here (for the speed report).
# Every series' values are stored, so the tests need nothing else.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

hourly <- read.csv(file.path(root, "datasets/m4/Hourly-train.csv"), stringsAsFactors = FALSE)
hourlySeries <- function(id) {
  row <- hourly[hourly[, 1] == id, -1]
  v <- as.numeric(row)
  ts(v[!is.na(v)], frequency = 24)
}

constantOf <- function(fit) {
  nm <- names(coef(fit))
  if ("drift" %in% nm) "drift" else if ("intercept" %in% nm) "mean" else "none"
}

describe <- function(fit, x, h) {
  fc <- forecast(fit, h = h, level = c(80, 95))
  list(
    method = forecast:::arima.string(fit),
    order = unname(fit$arma[c(1, 6, 2)]), seasonal = unname(fit$arma[c(3, 7, 4)]), period = fit$arma[5],
    constant = constantOf(fit),
    coef = I(unname(as.numeric(coef(fit)))), coefNames = I(as.character(names(coef(fit)))),
    sigma2 = fit$sigma2, loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic,
    h = h, mean = as.numeric(fc$mean),
    lower = list(as.numeric(fc$lower[, 1]), as.numeric(fc$lower[, 2])),
    upper = list(as.numeric(fc$upper[, 1]), as.numeric(fc$upper[, 2]))
  )
}

fixedCase <- function(name, x, order, seasonal = c(0, 0, 0), h, mean = TRUE, drift = FALSE, log = FALSE) {
  y <- if (log) log(x) else x
  fit <- Arima(y, order = order, seasonal = seasonal, include.mean = mean, include.drift = drift)
  c(list(name = name, period = frequency(y), values = as.numeric(y)), describe(fit, y, h))
}

data(list = c("lynx", "Nile", "AirPassengers", "USAccDeaths", "JohnsonJohnson", "austres", "co2", "BJsales", "nottem", "UKgas"), package = "datasets")
fixed <- list(
  fixedCase("lynx AR(2) with mean", lynx, c(2, 0, 0), h = 10),
  fixedCase("lynx AR(3) with mean", lynx, c(3, 0, 0), h = 10),
  fixedCase("lynx ARMA(2,1) with mean", lynx, c(2, 0, 1), h = 10),
  fixedCase("Nile ARIMA(1,1,1)", Nile, c(1, 1, 1), h = 10),
  fixedCase("log AirPassengers ARIMA(0,1,1)(0,1,1)[12]", AirPassengers, c(0, 1, 1), c(0, 1, 1), h = 24, log = TRUE),
  fixedCase("USAccDeaths ARIMA(0,1,1)(0,1,1)[12]", USAccDeaths, c(0, 1, 1), c(0, 1, 1), h = 18),
  fixedCase("JohnsonJohnson ARIMA(1,0,0)(0,1,1)[4] with drift", JohnsonJohnson, c(1, 0, 0), c(0, 1, 1), h = 8, drift = TRUE),
  fixedCase("austres ARIMA(2,1,0) with drift", austres, c(2, 1, 0), h = 8, drift = TRUE),
  fixedCase("BJsales ARIMA(1,1,1) with drift", BJsales, c(1, 1, 1), h = 12, drift = TRUE),
  fixedCase("co2 ARIMA(1,1,1)(0,1,1)[12]", co2, c(1, 1, 1), c(0, 1, 1), h = 18),
  fixedCase("nottem ARIMA(1,0,0)(2,1,0)[12]", nottem, c(1, 0, 0), c(2, 1, 0), h = 18),
  fixedCase("UKgas ARIMA(0,1,1)(0,1,1)[4] on logs", UKgas, c(0, 1, 1), c(0, 1, 1), h = 8, log = TRUE),
  fixedCase("M4 H1 ARIMA(1,0,1)(0,1,1)[24]", hourlySeries("H1"), c(1, 0, 1), c(0, 1, 1), h = 48)
)

autoCase <- function(name, x, h) {
  t0 <- proc.time()[["elapsed"]]
  fit <- auto.arima(x)
  seconds <- proc.time()[["elapsed"]] - t0
  c(list(name = name, period = frequency(x), values = as.numeric(x), seconds = seconds), describe(fit, x, h))
}

auto <- list()
for (s in collection) {
  name <- s[[1]]
  h <- s[[3]]
  e <- new.env()
  data(list = name, package = s[[2]], envir = e)
  x <- get(name, envir = e)
  n <- length(x)
  auto[[length(auto) + 1]] <- autoCase(name, x, h)
  k <- if (n - 3 * h >= 2 * max(frequency(x), 1) && frequency(x) > 1 || frequency(x) == 1) 3 else 2
  if (n - k * h < 2 * frequency(x)) k <- 2
  cut <- ts(x[1:(n - k * h)], frequency = frequency(x), start = start(x))
  auto[[length(auto) + 1]] <- autoCase(sprintf("%s first fold (%d values)", name, n - k * h), cut, h)
}
for (id in c("H1", "H2", "H100", "H200")) auto[[length(auto) + 1]] <- autoCase(sprintf("M4 %s", id), hourlySeries(id), 48)

# ndiffs (KPSS, forecast's lag rule trunc(3 sqrt(n) / 13)) and the first KPSS statistic on each collection series
kpss <- list()
for (s in collection) {
  e <- new.env()
  suppressWarnings(data(list = s[[1]], package = s[[2]], envir = e))
  x <- as.numeric(get(s[[1]], envir = e))
  stat <- urca::ur.kpss(x, type = "mu", use.lag = trunc(3 * sqrt(length(x)) / 13))@teststat
  kpss[[length(kpss) + 1]] <- list(name = s[[1]], values = x, statistic = stat, ndiffs = ndiffs(x))
}

# Known difference: on M4 H200, R's CSS-ML fit of ARIMA(1,1,1)(2,1,1)[24] fails ("initial value in
# 'vmmin' is not finite": Gardner et al.'s initial covariance, R's default SSinit, is wrong near
# non-stationarity, as ?KalmanLike warns), so auto.arima moves on. With the exact initial covariance
# (SSinit = "Rossignol2011") R fits it; seqcast computes the exact covariance, so it fits it too.
h200 <- hourlySeries("H200")
gardner <- tryCatch({ Arima(h200, c(1, 1, 1), c(2, 1, 1)); "no error" }, error = function(e) conditionMessage(e))
rossignol <- Arima(h200, c(1, 1, 1), c(2, 1, 1), SSinit = "Rossignol2011")
knownDifferences <- list(list(
  name = "M4 H200 ARIMA(1,1,1)(2,1,1)[24]", period = 24, values = as.numeric(h200),
  order = c(1, 1, 1), seasonal = c(2, 1, 1), gardnerError = gardner,
  rossignol = list(coef = I(unname(as.numeric(coef(rossignol)))), loglik = rossignol$loglik, aicc = rossignol$aicc)
))

# R's error for a non-stationary CSS start
explosive <- 1.5^(1:12) + c(0.3, -0.2, 0.1, 0.4, -0.3, 0.2, -0.1, 0.3, -0.2, 0.1, 0, 0.2)
cssError <- tryCatch({ Arima(explosive, c(1, 0, 0), include.mean = FALSE); "no error" }, error = function(e) conditionMessage(e))

write_fixture("arima.json", list(
  kpss = kpss, knownDifferences = knownDifferences,
  nonStationaryCss = list(values = explosive, order = c(1, 0, 0), error = cssError),
  fixed = fixed, auto = auto
))
