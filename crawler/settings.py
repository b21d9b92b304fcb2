"""Scrapy settings for newsmon.

Only the wiring lives here. Everything a user tunes (concurrency, delay, robots.txt,
User-Agent, the database) comes from newsmon.toml through the add-on in
crawler/addon.py, so `scrapy crawl` and `newsmon crawl` behave the same.
"""

from scrapy.settings import default_settings

BOT_NAME = "newsmon"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

ADDONS = {"crawler.addon.NewsmonAddon": 0}

# Each response yields at most one item (an article page). Scrapy starts CONCURRENT_ITEMS
# (default 100) worker tasks for every callback's output whatever it yields, which made
# those tasks the largest CPU cost of a re-check of 304s. Pages still go through the
# pipelines concurrently, one per response.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}

# crawler/middlewares.py: the User-Agent from the config (not a setting: settings get logged);
# stay on the source's domains, redirects and dont_filter requests included (before robots.txt);
# wait before RetryMiddleware (550) retries a 429/5xx: Retry-After or backoff, capped;
# meta refresh followed without decoding every page (in Scrapy's own place, 580).
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.ConfigUserAgentMiddleware": 40,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,  # ours sets it first
    "crawler.middlewares.StayOnSiteMiddleware": 60,
    "crawler.middlewares.PoliteRetryMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.HeadMetaRefreshMiddleware": 580,
}
NEWSMON_RETRY_MAX_WAIT = 60.0  # seconds; a server asking for longer is not retried this run
NEWSMON_RETRY_BACKOFF = 0.5  # seconds before the first retry without Retry-After, then doubled

# Scrapy's remote consoles run Python sent to them inside the crawl: not in a cron job or a
# daemon. RemoteControl (Scrapy 2.19) would also write a job file to the user's profile and
# import aiohttp, 0.2 s of each crawl's start. It leaves the base list rather than being set
# to None in EXTENSIONS, where Scrapy imports every path it is given.
EXTENSIONS_BASE = {path: order for path, order in default_settings.EXTENSIONS_BASE.items()
                   if not path.endswith(".RemoteControl")}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.progress.Progress": 500,
    "crawler.collector.Collector": 0,  # fewer garbage-collector scans while a crawl runs
}

# Articles are answered 304/404/410 on purpose: the spider records them.
HTTPERROR_ALLOWED_CODES = [304, 404, 410]
# Redirects to another site are dropped by the offsite middleware; keep chains short.
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
# Responses in the pipelines (waiting for a worker, or for the store) are held as their raw
# bytes; past this many bytes Scrapy stops fetching. The crawl's thread stalls now and then
# (a group commit, a search-index batch, the lock left to other writers): with 2 MB (about
# 20 pages) the stall filled the slot, fetching stopped and the workers ran dry, and the
# crawl used 1.8 of 2 cores; with 8 MB (about 90 pages of 90 KB) it used 1.9 (bench/).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 8_000_000
# Scrapy reads the source of a generator callback (inspect, then ast) to warn about a
# `return value` in it, for every response: its cache is keyed by the bound method, which
# is new each time. That was a tenth of the instructions of a re-check of 304s; such a bug
# would show in the spiders' tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy's downloader stats rebuild each request and response as raw HTTP to count their
# bytes (4 % of a re-check's instructions); newsmon's figures are its own (runs.stats).
DOWNLOADER_STATS = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
