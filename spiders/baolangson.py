"""Báo Lạng Sơn (baolangson.vn), the provincial paper."""

from crawler.sources import Listing, Source
from spiders.base import NewsSpider


class BaoLangSon(NewsSpider):
    source = Source(
        name="baolangson",
        label="Báo Lạng Sơn",
        allowed_domains=("baolangson.vn",),
        # robots.txt is strict here: discovery through the feed, listings kept small.
        feeds=("https://baolangson.vn/rss/home.rss",),
        listings=(Listing("https://baolangson.vn/kinh-te"), Listing("https://baolangson.vn/chinh-tri")),
        # New layout <slug>-<7-digit id>.html; old /<section>/<id>-<slug>.html.
        article_pattern=r"^https?://(www\.)?baolangson\.vn/(?:[^/?#]+-\d{6,8}\.html|[a-z-]+(?:/[a-z-]+)?/\d+-[^/?#]+\.html)$",
        verified=False,
        min_score=0,  # the province's own outlet: everything it publishes concerns Lạng Sơn
        notes="Article patterns from public crawlers and stored URLs; RSS unattributed.",
    )
