"""One small function per page layout, imitating each real site's markup and its traps."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from crawler.demo import chrome
from crawler.demo.catalog import Article
from crawler.demo.text import dmy, esc, hm, named_entities, slugify, weekday
from crawler.demo.urls import article_path, category_path, print_path

SITE_NAMES = {"baotintuc": "Báo Tin tức - TTXVN", "vietnamplus": "Vietnam+ (VietnamPlus)",
              "nhandan": "Báo Nhân Dân điện tử", "bnews": "Bnews - Tin nhanh kinh tế, tài chính",
              "baolangson": "Báo Lạng Sơn điện tử", "langson-gov": "Cổng thông tin điện tử tỉnh Lạng Sơn",
              "thongke": "Thống kê tỉnh Lạng Sơn"}
CATEGORY_NAMES = {"kinh-te": "Kinh tế", "the-gioi": "Thế giới", "thoi-su": "Thời sự",
                  "xa-hoi": "Xã hội", "chinh-tri": "Chính trị", "dia-phuong": "Địa phương",
                  "du-lich": "Du lịch", "doanh-nghiep": "Doanh nghiệp", "thi-truong": "Thị trường",
                  "kinh-te-viet-nam": "Kinh tế Việt Nam", "tin-tuc-su-kien": "Tin tức - Sự kiện",
                  "van-hoa-xa-hoi": "Văn hóa - Xã hội",
                  "tinh-hinh-kinh-te-xa-hoi": "Tình hình kinh tế - xã hội",
                  "bao-cao-kinh-te-xa-hoi-quy": "Báo cáo kinh tế - xã hội quý",
                  "lich-pho-bien-thong-tin-thong-ke": "Lịch phổ biến thông tin thống kê"}


@dataclass
class Ctx:
    """What a page needs beyond its article: the site's address and the source's articles."""

    base: str
    peers: list[Article] = field(default_factory=list)


def text_of(art: Article) -> Callable[[str], str]:
    """The escaper for this article's text: named entities on baotintuc, NFD where that is the trap."""
    form = "NFD" if "nfd" in art.traps else "NFC"
    encode = named_entities if art.source == "baotintuc" else esc
    return lambda s: encode(unicodedata.normalize(form, s))


def body_html(art: Article, blocks: list[tuple[str, object]] | None = None) -> str:
    """The article's paragraphs, headings and tables as HTML."""
    t = text_of(art)
    out = []
    for kind, value in art.blocks if blocks is None else blocks:
        if kind == "table":
            out.append(table_html(value, t))
        else:
            out.append(f"<{kind}>{t(value)}</{kind}>")
    return "\n".join(out)


def table_html(rows, t) -> str:
    head, *rest = rows
    ths = "".join(f"<th>{t(c)}</th>" for c in head)
    trs = "".join("<tr>" + "".join(f"<td>{t(c)}</td>" for c in r) + "</tr>\n" for r in rest)
    return f'<table class="table table-bordered" border="1">\n<thead><tr>{ths}</tr></thead>\n<tbody>\n{trs}</tbody></table>'


def tag_of(art: Article) -> str:
    """The article's first tag: the province when it is about it, else its category."""
    return "Lạng Sơn" if art.relevant else cat_name(art.category)


def cat_name(cat: str) -> str:
    return CATEGORY_NAMES.get(cat, cat.replace("-", " ").capitalize())


def page(head: str, body: str, lang: str = "vi") -> str:
    return f'<!DOCTYPE html>\n<html lang="{lang}">\n{head}\n<body>\n{body}\n</body>\n</html>\n'


# ---------------------------------------------------------------- baotintuc.vn (ASP.NET)

