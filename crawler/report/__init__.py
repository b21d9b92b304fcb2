"""`newsmon report`: one static, self-contained HTML page of what newsmon knows.

Charts of the indicators (inline SVG), the latest indicator events, the article changes
with their diffs, and the new relevant articles (syndicated copies listed once). It
needs no network to open: no script, no font, no style sheet from elsewhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler.report import data, page

DEFAULT_DAYS = 7


def default_since(days: int = DEFAULT_DAYS) -> str:
    """``days`` ago, as stored times are written."""
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")


def build_report(db, since: str, indicators: list[str] | None = None,
                 title: str = "newsmon — Lạng Sơn trên báo chí") -> str:
    """The HTML of the report of everything captured since ``since``."""
    generated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    sections = [
        page.charts_section(data.indicator_points(db, indicators)),
        page.events_section(data.latest_events(db, since)),
        page.changes_section(data.recent_changes(db, since)),
        page.new_articles_section(data.new_articles(db, since)),
    ]
    return page.page(title, generated, since, sections)


def write_report(db, path: str | Path, since: str, indicators: list[str] | None = None) -> Path:
    """Write the report to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(db, since, indicators), encoding="utf-8")
    return path
