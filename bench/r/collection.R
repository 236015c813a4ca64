# The accuracy collection as the R scripts here read it (sourced by export-collection.R and the
# fixture scripts): each series' name, the R package that holds it and its M4 horizon (18 monthly,
# 8 quarterly, 6 yearly; BJsales, frequency 1 but no years: 12); and, from fixture.R, `root` (the
# repository's root, found from the running script's own path) and write_fixture().
collection <- list(
  list("AirPassengers", "datasets", 18), list("co2", "datasets", 18), list("nottem", "datasets", 18),
  list("UKgas", "datasets", 8), list("USAccDeaths", "datasets", 18), list("ldeaths", "datasets", 18),
  list("UKDriverDeaths", "datasets", 18), list("JohnsonJohnson", "datasets", 8), list("austres", "datasets", 8),
  list("lynx", "datasets", 6), list("Nile", "datasets", 6), list("BJsales", "datasets", 12),
  list("gas", "forecast", 18), list("wineind", "forecast", 18), list("woolyrnq", "forecast", 8)
)

source(file.path(dirname(script), "fixture.R")) # root, write_fixture