def baotintuc(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    half = len(art.blocks) // 2
    related = chrome.most_read(art, ctx.peers, 3)
    body = f"""<form method="post" action="./Details.aspx?CatUrl={art.category}&amp;n={art.num_id}&amp;PageType=2" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk{art.num_id}"/>
<div class="header"><a class="logo" href="/baotintuc/">Báo Tin tức</a>
<ul class="menu"><li><a href="/baotintuc/thoi-su-127ct0.htm">Thời sự</a></li><li><a href="/baotintuc/kinh-te-128ct0.htm">Kinh tế</a></li><li><a href="/baotintuc/the-gioi-130ct0.htm">Thế giới</a></li><li><a href="/baotintuc/rss.htm">RSS</a></li></ul></div>
<div class="main-detail">
<div class="content">
<h4 class="cate"><a href="{category_path('baotintuc', art.category)}">{cat_name(art.category)}</a></h4>
<h1 class="detail-title">{t(art.title)}</h1>
<div class="action-link"><div class="date"><span class="txt">{weekday(art.published)}, {dmy(art.published)} {hm(art.published)}</span></div>
<div class="view">{chrome.views(art)}</div><a class="print" href="{print_path(art)}">In bài</a></div>
<h2 class="sapo">{t(art.sapo)}</h2>
<ul class="list-concern">{''.join(f'<li><a href="{article_path(a)}">{esc(a.title)}</a></li>' for a in related)}</ul>
<div class="boxdetail"><div class="contents">
<div id="divfirst">
{body_html(art, art.blocks[:half])}
</div>
<div class="player-video" id="vnaplayer" data-src="/video/embed.aspx?id={art.num_id}"></div>
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-5KQ9XV" height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<div id="divend">
{body_html(art, art.blocks[half:])}
</div>
</div>
<div class="author"><strong>{t(art.author)}</strong><i> (TTXVN)</i></div>
</div>
</div>
<div class="sidebar"><div class="box-docnhieu"><h3>Đọc nhiều</h3>{chrome.link_list(chrome.most_read(art, ctx.peers))}</div>
{chrome.ad(art, "ads-right")}</div>
</div>
</form>
<div class="footer"><p>Báo Tin tức - Thông tấn xã Việt Nam. Giấy phép số 220/GP-BTTTT.</p><p>Tổng Biên tập: Nguyễn Văn A. Địa chỉ: 33 Lê Thánh Tông, Hoàn Kiếm, Hà Nội.</p></div>"""
    extra = (f'<meta property="article:section" content="{cat_name(art.category)}"/>\n'
             f'<meta property="article:tag" content="{tag_of(art)}"/>\n' + chrome.json_ld(art, ctx.base, art.author + "TTXVN"))
    return page(chrome.head(art, ctx.base, SITE_NAMES["baotintuc"], extra), body)


# ------------------------------------------------- vietnamplus.vn and nhandan.vn ("mcms")

MCMS_FOOTER = {
    "vietnamplus": ["Cơ quan chủ quản: THÔNG TẤN XÃ VIỆT NAM",
                    "Tổng Biên tập: Vũ Việt Trang. Giấy phép số 1374/GP-BTTTT do Bộ Thông tin và Truyền thông cấp.",
                    "© Bản quyền thuộc về VietnamPlus, TTXVN. Mọi hình thức sao chép, tái bản phải ghi rõ nguồn VietnamPlus."],
    "nhandan": ["Cơ quan của Trung ương Đảng Cộng sản Việt Nam và tiếng nói của Đảng, Nhà nước, Nhân dân Việt Nam.",
                "Tổng Biên tập: Lê Quốc Minh. Giấy phép số 458/GP-BTTTT.",
                "© Bản quyền thuộc về Báo Nhân Dân. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản."],
}


def mcms_date(art: Article) -> str:
    """'21/07/2026 07:17' on vietnamplus.vn, 'Thứ Hai, ngày 20/07/2026 - 06:31' on nhandan.vn."""
    if art.source == "nhandan":
        return f"{weekday(art.published)}, ngày {dmy(art.published)} - {hm(art.published)}"
    return f"{dmy(art.published)} {hm(art.published)}"


def mcms_body(art: Article, ctx: Ctx) -> str:
    """Body with an ad slot after the second paragraph, and on vietnamplus an inline "[...]" link."""
    parts = [body_html(art, art.blocks[:2])]
    if art.source == "nhandan":
        parts.insert(0, '<div class="notebox ncenter"><p>Xem thêm các tin, bài liên quan tại chuyên trang Địa phương.</p></div>')
    else:
        other = next((p for p in ctx.peers if p is not art and not p.reserve), None)
        if other:
            parts.append(f'<p><strong><a href="{article_path(other)}">[{esc(other.title)}]</a></strong></p>')
    parts.append(f'<div class="sda_middle"><div id="sda_middle_{art.num_id}" class="sda-slot">{chrome.ad(art, "middle")}</div></div>')
    parts.append(body_html(art, art.blocks[2:]))
    return "\n".join(parts)


def mcms(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    site = art.source
    credit = (f'<div class="article__source"><span class="name">(TTXVN/Vietnam+)</span></div>' if site == "vietnamplus"
              else f'<div class="article__author"><p class="name">{t(art.author)}</p></div>')
    body = f"""<script>var cmsConfig = {{domain: "{site}", objectId: {art.num_id}, objectType: 1}};</script>
<header class="site-header"><a class="logo" href="/{site}/">{SITE_NAMES[site]}</a>
<nav class="menu"><a href="/{site}/chinh-tri/">Chính trị</a> <a href="{category_path(site, 'kinh-te' if site == 'vietnamplus' else 'dia-phuong')}">{'Kinh tế' if site == 'vietnamplus' else 'Địa phương'}</a> <a href="/{site}/the-gioi/">Thế giới</a> <a href="/{site}/video/">Video</a></nav></header>
<main class="main-col content-col">
<div class="article">
<div class="breadcrumb breadcrumb-detail"><h2 class="main"><a href="{category_path(site, art.category)}">{cat_name(art.category)}</a></h2></div>
<h1 class="article__title cms-title">{t(art.title)}</h1>
<div class="article__meta"><time class="time" datetime="{art.published.isoformat()}">{mcms_date(art)}</time>
<span class="author cms-author">{t(art.author) if site == 'vietnamplus' else ''}</span> <span class="view">{chrome.views(art)}</span></div>
<div class="article__sapo cms-desc">{t(art.sapo)}</div>
<div class="article__body zce-content-body cms-body" itemprop="articleBody">
{mcms_body(art, ctx)}
</div>
{credit}
<div class="article__tag"><a class="link" href="/{site}/tu-khoa/{slugify(tag_of(art))}-tag1234.html">{tag_of(art)}</a> <a class="link" href="/{site}/tu-khoa/kinh-te-tag88.html">kinh tế</a></div>
<div class="related-news"><h3>Tin liên quan</h3>{chrome.link_list(chrome.most_read(art, ctx.peers, 2))}</div>
</div>
</main>
<aside class="sidebar"><div class="trending"><h3 class="box-heading">Tin đọc nhiều</h3>{chrome.link_list(chrome.most_read(art, ctx.peers))}</div>
{chrome.ad(art, "sda_right")}</aside>
<footer class="site-footer">{''.join(f'<p>{esc(line)}</p>' for line in MCMS_FOOTER[site])}</footer>"""
    amp = f'<link rel="amphtml" href="{ctx.base}{print_path(art)}"/>\n' if site == "vietnamplus" else ""
    return page(chrome.head(art, ctx.base, SITE_NAMES[site], amp), body)


# ------------------------------------------------------------------------ bnews.vn

def bnews(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    body = f"""<div id="header"><a href="/bnews/" class="logo">Bnews</a>
<ul class="nav"><li><a href="/bnews/kinh-te-viet-nam.html">Kinh tế Việt Nam</a></li><li><a href="/bnews/thi-truong.html">Thị trường</a></li><li><a href="/bnews/doanh-nghiep.html">Doanh nghiệp</a></li></ul></div>
<div class="container"><div class="col-left">
<div class="post-top-entry"><div class="cate-name"><a href="/bnews/{art.category}.html">{cat_name(art.category)}</a></div>
<h1>{t(art.title)}</h1>
<div class="post-info"><span class="time">{weekday(art.published, True)}, {dmy(art.published)} - {hm(art.published)}</span> <span class="view">{chrome.views(art)}</span></div></div>
<div class="post-sapo"><h2>{t(art.sapo)}</h2></div>
<div class="post-ct-entry">
{body_html(art)}
<p class="author" style="text-align:right"><strong>{t(art.author)}</strong></p>
</div>
<div class="post-tags">Từ khóa: <a href="/bnews/tag/kinh-te/249247/1.html">kinh tế</a></div>
<div class="box-related"><h3>Tin cùng chuyên mục</h3>{chrome.link_list(chrome.most_read(art, ctx.peers, 3))}</div>
</div>
<div class="col-right"><div class="box-hot"><h3>Đọc nhiều nhất</h3>{chrome.link_list(chrome.most_read(art, ctx.peers))}</div>{chrome.ad(art, "right")}</div></div>
<div id="footer"><p>Bnews - Ban Biên tập Tin Kinh tế - Thông tấn xã Việt Nam.</p><p>© Bản quyền thuộc về Bnews/TTXVN.</p></div>"""
    return page(chrome.head(art, ctx.base, SITE_NAMES["bnews"]), body)


# ------------------------------------------------------------------- baolangson.vn

def baolangson_header(chrome_rev: int) -> str:
    """Header with the site's "today" (two spaces after the comma): not the article date."""
    menu = "".join(f'<li><a href="/baolangson/{s}">{cat_name(s)}</a></li>'
                   for s in ["chinh-tri", "kinh-te", "xa-hoi", "du-lich", "quoc-te"])
    return (f'<div id="header"><div class="top"><span class="ngay">{chrome.header_date(chrome_rev)}</span> '
            f'<a href="/baolangson/rss/home.rss">RSS</a> <form action="/baolangson/search" method="get">'
            f'<input name="q"/></form></div><div class="logo"><a href="/baolangson/">Báo Lạng Sơn</a></div>'
            f'<ul id="menu"><li><a href="/baolangson/">Trang chủ</a></li>{menu}</ul></div>')


def baolangson(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    body = f"""{baolangson_header(art.chrome_rev)}
<div class="breadcrumb"><a href="/baolangson/">Trang chủ</a> » <a href="{category_path('baolangson', art.category)}">{cat_name(art.category)}</a></div>
<div class="main"><article class="detail">
<h1 class="detail__title">{t(art.title)}</h1>
<div class="detail__meta"><span class="post-date">{dmy(art.published)} {hm(art.published)}</span> <span class="views">{chrome.views(art)}</span></div>
<div class="detail__sapo">{t(art.sapo)}</div>
<div id="content-detail">
{body_html(art)}
<p style="text-align:right"><strong>{t(art.author.upper())}</strong></p>
</div>
<div class="tags"><a href="/baolangson/tags/lang-son">Lạng Sơn</a> <a href="/baolangson/search?q=kinh+te">Tìm kiếm</a></div>
</article>
<aside class="sidebar"><div class="box-most-read"><h3 class="card-header">Đọc nhiều</h3>{chrome.link_list(chrome.most_read(art, ctx.peers), "list-most")}</div>
{chrome.ad(art, "sidebar")}</aside></div>
<div id="footer"><p>Báo Lạng Sơn - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Lạng Sơn.</p><p>Địa chỉ: Số 4 đường Lê Lợi, phường Vĩnh Trại, thành phố Lạng Sơn.</p></div>"""
    return page(chrome.head(art, ctx.base, SITE_NAMES["baolangson"]), body)


# ------------------------------------------------- langson.gov.vn (old table layout)

GOV_BANNER = "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVIII"


def gov_frame(main: str, left: str, right: str) -> str:
    """The portal's page: a banner table, a menu table, three columns in a table, a footer table."""
    return f"""<a href="#main-content" class="skip-link">Skip to main content</a> <a href="#main-content">Nhảy đến nội dung</a>
<table width="100%" cellpadding="0" cellspacing="0" class="banner"><tr><td><img src="/langson-gov/images/logo.png" alt="Cổng thông tin điện tử tỉnh Lạng Sơn"/></td>
<td class="slogan"><marquee>{GOV_BANNER}</marquee></td></tr></table>
<table width="100%" class="topmenu"><tr><td><a href="/langson-gov/">Trang chủ</a></td><td><a href="/langson-gov/gioi-thieu.html">Giới thiệu</a></td>
<td><a href="/langson-gov/tin-tuc-su-kien.html">Tin tức - Sự kiện</a></td><td><a href="/langson-gov/van-ban.html">Văn bản</a></td><td><a href="/langson-gov/sitemap.xml">Sơ đồ cổng</a></td></tr></table>
<table width="100%" cellpadding="4" class="layout"><tr>
<td width="200" valign="top" class="col-left">{left}</td>
<td valign="top" class="col-main" id="main-content">{main}</td>
<td width="220" valign="top" class="col-right">{right}</td></tr></table>
<table width="100%" class="footer"><tr><td><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạng Sơn</p><p>Địa chỉ: Số 2 đường Hùng Vương, thành phố Lạng Sơn. Điện thoại: 0205.3812.345</p></td></tr></table>"""


def gov_sides(art: Article, peers: list[Article]) -> tuple[str, str]:
    left = ('<table class="leftmenu"><tr><td><a href="/langson-gov/gioi-thieu.html">Giới thiệu chung</a></td></tr>'
            '<tr><td><a href="/langson-gov/tin-tuc-su-kien.html">Tin tức - Sự kiện</a></td></tr>'
            '<tr><td><a href="/langson-gov/thu-tuc-hanh-chinh.html">Thủ tục hành chính</a></td></tr></table>')
    right = (f'<div class="box"><b>Tin xem nhiều</b>{chrome.link_list(chrome.most_read(art, peers, 3))}</div>'
             f'{chrome.ad(art, "lienket")}<div class="counter">Đang truy cập: {31 + 7 * art.chrome_rev}<br/>'
             f'Tổng lượt truy cập: 12.{345 + art.chrome_rev:03d}.678</div>')
    return left, right


def langson_gov(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    main = f"""<div class="breadcrumb"><a href="/langson-gov/">Trang chủ</a> » <a href="{category_path('langson-gov', art.category)}">{cat_name(art.category)}</a></div>
<div class="toolbar">A- A A+ | Tăng tương phản Giảm tương phản</div>
<h1 class="title-news">{t(art.title)}</h1>
<div class="date-news">Ngày đăng: {dmy(art.published)} {hm(art.published)} | {chrome.views(art)}</div>
<div class="summary"><b>{t(art.sapo)}</b></div>
<div class="content-news">
{body_html(art)}
</div>
<div class="author-news" align="right"><b>{t(art.author)}</b></div>
<div class="rating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá<br/>Click để đánh giá bài viết</div>
<div class="other-news"><b>Các tin khác</b>{chrome.link_list(chrome.most_read(art, ctx.peers, 2))}</div>"""
    return page(chrome.head(art, ctx.base, SITE_NAMES["langson-gov"]), gov_frame(main, *gov_sides(art, ctx.peers)))


# ------------------------------------------------------- cucthongkelangson.gov.vn

def thongke(art: Article, ctx: Ctx) -> str:
    t = text_of(art)
    date = f"{weekday(art.published, lower=True)} - {dmy(art.published)} {hm(art.published)}"
    body = f"""<div class="header"><a href="/thongke/" class="logo">THỐNG KÊ TỈNH LẠNG SƠN</a>
<ul class="menu"><li><a href="/thongke/tinh-hinh-kinh-te-xa-hoi/">Tình hình kinh tế - xã hội</a></li><li><a href="/thongke/bao-cao-kinh-te-xa-hoi-quy/">Báo cáo quý</a></li><li><a href="/thongke/so-lieu-thong-ke/">Số liệu thống kê</a></li></ul></div>
<div class="breadcrumb"><a href="/thongke/">Trang chủ</a> / <a href="{category_path('thongke', art.category)}">{cat_name(art.category)}</a></div>
<div class="row"><div class="col-md-9"><div class="news-detail">
<h1 class="news-title">{t(art.title)}</h1>
<div class="news-date">{date}</div> <div class="news-view">{chrome.views(art)}</div>
<div class="news-summary"><strong>{t(art.sapo)}</strong></div>
<div class="news-content">
{body_html(art)}
<p style="text-align:right"><strong>{t(art.author)}</strong></p>
</div>
<div class="news-other"><h3>Tin cùng chuyên mục</h3>{chrome.link_list(chrome.most_read(art, ctx.peers, 3))}</div>
</div></div>
<div class="col-md-3"><div class="box-right"><h3>Lịch phổ biến thông tin</h3><p>Ngày 29 hằng tháng: số liệu kinh tế - xã hội tháng.</p></div>{chrome.ad(art, "right")}</div></div>
<div class="footer"><p>Bản quyền thuộc Thống kê tỉnh Lạng Sơn. Địa chỉ: Số 1 đường Hoàng Văn Thụ, thành phố Lạng Sơn.</p></div>"""
    return page(chrome.head(art, ctx.base, SITE_NAMES["thongke"]), body)


# -------------------------------------------------------------- print and AMP copies

def print_copy(art: Article, ctx: Ctx) -> str:
    """The bare print/AMP copy: the text only, with rel=canonical to the real article."""
    t = text_of(art)
    amp = " amp" if art.source == "vietnamplus" else ""
    head = (f'<head>\n<meta charset="utf-8"/>\n<title>{esc(art.title)}</title>\n'
            f'<link rel="canonical" href="{ctx.base}{article_path(art)}"/>\n'
            f'<meta name="robots" content="noindex"/>\n</head>')
    body = (f'<div class="print-page"><h1>{t(art.title)}</h1><p class="date">{dmy(art.published)} {hm(art.published)}</p>'
            f'<p class="sapo"><b>{t(art.sapo)}</b></p>\n{body_html(art)}\n<p class="author">{t(art.author)}</p></div>')
    return f'<!DOCTYPE html>\n<html{amp} lang="vi">\n{head}\n<body>\n{body}\n</body>\n</html>\n'


LAYOUTS = {"baotintuc": baotintuc, "vietnamplus": mcms, "nhandan": mcms, "bnews": bnews,
           "baolangson": baolangson, "langson-gov": langson_gov, "thongke": thongke}


def article_page(art: Article, ctx: Ctx) -> str:
    return LAYOUTS[art.source](art, ctx)
