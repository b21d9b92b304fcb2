"""Which alerts a recipient wants: ``[[recipients]]`` filters and numeric rules.

Each filter narrows the alerts it can speak about and lets the others through:

* ``kinds``, ``sources``: every alert;
* ``indicators``, ``min_change``, ``min_change_pct``, ``above``, ``below``: figures only;
* ``places``: a figure's place, or a place named in an article's title or matched terms;
* ``keywords``: words in an article's title or matched terms, or in a figure's sentence.

Numeric rules: a figure passes when ANY rule given holds — it moved by more than
``min_change`` (absolute) or ``min_change_pct`` (percent), or crossed ``above`` /
``below``. A first figure (nothing to move from) passes the change rules; ``above`` /
``below`` then ask on which side it lies.
"""

from __future__ import annotations

from crawler.text import fold

NUMERIC_RULES = ("min_change", "min_change_pct", "above", "below")


def is_indicator(alert: dict) -> bool:
    return alert["kind"].startswith("indicator_")


def wants(recipient: dict, alert: dict) -> bool:
    """Whether ``recipient`` subscribed to ``alert`` (an outbox row, payload decoded)."""
    return all(check(recipient, alert) for check in (
        _kind, _source, _indicator, _place, _keyword, _numbers))


def _in(values: list[str] | None, value: str | None) -> bool:
    """No filter, or the value is one of them (case, diacritics and tone marks ignored)."""
    return not values or fold(value or "") in {fold(v) for v in values}


def _mentions(values: list[str] | None, text: str | None) -> bool:
    return not values or any(fold(v) in fold(text or "") for v in values)


def _kind(recipient: dict, alert: dict) -> bool:
    return _in(recipient.get("kinds"), alert["kind"])


def _source(recipient: dict, alert: dict) -> bool:
    return _in(recipient.get("sources"), alert.get("source"))


def _indicator(recipient: dict, alert: dict) -> bool:
    return not is_indicator(alert) or _in(recipient.get("indicators"), alert["payload"].get("indicator"))


def _place(recipient: dict, alert: dict) -> bool:
    payload = alert["payload"]
    if is_indicator(alert):
        return _in(recipient.get("places"), payload.get("place"))
    if alert["kind"] in ("new_article", "article_changed"):
        return _mentions(recipient.get("places"), _article_words(payload))
    return True


def _keyword(recipient: dict, alert: dict) -> bool:
    payload = alert["payload"]
    if is_indicator(alert):
        return _mentions(recipient.get("keywords"), f"{payload.get('indicator')} {payload.get('sentence')}")
    if alert["kind"] in ("new_article", "article_changed"):
        return _mentions(recipient.get("keywords"), _article_words(payload))
    return True


def _article_words(payload: dict) -> str:
    """An article's title and the topic terms it matched."""
    return " ".join([payload.get("title") or "", *payload.get("terms", [])])


def _numbers(recipient: dict, alert: dict) -> bool:
    rules = {name: recipient[name] for name in NUMERIC_RULES if name in recipient}
    if not rules or not is_indicator(alert):
        return True
    value, previous = alert["payload"].get("value"), alert["payload"].get("previous_value")
    if value is None:
        return False
    return any(_rule(name, limit, value, previous) for name, limit in rules.items())


def _rule(name: str, limit: float, value: float, previous: float | None) -> bool:
    if name == "above":
        return value > limit and (previous is None or previous <= limit)
    if name == "below":
        return value < limit and (previous is None or previous >= limit)
    if previous is None:
        return True
    if name == "min_change":
        return abs(value - previous) > limit
    return previous != 0 and abs(value - previous) / abs(previous) * 100 > limit
