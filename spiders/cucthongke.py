"""Thống kê tỉnh Lạng Sơn (cucthongkelangson.gov.vn): monthly, quarterly and annual reports."""

from crawler.sources import Listing, Source
from spiders.base import NewsSpider


class CucThongKe(NewsSpider):
    source = Source(
        name="cucthongke",
        label="Thống kê tỉnh Lạng Sơn",
        allowed_domains=("cucthongkelangson.gov.vn",),
        listings=(Listing("https://cucthongkelangson.gov.vn/tinh-hinh-kinh-te-xa-hoi"),
                  Listing("https://cucthongkelangson.gov.vn/bao-cao-kinh-te-xa-hoi-quy")),
        article_pattern=r"^https?://(www\.)?cucthongkelangson\.gov\.vn/[a-z0-9-]+/[^/?#]+-\d+\.html$",
        verified=False,
        min_score=0,  # the province's own outlet: everything it publishes concerns Lạng Sơn
        notes="Section slugs and article URLs from stored pages; no feed known.",
    )
