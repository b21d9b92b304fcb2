"""Scrapy settings for newsmon.

Only the wiring lives here. Everything a user tunes (concurrency, delay, robots.txt,
User-Agent, the database) comes from newsmon.toml through the add-on in
crawler/addon.py, so `scrapy crawl` and `newsmon crawl` behave the same.
"""

BOT_NAME = "newsmon"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

ADDONS = {"crawler.addon.NewsmonAddon": 0}

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}

EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.progress.Progress": 500,
}

# Articles are answered 304/404/410 on purpose: the spider records them.
HTTPERROR_ALLOWED_CODES = [304, 404, 410]
# Redirects to another site are dropped by the offsite middleware; keep chains short.
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
