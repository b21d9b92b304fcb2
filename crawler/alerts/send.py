"""Delivering the outbox: route, group into mails, send each once, retry with backoff.

1. **Route**: each new outbox row goes to the recipients whose subscriptions want it
   (``alert_items``), decided once, when it is first seen.
2. **Group**: a recipient's routed rows become mails (``alert_mails``): one digest per
   round, or one mail per alert (``digest = false``). A mail's key — hence its
   Message-ID — is derived from its recipient and its alerts' keys, and it is stored
   before sending, so a retry sends the very same mail.
3. **Send**: a mail is marked sent only after the server accepted it. A failure leaves it
   pending with the next attempt pushed back exponentially (``[alerts] retry`` doubled
   per failure, at most ``max_retry``). If the process dies between the server's
   acceptance and the mark, the mail goes again next time under the same Message-ID
   (at least once in that window; mail clients drop the duplicate).

Only one process sends at a time (``crawler.lock.send_lock``), so no mail goes twice
because two senders raced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from crawler.alerts import AlertsError, render
from crawler.alerts.subscriptions import wants
from crawler.alerts.transport import FileTransport, Refused, ServerDown, transport_for
from crawler.config import Config, parse_duration

# With neither [smtp] nor [[recipients]], .eml files are written for this reader.
LOCAL_READER = {"email": "newsmon@localhost"}
MAX_DIGEST = 100  # alerts per digest; a first crawl of a big site makes several mails


@dataclass
class Report:
    """What a delivery round did, for the run summary and the daemon's log line."""

    sent: int = 0
    failed: int = 0
    pending: int = 0
    waiting: int = 0  # outbox rows no recipient could be chosen for yet
    where: str = ""
    files: bool = False  # written as .eml files rather than sent
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        """'alerts: 2 mails sent to smtp.example.org:587' and what is left."""
        if not self.where:
            return "alerts: off ([alerts] enabled = false)"
        parts = [f"{self.sent} mail(s) {'written to' if self.files else 'sent to'} {self.where}"]
        if self.pending:
            parts.append(f"{self.pending} waiting for a retry")
        if self.waiting:
            parts.append(f"{self.waiting} alert(s) held: no [[recipients]] configured")
        if self.errors:
            parts.append(f"last error: {self.errors[-1]}")
        return "alerts: " + "; ".join(parts)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def recipients(config: Config) -> list[dict]:
    """The configured recipients; with no SMTP and none configured, a local reader of .eml files."""
    if config.recipients:
        return config.recipients
    return [] if config.smtp.host else [LOCAL_READER]


def decoded(row: dict) -> dict:
    """An outbox row with its payload as a dict."""
    return {**row, "payload": json.loads(row["payload"] or "{}")}


# -- 1. route ---------------------------------------------------------------------------

def unrouted(db) -> list[dict]:
    return [decoded(r) for r in db.query("select * from outbox where routed_at is null order by id")]


def route(db, config: Config) -> None:
    """Decide once who gets each new outbox row (alerts wait while nobody is configured)."""
    readers = recipients(config)
    if not readers:
        return
    with db.atomic():
        for alert in unrouted(db):
            for reader in readers:
                if wants(reader, alert):
                    db.execute("insert or ignore into alert_items (outbox_id, recipient) values (?, ?)",
                               [alert["id"], reader["email"]])
            db["outbox"].update(alert["id"], {"routed_at": stamp(utcnow())})


# -- 2. group ---------------------------------------------------------------------------

def mail_key(recipient: str, keys: list[str]) -> str:
    """Stable: the same recipient and the same alerts give the same key (and Message-ID)."""
    text = recipient.lower() + "\n" + "\n".join(sorted(keys))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan(db, config: Config) -> list[dict]:
    """New mails from routed rows not yet in a mail: [{recipient, key, alerts}], nothing written."""
    by_reader: dict[str, list[dict]] = {}
    rows = db.query("select i.recipient, o.* from alert_items i join outbox o on o.id = i.outbox_id "
                    "where i.mail_id is null order by o.id")
    for row in rows:
        by_reader.setdefault(row.pop("recipient"), []).append(decoded(row))
    mails = []
    for email, alerts in by_reader.items():
        for group in _groups(alerts, _digest(config, email)):
            mails.append({"recipient": email, "alerts": group,
                          "key": mail_key(email, [a["key"] for a in group])})
    return mails


def _digest(config: Config, email: str) -> bool:
    reader = next((r for r in config.recipients if r["email"] == email), {})
    return reader.get("digest", config.alerts.digest)


def _groups(alerts: list[dict], digest: bool) -> list[list[dict]]:
    if not digest:
        return [[alert] for alert in alerts]
    return [alerts[i:i + MAX_DIGEST] for i in range(0, len(alerts), MAX_DIGEST)]


def group(db, config: Config) -> None:
    """Store the planned mails before any is sent, so a retry resends the same mail."""
    with db.atomic():
        for mail in plan(db, config):
            mail_id = _insert_mail(db, config, mail)
            for alert in mail["alerts"]:
                db.execute("update alert_items set mail_id = ? where outbox_id = ? and recipient = ?",
                           [mail_id, alert["id"], mail["recipient"]])


def _insert_mail(db, config: Config, mail: dict) -> int:
    db.execute("insert or ignore into alert_mails (key, recipient, message_id, created_at, status, attempts) "
               "values (?, ?, ?, ?, 'pending', 0)",
               [mail["key"], mail["recipient"], render.message_id(mail["key"], sender(config)), stamp(utcnow())])
    return db.execute("select id from alert_mails where key = ?", [mail["key"]]).fetchone()[0]


