"""Which sources exist: the built-in specs in spiders/ merged with newsmon.toml."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from scrapy.utils.spider import iter_spider_classes

from crawler.config import Config
from crawler.sources import Source, merge_sources

# Modules of spiders/ that hold machinery, not built-in sources.
NOT_SPECS = {"spiders", "spiders.base", "spiders.configured"}


@cache
def builtin_spiders() -> dict[str, type]:
    """Spider classes shipped in spiders/, by name."""
    import spiders

    found = {}
    for info in pkgutil.iter_modules(spiders.__path__, "spiders."):
        if info.name not in NOT_SPECS:  # configured.py reads the config: not imported here
            for cls in iter_spider_classes(importlib.import_module(info.name)):
                found[cls.name] = cls
    return found


def builtin_sources() -> dict[str, Source]:
    """The shipped source specs, by name."""
    return {name: cls.source for name, cls in builtin_spiders().items()}


def all_sources(config: Config) -> dict[str, Source]:
    """Built-in specs with the config's overrides, plus the sources it adds."""
    builtin = builtin_sources()
    if not config.crawl.builtin_sources:  # an entry may still name a built-in to use it
        builtin = {e["name"]: builtin[e["name"]] for e in config.sources if e["name"] in builtin}
    return merge_sources(builtin, config.sources)
