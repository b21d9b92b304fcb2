"""Every built-in source is a complete spec, and README.md documents each one."""

import re
from pathlib import Path

import pytest

from crawler.registry import builtin_sources

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
SOURCES = builtin_sources()

REQUIRED_DOMAINS = ["baotintuc.vn", "vietnamplus.vn", "bnews.vn", "vnanet.vn", "nhandan.vn",
                    "baolangson.vn", "langson.gov.vn", "cucthongkelangson.gov.vn", "dangcongsan.vn"]


def test_every_required_site_has_a_spec():
    domains = {d for source in SOURCES.values() for d in source.allowed_domains}
    assert set(REQUIRED_DOMAINS) <= domains


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_spec_is_complete(name):
    source = SOURCES[name]
    assert source.label and source.allowed_domains and source.article_pattern
    assert source.feeds or source.sitemaps or source.listings
    re.compile(source.article_pattern)
    for url in [*source.feeds, *source.sitemaps, *(l.url for l in source.listings)]:
        assert any(url.split("/")[2].endswith(d) for d in source.allowed_domains), url


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_readme_lists_the_source_and_whether_it_is_verified(name):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` ")), None)
    assert row, f"README.md's table of sources has no row for {name}"
    assert ("unverified" in row) == (not SOURCES[name].verified)


EXAMPLES = {
    "baotintuc": "https://baotintuc.vn/kinh-te/lang-son-thu-hut-dau-tu-20260716171712046.htm",
    "vietnamplus": "https://www.vietnamplus.vn/hien-thuc-hoa-khat-vong-phat-trien-bien-cuong-xu-lang-post1063964.vnp",
    "nhandan": "https://nhandan.vn/lang-son-phat-trien-kinh-te-cua-khau-post812345.html",
    "bnews": "https://bnews.vn/so-nganh-nao-o-lang-son-co-nang-luc-canh-tranh-ddci-thap-nhat/226713.html",
    "baolangson": "https://baolangson.vn/kinh-te/574188-lang-son-thu-ngan-sach.html",
    "langsongov": "http://langson.gov.vn/tin-tuc-su-kien/xa-dat-chuan-nong-thon-moi-na.html",
    "cucthongke": "https://cucthongkelangson.gov.vn/tinh-hinh-kinh-te-xa-hoi/bao-cao-thang-6-441.html",
    "vnanet": "https://chinhsachcuocsong.vnanet.vn/lang-son-thuc-hien-hieu-qua-cac-nghi-quyet-cua-dang/52279.html",
}


@pytest.mark.parametrize("name,url", sorted(EXAMPLES.items()))
def test_article_pattern_matches_real_urls_from_sources_md(name, url):
    assert SOURCES[name].is_article(url)
    assert not SOURCES[name].is_article(url.rsplit("/", 1)[0] + "/")
