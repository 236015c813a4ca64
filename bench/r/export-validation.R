# Writes the validation set (datasets/validation/): monthly and quarterly series from R packages
# that Debian installs (datasets, AER, tseries, urca, lmtest), none of them in the accuracy
# collection, for choosing auto's rules on data the collection's test folds never touch
# (bench/auto-study.ts --collection validation; docs/accuracy.md). Same format as
# datasets/collection/ (one CSV each, index.json), read by the same reader.
#
#   apt-get install -y r-cran-forecast r-cran-aer     (forecast brings tseries, urca and lmtest)
#   Rscript bench/r/export-validation.R                (from the repository root)
#
# The list is every monthly or quarterly series those packages hold, less (fixed before any
# forecast was run on them):
#   - the accuracy collection's series and their copies or parts: MASS's accdeaths (USAccDeaths),
#     deaths (ldeaths) and drivers (UKDriverDeaths); Seatbelts' drivers and DriversKilled (a part
#     of UKDriverDeaths) and law (a 0/1 dummy);
#   - series with missing values (presidents; USMacroG's inflation and interest; USMacroSWM's
#     expenditure and oil);
#   - copies: tseries' GNP, M1, rl, rs (USeconomic's columns), tcm1y ... (tcm's), nino3 and nino3.4
#     (nino's), sunspots (the start of sunspot.month); lmtest's dy* columns (lags and differences
#     of y); USMacroG's and USMacroSW's and USMacroSWQ's tbill beyond the first (USMacroB's);
#   - growthofmoney (19 values: too short for three folds).
# Each series keeps its last 20 years at most (240 months, 80 quarters: R's auto.arima takes
# minutes a fold on the longest, up to 3,177 months, and the collection's longest is 476).
# Horizons are M4's: 18 monthly, 8 quarterly.
suppressPackageStartupMessages({
  library(jsonlite)
  library(AER)
  library(tseries)
  library(urca)
  library(lmtest)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
root <- normalizePath(file.path(dirname(script), "..", ".."))
out <- file.path(root, "datasets", "validation")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

# package, data set, column (NA: the series itself)
list_of <- function(pkg, set, cols = NA) lapply(cols, function(col) list(pkg, set, col))
wanted <- c(
  list_of("datasets", "Seatbelts", c("front", "rear", "kms", "PetrolPrice", "VanKilled")),
  list_of("datasets", "sunspot.month"), list_of("datasets", "freeny.y"),
  list_of("AER", "ArgentinaCPI"), list_of("AER", "BondYield"), list_of("AER", "DutchSales"),
  list_of("AER", "FrozenJuice", c("price", "ppi", "fdd")),
  list_of("AER", "GermanUnemployment", c("unadjusted", "adjusted")),
  list_of("AER", "OrangeCounty", c("employment", "gnp")),
  list_of("AER", "PepperPrice", c("black", "white")),
  list_of("AER", "UKInflation", c("actual", "expected")), list_of("AER", "UKNonDurables"),
  list_of("AER", "USMacroB", c("gnp", "mbase", "tbill")),
  list_of("AER", "USMacroG", c("gdp", "consumption", "invest", "government", "dpi", "cpi", "m1", "unemp", "population")),
  list_of("AER", "USMacroSW", c("unemp", "cpi", "ffrate", "tbond", "gbpusd", "gdpjp")),
  list_of("AER", "USMacroSWM", c("production", "cpi")), list_of("AER", "USMacroSWQ", "gdp"),
  list_of("AER", "USMoney", c("gnp", "m1", "deflator")),
  list_of("AER", "USProdIndex", c("unadjusted", "adjusted")),
  list_of("AER", "USStocksSW", c("returns", "dividend")),
  list_of("tseries", "USeconomic", c("log(M1)", "log(GNP)", "rs", "rl")),
  list_of("tseries", "nino", c("nino3", "nino3.4")), list_of("tseries", "tcm", c("tcm1y", "tcm3y", "tcm5y", "tcm10y")),
  list_of("urca", "UKconsumption", c("cons", "inc", "price")),
  list_of("lmtest", "bondyield", c("RAARUS", "MOOD", "EPI", "EXP", "Y", "K", "RUS")),
  list_of("lmtest", "currencysubstitution", c("logCUS", "Iu", "Ic", "logY")),
  list_of("lmtest", "valueofstocks", c("VST", "MB", "RTPD", "RTPS", "XBC")),
  list_of("lmtest", "fyff", "y"), list_of("lmtest", "gmdc", "y"), list_of("lmtest", "ip", "y"),
  list_of("lmtest", "jocci", "y"), list_of("lmtest", "lhur", "y"), list_of("lmtest", "pw561", "y")
)

# 15 significant digits, or 17 where 15 do not give back R's double exactly
# a data set's title in its package's documentation (for the README's table); each package's
# documentation is read once
rd_dbs <- new.env()
title_of <- function(pkg, topic) {
  if (is.null(rd_dbs[[pkg]])) rd_dbs[[pkg]] <- tools::Rd_db(pkg)
  for (rd in rd_dbs[[pkg]]) {
    if (topic %in% tools:::.Rd_get_metadata(rd, "alias")) return(paste(tools:::.Rd_get_metadata(rd, "title"), collapse = " "))
  }
  stop("no documentation for ", pkg, "::", topic)
}

YEARS <- 20

# "1975-10" for a month, "1975 Q4" for a quarter (t: the year times m plus the 0-based step)
when <- function(t, m) if (m == 12) sprintf("%04d-%02d", t %/% m, t %% m + 1) else sprintf("%04d Q%d", t %/% m, t %% m + 1)

num <- function(v) ifelse(as.numeric(sprintf("%.15g", v)) == v, sprintf("%.15g", v), sprintf("%.17g", v))
index <- list()
rows <- character(0)
for (w in wanted) {
  pkg <- w[[1]]; set <- w[[2]]; col <- w[[3]]
  e <- new.env()
  if (pkg == "datasets") x <- get(set, envir = asNamespace(pkg)) else {
    data(list = set, package = pkg, envir = e)
    x <- get(set, envir = e)
  }
  if (!is.na(col)) x <- x[, col]
  m <- frequency(x)
  stopifnot(m %in% c(4, 12), !anyNA(x))
  if (length(x) > YEARS * m) x <- window(x, start = time(x)[length(x) - YEARS * m + 1])
  name <- gsub("[^A-Za-z0-9.]+", "_", if (is.na(col)) set else paste(set, col, sep = "."))
  name <- sub("_$", "", name)
  values <- as.numeric(x)
  t <- round(as.numeric(time(x)) * m)
  dates <- sprintf("%04d-%02d-01", t %/% m, (t %% m) * (12 / m) + 1)
  lines <- c("date,value", paste(dates, num(values), sep = ","))
  file <- paste0(name, ".csv")
  con <- file(file.path(out, file), "wb")
  writeLines(lines, con)
  close(con)
  stopifnot(all(as.numeric(sub("^[^,]*,", "", lines[-1])) == values))
  rows <- c(rows, sprintf(
    "| `%s` | %s | `%s`%s | %s | %s | %d | %s – %s |", name, pkg, set, if (is.na(col)) "" else sprintf(" column `%s`", col),
    title_of(pkg, set), if (m == 12) "monthly" else "quarterly", length(values), when(t[1], m), when(t[length(t)], m)
  ))
  index[[length(index) + 1]] <- list(
    name = name, file = file, package = pkg, frequency = if (m == 12) "monthly" else "quarterly",
    period = m, length = length(values), horizon = if (m == 12) 18 else 8,
    start = dates[1], end = dates[length(dates)], dateColumn = "date", valueColumn = "value"
  )
}
con <- file(file.path(out, "index.json"), "wb")
writeLines(toJSON(list(
  description = "The validation set: monthly and quarterly series from R packages, none in the accuracy collection (bench/r/export-validation.R)",
  generator = "bench/r/export-validation.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  packages = sapply(c("AER", "tseries", "urca", "lmtest"), function(p) as.character(packageVersion(p)), simplify = FALSE),
  series = index
), auto_unbox = TRUE, pretty = TRUE), con)
close(con)
con <- file(file.path(out, "README.md"), "wb")
writeLines(c(
  "# The validation set",
  "",
  sprintf("%d monthly and quarterly series from R packages that Debian installs, none of them in the accuracy", length(index)),
  "collection (`datasets/collection/`) nor a copy or part of one of its series: data for choosing auto's",
  "rules that the collection's test folds never touch (`bench/auto-study.ts --collection validation`,",
  "`npm run bench:accuracy -- --collection validation`; docs/accuracy.md). `bench/r/export-validation.R`",
  sprintf("writes every file here, from R %s.%s with %s", R.version$major, R.version$minor,
          paste(sprintf("%s %s", c("AER", "tseries", "urca", "lmtest"), sapply(c("AER", "tseries", "urca", "lmtest"), function(p) as.character(packageVersion(p)))), collapse = ", ")),
  "(`Rscript bench/r/export-validation.R` from the repository root, after `apt-get install -y r-cran-forecast",
  "r-cran-aer`); do not edit them by hand. The script's header says which series the packages hold that are",
  "left out, and why.",
  "",
  "The files are in the collection's format: a `date` column (the first day of the month or quarter) and a",
  "`value` column, with R's doubles written exactly (15 significant digits, 17 where 15 do not give them back);",
  "`index.json` lists them (name, file, package, frequency, period, length, M4 horizon: 18 monthly, 8 quarterly).",
  "Each series is its data set's last 20 years at most (240 months, 80 quarters).",
  "",
  "| series | package | data set | what (its documentation's title) | frequency | length | first – last |",
  "|---|---|---|---|---|---|---|",
  rows,
  "",
  "## Licence",
  "",
  "The series come with R's `datasets` package (distributed with R, GNU GPL-2 | GPL-3) and with the packages",
  sprintf("AER, tseries, urca and lmtest (%s), whose documentation (`?Seatbelts`, `?USMacroG` ...) names each",
          paste(sapply(c("AER", "tseries", "urca", "lmtest"), function(p) sprintf("%s: %s", p, packageDescription(p)$License)), collapse = "; ")),
  "one's original source; cite that source when you publish results on them."
), con)
close(con)
cat("wrote", length(index), "series to", out, "\n")
