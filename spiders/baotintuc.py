"""Báo Tin tức (baotintuc.vn), TTXVN."""

from crawler.sources import Listing, Source
from spiders.base import NewsSpider


class BaoTinTuc(NewsSpider):
    source = Source(
        name="baotintuc",
        label="Báo Tin tức (TTXVN)",
        allowed_domains=("baotintuc.vn",),
        # Feed URLs seen in public code, not checked live; /rss.htm lists the current ones.
        feeds=("https://baotintuc.vn/tin-moi-nhat.rss", "https://baotintuc.vn/kinh-te.rss",
               "https://baotintuc.vn/thoi-su.rss"),
        listings=(Listing("https://baotintuc.vn/kinh-te-128ct0.htm"),),
        # <category>/<slug>-<17-digit timestamp id>.htm
        article_pattern=r"^https?://(www\.)?baotintuc\.vn/[^?#]+-\d{17}\.htm$",
        verified=False,
        notes="Feed and listing URLs from public code; article URL pattern seen on saved pages.",
    )
