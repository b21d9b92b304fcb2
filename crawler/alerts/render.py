"""One alert mail: a Vietnamese subject, a plain-text part that reads well alone, and HTML.

Everything scraped (titles, sentences, figures, URLs) is escaped in the HTML part, and a
link is rendered only when it is http(s). Each alert becomes a :class:`Block` first, so
the two parts say the same thing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from crawler.alerts import worddiff

LABELS = {
    "indicator_revised": "Số liệu được điều chỉnh",
    "indicator_conflict": "Số liệu vênh giữa các nguồn",
    "indicator_new": "Số liệu mới",
    "article_changed": "Bài được sửa",
    "new_article": "Bài mới",
    "source_problem": "Sự cố nguồn tin",
}
ORDER = list(LABELS)  # digest order: figures first, then edits, new articles, problems
SHORT = {"indicator": "số liệu", "article_changed": "bài được sửa", "new_article": "bài mới",
         "source_problem": "sự cố nguồn"}
SUBJECT_MAX = 140


@dataclass
class Block:
    """What one alert says, before it is written as text or HTML."""

    heading: str
    lines: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    diff: list = field(default_factory=list)  # worddiff hunks


# -- numbers ----------------------------------------------------------------------------

def vn_number(value: float | None) -> str:
    """Vietnamese style: 2.314 thousands, 7,5 decimals; '?' when unknown."""
    if value is None:
        return "?"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def signed(value: float) -> str:
    return ("+" if value >= 0 else "") + vn_number(value)


def change_line(value: float | None, previous: float | None) -> str | None:
    """'Thay đổi: +0,6 (+8 %)' for a figure that moved."""
    if value is None or previous is None:
        return None
    delta = value - previous
    pct = f" ({signed(round(delta / abs(previous) * 100, 1))} %)" if previous else ""
    return f"Thay đổi: {signed(delta)}{pct}"


# -- blocks -----------------------------------------------------------------------------

def block(alert: dict, db) -> Block:
    """The Block for one outbox row (payload decoded)."""
    kind = alert["kind"]
    if kind.startswith("indicator_"):
        return _indicator(alert)
    return {"new_article": _new_article, "article_changed": _changed,
            "source_problem": _problem}[kind](alert, db)


def _indicator(alert: dict) -> Block:
    p = alert["payload"]
    unit = p.get("unit") or ""
    where = ", ".join(filter(None, [p.get("place"), p.get("period")]))
    figure = f"{vn_number(p.get('value'))} {unit}".strip()
    if p.get("previous_value") is not None:
        figure = f"{vn_number(p['previous_value'])} {p.get('previous_unit') or unit} → {figure}"
    b = Block(f"{LABELS[alert['kind']]}: {p.get('indicator')} ({where})", [figure])
    b.lines += filter(None, [change_line(p.get("value"), p.get("previous_value")),
                             f"Trạng thái: {p.get('status') or 'không rõ'}",
                             f"Nguồn: {p.get('source')} (phiên bản {p.get('version')})"])
    if alert["kind"] == "indicator_conflict" and p.get("previous_source"):
        b.lines.append(f"Nguồn khác: {p['previous_source']} (phiên bản {p.get('previous_version')})")
    if p.get("sentence"):
        b.lines.append(f"“{p['sentence']}”")
    b.links = [("Bài viết", p.get("url"))]
    if p.get("previous_url") and p.get("previous_url") != p.get("url"):
        b.links.append(("Bài trước", p["previous_url"]))
    return b


def _new_article(alert: dict, db) -> Block:
    p = alert["payload"]
    lines = [f"Nguồn: {alert.get('source')}", f"Đăng: {p.get('published') or 'không rõ'}"]
    return Block(f"{LABELS['new_article']}: {p.get('title')}", lines, [("Đọc bài", p.get("url"))])


def _changed(alert: dict, db) -> Block:
    p = alert["payload"]
    versions = f"phiên bản {p.get('previous_version')} → {p.get('version')}"
    heading = f"{LABELS['article_changed']} ({versions}): {p.get('title')}"
    b = Block(heading, [f"Nguồn: {alert.get('source')}"], [("Đọc bài", p.get("url"))])
    b.diff = _diff(db, alert.get("article_id"), p.get("previous_version"), p.get("version"))
    command = f"newsmon diff {p.get('url')} --from {p.get('previous_version')} --to {p.get('version')}"
    b.lines.append(f"Toàn bộ thay đổi: {command}")
    return b


def _diff(db, article_id, old: int | None, new: int | None) -> list:
    from db.queries import NotFound, snapshot

    try:
        before, after = snapshot(db, article_id, old), snapshot(db, article_id, new)
    except NotFound:
        return []
    return worddiff.hunks(worddiff.words(before), worddiff.words(after))


def _problem(alert: dict, db) -> Block:
    p = alert["payload"]
    stats = p.get("stats") or {}
    if p.get("problem") == "empty":
        line = (f"{stats.get('empty', 0)} trong {stats.get('fetched', 0)} trang tải về không lấy được "
                "nội dung: bố cục trang có thể đã thay đổi, cần sửa bộ trích xuất.")
    else:
        line = (f"{p.get('failed_runs')} lần thu thập liên tiếp thất bại "
                f"(lần gần nhất kết thúc {p.get('finished_at')}): trang không truy cập được hoặc địa chỉ đã đổi.")
    return Block(f"{LABELS['source_problem']}: {alert.get('source')}", [line])


# -- text and HTML ----------------------------------------------------------------------

def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s); anything else (javascript:, data:) is not rendered."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def block_text(b: Block) -> str:
    lines = [f"* {b.heading}", *(f"  {line}" for line in b.lines)]
    if b.diff:
        lines += ["  Đoạn thay đổi ([-bỏ-] {+thêm+}):",
                  *(f"    {line}" for line in worddiff.as_text(b.diff).split("\n"))]
    lines += [f"  {label}: {url}" for label, url in b.links if safe_url(url)]
    return "\n".join(lines)


def block_html(b: Block) -> str:
    esc = html.escape
    parts = [f'<h3 style="font-size:16px;margin:0 0 6px">{esc(b.heading)}</h3>']
    parts += [f'<p style="margin:2px 0">{esc(line)}</p>' for line in b.lines]
    parts.append(worddiff.as_html(b.diff))
    links = [f'<a href="{esc(url, quote=True)}" style="color:#1a5fb4">{esc(label)}</a>'
             for label, url in b.links if safe_url(url)]
    if links:
        parts.append(f'<p style="margin:6px 0 0">{" · ".join(links)}</p>')
    return ('<div style="border-left:3px solid #1a5fb4;padding:6px 12px;margin:14px 0">'
            + "".join(parts) + "</div>")


def subject(blocks: list[Block], alerts: list[dict], prefix: str) -> str:
    """One alert: its heading. A digest: how many of what."""
    if len(alerts) == 1:
        text = blocks[0].heading
    else:
        counts: dict[str, int] = {}
        for alert in alerts:
            key = "indicator" if alert["kind"].startswith("indicator_") else alert["kind"]
            counts[key] = counts.get(key, 0) + 1
        parts = [f"{n} {SHORT[k]}" for k, n in sorted(counts.items(), key=lambda kv: list(SHORT).index(kv[0]))]
        text = f"{len(alerts)} cập nhật về Lạng Sơn: {', '.join(parts)}"
    text = " ".join(f"{prefix} {text}".split())  # no line breaks from scraped titles
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1] + "…"


def sort_alerts(alerts: list[dict]) -> list[dict]:
    return sorted(alerts, key=lambda a: (ORDER.index(a["kind"]) if a["kind"] in ORDER else 99, a["id"]))


def render(db, alerts: list[dict], *, recipient: str, sender: str, key: str, prefix: str) -> EmailMessage:
    """The mail for ``recipient`` telling ``alerts``, with a Message-ID derived from ``key``."""
    alerts = sort_alerts(alerts)
    blocks = [block(alert, db) for alert in alerts]
    stamp = datetime.now(timezone.utc)
    title = subject(blocks, alerts, prefix)
    msg = EmailMessage()
    msg["Subject"] = title
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(stamp)
    msg["Message-ID"] = message_id(key, sender)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to the robot
    msg.set_content(_text(title, blocks, recipient))
    msg.add_alternative(_html(title, blocks, recipient), subtype="html")
    return msg


def message_id(key: str, sender: str) -> str:
    """Stable per mail: a resent copy has the same Message-ID, so clients drop the duplicate."""
    domain = sender.rpartition("@")[2].strip("> ") or "newsmon.invalid"
    return f"<{key}@{domain}>"


def _text(title: str, blocks: list[Block], recipient: str) -> str:
    body = "\n\n".join(block_text(b) for b in blocks)
    footer = f"newsmon gửi đến {recipient}. Bộ lọc: [[recipients]] trong newsmon.toml."
    return f"{title}\n\n{body}\n\n-- \n{footer}\n"  # "-- " starts a signature for mail clients


def _html(title: str, blocks: list[Block], recipient: str) -> str:
    esc = html.escape
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title></head>"
            '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:760px">'
            f'<h2 style="font-size:18px">{esc(title)}</h2>' + "".join(block_html(b) for b in blocks)
            + f'<p style="color:#777;font-size:12px">newsmon gửi đến {esc(recipient)}. '
            "Bộ lọc: [[recipients]] trong newsmon.toml.</p></body></html>")
