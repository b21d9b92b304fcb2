"""Serve a bench.site.Site on 127.0.0.1, in its own process, with ETag / Last-Modified / 304.

    python -m bench.server --articles 2000 --seed 1 [--port 0]

prints ``READY http://127.0.0.1:PORT`` once it listens and has rendered every article,
then serves until killed.

Pages:  /sitemap.xml (index) -> /sitemaps/sitemap-K.xml, /rss.xml, /tin-tuc/ (listing),
        /tin-tuc/<slug>-<n>.html (articles), /robots.txt (allows everything).
Control: GET /_bench/edit?ids=3,17,42 gives those articles a new revision (one figure
        changed); GET /_bench/stats says how many pages were served and the server's CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from bench.site import SECTION, Site

ROBOTS = b"User-agent: *\nAllow: /\n"


class Handler(BaseHTTPRequestHandler):
    server_version = "Microsoft-IIS/10.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        site: Site = self.server.site
        parts = urlsplit(self.path)
        path = parts.path
        base = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}"
        num = site.number(path)
        if site.exists(num):
            return self.article(site, num, base)
        if path == "/_bench/edit":
            ids = [int(x) for x in parse_qs(parts.query).get("ids", [""])[0].split(",") if x.strip()]
            with self.server.lock:
                site.edit([i for i in ids if site.exists(i)])
            return self.send(200, json.dumps({"edited": ids, "revs": len(site.revs)}).encode(), "application/json")
        if path == "/_bench/stats":
            times = os.times()
            stats = {"served": self.server.served, "not_modified": self.server.not_modified,
                     "cpu_s": times.user + times.system}
            return self.send(200, json.dumps(stats).encode(), "application/json")
        if path == "/robots.txt":
            return self.send(200, ROBOTS, "text/plain")
        if path == "/sitemap.xml":
            return self.send(200, site.sitemap_index(base).encode(), "application/xml")
        if path.startswith("/sitemaps/sitemap-") and path.endswith(".xml"):
            body = site.sitemap(int(path[len("/sitemaps/sitemap-"):-4] or 0), base)
            if body is not None:
                return self.send(200, body.encode(), "application/xml")
        if path == "/rss.xml":
            return self.send(200, site.rss(base).encode(), "application/rss+xml; charset=utf-8")
        if path == f"/{SECTION}/":
            return self.send(200, site.listing(base).encode(), "text/html; charset=utf-8")
        return self.send(404, "Không tìm thấy trang (404)".encode(), "text/plain; charset=utf-8")

    def article(self, site: Site, num: int, base: str) -> None:
        etag = site.etag(num)
        modified = site.modified(num)
        if self.not_modified(etag, modified):
            self.server.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", format_datetime(modified, usegmt=True))
            return self.end_headers()
        body = self.server.rendered(num, etag, base)
        self.server.served += 1
        self.send(200, body, "text/html; charset=utf-8",
                  {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
                   "Cache-Control": "max-age=0, must-revalidate"})

    def not_modified(self, etag: str, modified) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return etag in [t.strip() for t in tags.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(modified.timestamp()) <= int(parsedate_to_datetime(since).timestamp())
            except (TypeError, ValueError):
                return False
        return False

    def send(self, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Silent."""


class BenchServer(ThreadingHTTPServer):
    """Serves the pages rendered before it said READY.

    The server shares the machine's two cores with the crawl it serves, which a real site
    does not: rendering a page (about 1 ms) at each request took CPU from the crawl, and
    more from the pipeline, which keeps both cores busy, than from the one-core floor.
    """

    request_queue_size = 128
    daemon_threads = True
    pages: dict[int, tuple[str, bytes]] = {}  # article -> (ETag, page) for self.base
    base = ""

    def prerender(self, site: Site) -> None:
        host, port = self.server_address[:2]
        self.base = f"http://{host}:{port}"
        self.pages = {num: (site.etag(num), site.article_html(num, self.base).encode("utf-8"))
                      for num in range(1, site.n + 1)}

    def rendered(self, num: int, etag: str, base: str) -> bytes:
        """The page, rendered now only if it was edited since or is asked for by another name."""
        cached = self.pages.get(num)
        if cached and cached[0] == etag and base == self.base:
            return cached[1]
        return self.site.article_html(num, base).encode("utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the synthetic benchmark news site.")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    site = Site(args.articles, args.seed)
    for num in range(1, site.n + 1):  # the title cache first: links to other articles use it
        site.path(num)
    httpd = BenchServer(("127.0.0.1", args.port), Handler)
    httpd.site, httpd.lock, httpd.served, httpd.not_modified = site, threading.Lock(), 0, 0
    httpd.prerender(site)  # about 1 ms and 87 KB a page: 10 s and 0.9 GB at N = 10,000
    host, port = httpd.server_address[:2]
    print(f"READY http://{host}:{port}", flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
