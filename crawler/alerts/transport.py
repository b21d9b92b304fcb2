"""Where a mail goes: an SMTP server (starttls, tls or none), or .eml files in a folder.

Errors come in two kinds, because they call for different retries: :class:`ServerDown`
(cannot connect, TLS or login failed: nothing can be sent now, stop trying this round)
and :class:`Refused` (the server refused this one message: try the others).
The password comes from an environment variable or a file, and appears in no message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path

from crawler.alerts import AlertsError
from crawler.config import Config


class ServerDown(AlertsError):
    """The server cannot be reached or would not let us in; every mail waits."""


class Refused(AlertsError):
    """The server refused one message; the others may still go."""


def password(config: Config) -> str | None:
    """The SMTP password from ``password_env`` or ``password_file``; None without one."""
    smtp = config.smtp
    if smtp.password_env:
        value = os.environ.get(smtp.password_env)
        if value is None:
            raise AlertsError(f"[smtp] password_env: the environment variable {smtp.password_env} is not set")
        return value
    if smtp.password_file:
        return _read_secret(config.resolve(smtp.password_file))
    return None


def _read_secret(path) -> str:
    """A password file, refused (as ssh refuses a key) when other users may read it."""
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise AlertsError(f"[smtp] password_file: {path} can be read by other users "
                              f"(mode {mode & 0o777:o}); run: chmod 600 {path}")
        return path.read_text(encoding="utf-8").strip()
    except OSError as err:
        raise AlertsError(f"[smtp] password_file: cannot read {path}: {err.strerror}") from err


class SmtpTransport:
    """One connection for all the mails of a round, opened on the first one."""

    def __init__(self, config: Config):
        self.config = config
        self.conn: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.config.smtp.host}:{self.config.smtp.port}"

    def send(self, msg: EmailMessage) -> str:
        """Hand one message to the server; return where it went."""
        if self.conn is None:
            self.conn = self._connect()
        try:
            self.conn.send_message(msg)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as err:
            raise Refused(f"{self.where} refused the message: {_reason(err)}") from err
        except (smtplib.SMTPException, OSError) as err:
            self.close()
            raise ServerDown(f"{self.where}: {_reason(err)}") from err
        return f"smtp://{self.where}"

    def _connect(self) -> smtplib.SMTP:
        smtp = self.config.smtp
        secret = password(self.config)
        context = self._tls_context()
        conn = None
        try:
            if smtp.security == "tls":
                conn = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
            else:
                conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
            if smtp.security == "starttls":
                conn.starttls(context=context)
            if smtp.username:
                conn.login(smtp.username, secret or "")
            return conn
        except (smtplib.SMTPException, OSError) as err:
            _close(conn)
            raise ServerDown(f"cannot deliver through {self.where} ({smtp.security}): {_reason(err)}") from err
        except UnicodeEncodeError as err:  # smtplib sends AUTH in ASCII only
            _close(conn)
            raise AlertsError("[smtp] username and password must be ASCII for SMTP AUTH") from err

    def _tls_context(self) -> ssl.SSLContext:
        cafile = self.config.resolve(self.config.smtp.ca_file) if self.config.smtp.ca_file else None
        try:
            return ssl.create_default_context(cafile=str(cafile) if cafile else None)
        except OSError as err:
            raise AlertsError(f"[smtp] ca_file: cannot read {cafile}: {err.strerror}") from err

    def close(self) -> None:
        _close(self.conn)
        self.conn = None


def _close(conn: smtplib.SMTP | None) -> None:
    """QUIT, or at least close the socket."""
    if conn is None:
        return
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()  # the mails are already accepted; a rude goodbye changes nothing


def _reason(err: Exception) -> str:
    """A short reason; smtplib errors carry (code, bytes) pairs, never the password."""
    if isinstance(err, smtplib.SMTPResponseException):
        return f"{err.smtp_code} {_text(err.smtp_error)}"
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in err.recipients.items())
    return str(err) or type(err).__name__


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


class FileTransport:
    """No SMTP server configured: each mail becomes ``<key>.eml`` in a folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    @property
    def where(self) -> str:
        return str(self.folder)

    def send(self, msg: EmailMessage, name: str = "") -> str:
        """Write the message atomically (a reader never sees half a file); return its path."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{name or _file_name(msg)}.eml"
            partial = path.with_suffix(".eml.part")
            partial.write_bytes(bytes(msg))
            os.replace(partial, path)
        except OSError as err:
            raise ServerDown(f"cannot write alerts to {self.folder}: {err.strerror}") from err
        return str(path)

    def close(self) -> None:
        pass


def _file_name(msg: EmailMessage) -> str:
    return msg["Message-ID"].strip("<>").split("@")[0]


def outbox_dir(config: Config) -> Path:
    """``[alerts] outbox_dir``, by default ``alerts/`` next to the database."""
    if config.alerts.outbox_dir:
        return config.resolve(config.alerts.outbox_dir)
    return config.db_path.parent / "alerts"


def transport_for(config: Config):
    """SMTP when ``[smtp] host`` is set, else .eml files."""
    return SmtpTransport(config) if config.smtp.host else FileTransport(outbox_dir(config))
