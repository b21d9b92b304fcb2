"""Nhân Dân (nhandan.vn)."""

from crawler.sources import Listing, Source
from spiders.base import NewsSpider


class NhanDan(NewsSpider):
    source = Source(
        name="nhandan",
        label="Báo Nhân Dân",
        allowed_domains=("nhandan.vn",),
        feeds=("https://nhandan.vn/rss/home.rss", "https://nhandan.vn/rss/kinhte-1185.rss"),
        # Its regional section; one public project could not read the RSS.
        listings=(Listing("https://nhandan.vn/trung-du-va-mien-nui-bac-bo"),),
        article_pattern=r"^https?://(www\.)?nhandan\.vn/[^/?#]+-post\d+\.html$",
        verified=False,
        notes="RSS URLs unattributed; listing is the regional section.",
    )
