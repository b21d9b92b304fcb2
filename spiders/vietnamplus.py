"""Vietnam+ (vietnamplus.vn), TTXVN."""

from crawler.sources import Source
from spiders.base import NewsSpider


class VietnamPlus(NewsSpider):
    source = Source(
        name="vietnamplus",
        label="Vietnam+ (TTXVN)",
        allowed_domains=("vietnamplus.vn",),
        feeds=("https://www.vietnamplus.vn/rss/news.rss",),
        # Index of monthly news sitemaps (sitemaps/news-YYYY-MM.xml).
        sitemaps=("https://www.vietnamplus.vn/sitemap.xml",),
        # Current -post<id>.vnp and the older /<slug>/<id>.vnp form.
        article_pattern=r"^https?://(www\.)?vietnamplus\.vn/(?:[^/?#]+-post\d+\.vnp|[^/?#]+/\d+\.vnp)$",
        verified=False,
        notes="RSS and sitemap index seen in public crawlers; not checked live.",
    )
