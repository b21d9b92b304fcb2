"""`newsmon demo` end to end, as a new user runs it."""

import sqlite3

from tests.conftest import newsmon


def test_demo_crawls_changes_and_reports(tmp_path):
    result = newsmon("demo", "--dir", str(tmp_path / "demo"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "-- edited:" in out and "2 version(s)" in out
    assert "6.230" in out and "6.315" in out  # the edited figures, in the diff
    assert "Snapshots written by the second crawl: 2" in out
    with sqlite3.connect(tmp_path / "demo" / "newsmon.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        articles = db.execute("select count(*) from articles").fetchone()[0]
        assert articles >= 25
        assert db.execute("select count(*) from indicator_events where kind = 'revised'").fetchone()[0] >= 1
