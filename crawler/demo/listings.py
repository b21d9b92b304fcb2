"""Category listing pages with pagination (page links and rel=next/prev), per site style."""

from __future__ import annotations

from crawler.demo.catalog import Article
from crawler.demo.templates import SITE_NAMES, baolangson_header, cat_name, gov_frame, page
from crawler.demo.text import dmy, esc, hm
from crawler.demo.urls import LISTING_FIRST, listing_page_path, article_path


def item_html(source: str, art: Article) -> str:
    """One entry as each site marks it up (the selectors the real crawlers use)."""
    link = f'<a href="{article_path(art)}">{esc(art.title)}</a>'
    when = f"{dmy(art.published)} {hm(art.published)}"
    if source in ("vietnamplus", "nhandan"):
        return f'<article class="story"><h2 class="story__heading">{link}</h2><time class="time">{when}</time><p class="story__summary">{esc(art.sapo)}</p></article>'
    if source == "baolangson":
        return f'<div class="card"><h3 class="card-title">{link}</h3><span class="time">{when}</span><p>{esc(art.sapo)}</p></div>'
    if source == "langson-gov":
        return f'<tr><td class="title">{link}</td><td class="date">({dmy(art.published)})</td></tr>'
    return f'<li class="item"><h3>{link}</h3><span class="date">{when}</span><p class="sapo">{esc(art.sapo)}</p></li>'


def pager(source: str, category: str, n: int, last: int) -> tuple[str, str]:
    """The numbered pager and the <link rel=prev/next> tags."""
    links, rel = [], []
    for i in range(1, last + 1):
        cls = ' class="active"' if i == n else ""
        links.append(f'<a{cls} href="{listing_page_path(source, category, i)}">{i}</a>')
    if n > 1:
        rel.append(f'<link rel="prev" href="{listing_page_path(source, category, n - 1)}"/>')
    if n < last:
        rel.append(f'<link rel="next" href="{listing_page_path(source, category, n + 1)}"/>')
        links.append(f'<a class="next" rel="next" href="{listing_page_path(source, category, n + 1)}">Trang sau »</a>')
    return f'<div class="pagination">{" ".join(links)}</div>', "\n".join(rel)


def listing_page(source: str, category: str, n: int, items: list[Article], last: int, base: str) -> str:
    """Page n of a category: its items, a pager, and the site's furniture."""
    nav, rel = pager(source, category, n, last)
    title = f"{cat_name(category)} - Trang {n}" if n > 1 else cat_name(category)
    canonical = f'<link rel="canonical" href="{base}{listing_page_path(source, category, n)}"/>'
    head = f'<head>\n<meta charset="utf-8"/>\n<title>{esc(title)} | {esc(SITE_NAMES[source])}</title>\n{canonical}\n{rel}\n</head>'
    entries = "\n".join(item_html(source, a) for a in items)
    if source == "langson-gov":
        main = f'<div class="toolbar">A- A A+ | Tăng tương phản Giảm tương phản</div><h1>{esc(title)}</h1><table class="list-news">{entries}</table>{nav}'
        return page(head, gov_frame(main, "", ""))
    wrapper = "timeline content-list" if source in ("vietnamplus", "nhandan") else "list-news"
    tag = "ul" if source not in ("vietnamplus", "nhandan", "baolangson") else "div"
    top = baolangson_header(0) if source == "baolangson" else f'<div class="header"><a href="/{source}/">{esc(SITE_NAMES[source])}</a></div>'
    body = f'{top}\n<div class="breadcrumb"><a href="/{source}/">Trang chủ</a> » {esc(cat_name(category))}</div>\n<h1 class="cate-title">{esc(title)}</h1>\n<div class="{wrapper}"><{tag}>\n{entries}\n</{tag}></div>\n{nav}\n<div class="footer"><p>{esc(SITE_NAMES[source])}</p></div>'
    return page(head, body)


def listed_categories(source: str) -> list[str]:
    return [cat for (src, cat) in LISTING_FIRST if src == source]
