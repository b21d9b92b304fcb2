"""Shared helpers for the reading tests: a real database built with ``record_page``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from crawler.cli import cli
from crawler.extraction import Extracted
from crawler.relevance import Relevance
from db.indicators import insert_observation
from db.store import Page, open_db, record_page

URL = "https://baolangson.vn/kinh-te-lang-son-1234567.html"


def doc(title: str, text: str, url: str, published: str = "2026-11-20T08:00:00+07:00") -> Extracted:
    return Extracted(title=title, author=None, published=published, modified=None, description=None,
                     sitename=None, text=text, canonical_url=url, language="vi")


def record(db, title: str, text: str, when: str, url: str = URL, source: str = "baolangson",
           published: str = "2026-11-20T08:00:00+07:00") -> str:
    """Record one fetch of ``url`` captured at ``when``; return the outcome."""
    page = Page(url=url, source=source, http_status=200, body=f"<html>{text}</html>".encode(),
                doc=doc(title, text, url, published), relevant=True,
                relevance=Relevance(5.0, {"Lạng Sơn": 2}), fetched_at=when)
    return record_page(db, page, article_url=url)


def setup(tmp_path: Path):
    """(config path, open database) in ``tmp_path``."""
    config = tmp_path / "newsmon.toml"
    config.write_text('[database]\npath = "newsmon.db"\n', encoding="utf-8")
    return config, open_db(tmp_path / "newsmon.db")


def invoke(config: Path, *args: str, code: int = 0, color: bool = False) -> str:
    """Run newsmon in-process; check the exit code; return what it printed."""
    result = CliRunner().invoke(cli, ["--config", str(config), *args], color=color)
    assert result.exit_code == code, result.output
    return result.output


def observe(db, article_id: int, indicator: str, value: float, unit: str, period: str,
            observed_at: str, source: str = "baolangson", place: str = "Lạng Sơn",
            kind: str | None = "new", version: int = 1, sentence: str = "") -> int:
    """An observation (and its event) as the indicator extractor would store it."""
    snapshot_id = db.execute("select id from snapshots where article_id = ? and version = ?",
                             [article_id, version]).fetchone()[0]
    obs_id = insert_observation(db, {
        "article_id": article_id, "snapshot_id": snapshot_id, "version": version, "source": source,
        "indicator": indicator, "value": value, "unit": unit, "base_value": value, "base_unit": unit,
        "period": period, "place": place, "status": "official", "sentence": sentence,
        "figure": str(value).replace(".", ","), "observed_at": observed_at})
    if kind:
        db["indicator_events"].insert({
            "kind": kind, "indicator": indicator, "place": place, "period": period, "status": "official",
            "value": value, "unit": unit, "base_value": value, "observation_id": obs_id,
            "article_id": article_id, "version": version, "source": source, "created_at": observed_at})
    return obs_id
