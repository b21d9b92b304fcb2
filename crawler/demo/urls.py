"""Where things live on the sample site: one URL scheme per demo source, all on one host.

Each source sits under its own prefix (/baotintuc/, /vietnamplus/ ...) and copies the real
site's paths, so that ``article_pattern`` regexes look like the real ones.
"""

from __future__ import annotations

from crawler.demo.catalog import Article

# Searched in the absolute URL; they must match the articles and nothing else on the source.
ARTICLE_PATTERN = {
    "baotintuc": r"/baotintuc/[a-z0-9-]+/[a-z0-9-]+-\d{17}\.htm",
    "vietnamplus": r"/vietnamplus/[a-z0-9-]+-post\d+\.vnp",
    "nhandan": r"/nhandan/[a-z0-9-]+-post\d+\.html",
    "bnews": r"/bnews/[a-z0-9-]+/\d{6}\.html",
    "baolangson": r"/baolangson/[a-z0-9-]+-\d{7}\.html",
    "langson-gov": r"/langson-gov/(?:tin-tuc-su-kien|kinh-te|van-hoa-xa-hoi)/[a-z0-9-]+\.html",
    "thongke": r"/thongke/[a-z0-9-]+/[a-z0-9-]+-\d{3}\.html",
}


def article_path(a: Article) -> str:
    """The canonical path of an article."""
    return {
        "baotintuc": f"/baotintuc/{a.category}/{a.slug}-{a.num_id}.htm",
        "vietnamplus": f"/vietnamplus/{a.slug}-post{a.num_id}.vnp",
        "nhandan": f"/nhandan/{a.slug}-post{a.num_id}.html",
        "bnews": f"/bnews/{a.slug}/{a.num_id}.html",
        "baolangson": f"/baolangson/{a.slug}-{a.num_id}.html",
        "langson-gov": f"/langson-gov/{a.category}/{a.slug}.html",
        "thongke": f"/thongke/{a.category}/{a.slug}-{a.num_id}.html",
    }[a.source]


def print_path(a: Article) -> str | None:
    """The print or AMP copy of an article, when the site has one (canonical points back)."""
    return {
        "baotintuc": f"/baotintuc/{a.slug}-n{a.num_id}.htm",
        "vietnamplus": f"/vietnamplus/{a.slug}-post{a.num_id}.amp",
        "nhandan": f"/nhandan/print.html?id={a.num_id}",
    }.get(a.source)


def tracking_query(feed: str) -> str:
    """What baotintuc.vn appends to the links in its feeds."""
    return f"?utm_source=rss&utm_medium={feed}&utm_campaign=baotintuc"


def category_path(source: str, category: str) -> str:
    """A category's section link (used by breadcrumbs and menus)."""
    return LISTING_FIRST.get((source, category), f"/{source}/{category}")


# Listings: (source, category) -> first page, and the pattern of page n.
LISTING_FIRST = {
    ("baotintuc", "kinh-te"): "/baotintuc/kinh-te-128ct0.htm",
    ("baotintuc", "the-gioi"): "/baotintuc/the-gioi-130ct0.htm",
    ("vietnamplus", "kinh-te"): "/vietnamplus/kinhte/",
    ("nhandan", "dia-phuong"): "/nhandan/trung-du-va-mien-nui-bac-bo/",
    ("baolangson", "kinh-te"): "/baolangson/kinh-te",
    ("baolangson", "xa-hoi"): "/baolangson/xa-hoi",
    ("langson-gov", "tin-tuc-su-kien"): "/langson-gov/tin-tuc-su-kien.html",
    ("thongke", "tinh-hinh-kinh-te-xa-hoi"): "/thongke/tinh-hinh-kinh-te-xa-hoi/",
}
LISTING_PAGE = {
    ("baotintuc", "kinh-te"): "/baotintuc/kinh-te-128ct0/trang{n}.htm",
    ("baotintuc", "the-gioi"): "/baotintuc/the-gioi-130ct0/trang{n}.htm",
    ("vietnamplus", "kinh-te"): "/vietnamplus/kinhte/trang{n}.vnp",
    ("nhandan", "dia-phuong"): "/nhandan/trung-du-va-mien-nui-bac-bo/trang{n}.html",
    ("baolangson", "kinh-te"): "/baolangson/kinh-te?page={n}",
    ("baolangson", "xa-hoi"): "/baolangson/xa-hoi?page={n}",
    ("langson-gov", "tin-tuc-su-kien"): "/langson-gov/tin-tuc-su-kien.html?page={n}",
    ("thongke", "tinh-hinh-kinh-te-xa-hoi"): "/thongke/tinh-hinh-kinh-te-xa-hoi/?page={n}",
}
PER_PAGE = 2      # small pages, so that some articles are only on page 2 or 3
LISTING_DEPTH = 3


def listing_page_path(source: str, category: str, n: int) -> str:
    if n == 1:
        return LISTING_FIRST[(source, category)]
    return LISTING_PAGE[(source, category)].format(n=n)


# Feeds: path -> (source, format, how many newest items). 0 = every article of the source.
FEEDS = {
    "/baotintuc/tin-moi-nhat.rss": ("baotintuc", "rss", 3),
    "/vietnamplus/rss/news.rss": ("vietnamplus", "rss", 3),
    "/nhandan/rss/home.atom": ("nhandan", "atom", 3),
    "/bnews/rss/home.rss": ("bnews", "rss-utf16", 0),
    "/baolangson/rss/home.rss": ("baolangson", "rss", 3),
    "/thongke/rss/tin-moi.rss": ("thongke", "rss", 2),
}

# Sitemaps. vietnamplus: an index of monthly sitemaps (October gzipped); nhandan, baotintuc:
# Google News sitemaps of the newest items; the local sites: one plain urlset each.
SITEMAP_INDEX = "/vietnamplus/sitemap.xml"
MONTHLY = {"/vietnamplus/sitemaps/news-2026-10.xml.gz": (2026, 10),
           "/vietnamplus/sitemaps/news-2026-11.xml": (2026, 11)}
CATEGORY_SITEMAP = "/vietnamplus/sitemaps/categories.xml"
NEWS_SITEMAPS = {"/nhandan/sitemap-news.xml": ("nhandan", 4), "/baotintuc/sitemap-news.xml": ("baotintuc", 3)}
PLAIN_SITEMAPS = {"/baolangson/sitemap.xml": "baolangson", "/langson-gov/sitemap.xml": "langson-gov",
                  "/thongke/sitemap.xml": "thongke"}
