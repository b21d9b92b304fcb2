"""What the mails say and whom they reach, received by a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy

import pytest

from crawler.alerts.send import deliver
from db.outbox import enqueue
from tests.alerts_support import SmtpServer, seeded, smtp_table, write_config

ANALYST = "analyst@example.org"


@pytest.fixture
def server():
    with SmtpServer() as smtp:
        yield smtp


def headings(msg) -> list[str]:
    """The alert headings of a mail, from its plain-text part."""
    text = msg.get_body(("plain",)).get_content()
    return [line[2:] for line in text.splitlines() if line.startswith("* ")]


def test_digest_reads_well_in_vietnamese_in_text_and_html(server, tmp_path):
    config, db = seeded(write_config(tmp_path, smtp_table(server), [{"email": ANALYST}]))
    report = deliver(db, config)
    assert (report.sent, report.failed, report.pending) == (1, 0, 0)
    [envelope] = server.inbox.envelopes
    raw_subject = next(line for line in envelope.content.split(b"\r\n") if line.startswith(b"Subject:"))
    assert b"=?utf-8?" in raw_subject.lower()  # RFC 2047: the raw header is plain ASCII
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert msg["Subject"] == "[newsmon] 3 cập nhật về Lạng Sơn: 1 số liệu, 1 bài được sửa, 1 bài mới"
    assert msg.get_content_type() == "multipart/alternative" and msg["To"] == ANALYST
    assert msg["Message-ID"].endswith("@baolangson.test>")
    text = msg.get_body(("plain",)).get_content()
    assert "6.230 tỷ đồng → 6.500 tỷ đồng" in text and "Trạng thái: ước tính" in text
    assert "đạt [-6.230-] {+6.500+} tỷ đồng" in text and "[-kỳ.-] {+kỳ năm trước.+}" in text
    assert "https://baolangson.vn/thu-ngan-sach-1234567.html" in text
    assert headings(msg)[0].startswith("Số liệu được điều chỉnh")  # figures first
    html = msg.get_body(("html",)).get_content()
    assert '<del style="' in html and ">6.230</del>" in html and ">6.500</ins>" in html
    assert '<a href="https://baolangson.vn/thu-ngan-sach-1234567.html"' in html


def test_scraped_text_is_escaped_and_only_http_links_are_rendered(server, tmp_path):
    config, db = seeded(write_config(tmp_path, smtp_table(server), [{"email": ANALYST}]), events=[])
    enqueue(db, "new_article:99", "new_article", {
        "title": "<script>alert(1)</script> Lạng Sơn\r\nBcc: victim@example.org",
        "url": "javascript:alert(1)", "terms": []}, source="baolangson")
    deliver(db, config)
    [msg] = server.inbox.messages
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html and "javascript:" not in msg.get_body(("plain",)).get_content()
    assert msg["Bcc"] is None and server.inbox.envelopes[0].rcpt_tos == [ANALYST]


def test_one_mail_per_alert_when_digest_is_off(server, tmp_path):
    recipients = [{"email": ANALYST}, {"email": "desk@example.org", "digest": False}]
    config, db = seeded(write_config(tmp_path, smtp_table(server), recipients))
    assert deliver(db, config).sent == 4
    assert len(server.inbox.to(ANALYST)) == 1 and len(headings(server.inbox.to(ANALYST)[0])) == 3
    singles = server.inbox.to("desk@example.org")
    assert sorted(len(headings(m)) for m in singles) == [1, 1, 1]
    assert any(m["Subject"].startswith("[newsmon] Bài mới: Lạng Sơn thu ngân sách") for m in singles)


SUBSCRIPTIONS = {
    "figures@x.org": ({"kinds": ["indicator_revised", "indicator_new"]}, ["Số liệu"]),
    "pct@x.org": ({"kinds": ["indicator_revised"], "min_change_pct": 3.0}, ["Số liệu"]),  # +4,3 %
    "big@x.org": ({"kinds": ["indicator_revised"], "min_change": 500.0}, []),  # +270 only
    "cross@x.org": ({"kinds": ["indicator_revised"], "above": 6400.0}, ["Số liệu"]),
    "under@x.org": ({"below": 6000.0, "kinds": ["indicator_revised"]}, []),
    "caoloc@x.org": ({"places": ["Cao Lộc"]}, []),
    "nhandan@x.org": ({"sources": ["nhandan"]}, []),
    "words@x.org": ({"keywords": ["NGAN SACH"], "kinds": ["new_article", "article_changed"]},
                    ["Bài được sửa", "Bài mới"]),
    "numbers-only-figures@x.org": ({"min_change": 500.0}, ["Bài được sửa", "Bài mới"]),
}


def test_subscriptions_filter_and_numeric_rules(server, tmp_path):
    recipients = [{"email": email_, **rules} for email_, (rules, _) in SUBSCRIPTIONS.items()]
    config, db = seeded(write_config(tmp_path, smtp_table(server), recipients))
    deliver(db, config)
    for address, (_, expected) in SUBSCRIPTIONS.items():
        got = [heading.split(":")[0].split(" (")[0] for m in server.inbox.to(address) for heading in headings(m)]
        got = [g.replace("Số liệu được điều chỉnh", "Số liệu") for g in got]
        assert got == expected, address


def test_without_smtp_mails_are_eml_files(tmp_path):
    config, db = seeded(write_config(tmp_path, alerts={"outbox_dir": "mails"}))
    report = deliver(db, config)
    assert report.sent == 1 and report.line() == f"alerts: 1 mail(s) written to {tmp_path / 'mails'}"
    [path] = (tmp_path / "mails").glob("*.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert "Lạng Sơn" in msg["Subject"] and path.stem in msg["Message-ID"]
    assert deliver(db, config).sent == 0  # nothing twice
