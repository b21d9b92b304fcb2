"""Báo điện tử Đảng Cộng sản Việt Nam (dangcongsan.vn)."""

from crawler.sources import Source
from spiders.base import NewsSpider


class DangCongSan(NewsSpider):
    source = Source(
        name="dangcongsan",
        label="Báo điện tử Đảng Cộng sản Việt Nam",
        allowed_domains=("dangcongsan.vn",),
        feeds=("https://dangcongsan.vn/rss",),
        article_pattern=r"^https?://(www\.)?dangcongsan\.vn/[^?#]+-\d+\.html$",
        verified=False,
        notes="RSS root unattributed; only the Chinese edition's markup is documented.",
    )
