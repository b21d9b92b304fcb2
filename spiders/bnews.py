"""Bnews (bnews.vn), TTXVN business news."""

from crawler.sources import Source
from spiders.base import NewsSpider


class Bnews(NewsSpider):
    source = Source(
        name="bnews",
        label="Bnews (TTXVN)",
        allowed_domains=("bnews.vn",),
        # Reported to be served as UTF-16LE: the feed parser reads the declared encoding.
        feeds=("https://bnews.vn/rss/home.rss", "https://bnews.vn/rss/kinh-te-viet-nam-1.rss"),
        article_pattern=r"^https?://(www\.)?bnews\.vn/[^/?#]+/\d+\.html$",
        verified=False,
        notes="Feed URLs from public code (unattributed); article URLs seen on stored pages.",
    )
