"""`python -m crawler` is `newsmon`, for child processes that must use this interpreter."""

from crawler.cli import cli

if __name__ == "__main__":  # not when a spawned extraction worker imports it
    cli()
