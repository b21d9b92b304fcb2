from crawler.urls import absolute, canonical, repair


def test_tracking_parameters_and_fragments_are_stripped():
    url = "https://Baotintuc.vn/kinh-te/a-20260716171712046.htm?utm_source=fb&utm_medium=social&fbclid=x#top"
    assert canonical(url) == "https://baotintuc.vn/kinh-te/a-20260716171712046.htm"


def test_meaningful_query_parameters_stay():
    assert canonical("http://127.0.0.1:8000/a.aspx?IID=42&utm_campaign=x") == "http://127.0.0.1:8000/a.aspx?IID=42"


def test_vnanet_doubled_host_is_repaired():
    assert repair("https://vnanet.vnhttps://vnanet.vn/Frontend/TrackingView.aspx?IID=7") == \
        "https://vnanet.vn/Frontend/TrackingView.aspx?IID=7"


def test_only_http_links_are_followed():
    assert absolute("https://a.vn/x/", "javascript:void(0)") is None
    assert absolute("https://a.vn/x/", "mailto:toasoan@a.vn") is None
    assert absolute("https://a.vn/x/", "../y.htm") == "https://a.vn/y.htm"
