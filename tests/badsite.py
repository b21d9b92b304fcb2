"""A hostile little news site on 127.0.0.1: one path per kind of bad input, beside good articles.

    with BadSite() as site:            # site.base = "http://127.0.0.1:PORT"
        site.source()                  # its [[sources]] entry for newsmon.toml
        site.hits                      # (path, headers) of every request, in order

Every response carries an ETag and Last-Modified and honours If-None-Match /
If-Modified-Since, so conditional GET can be checked on feeds, sitemaps and listings
too. ``delay`` slows every answer (a crawl that is still running when it is killed).
``Offsite`` is a second server on 127.0.0.2 (another host name) that must never be asked.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODIFIED = formatdate(1_764_000_000, usegmt=True)  # one fixed Last-Modified for every page
HTML = "text/html; charset=utf-8"
PLACES = ["Cao Lộc", "Văn Lãng", "Lộc Bình", "Chi Lăng", "Hữu Lũng", "Đình Lập", "Tràng Định", "Bắc Sơn"]


@dataclass
class Answer:
    """What the server sends for one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0  # seconds before answering (a timeout)
    validators: bool = True  # ETag / Last-Modified and 304s


def article_html(n: int | str, title: str | None = None, charset_meta: str = "utf-8") -> str:
    """A plain article page about Lạng Sơn, long enough for trafilatura."""
    place = PLACES[hash(str(n)) % len(PLACES)]
    title = title or f"Lạng Sơn: huyện {place} đẩy mạnh phát triển kinh tế, bài số {n}"
    paragraphs = [
        f"Ngày 20/11, UBND tỉnh Lạng Sơn tổ chức hội nghị đánh giá tình hình kinh tế - xã hội huyện {place}, bài {n}.",
        "Theo báo cáo, tổng sản phẩm trên địa bàn tỉnh Lạng Sơn tăng 5,12% so với cùng kỳ năm trước, "
        "kim ngạch xuất nhập khẩu qua cửa khẩu Hữu Nghị đạt hơn 4.000 triệu USD.",
        "Lãnh đạo tỉnh đề nghị các sở, ngành tiếp tục tháo gỡ khó khăn cho doanh nghiệp, đẩy nhanh tiến độ "
        "giải ngân vốn đầu tư công và bảo đảm an sinh xã hội cho người dân vùng biên giới.",
        f"Huyện {place} phấn đấu hoàn thành các chỉ tiêu chủ yếu trong năm, trong đó tỷ lệ hộ nghèo giảm còn 7,2%.",
    ]
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"vi\"><head>{meta}<title>{escape(title)}</title></head>"
            f"<body><nav><a href=\"/\">Trang chủ</a></nav><article><h1>{escape(title)}</h1>\n"
            f"{body}\n</article><footer>Báo thử nghiệm</footer></body></html>")


