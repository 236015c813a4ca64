# What the fixture scripts share (each sources this after setting `script`, its own path): `root`,
# the repository's root, and write_fixture(), which writes one fixture of R's output.
library(jsonlite)

root <- normalizePath(file.path(dirname(script), "..", ".."))

# Writes test/fixtures/r/<file>: a JSON object of the script that made it, the R and forecast
# versions, then `fields`; every double as R holds it (digits = NA), NULL as null; `...` goes to
# toJSON (e.g. na = "null"). Returns the path written (invisibly).
write_fixture <- function(file, fields, ...) {
  out <- file.path(root, "test", "fixtures", "r", file)
  dir.create(dirname(out), showWarnings = FALSE, recursive = TRUE)
  made <- list(
    generator = file.path("bench", "r", basename(script)),
    r = paste(R.version$major, R.version$minor, sep = "."),
    forecast = as.character(packageVersion("forecast"))
  )
  con <- file(out, "wb")
  writeLines(toJSON(c(made, fields), auto_unbox = TRUE, digits = NA, null = "null", ...), con)
  close(con)
  invisible(out)
}
