"""Running crawls: in this process (once: Twisted's reactor cannot restart) or in a child."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.config import ENV_VAR, Config

# Our own modules log progress and problems at INFO; Scrapy's INFO is for --verbose.
OUR_LOGGERS = ("newsmon", "crawler", "spiders", "db", "scheduler")
LOG_FORMAT = "%(asctime)s %(levelname)s %(message)s"


def scrapy_settings(config: Config, *, progress: float = 10.0, verbose: bool = False) -> Settings:
    """The project's Scrapy settings with this configuration already loaded."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NEWSMON_CONFIG_OBJECT", config, priority="cmdline")
    settings.set("NEWSMON_PROGRESS_INTERVAL", progress, priority="cmdline")
    settings.set("LOG_LEVEL", "DEBUG" if verbose else "WARNING", priority="cmdline")
    return settings


def own_logging() -> None:
    """Show our INFO lines (progress, summaries) while Scrapy shows only its warnings."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT, "%H:%M:%S"))
    for name in OUR_LOGGERS:
        log = logging.getLogger(name)
        log.setLevel(logging.INFO)
        log.addHandler(handler)
        log.propagate = False


def crawl_here(config: Config, names: list[str], *, recheck: bool = False,
               progress: float = 10.0, verbose: bool = False) -> None:
    """Crawl the named sources in this process, all at once, and return when done."""
    if config.path:
        os.environ[ENV_VAR] = str(config.path)  # spiders/configured.py reads it on import
    process = CrawlerProcess(scrapy_settings(config, progress=progress, verbose=verbose))
    if not verbose:
        own_logging()
    for name in names:
        process.crawl(name, recheck="1" if recheck else "")
    process.start()


def crawl_in_child(config_path: Path, names: list[str], *, recheck: bool = False,
                   extra: list[str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run ``newsmon crawl`` in a child process, for callers that crawl more than once."""
    command = [sys.executable, "-m", "crawler", "--config", str(config_path), "crawl", *names]
    if recheck:
        command.append("--recheck")
    return subprocess.run(command + (extra or []), **kwargs)
