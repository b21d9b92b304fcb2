"""Progress lines while a crawl runs and one summary line per source when it ends."""

from __future__ import annotations

import logging

from scrapy import signals
from twisted.internet import task

logger = logging.getLogger("newsmon")

OUTCOMES = ["new", "changed", "unchanged", "not_relevant", "removed", "empty", "failed"]


def summary(figures: dict) -> str:
    """'12 discovered, 10 fetched: 3 new, 1 changed, ...' from a run's figures."""
    parts = [f"{figures.get(name, 0)} {name.replace('_', ' ')}" for name in OUTCOMES]
    head = f"{figures.get('discovered', 0)} discovered, {figures.get('fetched', 0)} fetched"
    tail = f", {figures['discovery_failed']} discovery errors" if figures.get("discovery_failed") else ""
    if figures.get("robots_blocked"):  # pages robots.txt forbids us: the site's choice, worth seeing
        tail += f", {figures['robots_blocked']} blocked by robots.txt"
    return f"{head}: {', '.join(parts)}{tail}"


class Progress:
    """Logs the run's figures every PROGRESS_INTERVAL seconds (0 turns it off)."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.getfloat("NEWSMON_PROGRESS_INTERVAL", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def figures(self) -> dict:
        stats = self.crawler.stats.get_stats()
        return {k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("newsmon/")}

    def opened(self, spider):
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log)
            self.loop.start(self.interval, now=False)

    def log(self):
        logger.info("%s: %s", self.crawler.spider.name, summary(self.figures()))

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.interval > 0:
            logger.info("%s finished (%s): %s", spider.name, reason, summary(self.figures()))
