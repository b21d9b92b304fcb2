"""Which sources exist: the built-in specs in spiders/ merged with newsmon.toml."""

from __future__ import annotations

from functools import cache

from scrapy.utils.misc import walk_modules_iter
from scrapy.utils.spider import iter_spider_classes

from crawler.config import Config
from crawler.sources import Source, merge_sources

# Modules of spiders/ that hold machinery, not built-in sources.
NOT_SPECS = {"spiders", "spiders.base", "spiders.configured"}


@cache
def builtin_spiders() -> dict[str, type]:
    """Spider classes shipped in spiders/, by name."""
    found = {}
    for module in walk_modules_iter("spiders"):
        if module.__name__ in NOT_SPECS:
            continue
        for cls in iter_spider_classes(module):
            found[cls.name] = cls
    return found


def builtin_sources() -> dict[str, Source]:
    """The shipped source specs, by name."""
    return {name: cls.source for name, cls in builtin_spiders().items()}


def all_sources(config: Config) -> dict[str, Source]:
    """Built-in specs with the config's overrides, plus the sources it adds."""
    return merge_sources(builtin_sources(), config.sources)
