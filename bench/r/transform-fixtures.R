# Writes test/fixtures/r/box-cox.json: R's forecast::BoxCox.lambda(x, method = "guerrero", lower = -1,
# upper = 2), BoxCox(x, lambda) and InvBoxCox(z, lambda), the reference for
# src/data/transforms/box-cox.ts and guerrero.ts (test/data/transforms/box-cox.test.ts compares
# against it; CI needs no R).
#
#   Rscript bench/r/transform-fixtures.R        (from the repository root; R 4.2, forecast 8.20)
#
# Cases:
#  - lambda: each of the 15 series of datasets/collection/ in full and cut at the three rolling
#    origins of docs/accuracy.md (n - k*h, k = 1..3), plus short series: BoxCox.lambda's lambda, and
#    Guerrero's criterion (forecast:::guer.cv, the coefficient of variation of sd / mean^(1 - lambda)
#    over the last floor(n / p) blocks of p = max(2, frequency) values) at a grid of lambdas, so a test
#    can check the criterion apart from the optimiser. `degenerate` marks a case where the criterion
#    is undefined at every lambda (one block, or every block constant): R's optimize then replaces
#    NaN by the largest double and drifts to the upper bound; seqcast returns 1 there instead.
#  - boxCox: BoxCox(x, lambda) and InvBoxCox of that, for AirPassengers, UKgas, co2, lynx, wineind
#    and a short series with their Guerrero lambda, and for AirPassengers and lynx with fixed
#    lambdas -1, -0.5, 0, 0.5, 1, 2; plus InvBoxCox on a grid of z values past the data's range (as
#    forecasts are), kept below -1/lambda when lambda < 0, where R's inverse is NA.
suppressPackageStartupMessages(library(forecast))

grid <- c(-1, -0.5, 0, 0.3, 1, 2)

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root

# NA (undefined) criterion values are written as null
criterion <- function(x) sapply(grid, function(l) {
  v <- forecast:::guer.cv(l, x)
  if (is.finite(v)) v else NA
})

lambdaCase <- function(name, x) {
  lambda <- suppressWarnings(BoxCox.lambda(x, method = "guerrero", lower = -1, upper = 2))
  short <- length(x) <= 2 * frequency(x)
  cv <- if (short) NULL else criterion(x)
  list(
    series = name, n = length(x), period = frequency(x), short = short,
    degenerate = !short && all(is.na(cv)),
    lambda = lambda, criterion = cv
  )
}

series <- list()
lambdas <- list()
for (entry in collection) {
  name <- entry[[1]]
  h <- entry[[3]]
  x <- get(name, envir = asNamespace(entry[[2]]))
  n <- length(x)
  series[[name]] <- list(period = frequency(x), values = as.numeric(x))
  for (k in 0:3) {
    lambdas[[length(lambdas) + 1]] <- lambdaCase(name, ts(x[seq_len(n - k * h)], start = start(x), frequency = frequency(x)))
  }
}
# short series: n <= 2 * frequency (R returns 1 without looking), just above it, a yearly one of 3
# values (one block of 2: the criterion is undefined), and a constant one (every block constant)
extra <- list(
  list("AirPassengers", 24), list("AirPassengers", 25), list("AirPassengers", 30),
  list("UKgas", 9), list("lynx", 3), list("lynx", 4), list("lynx", 10)
)
for (entry in extra) {
  x <- get(entry[[1]])
  lambdas[[length(lambdas) + 1]] <- lambdaCase(entry[[1]], ts(x[seq_len(entry[[2]])], start = start(x), frequency = frequency(x)))
}
series[["constant"]] <- list(period = 12, values = rep(42.5, 40))
lambdas[[length(lambdas) + 1]] <- lambdaCase("constant", ts(rep(42.5, 40), frequency = 12))

boxCoxCase <- function(name, x, lambda, fixed) {
  z <- as.numeric(BoxCox(x, lambda))
  # forecast-like values: past both ends of the transformed data, below -1/lambda when lambda < 0
  hi <- max(z) + 0.5 * diff(range(z))
  if (lambda < 0) hi <- min(hi, -1 / lambda - 1e-3 * abs(1 / lambda))
  zGrid <- seq(min(z) - 0.5 * diff(range(z)), hi, length.out = 11)
  list(
    series = name, n = length(x), lambda = lambda, fixed = fixed,
    transformed = z, inverse = as.numeric(InvBoxCox(BoxCox(x, lambda), lambda)),
    zGrid = zGrid, zGridInverse = as.numeric(InvBoxCox(zGrid, lambda))
  )
}
boxCox <- list()
for (name in c("AirPassengers", "UKgas", "co2", "lynx", "wineind")) {
  x <- get(name)
  boxCox[[length(boxCox) + 1]] <- boxCoxCase(name, x, BoxCox.lambda(x, method = "guerrero", lower = -1, upper = 2), FALSE)
}
x <- ts(AirPassengers[1:30], start = start(AirPassengers), frequency = 12)
boxCox[[length(boxCox) + 1]] <- boxCoxCase("AirPassengers", x, BoxCox.lambda(x, method = "guerrero", lower = -1, upper = 2), FALSE)
for (name in c("AirPassengers", "lynx")) {
  for (lambda in c(-1, -0.5, 0, 0.5, 1, 2)) boxCox[[length(boxCox) + 1]] <- boxCoxCase(name, get(name), lambda, TRUE)
}

out <- write_fixture("box-cox.json", list(
  tolerance = .Machine$double.eps^0.25, grid = grid, series = series, lambdas = lambdas, boxCox = boxCox
), na = "null")
cat("wrote", length(lambdas), "lambda cases and", length(boxCox), "Box-Cox cases to", out, "\n")
