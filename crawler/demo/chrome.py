"""Page furniture shared by the layouts: head tags, view counters, "most read" boxes, ads.

All of it depends only on the article and its ``chrome_rev``, so change_chrome() can alter
it for one page without touching the body or any other page.
"""

from __future__ import annotations

import json
import zlib
from datetime import datetime, timedelta

from crawler.demo.catalog import Article
from crawler.demo.text import dmy, esc, thousands, weekday
from crawler.demo.urls import article_path

# The day the site's header clock shows on a fresh site (a header date, not an article date).
HEADER_DAY = datetime(2026, 11, 28)


def views(art: Article) -> str:
    """'Lượt xem: 1.234', different for every article and every chrome revision."""
    count = 800 + zlib.crc32(art.num_id.encode()) % 9000 + 137 * art.chrome_rev
    return f"Lượt xem: {thousands(count)}"


def header_date(chrome_rev: int, lower: bool = True) -> str:
    """The header's "today", e.g. 'Thứ bảy,  28/11/2026' (two spaces, as baolangson.vn)."""
    day = HEADER_DAY + timedelta(days=chrome_rev)
    return f"{weekday(day, lower)},  {dmy(day)}"


def most_read(art: Article, peers: list[Article], n: int = 4) -> list[Article]:
    """A "most read" selection that moves when the page's chrome changes."""
    others = [p for p in peers if p is not art and not p.reserve]
    return sorted(others, key=lambda p: zlib.crc32(f"{p.num_id}/{art.chrome_rev}".encode()))[:n]


def link_list(arts: list[Article], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    items = "".join(f'<li><a href="{article_path(a)}">{esc(a.title)}</a></li>' for a in arts)
    return f"<ul{attr}>{items}</ul>"


def ad(art: Article, slot: str) -> str:
    """An ad slot whose creative rotates with the chrome revision."""
    campaign = ["vietcombank-2026", "viettel-5g", "vinamilk-tet", "agribank-xuan"][art.chrome_rev % 4]
    return (f'<div class="ads {slot}" data-campaign="{campaign}"><a href="/ads/click?c={campaign}" '
            f'rel="nofollow"><img src="/ads/{campaign}.jpg" alt="Quảng cáo" width="300" height="250"/></a></div>')


def head(art: Article, base: str, site_name: str, extra: str = "") -> str:
    """<head> with the metadata the real sites carry: canonical, og:url, published time."""
    url = base + article_path(art)
    return f"""<head>
<meta charset="utf-8"/>
<title>{esc(art.title)} | {esc(site_name)}</title>
<meta name="description" content="{esc(art.sapo)}"/>
<link rel="canonical" href="{url}"/>
<meta property="og:url" content="{url}"/>
<meta property="og:type" content="article"/>
<meta property="og:title" content="{esc(art.title)}"/>
<meta property="og:description" content="{esc(art.sapo)}"/>
<meta property="og:site_name" content="{esc(site_name)}"/>
<meta property="article:published_time" content="{art.published.isoformat()}"/>
<meta property="article:modified_time" content="{art.updated().isoformat()}"/>
{extra}</head>"""


def json_ld(art: Article, base: str, author: str) -> str:
    """JSON-LD NewsArticle; baotintuc.vn glues the author to the agency ("Tâm HằngTTXVN")."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title,
            "description": art.sapo, "mainEntityOfPage": base + article_path(art),
            "datePublished": art.published.isoformat(), "dateModified": art.updated().isoformat(),
            "author": {"@type": "Person", "name": author},
            "publisher": {"@type": "Organization", "name": "Báo Tin tức - TTXVN"}}
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>\n'
