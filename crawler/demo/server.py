"""Serve a SampleSite over HTTP on 127.0.0.1, with validators (ETag, Last-Modified) and 304s.

    python -m crawler.demo.server [--port N]

prints the address and the [[sources]] to paste into newsmon.toml, then serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawler.demo.site import Response, SampleSite
from crawler.demo.text import http_date


def not_modified(headers, response: Response) -> bool:
    """If-None-Match wins over If-Modified-Since, as RFC 9110 says."""
    etags = headers.get("If-None-Match")
    if etags is not None:
        return response.etag in [e.strip() for e in etags.split(",")] or etags.strip() == "*"
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return int(response.modified.timestamp()) <= int(parsedate_to_datetime(since).timestamp())
        except (TypeError, ValueError):
            return False
    return False


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD on the site held by the server."""

    server_version = "Microsoft-IIS/10.0"  # what the ASP.NET news sites announce
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.answer(send_body=True)

    def do_HEAD(self) -> None:
        self.answer(send_body=False)

    def answer(self, send_body: bool) -> None:
        base = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}"
        response = self.server.site.get(self.path, base)
        if response is None:
            return self.send_plain(404, "Không tìm thấy trang (404)".encode(), send_body)
        status = 304 if not_modified(self.headers, response) else 200
        self.send_response(status)
        self.send_header("ETag", response.etag)
        self.send_header("Last-Modified", http_date(response.modified))
        self.send_header("Cache-Control", "max-age=0, must-revalidate")
        if status == 304:  # no body, and no Content-Length that would describe none
            return self.end_headers()
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def send_plain(self, status: int, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Silent: a crawl makes hundreds of requests and the tests read stderr."""


class DemoHTTPServer(ThreadingHTTPServer):
    """A crawl opens many connections at once: a longer accept queue than the default 5."""

    request_queue_size = 64
    daemon_threads = True


class SiteServer:
    """``with SiteServer(site) as base_url:`` serves ``site`` on a free port in a daemon thread."""

    def __init__(self, site: SampleSite, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self.httpd = DemoHTTPServer((host, port), Handler)
        self.httpd.site = site
        # A short poll interval so that leaving the `with` block (shutdown) takes milliseconds.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       name="demo-site", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.base_url

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def toml_value(value) -> str:
    """A TOML literal for strings, numbers, lists and inline tables (JSON strings are TOML strings)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def sources_toml(sources: list[dict]) -> str:
    """The [[sources]] tables to paste into newsmon.toml."""
    blocks = ["[[sources]]\n" + "\n".join(f"{k} = {toml_value(v)}" for k, v in s.items()) for s in sources]
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve newsmon's offline sample news site.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    args = parser.parse_args(argv)
    site = SampleSite()
    server = SiteServer(site, port=args.port)
    with server as base_url:
        print(f"Sample site on {base_url}/  (Ctrl-C to stop)\n")
        print(sources_toml(site.sources(base_url)), flush=True)
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