def sender(config: Config) -> str:
    return config.smtp.sender or "newsmon@localhost"


# -- 3. send ----------------------------------------------------------------------------

def due_mails(db, force: bool, moment: datetime) -> list[dict]:
    """Pending mails whose backoff has passed (all of them with ``force``)."""
    sql = "select * from alert_mails where status = 'pending'"
    params: list = []
    if not force:
        sql += " and (next_attempt is null or next_attempt <= ?)"
        params.append(stamp(moment))
    return list(db.query(sql + " order by id", params))


def mail_alerts(db, mail_id: int) -> list[dict]:
    return [decoded(r) for r in db.query(
        "select o.* from alert_items i join outbox o on o.id = i.outbox_id where i.mail_id = ? order by o.id",
        [mail_id])]


def message(db, config: Config, mail: dict):
    """The EmailMessage of a stored mail (rendered now; its Message-ID is the stored one)."""
    return render.render(db, mail_alerts(db, mail["id"]), recipient=mail["recipient"],
                         sender=sender(config), key=mail["key"], prefix=config.alerts.subject_prefix)


def deliver(db, config: Config, *, force: bool = False) -> Report:
    """Route, group and send what is due. Never raises for a delivery problem: see the Report."""
    if not config.alerts.enabled:
        return Report()
    route(db, config)
    group(db, config)
    transport = transport_for(config)
    report = Report(where=transport.where, files=isinstance(transport, FileTransport))
    report.waiting = db.execute("select count(*) from outbox where routed_at is null").fetchone()[0]
    try:
        _send_all(db, config, transport, due_mails(db, force, utcnow()), report)
    finally:
        transport.close()
    report.pending = db.execute("select count(*) from alert_mails where status = 'pending'").fetchone()[0]
    return report


def _send_all(db, config: Config, transport, mails: list[dict], report: Report) -> None:
    for index, mail in enumerate(mails):
        try:
            msg = message(db, config, mail)
            if isinstance(transport, FileTransport):
                where = transport.send(msg, mail["key"])
            else:
                where = transport.send(msg)
        except Refused as err:
            _failed(db, config, [mail], str(err), report)
            continue
        except (ServerDown, AlertsError) as err:  # nothing more can go now: all of them wait
            _failed(db, config, mails[index:], str(err), report)
            return
        _sent(db, mail, where)
        report.sent += 1


def _sent(db, mail: dict, where: str) -> None:
    with db.atomic():
        db["alert_mails"].update(mail["id"], {"status": "sent", "sent_at": stamp(utcnow()),
                                              "delivered_to": where, "last_error": None})


def _failed(db, config: Config, mails: list[dict], error: str, report: Report) -> None:
    with db.atomic():
        for mail in mails:
            attempts = (mail["attempts"] or 0) + 1
            db["alert_mails"].update(mail["id"], {
                "attempts": attempts, "last_error": error[:500],
                "next_attempt": stamp(utcnow() + backoff(config, attempts))})
    report.failed += len(mails)
    report.errors.append(error)


def backoff(config: Config, attempts: int) -> timedelta:
    """[alerts] retry, doubled for each failed attempt, at most max_retry."""
    first, cap = parse_duration(config.alerts.retry), parse_duration(config.alerts.max_retry)
    return min(first * 2 ** min(attempts - 1, 30), cap)


# -- what the CLI shows -----------------------------------------------------------------

def listing(db, pending_only: bool = False, limit: int = 50) -> list[dict]:
    """Recent outbox rows with where they stand: held, pending, sent (to whom)."""
    sql = """
        select o.id, o.created_at, o.kind, o.source, o.key,
               group_concat(i.recipient, ', ') as recipients,
               case when o.routed_at is null then 'held'
                    when count(i.recipient) = 0 then 'nobody'
                    when sum(coalesce(m.status, 'pending') = 'pending') > 0 then 'pending'
                    else 'sent' end as status,
               max(m.attempts) as attempts, max(m.next_attempt) as next_attempt,
               max(m.last_error) as last_error
        from outbox o left join alert_items i on i.outbox_id = o.id
        left join alert_mails m on m.id = i.mail_id
        group by o.id"""
    if pending_only:
        sql = f"select * from ({sql}) where status in ('held', 'pending')"
    return list(db.query(f"select * from ({sql}) order by id desc limit {int(limit)}"))


def preview(db, config: Config) -> list:
    """The mails that would go now (stored pending ones and new ones), rendered; nothing written."""
    previews = [message(db, config, mail) for mail in due_mails(db, True, utcnow())]
    readers = recipients(config)
    fresh: dict[str, list[dict]] = {}
    for alert in unrouted(db):
        for reader in readers:
            if wants(reader, alert):
                fresh.setdefault(reader["email"], []).append(alert)
    for mail in plan(db, config) + _virtual(config, fresh):
        previews.append(render.render(db, mail["alerts"], recipient=mail["recipient"], sender=sender(config),
                                      key=mail["key"], prefix=config.alerts.subject_prefix))
    return previews


def _virtual(config: Config, fresh: dict[str, list[dict]]) -> list[dict]:
    return [{"recipient": email, "alerts": group_, "key": mail_key(email, [a["key"] for a in group_])}
            for email, alerts in fresh.items() for group_ in _groups(alerts, _digest(config, email))]
