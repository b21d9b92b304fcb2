"""Meta-refresh redirects are still followed, without decoding pages that have none."""

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.middlewares import HeadMetaRefreshMiddleware

URL = "https://langson.gov.vn/tin-tuc/a.html"


def middleware() -> HeadMetaRefreshMiddleware:
    return HeadMetaRefreshMiddleware.from_crawler(get_crawler(Spider))


def page(head: str, encoding: str = "utf-8") -> HtmlResponse:
    html = f"<html><head>{head}</head><body><p>Lạng Sơn</p></body></html>"
    return HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)


def test_a_refresh_is_followed_even_after_a_long_vietnamese_head():
    title = "<title>" + "Tỉnh Lạng Sơn đẩy mạnh " * 150 + "</title>"  # 3,450 characters, 5,700 bytes
    response = page(title + '<meta http-equiv="Refresh" content="0; url=/tin-tuc/b.html">')
    redirected = middleware().process_response(Request(URL), response)
    assert isinstance(redirected, Request) and redirected.url == "https://langson.gov.vn/tin-tuc/b.html"


def test_a_page_without_refresh_is_passed_on_undecoded():
    response = page("<title>Lạng Sơn</title>")
    assert middleware().process_response(Request(URL), response) is response
    assert response._cached_ubody is None  # Scrapy's decoded text was never made


def test_utf16_pages_are_still_searched():
    response = page('<meta http-equiv="refresh" content="0; url=/tin-tuc/c.html">', "utf-16")
    redirected = middleware().process_response(Request(URL), response)
    assert isinstance(redirected, Request) and "/tin-tuc/c.html" in redirected.url  # as Scrapy reads it


def test_the_project_uses_it_in_place_of_scrapys():
    assert project_settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.HeadMetaRefreshMiddleware"] == 580
    assert project_settings.DOWNLOADER_MIDDLEWARES[
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
