"""The floor of this stack: a bare Scrapy spider that fetches every article and extracts it.

    python -m bench.bare_spider http://127.0.0.1:PORT [--concurrency 16]

Reads the sitemap index, fetches every article URL in it and runs ``trafilatura.extract``
in the callback, on Scrapy's single thread: no database, no relevance, no process pool.
Prints one JSON line: pages fetched, pages with text, first and last response times.
"""

from __future__ import annotations

import argparse
import json
import re
import time

import scrapy
import trafilatura
from scrapy.crawler import CrawlerProcess

from crawler import settings as newsmon_settings

# What newsmon turns off for speed (crawler/settings.py), the floor turns off too: the
# remote console, the downloader's byte counts, the generator-return check. Read from
# there, so that the ratio keeps comparing the work done per page, not Scrapy settings.
SAME_AS_NEWSMON = ("EXTENSIONS_BASE", "REMOTE_CONTROL_ENABLED", "DOWNLOADER_STATS",
                   "WARN_ON_GENERATOR_RETURN_VALUE")
LOC = re.compile(rb"<loc>([^<]+)</loc>")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base: str, result: dict, **kwargs):
        super().__init__(**kwargs)
        self.base = base
        self.result = result

    async def start(self):
        yield scrapy.Request(f"{self.base}/sitemap.xml", callback=self.parse_index)

    def parse_index(self, response):
        for url in LOC.findall(response.body):
            yield scrapy.Request(url.decode(), callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        for url in LOC.findall(response.body):
            yield scrapy.Request(url.decode(), callback=self.parse_article)

    def parse_article(self, response):
        now = time.time()
        self.result.setdefault("first", now)
        self.result["last"] = now
        self.result["pages"] += 1
        text = trafilatura.extract(response.text, url=response.url)
        if text:
            self.result["extracted"] += 1
            self.result["chars"] += len(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    result = {"pages": 0, "extracted": 0, "chars": 0, "started": time.time()}
    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": args.concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False, "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
        **{name: getattr(newsmon_settings, name) for name in SAME_AS_NEWSMON},
        "USER_AGENT": "newsmon-bench-bare/1",
    })
    process.crawl(BareSpider, base=args.base.rstrip("/"), result=result)
    process.start()
    result["finished"] = time.time()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
