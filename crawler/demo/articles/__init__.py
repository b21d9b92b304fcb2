"""Article data of the sample site, one TOML file per demo source (a package so it ships)."""
