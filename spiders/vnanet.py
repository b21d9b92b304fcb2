"""vnanet.vn, TTXVN's own portals (vnanet.vn, chinhsachcuocsong.vnanet.vn, vietnam.vnanet.vn)."""

from crawler.sources import Source
from spiders.base import NewsSpider


class Vnanet(NewsSpider):
    source = Source(
        name="vnanet",
        label="TTXVN (vnanet.vn)",
        allowed_domains=("vnanet.vn",),
        # Item links in these feeds come with the host doubled; crawler.urls.repair fixes them.
        feeds=("https://vnanet.vn/vi/rss/kinh-te-4.rss", "https://vnanet.vn/vi/rss/xa-hoi-14.rss",
               "https://vnanet.vn/vi/rss/chinh-tri-11.rss"),
        article_pattern=(r"^https?://([a-z]+\.)?vnanet\.vn/(?:Frontend/TrackingView\.aspx\?IID=\d+"
                         r"|[^?#]+/\d+\.html|vietnamese/[^?#]+-\d+\.html)$"),
        verified=False,
        notes="RSS from public code; TrackingView links redirect to the article.",
    )
