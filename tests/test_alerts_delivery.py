"""Delivery against a real SMTP server: down then up, exactly once, STARTTLS with a login."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from crawler.alerts.send import backoff, deliver
from crawler.cli import cli
from crawler.config import parse_config
from db.outbox import on_indicator_event
from tests.alerts_support import (SmtpServer, figure_event, free_port, login_checker, seeded, self_signed,
                                  server_tls, smtp_table, write_config)

RECIPIENTS = [{"email": "analyst@example.org"}, {"email": "desk@example.org", "digest": False}]


class Down:
    """Where an SMTP server will be: the port is free, nobody listens yet."""
    port = 0


def mails(db) -> list[dict]:
    return list(db.query("select * from alert_mails order by id"))


def test_server_down_then_up_delivers_every_alert_exactly_once(tmp_path):
    down = Down()
    down.port = free_port()
    config, db = seeded(write_config(tmp_path, smtp_table(down), RECIPIENTS))
    report = deliver(db, config)
    assert (report.sent, report.failed, report.pending) == (0, 4, 4)
    assert "127.0.0.1" in report.errors[-1] and "waiting for a retry" in report.line()
    first = mails(db)
    assert all(m["attempts"] == 1 and m["next_attempt"] > m["created_at"] for m in first)
    assert deliver(db, config).failed == 0 and mails(db)[0]["attempts"] == 1  # backoff: not tried again yet
    with SmtpServer(port=down.port) as server:
        assert deliver(db, config).sent == 0  # still backing off
        assert deliver(db, config, force=True).sent == 4
        assert deliver(db, config, force=True).sent == 0
        with db.atomic():
            on_indicator_event(db, figure_event("new", observation=8, value=1.5, previous=None))
        assert deliver(db, config).sent == 2  # the new alert: a new digest and a single
    received = [m["Message-ID"] for m in server.inbox.messages]
    assert len(received) == len(set(received)) == 6
    assert set(received) >= {m["message_id"] for m in first}  # the retry sent the very same mails
    assert all(m["status"] == "sent" and m["delivered_to"] == f"smtp://127.0.0.1:{down.port}" for m in mails(db))


def test_a_crash_before_the_mark_resends_the_same_message_id(tmp_path):
    """The documented at-least-once window: accepted, then the process died before marking."""
    with SmtpServer() as server:
        config, db = seeded(write_config(tmp_path, smtp_table(server), RECIPIENTS[:1]))
        assert deliver(db, config).sent == 1
        db.execute("update alert_mails set status = 'pending', sent_at = null")  # the mark never committed
        assert deliver(db, config).sent == 1
    first, again = server.inbox.messages
    assert first["Message-ID"] == again["Message-ID"] and first["Subject"] == again["Subject"]


def test_backoff_doubles_up_to_the_cap():
    config = parse_config({"alerts": {"retry": "2m", "max_retry": "10m"}})
    assert [backoff(config, n) for n in (1, 2, 3, 4, 40)] == [timedelta(minutes=m) for m in (2, 4, 8, 10, 10)]


@pytest.fixture
def tls_server(tmp_path):
    cert, key = self_signed(tmp_path)
    server = SmtpServer(tls_context=server_tls(cert, key), require_starttls=True, auth_require_tls=True,
                        authenticator=login_checker("newsmon", "s3cr3t-Lang-Son"))
    with server:
        yield server, cert


def starttls(server, cert, **more) -> dict:
    return smtp_table(server, security="starttls", ca_file=str(cert), username="newsmon", **more)


def test_starttls_with_a_self_signed_certificate_and_a_login(tls_server, tmp_path, monkeypatch):
    server, cert = tls_server
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", "s3cr3t-Lang-Son")
    config, db = seeded(write_config(tmp_path, starttls(server, cert, password_env="NEWSMON_TEST_SMTP_PASSWORD"),
                                     RECIPIENTS[:1]))
    assert deliver(db, config).sent == 1
    assert server.inbox.messages[0]["Subject"].startswith("[newsmon] 3 cập nhật")


def test_password_from_a_file_and_wrong_ones_never_shown(tls_server, tmp_path):
    server, cert = tls_server
    secret = tmp_path / "secret"
    secret.write_text("wrong-password\n", encoding="utf-8")
    config, db = seeded(write_config(tmp_path, starttls(server, cert, password_file="secret"), RECIPIENTS[:1]))
    secret.chmod(0o644)
    report = deliver(db, config)
    assert report.failed == 1 and "chmod 600" in report.errors[-1] and "wrong-password" not in report.line()
    secret.chmod(0o600)
    report = deliver(db, config, force=True)  # force: past the backoff of the first failure
    assert report.failed == 1 and "535" in report.errors[-1] and "wrong-password" not in report.line()
    (tmp_path / "secret").write_text("s3cr3t-Lang-Son\n", encoding="utf-8")
    assert deliver(db, config, force=True).sent == 1


def test_an_untrusted_certificate_keeps_the_alerts(tls_server, tmp_path, monkeypatch):
    server, cert = tls_server
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", "s3cr3t-Lang-Son")
    table = starttls(server, cert, password_env="NEWSMON_TEST_SMTP_PASSWORD")
    del table["ca_file"]
    config, db = seeded(write_config(tmp_path, table, RECIPIENTS[:1]))
    report = deliver(db, config)
    assert report.sent == 0 and report.pending == 1 and "certificate" in report.errors[-1].lower()
    assert server.inbox.envelopes == []


def cli_run(config, *args):
    return CliRunner().invoke(cli, ["--config", str(config), *args])


def test_alerts_commands(tmp_path):
    down = Down()
    down.port = free_port()
    path = write_config(tmp_path, smtp_table(down), RECIPIENTS[:1])
    seeded(path)
    pending = json.loads(cli_run(path, "alerts", "--pending", "--format", "json").output)
    assert [row["status"] for row in pending] == ["held"] * 3
    preview = cli_run(path, "alerts", "--preview")
    assert preview.exit_code == 0 and "Subject: [newsmon] 3 cập nhật về Lạng Sơn" in preview.output
    assert json.loads(cli_run(path, "alerts", "--pending", "--format", "json").output) == pending  # wrote nothing
    failed = cli_run(path, "alerts", "send")
    assert failed.exit_code == 1 and "1 waiting for a retry" in failed.output
    with SmtpServer(port=down.port) as server:
        sent = cli_run(path, "alerts", "send")  # whatever the backoff
    assert sent.exit_code == 0 and "1 mail(s) sent to 127.0.0.1" in sent.output
    assert len(server.inbox.envelopes) == 1
    assert json.loads(cli_run(path, "alerts", "--pending", "--format", "json").output) == []
    assert {row["status"] for row in json.loads(cli_run(path, "alerts", "--format", "json").output)} == {"sent"}


def test_alerts_config_errors_name_the_key(tmp_path):
    path = write_config(tmp_path, {"host": "x", "sender": "a@b.c", "security": "ssl"})
    result = cli_run(path, "alerts")
    assert result.exit_code == 2 and "[smtp] security" in result.output and str(path) in result.output
    path = write_config(tmp_path, recipients=[{"email": "a@b.c", "min_chnage": 1}])
    result = cli_run(path, "alerts")
    assert result.exit_code == 2 and "unknown key 'min_chnage'" in result.output


def test_implicit_tls(tmp_path):
    cert, key = self_signed(tmp_path)
    with SmtpServer(ssl_context=server_tls(cert, key)) as server:
        config, db = seeded(write_config(tmp_path, smtp_table(server, security="tls", ca_file=str(cert)),
                                         RECIPIENTS[:1]))
        assert deliver(db, config).sent == 1
    assert len(server.inbox.envelopes) == 1
