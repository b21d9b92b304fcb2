"""`newsmon report`: one self-contained page, checked as text and in a real headless browser."""

import re
import shutil
import subprocess

import pytest

from crawler.report import build_report
from crawler.report.page import link
from tests.views_support import invoke, observe, record, setup

URL = "https://baolangson.vn/thu-ngan-sach-1.html"
HOSTILE_URL = "https://baotintuc.vn/tin-doc-hai-2.htm"
HOSTILE = ('Lạng Sơn <script>document.body.setAttribute("data-pwned", "script")</script> '
           '<img src=x onerror="document.body.setAttribute(\'data-pwned\', \'img\')"> tăng trưởng.')
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture
def report_path(tmp_path):
    config, db = setup(tmp_path)
    record(db, "Lạng Sơn thu ngân sách", "Thu ngân sách đạt 6.230 tỷ đồng.", "2026-11-20T01:00:00+00:00", url=URL)
    record(db, "Lạng Sơn thu ngân sách", "Thu ngân sách đạt 6.500 tỷ đồng.", "2026-11-21T01:00:00+00:00", url=URL)
    record(db, '<script>alert("title")</script>', "Lạng Sơn tăng trưởng.", "2026-11-21T02:00:00+00:00",
           url=HOSTILE_URL, source="baotintuc")
    record(db, '<script>alert("title")</script>', HOSTILE + " <b>Sửa</b>", "2026-11-22T02:00:00+00:00",
           url=HOSTILE_URL, source="baotintuc")  # the diff shows the payload
    observe(db, 1, "budget_revenue", 6230, "billion VND", "2025", "2026-11-20T01:00:00+00:00")
    observe(db, 1, "budget_revenue", 6500, "billion VND", "2025", "2026-11-21T01:00:00+00:00", version=2,
            kind="revised")
    observe(db, 2, "grdp_growth", 7.2, "%", "2025", "2026-11-21T02:00:00+00:00", source="baotintuc")
    observe(db, 2, "grdp_growth", 6.1, "%", "2025-H1", "2026-11-21T02:00:00+00:00", source="baotintuc",
            place='cả nước"><script>x</script>')
    out = tmp_path / "report.html"
    assert "report written" in invoke(config, "report", "-o", str(out), "--since", "2026-11-01")
    return out


def test_report_has_every_section_and_no_script_or_outside_resource(report_path):
    html = report_path.read_text(encoding="utf-8")
    for section in ("indicators", "events", "changes", "new-articles"):
        assert f'id="{section}"' in html
    assert html.count('<g class="point"') == 4 and html.count("<svg") == 2
    assert 'data-period="2025-H1" data-source="baotintuc"' in html
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert '&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;' in html  # a hostile title, as text
    assert "onerror=&quot;document" in html and "&lt;b&gt;Sửa&lt;/b&gt;" in html and "cả nước&quot;&gt;&lt;script&gt;" in html
    assert not re.search(r'(src|href)="(?!https?://baolangson|https?://baotintuc)', html)  # no CDN, no file
    assert "đạt <del" in html and ">6.500</ins>" in html  # the edit, with its diff


def test_only_web_links_are_links():
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://baolangson.vn/a?b=1&c=2", "<t>") == '<a href="https://baolangson.vn/a?b=1&amp;c=2">&lt;t&gt;</a>'


def test_an_empty_database_gives_a_page_too(tmp_path):
    _, db = setup(tmp_path)
    html = build_report(db, "2026-11-01T00:00:00+00:00")
    assert html.count('class="empty"') == 4


def chromium(*args, profile):
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args], capture_output=True, text=True, timeout=60)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `apt-get install -y chromium` (.ci/run does)")
def test_report_renders_in_a_headless_browser_with_inert_scraped_text(report_path, tmp_path):
    # The console check must be able to fail: a page with an error shows up in it.
    broken = tmp_path / "broken.html"
    broken.write_text("<p>x</p><script>undefinedFunction()</script>", encoding="utf-8")
    assert console_lines(chromium("--dump-dom", broken.as_uri(), profile=tmp_path / "p0").stderr)

    dom = chromium("--dump-dom", report_path.as_uri(), profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_lines(dom.stderr) == []
    assert re.search(r"<body[^>]*>", dom.stdout).group(0) == "<body>"  # no payload ran: no data-pwned
    assert "<script" not in dom.stdout.lower() and "<img" not in dom.stdout.lower()
    assert "&lt;img src=x onerror=" in dom.stdout  # the tag is there, as text
    assert dom.stdout.count('<g class="point"') == 4 and "<title>newsmon" in dom.stdout
    assert "&lt;script&gt;alert(\"title\")&lt;/script&gt;" in dom.stdout  # shown as text

    shot = tmp_path / "report.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1000,1600", report_path.as_uri(),
                      profile=tmp_path / "p2")
    assert result.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
