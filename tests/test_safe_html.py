"""Scraped text is escaped in HTML output; only http(s) links are rendered as links."""

from __future__ import annotations

import pytest

from crawler.safe_html import escape_text, is_safe_url, safe_link


def test_text_is_escaped():
    assert escape_text('<script>alert("x")</script> & Lạng Sơn') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Lạng Sơn")
    assert escape_text("it's") == "it&#x27;s"
    assert escape_text(None) == ""
    assert escape_text(42) == "42"


def test_http_links_are_rendered_with_escaped_href_and_text():
    link = safe_link('https://baolangson.vn/a?x=1&y="2"', "<b>Tin</b>")
    assert link == ('<a href="https://baolangson.vn/a?x=1&amp;y=&quot;2&quot;" '
                    'rel="noopener noreferrer nofollow">&lt;b&gt;Tin&lt;/b&gt;</a>')
    assert safe_link("http://example.org/").startswith('<a href="http://example.org/"')


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd", "//evil.example/x",
    "/relative/path", "mailto:a@b.c", "", None, "https://", "http://a\nb.example/",
])
def test_other_schemes_are_plain_text(url):
    assert not is_safe_url(url)
    rendered = safe_link(url, "click")
    assert "<a" not in rendered and rendered == "click"


def test_unsafe_url_as_its_own_label_is_escaped():
    assert safe_link('javascript:alert("<x>")') == "javascript:alert(&quot;&lt;x&gt;&quot;)"
