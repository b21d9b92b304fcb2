"""Real parts for the alert tests: an SMTP server on 127.0.0.1, a certificate, a seeded database."""

from __future__ import annotations

import datetime
import email
import email.policy
import ipaddress
import socket
import ssl
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from crawler.config import load_config
from crawler.demo_run import toml_value
from db.outbox import on_indicator_event
from db.store import open_db, record_page
from tests.test_store import URL, doc, page

EDITED_TEXT = "Thu ngân sách đạt 6.500 tỷ đồng.\nTăng 12,4% so với cùng kỳ năm trước."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping what it received, decoded with the email package."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.original_content or e.content, policy=email.policy.default)
                for e in self.envelopes]

    def to(self, address: str) -> list:
        return [m for e, m in zip(self.envelopes, self.messages) if address in e.rcpt_tos]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (a given port, so it can be 'down' and come back)."""

    def __init__(self, port: int | None = None, **kwargs):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def login_checker(user: str, password: str):
    """An aiosmtpd authenticator accepting one user."""
    def check(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 235 or 535
    return check


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, made now with cryptography."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "newsmon test SMTP")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def write_config(folder: Path, smtp: dict | None = None, recipients: list[dict] | None = None,
                 alerts: dict | None = None, extra: str = "") -> Path:
    """newsmon.toml with a local database and the given alert sections."""
    lines = ["[database]", 'path = "newsmon.db"']
    for section, table in (("smtp", smtp), ("alerts", alerts)):
        if table:
            lines += [f"[{section}]", *(f"{k} = {toml_value(v)}" for k, v in table.items())]
    for recipient in recipients or []:
        lines += ["[[recipients]]", *(f"{k} = {toml_value(v)}" for k, v in recipient.items())]
    path = folder / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def smtp_table(server: SmtpServer, **more) -> dict:
    return {"host": "127.0.0.1", "port": server.port, "security": "none",
            "sender": "newsmon@baolangson.test", **more}


def figure_event(kind="revised", value=6500.0, previous=6230.0, observation=7, **more) -> dict:
    """An indicator_events row as the indicator update detection writes it."""
    return {"kind": kind, "indicator": "thu_ngan_sach", "place": "Lạng Sơn", "period": "2026",
            "status": "ước tính", "value": value, "unit": "tỷ đồng", "previous_value": previous,
            "previous_unit": "tỷ đồng", "observation_id": observation, "article_id": 1, "version": 2,
            "source": "baolangson", "previous_article_id": 1, "previous_version": 1, **more}


def seeded(config_path: Path, events: list[dict] | None = None):
    """Config and database with a new article, its edit, and figure events in the outbox."""
    config = load_config(config_path)
    db = open_db(config.db_path)
    record_page(db, page(), article_url=URL)
    record_page(db, page(doc=doc(text=EDITED_TEXT)), article_url=URL)
    with db.atomic():
        for event in events if events is not None else [figure_event()]:
            on_indicator_event(db, event)
    return config, db
