# Writes test/fixtures/r/stl.json: R's stats::stl, forecast::mstl, forecast's seasonal strength
# (seas.heuristic) and nsdiffs, the reference for src/forecast/stats/stl.ts, mstl.ts and
# seasonal-strength.ts (test/forecast/stats/stl.test.ts, mstl.test.ts, seasonal-strength.test.ts
# compare against it; CI needs no R).
#
#   Rscript bench/r/stl-fixtures.R             (from the repository root; R 4.2, forecast 8.20)
#
# Cases:
#  - stl: co2, nottem, UKgas (period 4), AirPassengers, USAccDeaths with s.window "periodic" and
#    numeric (odd, even), robust on six; M4 Hourly H1 (period 24) and H170 (period 168).
#  - mstl: a ts (one period, iterate 1 as R does for a ts), an msts with one period (iterate 2), an
#    msts with c(24, 168) on H1 and H170, and one where 168 is dropped (too short).
#  - nsdiffs and the seasonal strength: the 12 seasonal series of the accuracy collection in full and
#    cut at their three rolling origins (n - k*h, k = 1..3), 10 M4 Hourly series with period 24 and
#    168, and a constant series.
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

series <- list()
for (entry in collection) {
  x <- get(entry[[1]], envir = asNamespace(entry[[2]]))
  series[[entry[[1]]]] <- list(period = frequency(x), horizon = entry[[3]], values = as.numeric(x))
}
m4 <- read.csv(file.path(root, "datasets", "m4", "Hourly-train.csv"), stringsAsFactors = FALSE)
m4ids <- c("H1", "H2", "H3", "H50", "H100", "H170", "H171", "H200", "H300", "H400")
for (id in m4ids) {
  row <- as.numeric(m4[m4$V1 == id, -1])
  series[[id]] <- list(period = 24, horizon = 48, values = row[!is.na(row)])
}
valuesOf <- function(name) series[[name]]$values

stlCases <- list()
oneStl <- function(name, period, s.window, robust = FALSE, ...) {
  x <- ts(valuesOf(name), frequency = period)
  fit <- stl(x, s.window = s.window, robust = robust, ...)
  extra <- list(...)
  stlCases[[length(stlCases) + 1]] <<- c(list(
    series = name, period = period, sWindow = s.window, robust = robust,
    windows = as.list(fit$win), jumps = as.list(fit$jump),
    seasonal = as.numeric(fit$time.series[, "seasonal"]),
    trend = as.numeric(fit$time.series[, "trend"]),
    remainder = as.numeric(fit$time.series[, "remainder"]),
    weights = as.numeric(fit$weights)
  ), extra)
}
oneStl("co2", 12, "periodic")
oneStl("co2", 12, 13)
oneStl("nottem", 12, "periodic")
oneStl("nottem", 12, 11)
oneStl("UKgas", 4, "periodic")
oneStl("UKgas", 4, 7)
oneStl("UKgas", 4, 8) # even: the Fortran raises it to 9
oneStl("AirPassengers", 12, 11)
# robust (inner 1, outer 15): R takes the median |remainder| with a partial sort (Chambers' psort)
# that now and then returns a wrong middle order statistic; on these four it never does ...
oneStl("co2", 12, 7, robust = TRUE)
oneStl("nottem", 12, "periodic", robust = TRUE)
oneStl("UKgas", 4, 7, robust = TRUE)
oneStl("ldeaths", 12, "periodic", robust = TRUE)
# ... on these it does (AirPassengers: in the 7th pass, the 60th and 73rd smallest of 144)
oneStl("AirPassengers", 12, 11, robust = TRUE)
oneStl("USAccDeaths", 12, "periodic", robust = TRUE)
oneStl("USAccDeaths", 12, 9, t.window = 20, s.degree = 1, t.jump = 1)
oneStl("H1", 24, 11)
oneStl("H170", 168, 15)
oneStl("H170", 168, "periodic")

mstlCases <- list()
oneMstl <- function(name, periods, msts) {
  v <- valuesOf(name)
  x <- if (msts) msts(v, seasonal.periods = periods) else ts(v, frequency = periods)
  fit <- suppressWarnings(mstl(x))
  cols <- colnames(fit)
  seas <- grep("Season", cols)
  mstlCases[[length(mstlCases) + 1]] <<- list(
    series = name, periods = periods, msts = msts, iterate = if (msts) 2 else 1,
    keptPeriods = as.numeric(sub("Seasonal", "", cols[seas])),
    trend = as.numeric(fit[, "Trend"]),
    seasonals = lapply(seas, function(i) as.numeric(fit[, i])),
    remainder = as.numeric(fit[, "Remainder"])
  )
}
oneMstl("AirPassengers", 12, FALSE)
oneMstl("UKgas", 4, FALSE)
oneMstl("AirPassengers", 12, TRUE)
oneMstl("H1", c(24, 168), TRUE)
oneMstl("H170", c(24, 168), TRUE)
oneMstl("H2", c(24, 168), TRUE)
oneMstl("nottem", c(12, 120), TRUE) # 120 >= 240 / 2: dropped
oneMstl("Nile", 1, FALSE) # non-seasonal: supsmu trend
oneMstl("BJsales", 1, FALSE)

nsdiffsCases <- list()
oneNsdiffs <- function(name, v, period) {
  x <- ts(v, frequency = period)
  strength <- tryCatch(forecast:::seas.heuristic(x), error = function(e) NULL)
  nsdiffsCases[[length(nsdiffsCases) + 1]] <<- list(
    series = name, n = length(v), period = period,
    strength = strength, D = nsdiffs(x)
  )
}
for (entry in collection) {
  name <- entry[[1]]
  s <- series[[name]]
  if (s$period < 2) next
  n <- length(s$values)
  for (k in 0:3) oneNsdiffs(name, s$values[seq_len(n - k * s$horizon)], s$period)
}
for (id in m4ids) {
  oneNsdiffs(id, valuesOf(id), 24)
  oneNsdiffs(id, valuesOf(id), 168)
}
oneNsdiffs("AirPassengers", valuesOf("AirPassengers")[1:24], 12) # n = 2m: stl refuses, D = 0
oneNsdiffs("AirPassengers", valuesOf("AirPassengers")[1:12], 12) # m >= n
oneNsdiffs("constant", rep(42.5, 40), 12)
oneNsdiffs("nearlyConstant", 42.5 + c(1e-9, rep(0, 39)), 12) # forecast's is.constant: all.equal

out <- write_fixture("stl.json", list(series = series, stl = stlCases, mstl = mstlCases, nsdiffs = nsdiffsCases))
cat("wrote", length(stlCases), "stl,", length(mstlCases), "mstl,", length(nsdiffsCases), "nsdiffs cases to", out, "\n")
