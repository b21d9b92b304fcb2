"""A Scrapy add-on that turns newsmon.toml's [crawl] table into Scrapy settings."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from crawler.config import Config, load_config

CONTACT_HINT = "set [crawl] contact in newsmon.toml"


def user_agent(config: Config) -> str:
    """An honest User-Agent: who we are and how to reach the operator."""
    if config.crawl.user_agent:
        return config.crawl.user_agent
    try:
        release = version("newsmon")
    except PackageNotFoundError:
        release = "dev"
    return f"newsmon/{release} (+{config.crawl.contact or CONTACT_HINT})"


def crawl_settings(config: Config) -> dict:
    """The Scrapy settings that the [crawl] table controls."""
    crawl = config.crawl
    return {
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.per_domain,
        "DOWNLOAD_DELAY": crawl.delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.delay, 1.0),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(max(crawl.per_domain, 1)),
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        # No USER_AGENT here: Scrapy logs its overridden settings, and the contact address
        # is the operator's; crawler.middlewares.ConfigUserAgentMiddleware sets the header.
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DOWNLOAD_MAXSIZE": int(crawl.max_page_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(crawl.max_page_mb * 1024 * 1024 / 2),
    }


class NewsmonAddon:
    """Reads the configuration once per crawl and hands it to the spider and pipelines."""

    def update_settings(self, settings) -> None:
        config = settings.get("NEWSMON_CONFIG_OBJECT") or load_config(settings.get("NEWSMON_CONFIG"))
        for name, value in crawl_settings(config).items():
            settings.set(name, value, priority="addon")
        settings.set("NEWSMON_CONFIG_OBJECT", config, priority="addon")