def rss(base: str, paths: list[str], encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 feed of these paths, in ``encoding`` (declared in its XML declaration)."""
    items = "".join(f"<item><title>Tin Lạng Sơn {i}</title><link>{base}{p}</link>"
                    f"<pubDate>{MODIFIED}</pubDate></item>" for i, p in enumerate(paths))
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>Báo Lạng Sơn – tin mới</title>{items}</channel></rss>")
    return encode_1258(text) if encoding == "windows-1258" else text.encode(encoding)


def encode_1258(text: str) -> bytes:
    """windows-1258 has base letters (ơ, ư, â ...) but tones as combining marks: compose to that."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in list(marks):  # fold in the marks that make an encodable letter (â, ơ, ư ...)
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and _encodable(composed):
                base = composed
                marks.remove(mark)
        out += base.encode("cp1258") + "".join(marks).encode("cp1258")
    return bytes(out)


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


def urlset(base: str, paths: list[str]) -> bytes:
    """A sitemap urlset of these paths."""
    urls = "".join(f"<url><loc>{base}{p}</loc><lastmod>2026-11-20</lastmod></url>" for p in paths)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def gzip_bomb(megabytes: int) -> bytes:
    """A tiny gzip stream that expands to ``megabytes`` MB of zeros."""
    chunk = b"\0" * (1024 * 1024)
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:  # in pieces: low memory
        for _ in range(megabytes):
            stream.write(chunk)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    """Looks the path up in the server's routes; logs every request."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        server = self.server
        path = self.path.split("?")[0]
        with server.lock:
            server.hits.append((path, dict(self.headers.items())))
        if server.delay:
            time.sleep(server.delay)
        route = server.routes.get(path)
        answer = route(self) if callable(route) else route
        if answer is None:
            answer = Answer(404, "Không tìm thấy".encode(), {"Content-Type": "text/plain; charset=utf-8"})
        if answer.sleep:
            time.sleep(answer.sleep)
        self.send(answer)

    def send(self, answer: Answer) -> None:
        etag = '"%s"' % hashlib.sha1(answer.body).hexdigest()[:16]
        if answer.validators and answer.status == 200 and self.not_modified(etag):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(answer.status)
        headers = {"Content-Type": HTML, **answer.headers}
        if answer.validators and answer.status == 200:
            headers.update({"ETag": etag, "Last-Modified": MODIFIED})
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        try:
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up (size limit, timeout): that is the point

    def not_modified(self, etag: str) -> bool:
        if self.headers.get("If-None-Match") is not None:
            return etag in [e.strip() for e in self.headers["If-None-Match"].split(",")]
        return self.headers.get("If-Modified-Since") == MODIFIED

    def log_message(self, format: str, *args) -> None:
        """Silent: the tests read the crawl's output, not ours."""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:
        """Silent: the crawler hangs up on huge pages and timeouts on purpose."""


class Hosted:
    """A server on ``host`` in a background thread; a context manager."""

    def __init__(self, host: str = "127.0.0.1", delay: float = 0.0):
        self.server = Server((host, 0), Handler)
        self.server.routes = {}
        self.server.hits = []
        self.server.lock = threading.Lock()
        self.server.delay = delay
        self.base = f"http://{host}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def routes(self) -> dict:
        return self.server.routes

    @property
    def hits(self) -> list[tuple[str, dict]]:
        with self.server.lock:
            return list(self.server.hits)

    def paths_hit(self) -> list[str]:
        return [path for path, _ in self.hits]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Offsite(Hosted):
    """Another host (127.0.0.2): the crawl must never fetch anything from it."""

    def __init__(self):
        super().__init__("127.0.0.2")
        self.routes["/a/stolen.html"] = Answer(body=article_html("stolen").encode())
        self.routes["/a/linked.html"] = Answer(body=article_html("linked").encode())


class BadSite(Hosted):
    """Good articles (``/a/good-N.html``) and one path per bad case, all listed by its feeds.

    ``cases=False`` serves the good articles only (the fault tests).
    """

    GOOD_NAMES = ["malformed", "latin1-header", "no-charset", "meta-1258", "undeclared-1258",
                  "utf8-header-1258", "nfd"]

    def __init__(self, good: int = 4, *, cases: bool = True, offsite: str = "http://127.0.0.2:9",
                 delay: float = 0.0):
        super().__init__(delay=delay)
        self.offsite = offsite
        self.gone = False  # True: /a/gone.html answers 410
        self.good = [f"/a/good-{n}.html" for n in range(1, good + 1)]
        for path in self.good:
            self.routes[path] = Answer(body=article_html(path).encode())
        self.routes["/robots.txt"] = Answer(body=b"User-agent: *\nDisallow: /a/private\n",
                                            headers={"Content-Type": "text/plain"})
        self.routes["/feed.xml"] = lambda h: Answer(body=rss(self.base, self.feed_paths()))
        self.routes["/sitemap.xml"] = lambda h: Answer(body=self.sitemap_index(), headers={"Content-Type": "application/xml"})
        self.routes["/sitemap-1.xml"] = lambda h: Answer(body=urlset(self.base, self.good[:2]),
                                                         headers={"Content-Type": "application/xml"})
        self.routes["/list.html"] = lambda h: Answer(body=self.listing().encode())
        if cases:
            self.add_cases()

    # -- what the feeds list -------------------------------------------------------

    def case_paths(self) -> list[str]:
        """Every /a/ path of a bad case (the good ones excluded)."""
        return [p for p in self.routes if p.startswith("/a/") and p not in self.good]

    def feed_paths(self) -> list[str]:
        return self.good + self.case_paths()

    def good_paths(self) -> list[str]:
        """Articles that must be stored: the plain ones and those whose badness we repair."""
        repaired = [f"/a/{name}.html" for name in self.GOOD_NAMES] if "/a/nfd.html" in self.routes else []
        return self.good + repaired + [p for p in ("/a/from-1258-feed.html", "/a/from-utf16-feed.html")
                                       if p in self.routes]

    def sitemap_index(self) -> bytes:
        maps = ["/sitemap-1.xml"] + (["/broken-sitemap.xml", "/corrupt.xml.gz", "/not-a-sitemap.xml"]
                                     if "/broken-sitemap.xml" in self.routes else [])
        locs = "".join(f"<sitemap><loc>{self.base}{m}</loc></sitemap>" for m in maps)
        return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{locs}</sitemapindex>').encode()

    def listing(self) -> str:
        links = [f'<a href="{p}">{p}</a>' for p in self.good[-2:]]
        links += ['<a href="javascript:alert(1)">js</a>', '<a href="mailto:toasoan@example.org">mail</a>',
                  '<a href="ftp://127.0.0.1/a/ftp.html">ftp</a>', '<a href="data:text/html,<b>x</b>">data</a>',
                  f'<a href="{self.offsite}/a/linked.html">elsewhere</a>', '<a href="/a/private-1.html">private</a>']
        return f"<html><head><meta charset=utf-8><title>Tin tức</title></head><body>{''.join(links)}</body></html>"

    # -- the bad cases ---------------------------------------------------------------

    def add_cases(self) -> None:
        r = self.routes
        text = article_html("malformed")
        r["/a/malformed.html"] = Answer(body=(text.replace("</p>", "").replace("</article>", "<div><table><td>")
                                              .replace("<html", "<<html><b><i>", 1) + "</b></div></span>").encode())
        r["/a/latin1-header.html"] = Answer(body=article_html("latin1", "Lạng Sơn: chợ biên giới nhộn nhịp",
                                                              charset_meta="").encode(),
                                            headers={"Content-Type": "text/html; charset=ISO-8859-1"})
        r["/a/no-charset.html"] = Answer(body=article_html("nocharset", charset_meta="").encode(),
                                         headers={"Content-Type": "text/html"})
        r["/a/meta-1258.html"] = Answer(body=encode_1258(article_html("cp1258", "Lạng Sơn đón khách du lịch",
                                                                      charset_meta="windows-1258")),
                                        headers={"Content-Type": "text/html"})
        r["/a/undeclared-1258.html"] = Answer(body=encode_1258(article_html("undeclared", "Lạng Sơn mở hội xuân",
                                                                            charset_meta="")),
                                              headers={"Content-Type": "text/html"})
        r["/a/utf8-header-1258.html"] = Answer(body=encode_1258(article_html("liar", "Lạng Sơn khai trương chợ đêm",
                                                                             charset_meta="")),
                                               headers={"Content-Type": "text/html; charset=utf-8"})
        r["/a/nfd.html"] = Answer(body=unicodedata.normalize("NFD", article_html(
            "nfd", "Lạng Sơn: mùa hồng Bảo Lâm")).encode())
        r["/a/empty.html"] = Answer(body=b"")
        r["/a/no-text.html"] = Answer(body=b"<html><head><title>x</title><script>var a=1;</script></head>"
                                           b"<body><nav><a href='/'>Trang ch\xe1\xbb\xa7</a></nav></body></html>")
        r["/a/huge.html"] = lambda h: Answer(body=b"<html><body><p>" + b"x" * (20 * 1024 * 1024) + b"</p></body></html>")
        bomb = gzip_bomb(64)
        r["/a/gzip-bomb.html"] = Answer(body=bomb, headers={"Content-Encoding": "gzip"})
        r["/a/loop-1.html"] = Answer(302, headers={"Location": "/a/loop-2.html"}, validators=False)
        r["/a/loop-2.html"] = Answer(302, headers={"Location": "/a/loop-1.html"}, validators=False)
        r["/a/offsite-redirect.html"] = lambda h: Answer(302, headers={"Location": f"{self.offsite}/a/stolen.html"},
                                                         validators=False)
        r["/a/redirect-to-file.html"] = Answer(302, headers={"Location": "file:///etc/passwd"}, validators=False)
        r["/a/missing.html"] = None  # 404
        r["/a/gone.html"] = lambda h: (Answer(410, "Bài viết đã bị gỡ".encode(), validators=False) if self.gone
                                       else Answer(body=article_html("gone", "Lạng Sơn: bài sẽ bị gỡ").encode()))
        r["/a/error.html"] = Answer(500, b"Internal Server Error", validators=False)
        r["/a/slow.html"] = Answer(body=article_html("slow").encode(), sleep=4.0)
        r["/a/report.pdf"] = Answer(body=b"%PDF-1.4 not really", headers={"Content-Type": "application/pdf"})
        r["/a/data.json"] = Answer(body=b'{"title": "L\\u1ea1ng S\\u01a1n"}', headers={"Content-Type": "application/json"})
        r["/a/private-1.html"] = Answer(body=article_html("private").encode())  # robots.txt forbids it
        r["/a/from-1258-feed.html"] = Answer(body=article_html("feed1258").encode())
        r["/a/from-utf16-feed.html"] = Answer(body=article_html("feedutf16").encode())
        r["/feed-1258.xml"] = Answer(body=rss(self.base, ["/a/from-1258-feed.html"], "windows-1258"),
                                     headers={"Content-Type": "application/rss+xml"})
        r["/feed-utf16.xml"] = Answer(body=rss(self.base, ["/a/from-utf16-feed.html"], "utf-16"),
                                      headers={"Content-Type": "application/rss+xml"})
        r["/broken.rss"] = Answer(body=b"<?xml version='1.0'?><rss><channel><item><link>" + self.base.encode()
                                  + b"/a/good-1.html</li", headers={"Content-Type": "application/rss+xml"})
        r["/garbage.rss"] = Answer(body=b"\x00\x01\x02 {not: xml} \xff\xfe", headers={"Content-Type": "application/rss+xml"})
        r["/html-as-feed.rss"] = Answer(body=b"<html><body>Trang ch\xe1\xbb\xa7</body></html>")
        r["/broken-sitemap.xml"] = Answer(body=b"<?xml version='1.0'?><urlset><url><loc>" + self.base.encode()
                                          + b"/a/good-3.html</loc></url><url><lo", headers={"Content-Type": "application/xml"})
        r["/corrupt.xml.gz"] = Answer(body=b"\x1f\x8b\x08\x00garbage-not-gzip" * 10,
                                      headers={"Content-Type": "application/x-gzip"})
        r["/not-a-sitemap.xml"] = Answer(body=b"<html><body>Kh\xc3\xb4ng ph\xe1\xba\xa3i sitemap</body></html>")

    def source(self, name: str = "bad", **overrides) -> dict:
        """The [[sources]] entry that crawls this site."""
        extra_feeds = ["/feed-1258.xml", "/feed-utf16.xml", "/broken.rss", "/garbage.rss", "/html-as-feed.rss",
                       "/missing-feed.xml"] if "/broken.rss" in self.routes else []
        entry = {"name": name, "label": "Hostile test site", "allowed_domains": ["127.0.0.1"],
                 "feeds": [self.base + p for p in ["/feed.xml", *extra_feeds]],
                 "sitemaps": [self.base + "/sitemap.xml"], "listings": [self.base + "/list.html"],
                 "article_pattern": "/a/", "min_score": 0}
        entry.update(overrides)
        return entry
