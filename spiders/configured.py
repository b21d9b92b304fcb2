"""Spiders for the sources that newsmon.toml adds (a [[sources]] entry with a new name).

Scrapy finds spiders by importing the modules in SPIDER_MODULES, so the classes are made
here, at import, from the configuration that NEWSMON_CONFIG (or ./newsmon.toml) names.
"""

from crawler.config import load_config
from crawler.registry import builtin_sources
from crawler.sources import apply_entry
from spiders.base import NewsSpider


def _spider_class(entry: dict) -> type:
    source = apply_entry(None, entry)
    class_name = "Configured_" + "".join(ch if ch.isalnum() else "_" for ch in source.name)
    return type(class_name, (NewsSpider,), {"source": source, "__module__": __name__})


def _configured() -> dict[str, type]:
    builtin = builtin_sources()
    return {entry["name"]: _spider_class(entry)
            for entry in load_config().sources if entry["name"] not in builtin}


globals().update({cls.__name__: cls for cls in _configured().values()})
