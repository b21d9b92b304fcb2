"""`newsmon export`: articles, versions, indicators and events as CSV, JSON and JSON Lines."""

import csv
import io
import json

import pytest

from tests.views_support import URL, invoke, observe, record, setup


@pytest.fixture
def db_config(tmp_path):
    config, db = setup(tmp_path)
    record(db, "Lạng Sơn thu ngân sách", "Thu ngân sách đạt 6.230 tỷ đồng.", "2026-11-20T01:00:00+00:00")
    record(db, "Lạng Sơn thu ngân sách", "Thu ngân sách đạt 6.500 tỷ đồng.", "2026-11-22T01:00:00+00:00")
    observe(db, 1, "budget_revenue", 6500, "billion VND", "2025", "2026-11-22T01:00:00+00:00", version=2)
    return config, db


def parse(text: str, fmt: str) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "json":
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("what,count,column", [
    ("articles", 1, "url"), ("versions", 2, "text"), ("indicators", 1, "indicator"), ("events", 1, "kind")])
def test_every_export_in_every_format(db_config, tmp_path, fmt, what, count, column):
    config, _ = db_config
    out = tmp_path / f"{what}.{fmt}"
    assert f"{count} {what} exported" in invoke(config, "export", what, "--format", fmt, "-o", str(out))
    rows = parse(out.read_text(encoding="utf-8"), fmt)
    assert len(rows) == count and all(row[column] for row in rows)


def test_versions_carry_their_text_and_article_and_since_bounds_capture_time(db_config, tmp_path):
    config, _ = db_config
    out = tmp_path / "v.jsonl"
    invoke(config, "export", "versions", "--format", "jsonl", "--since", "2026-11-21", "-o", str(out))
    [row] = parse(out.read_text(encoding="utf-8"), "jsonl")
    assert (row["article_url"], row["version"], row["text"]) == (URL, 2, "Thu ngân sách đạt 6.500 tỷ đồng.")
    assert json.loads(row["figures_added"]) == ["6.500"]


def test_empty_export_and_bad_choice(db_config, tmp_path):
    config, _ = db_config
    out = tmp_path / "none.json"
    invoke(config, "export", "events", "--format", "json", "--since", "2099-01-01", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == []
    assert "Invalid value" in invoke(config, "export", "pages", code=2)
