# Fixtures for seqcast's ETS (src/forecast/stats/ets*.ts): R's forecast::ets() on a fixed set of
# classic series, for the automatic choice and for fixed model forms.
#
#   Rscript bench/r/ets-fixtures.R > test/fixtures/r/ets.json
#
# Needs R with the forecast package (8.20 was used: Debian r-cran-forecast) and jsonlite. The
# series' values go into the fixture, so the tests need no R. For each fit it records the chosen
# form, the smoothing parameters, R's initial-state heuristic (forecast:::initstate) and the
# optimised initial states, the likelihood criterion R minimises (-2 loglik = n log(SSE) [+ 2 sum
# log|yhat|]), AIC/AICc/BIC, sigma2, the states after the last value, and the forecasts:
#   mean:      forecast(fit, h, level = c(80, 95))$mean, what R users see (R's forecast mean: for
#              models with a multiplicative season it adds a sigma2 term for h > m and, when
#              damped, starts with an undamped step; otherwise it is the point forecast);
#   point:     the same recursions with zero error from R's final states, computed here;
#   intervals: the same call's 80 % and 95 % prediction intervals (lower and upper, one array per
#              level) and z = qnorm((1 + level/100) / 2), so the tests need no normal quantile.
#              R builds them as mean -/+ z * sqrt(variance) from its analytical forecast variance
#              (forecast:::class1, class2, class3); the script checks that the midpoints are the
#              mean. null where R gives no interval.
suppressMessages({
  library(forecast)
  library(jsonlite)
})

series <- list(
  AirPassengers = AirPassengers, co2 = co2, nottem = nottem, UKgas = UKgas,
  USAccDeaths = USAccDeaths, JohnsonJohnson = JohnsonJohnson, austres = austres,
  lynx = lynx, Nile = Nile, BJsales = BJsales, wineind = wineind, woolyrnq = woolyrnq,
  ldeaths = ldeaths
)
# short series: the Fourier-regression initial states (n < 3m) and R's rules for few values
short <- list(
  USAccDeaths30 = ts(USAccDeaths[1:30], frequency = 12),
  ldeaths26 = ts(ldeaths[1:26], frequency = 12),
  UKgas10 = ts(UKgas[1:10], frequency = 4),
  Nile12 = ts(Nile[1:12], frequency = 1),
  Nile6 = ts(Nile[1:6], frequency = 1),
  # values of both signs: only additive models are candidates
  BJsalesShifted = BJsales - 230
)

nonseasonalForms <- c("ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN")
seasonalForms <- c("ANA", "AAA", "AAdA", "MNA", "MAA", "MAdA", "MNM", "MAM", "MAdM")

# the point forecasts: l + (phi + ... + phi^k) b, plus or times the seasonal state of that phase
pointForecast <- function(state, trend, season, phi, m, h) {
  l <- state[1]
  b <- if (trend != "N") state[2] else 0
  s <- if (season != "N") state[(2 + (trend != "N")):length(state)] else NULL
  sapply(1:h, function(k) {
    f <- l + if (trend != "N") sum(phi^(1:k)) * b else 0
    if (season == "N") return(f)
    j <- ((m - k) %% m) + 1 # s[1] is the most recent seasonal state
    if (season == "A") f + s[j] else f * s[j]
  })
}

levels <- c(80, 95)

# the prediction intervals of a forecast() call, one array per level, and each level's z
intervalsOf <- function(fc) {
  if (is.null(fc$lower)) return(NULL)
  z <- qnorm((1 + levels / 100) / 2)
  lower <- lapply(seq_along(levels), function(i) I(as.numeric(fc$lower[, i])))
  upper <- lapply(seq_along(levels), function(i) I(as.numeric(fc$upper[, i])))
  # R's intervals are symmetric about the mean: mean -/+ z * sd
  for (i in seq_along(levels)) {
    stopifnot(all(abs((lower[[i]] + upper[[i]]) / 2 - fc$mean) <= 1e-9 * pmax(1, abs(fc$mean))))
  }
  list(level = I(levels), z = I(z), lower = lower, upper = upper)
}

record <- function(y, fit, form = NULL) {
  n <- length(y)
  comp <- fit$components
  damped <- comp[4] == "TRUE"
  phi <- if (damped) unname(fit$par["phi"]) else 1
  m <- frequency(y)
  h <- if (m > 1) 2 * m else 8
  final <- as.numeric(fit$states[n + 1, ])
  par <- fit$par[intersect(c("alpha", "beta", "gamma", "phi"), names(fit$par))]
  fc <- forecast(fit, h = h, level = levels)
  # asking for intervals does not move the mean
  stopifnot(identical(as.numeric(fc$mean), as.numeric(forecast(fit, h = h, PI = FALSE)$mean)))
  out <- list(
    form = form,
    method = fit$method,
    error = comp[1], trend = comp[2], season = comp[3], damped = damped,
    par = as.list(par),
    nParams = length(fit$par),
    initState = I(as.numeric(fit$initstate)),
    finalState = I(final),
    loglik = fit$loglik, aic = fit$aic, aicc = fit$aicc, bic = fit$bic, sigma2 = fit$sigma2,
    mean = as.numeric(fc$mean),
    point = pointForecast(final, comp[2], comp[3], phi, if (comp[3] == "N") 1 else m, h),
    intervals = intervalsOf(fc)
  )
  # R's fallback for very short series (Holt-Winters on the sum of squares) has no likelihood
  if (!is.null(fit$SSE)) out$sse <- fit$SSE
  if (!is.null(form)) {
    trend <- substr(form, 2, 2)
    season <- substr(form, nchar(form), nchar(form))
    out$heuristic <- I(as.numeric(forecast:::initstate(y, trend, season)))
  }
  out
}

fitSeries <- function(name, y, forms) {
  auto <- ets(y)
  fixed <- lapply(forms, function(form) {
    damped <- grepl("d", form)
    model <- gsub("d", "", form)
    fit <- tryCatch(ets(y, model = model, damped = damped), error = function(e) conditionMessage(e))
    if (is.character(fit)) list(form = form, failed = fit) else record(y, fit, form)
  })
  list(name = name, period = frequency(y), values = I(as.numeric(y)), auto = record(y, auto), fixed = fixed)
}

all <- c(series, short)
out <- lapply(names(all), function(name) {
  y <- all[[name]]
  forms <- if (frequency(y) > 1) c(nonseasonalForms, seasonalForms) else nonseasonalForms
  fitSeries(name, y, forms)
})

cat(toJSON(list(
  generator = "bench/r/ets-fixtures.R",
  r = R.version.string,
  forecast = as.character(packageVersion("forecast")),
  series = out
), auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE))
cat("\n")
