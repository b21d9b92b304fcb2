"""The report as one self-contained HTML page: inline CSS and SVG, no script, no links out
except to the articles themselves. Every scraped string goes through :func:`esc`."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from crawler.diffing import as_html, diff_snapshots
from crawler.report.chart import chart, number

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px auto;max-width:980px;
color:#222;line-height:1.45;padding:0 12px}
h1{font-size:24px}h2{font-size:19px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
h3{font-size:15px;margin:18px 0 4px}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.meta{color:#666;font-size:12px}.empty{color:#888;font-style:italic}.chart{max-width:100%;height:auto}
.kind-revised,.kind-conflict{font-weight:bold;color:#a40000}.kind-new{color:#005c00}
.change{border-left:3px solid #ccc;padding-left:10px;margin:14px 0}
"""
KIND_LABELS = {"new": "mới", "revised": "điều chỉnh", "confirmed": "xác nhận", "conflict": "vênh"}


def esc(value) -> str:
    """Escape anything for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def link(url: str | None, label: str | None) -> str:
    """A link to an http(s) URL; anything else is shown as text only."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{esc(url)}">{esc(label or url)}</a>'
    return esc(label or url)


def page(title: str, generated: str, since: str, sections: list[str]) -> str:
    """The whole document."""
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{esc(title)}</h1><p class=\"meta\">Tạo lúc {esc(generated)} (UTC) · thay đổi từ {esc(since)}"
            f" · thời gian là thời điểm newsmon thu thập, không phải ngày đăng</p>"
            + "".join(sections) + "</body></html>\n")


def charts_section(charts: dict) -> str:
    parts = ['<section id="indicators"><h2>Chỉ tiêu theo thời gian</h2>']
    if not charts:
        parts.append('<p class="empty">Chưa có số liệu.</p>')
    for (indicator, unit), points in charts.items():
        parts.append(f"<h3>{esc(indicator)} <span class=\"meta\">({esc(unit)}, {len(points)} số liệu)</span></h3>")
        parts.append(chart(f"{indicator} ({unit})", unit, points))
    return "".join(parts) + "</section>"


def events_section(events: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{esc(e['created_at'])}</td><td class=\"kind-{esc(e['kind'])}\">{esc(KIND_LABELS.get(e['kind'], e['kind']))}</td>"
        f"<td>{esc(e['indicator'])}</td><td>{esc(e['place'])}</td><td>{esc(e['period'])}</td>"
        f"<td>{esc(_value(e['value']))} {esc(e['unit'])}</td><td>{esc(_value(e['previous_value']))}</td>"
        f"<td>{esc(e['source'])} v{esc(e['version'])}</td><td>{link(e['url'], e['title'])}</td></tr>"
        for e in events)
    head = ("<tr><th>lúc</th><th>loại</th><th>chỉ tiêu</th><th>địa bàn</th><th>kỳ</th><th>giá trị</th>"
            "<th>trước đó</th><th>nguồn</th><th>bài</th></tr>")
    body = f"<table>{head}{rows}</table>" if events else '<p class="empty">Không có cập nhật số liệu.</p>'
    return f'<section id="events"><h2>Cập nhật số liệu mới nhất</h2>{body}</section>'


def _value(value) -> str:
    return "" if value is None else number(value)


def changes_section(changes: list[dict]) -> str:
    parts = ['<section id="changes"><h2>Bài được sửa</h2>']
    if not changes:
        parts.append('<p class="empty">Không có bài nào được sửa.</p>')
    for change in changes:
        parts.append(_change(change))
    return "".join(parts) + "</section>"


def _change(row: dict) -> str:
    head = (f'<div class="change"><h3>{link(row["article_url"], row["title"])}</h3>'
            f'<p class="meta">{esc(row["source"])} · phiên bản {esc(row["version"] - 1)} → {esc(row["version"])}'
            f' · thu thập {esc(row["fetched_at"])}{_figures(row)}</p>')
    if row.get("reverted_to"):
        return head + f"<p>Trở lại đúng nội dung phiên bản {esc(row['reverted_to'])}.</p></div>"
    if row.get("cosmetic"):
        return head + "<p class=\"meta\">Chỉ thay đổi hình thức (dấu câu, khoảng trắng, cách bỏ dấu).</p></div>"
    diff = as_html(diff_snapshots(row["previous"], row)) if row["previous"] else ""
    return head + (diff or '<p class="empty">Không có khác biệt đáng kể.</p>') + "</div>"


def _figures(row: dict) -> str:
    if not (row["figures_removed"] or row["figures_added"]):
        return ""
    return (f" · số liệu: −{esc(', '.join(row['figures_removed']) or '∅')}"
            f" / +{esc(', '.join(row['figures_added']) or '∅')}")


def new_articles_section(stories: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{esc(s['first_seen'])}</td><td>{esc(s['source'])}</td><td>{link(s['url'], s['title'])}"
        f"{_copies(s)}</td><td>{esc(s['published'])}</td><td>{esc(_value(s['relevance_score']))}</td></tr>"
        for s in stories)
    head = "<tr><th>thu thập</th><th>nguồn</th><th>bài</th><th>ngày đăng</th><th>điểm</th></tr>"
    body = f"<table>{head}{rows}</table>" if stories else '<p class="empty">Không có bài mới.</p>'
    return f'<section id="new-articles"><h2>Bài mới liên quan</h2>{body}</section>'


def _copies(story: dict) -> str:
    others = story["copies"][1:]
    if not others:
        return ""
    links = ", ".join(link(c["url"], c["source"]) for c in others)
    return f'<br><span class="meta">cũng đăng tại: {links}</span>'
