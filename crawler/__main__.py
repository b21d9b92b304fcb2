"""`python -m crawler` is `newsmon`, for child processes that must use this interpreter."""

from crawler.cli import cli

cli()
