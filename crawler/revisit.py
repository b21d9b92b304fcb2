"""When to look at a known article again: often while it is young, rarely once it is old.

Like NewsDiffs, the interval grows with the article's age; a feed or sitemap date newer
than our last check moves the article up whatever its age.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dateutil import parser as dateparser_iso

# (age up to, check every); older than the last row: only when a feed or sitemap says so.
# The default of ``[revisit] schedule`` in newsmon.toml, which replaces it.
SCHEDULE = [
    (timedelta(days=2), timedelta(minutes=15)),
    (timedelta(days=7), timedelta(hours=3)),
    (timedelta(days=30), timedelta(days=1)),
    (timedelta(days=180), timedelta(days=7)),
]


def parse_time(value: str | None) -> datetime | None:
    """Any ISO 8601 or RFC 822 date as an aware datetime (UTC when no zone is given)."""
    if not value:
        return None
    try:
        parsed = dateparser_iso.parse(value)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


_configured: list[tuple[timedelta, timedelta]] | None = None


def configure(pairs: list[tuple[timedelta, timedelta]] | None) -> None:
    """Use this schedule in this process (None: read [revisit] again)."""
    global _configured
    _configured = pairs


def active_schedule() -> list[tuple[timedelta, timedelta]]:
    """``[revisit] schedule`` of the configuration this process runs with, else SCHEDULE.

    The spiders call is_due(known) without the configuration; a crawl names its file in
    $NEWSMON_CONFIG (crawl_here sets it), so it is read from there, once.
    """
    if _configured is None:
        from crawler.config import ConfigError, load_config, revisit_pairs

        try:
            configure(revisit_pairs(load_config().revisit.schedule))
        except ConfigError:
            configure(list(SCHEDULE))
    return _configured


def interval(age: timedelta) -> timedelta | None:
    """How often an article of this age is checked; None when no longer on a schedule."""
    for limit, every in active_schedule():
        if age <= limit:
            return every
    return None


def is_due(known: dict, hint: str | None = None, now: datetime | None = None) -> bool:
    """Whether a known article should be fetched again now."""
    now = now or datetime.now(timezone.utc)
    last = parse_time(known.get("last_checked"))
    if last is None:
        return True
    hinted = parse_time(hint or known.get("lastmod"))
    if hinted and hinted > last:
        return True
    born = parse_time(known.get("published")) or parse_time(known.get("article_first_seen")) or last
    every = interval(now - born)
    return every is not None and now - last >= every
