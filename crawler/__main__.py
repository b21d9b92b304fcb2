"""`python -m crawler` is `newsmon`, for child processes that must use this interpreter."""

if __name__ == "__main__":  # not when a spawned extraction worker imports it as __mp_main__
    # imported here: a worker would load the whole CLI (click included, 60 ms) for nothing
    from crawler.cli import cli

    cli()
