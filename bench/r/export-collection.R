# Writes the accuracy collection (docs: /work/shared/docs/accuracy.md, datasets/collection/README.md):
# 15 classic series from R's `datasets` and `forecast` packages, one CSV each under
# datasets/collection/, and datasets/collection/index.json (name, file, period, horizon, ...).
#
#   Rscript bench/r/export-collection.R        (from the repository root; R 4.2, forecast 8.20)
#
# Each CSV has a `date` column (ISO YYYY-MM-DD: the first day of the month, of the quarter or of the
# year the value belongs to) and a `value` column; BJsales has no calendar, so it has an integer
# index `t` (1..150) instead of `date`. Values are written with 15 significant digits, which gives
# back R's doubles exactly for these series (all have at most 6 significant digits).
suppressPackageStartupMessages(library(forecast))
library(jsonlite)


args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
source(file.path(dirname(script), "collection.R")) # collection, root
out <- file.path(root, "datasets", "collection")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

num <- function(v) sprintf("%.15g", v)
index <- list()
for (entry in collection) {
  name <- entry[[1]]
  pkg <- entry[[2]]
  horizon <- entry[[3]]
  x <- get(name, envir = asNamespace(pkg))
  m <- frequency(x)
  n <- length(x)
  values <- as.numeric(x)
  if (any(!is.finite(values))) stop(name, " has missing values")
  file <- paste0(name, ".csv")
  calendar <- name != "BJsales"
  if (calendar) {
    # the year and the 0-based step within it of every value, from the ts attributes
    t <- round(as.numeric(time(x)) * m)
    year <- t %/% m
    month <- (t %% m) * (12 / m) + 1
    dates <- sprintf("%04d-%02d-01", year, month)
    lines <- c("date,value", paste(dates, num(values), sep = ","))
  } else {
    dates <- NULL
    lines <- c("t,value", paste(seq_len(n), num(values), sep = ","))
  }
  con <- file(file.path(out, file), "wb") # LF line ends on every platform
  writeLines(lines, con)
  close(con)
  stopifnot(all(as.numeric(sub("^[^,]*,", "", lines[-1])) == values)) # the text gives back R's doubles
  index[[length(index) + 1]] <- Filter(Negate(is.null), list(
    name = name, file = file, package = pkg,
    frequency = c("1" = if (calendar) "yearly" else "none", "4" = "quarterly", "12" = "monthly")[[as.character(m)]],
    period = m, length = n, horizon = horizon,
    start = if (calendar) dates[1] else NULL, end = if (calendar) dates[n] else NULL,
    dateColumn = if (calendar) "date" else NULL, indexColumn = if (calendar) NULL else "t", valueColumn = "value"
  ))
}
con <- file(file.path(out, "index.json"), "wb")
writeLines(toJSON(list(
  description = "The accuracy collection: 15 classic series from R's datasets and forecast packages (see README.md)",
  generator = "bench/r/export-collection.R",
  r = paste(R.version$major, R.version$minor, sep = "."),
  forecast = as.character(packageVersion("forecast")),
  series = index
), auto_unbox = TRUE, pretty = TRUE), con)
close(con)
cat("wrote", length(index), "series to", out, "\n")
