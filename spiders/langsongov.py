"""Cổng thông tin điện tử tỉnh Lạng Sơn (langson.gov.vn) and its department sites."""

from crawler.sources import Listing, Source
from spiders.base import NewsSpider


class LangSonGov(NewsSpider):
    source = Source(
        name="langsongov",
        label="Cổng TTĐT tỉnh Lạng Sơn",
        allowed_domains=("langson.gov.vn",),
        listings=(Listing("https://langson.gov.vn/tin-tuc-su-kien"),),
        # Portal articles /<chuyen-muc>/<slug>.html; department sites (Drupal) /node/<id>.
        article_pattern=r"^https?://([a-z]+\.)?langson\.gov\.vn/(?:[a-z0-9-]+/[^/?#]+\.html|(?:vi/)?node/\d+)$",
        verified=False,
        min_score=0,  # the province's own outlet: everything it publishes concerns Lạng Sơn
        notes="URL shapes from stored pages; no feed or sitemap known; listing URL a guess.",
    )
