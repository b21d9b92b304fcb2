"""Schedules and the daemon: due checks, triggers, a real daemon stopped by SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.config import parse_config
from db.store import open_db
from scheduler import is_due, trigger_for
from tests.conftest import ROOT, make_config

NOW = datetime(2026, 11, 28, 10, 0, 5, tzinfo=timezone.utc)


def config_with(schedule=None, **source):
    data = {"sources": [{"name": "baolangson", **source}]}
    if schedule:
        data["schedule"] = schedule
    return parse_config(data)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "newsmon.db")


def crawled_at(db, moment: datetime, name="baolangson") -> None:
    db["runs"].insert({"started_at": moment.isoformat(timespec="seconds"), "command": "crawl",
                       "sources": json.dumps([name]), "status": "ok", "stats": "{}"})


def test_never_crawled_is_due(db):
    assert is_due(db, config_with(), "baolangson", NOW)


def test_interval_due_with_a_little_slack_for_cron_lateness(db):
    config = config_with(interval="15m")
    crawled_at(db, NOW - timedelta(minutes=14, seconds=50))  # started 10 s late last time
    assert is_due(db, config, "baolangson", NOW)
    crawled_at(db, NOW - timedelta(minutes=5))
    assert not is_due(db, config, "baolangson", NOW)


def test_cron_due_when_a_start_time_passed(db):
    config = config_with(cron="0 */6 * * *")
    crawled_at(db, datetime(2026, 11, 28, 6, 0, 3, tzinfo=timezone.utc))
    assert not is_due(db, config, "baolangson", datetime(2026, 11, 28, 11, 0, tzinfo=timezone.utc))
    assert is_due(db, config, "baolangson", datetime(2026, 11, 28, 12, 0, 20, tzinfo=timezone.utc))


def test_triggers_from_the_source_over_the_schedule_section():
    config = config_with({"cron": "*/15 * * * *", "jitter": "30s"}, interval="2h")
    trigger = trigger_for(config, "baolangson")
    assert isinstance(trigger, IntervalTrigger) and trigger.interval == timedelta(hours=2) and trigger.jitter == 30
    other = parse_config({"schedule": {"cron": "*/15 * * * *", "jitter": "30s"}})
    cron = trigger_for(other, "nhandan")
    assert isinstance(cron, CronTrigger) and cron.jitter == 30
    assert trigger_for(parse_config({}), "x").interval == timedelta(hours=1)


def test_revisit_schedule_comes_from_the_configuration(tmp_path, monkeypatch):
    from crawler import revisit

    path = tmp_path / "newsmon.toml"
    path.write_text('[revisit]\nschedule = [["1d", "1h"], ["10d", "12h"]]\n', encoding="utf-8")
    monkeypatch.setenv("NEWSMON_CONFIG", str(path))
    revisit.configure(None)
    try:
        assert revisit.interval(timedelta(hours=5)) == timedelta(hours=1)
        assert revisit.interval(timedelta(days=3)) == timedelta(hours=12)
        assert revisit.interval(timedelta(days=20)) is None
    finally:
        revisit.configure(None)
        monkeypatch.delenv("NEWSMON_CONFIG")
        assert revisit.interval(timedelta(days=1)) == timedelta(minutes=15)


def count_runs(db_path, status_sql: str) -> int:
    try:
        with sqlite3.connect(db_path) as conn:
            return conn.execute(f"select count(*) from runs where {status_sql}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_daemon_crawls_on_schedule_and_stops_cleanly_on_sigterm(site, tmp_path):
    sample, base = site
    source = {**sample.sources(base)[0], "interval": "1s"}
    config = make_config(tmp_path, [source])
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("delay = 0\n", "delay = 0.2\n"), encoding="utf-8")  # to stop one mid-crawl
    db_path = tmp_path / "newsmon.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    daemon = subprocess.Popen([sys.executable, "-m", "crawler", "--config", str(config), "daemon"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline and daemon.poll() is None and not (
                count_runs(db_path, "status != 'running'") >= 1 and count_runs(db_path, "status = 'running'")):
            time.sleep(0.05)  # until the first job is done and the next one is crawling
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=45)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.communicate()
    assert daemon.returncode == 0, err[-3000:]
    assert count_runs(db_path, "1") >= 2, err[-3000:]  # fired again on its 1 s interval
    jobs = [line for line in err.splitlines() if f"INFO crawl {source['name']}: exit" in line]  # one line per job
    assert any(re.search(r": exit 0; \S+ \[ok\] [1-9]\d* discovered, .*; alerts: 1 mail\(s\) written to "
                         + re.escape(str(tmp_path / "alerts")), line) for line in jobs), err[-3000:]
    assert "SIGTERM: stopping; 1 crawl(s) finishing" in err and err.rstrip().endswith("stopped")
    assert "Traceback" not in err
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from runs where status = 'running'").fetchone()[0] == 0, err[-4000:]
