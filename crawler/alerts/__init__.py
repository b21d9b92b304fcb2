"""E-mail alerts: who wants which outbox rows, how a mail reads, and delivering it once.

* ``subscriptions``: which outbox rows a recipient wants (filters and numeric rules);
* ``worddiff`` and ``render``: the mail, plain text + HTML, Vietnamese subject;
* ``transport``: SMTP (starttls, tls, none) or .eml files in a folder;
* ``send``: route, group into mails with stable Message-IDs, deliver, retry with backoff.
"""

from __future__ import annotations


class AlertsError(Exception):
    """Alerts cannot be sent as configured; the message says why (never with a password)."""
