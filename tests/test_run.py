"""`newsmon run` as cron starts it: due sources, alerts after, one at a time, exit codes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from filelock import FileLock

from tests.alerts_support import SmtpServer, free_port
from tests.conftest import ROOT, make_config, newsmon


def with_alerts(config, smtp_port: int) -> None:
    """Add an SMTP server and one recipient to a test configuration."""
    text = config.read_text(encoding="utf-8")
    text += (f'\n[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\n'
             'sender = "newsmon@example.org"\n\n[[recipients]]\nemail = "analyst@example.org"\n')
    config.write_text(text, encoding="utf-8")


def test_run_crawls_what_is_due_then_mails_the_changes(site, tmp_path):
    sample, base = site
    config = make_config(tmp_path, sample.sources(base))
    with SmtpServer() as server:
        with_alerts(config, server.port)
        first = newsmon("run", config=config)
        assert first.returncode == 0, first.stderr[-2000:]
        assert "alerts: 1 mail(s) sent to 127.0.0.1" in first.stdout
        again = newsmon("run", config=config)  # every source crawled a moment ago
        assert again.returncode == 0 and "nothing due" in again.stdout
        sample.edit_figures()
        edited = newsmon("run", "--all", "--recheck", config=config)
        assert edited.returncode == 0, edited.stderr[-2000:]
    first_mail, edit_mail = server.inbox.messages
    assert "bài mới" in first_mail["Subject"]
    assert "Bài được sửa" in edit_mail.get_body(("plain",)).get_content()
    assert "<del style=" in edit_mail.get_body(("html",)).get_content()


def test_without_smtp_the_summary_says_where_the_mails_are(site, tmp_path):
    sample, base = site
    config = make_config(tmp_path, sample.sources(base)[:1])
    result = newsmon("run", config=config)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"written to {tmp_path / 'alerts'}" in result.stdout
    assert len(list((tmp_path / "alerts").glob("*.eml"))) == 1


def test_a_source_that_fails_makes_exit_code_1_and_alerts_still_go(tmp_path):
    dead = {"name": "dead", "allowed_domains": ["127.0.0.1"], "feeds": [f"http://127.0.0.1:{free_port()}/rss.xml"]}
    config = make_config(tmp_path, [dead], timeout=2)
    result = newsmon("run", config=config)
    assert result.returncode == 1 and "alerts: 0 mail(s)" in result.stdout


def test_a_configuration_error_is_exit_code_2(tmp_path):
    config = make_config(tmp_path, [])
    config.write_text(config.read_text(encoding="utf-8") + '\n[schedule]\ninterval = "soon"\n', encoding="utf-8")
    result = newsmon("run", config=config)
    assert result.returncode == 2 and "[schedule] interval" in result.stderr and str(config) in result.stderr


def test_a_second_run_exits_3_while_the_lock_is_held(tmp_path):
    config = make_config(tmp_path, [])
    with FileLock(tmp_path / "newsmon.db.lock", timeout=0):
        busy = newsmon("run", config=config)
        daemon = newsmon("daemon", config=config)
    assert busy.returncode == 3 and "another newsmon run or daemon is working on" in busy.stderr
    assert daemon.returncode == 3
    assert newsmon("run", config=config).returncode == 0  # released: runs again


def test_a_killed_run_leaves_no_stuck_lock(tmp_path):
    config = make_config(tmp_path, [])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock\n"
         f"lock = FileLock({str(tmp_path / 'newsmon.db.lock')!r}, timeout=0)\n"  # kept: a dropped lock is released
         "lock.acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert newsmon("run", config=config).returncode == 3
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert (tmp_path / "newsmon.db.lock").exists()  # the file stays; the OS lock went with the process
    result = newsmon("run", config=config)
    assert result.returncode == 0, result.stderr


def test_sigterm_stops_the_crawl_gracefully_and_holds_the_lock_until_it_ends(site, tmp_path):
    sample, base = site
    config = make_config(tmp_path, sample.sources(base)[:1])
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("delay = 0\n", "delay = 0.2\n"), encoding="utf-8")  # slow enough to stop
    db_path = tmp_path / "newsmon.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    run = subprocess.Popen([sys.executable, "-m", "crawler", "--config", str(config), "run"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not open_runs(db_path) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 1 and "stopped: the crawl finished its pages" in err, err[-3000:]
    assert "Traceback" not in err and open_runs(db_path) == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def open_runs(db_path) -> int:
    try:
        with sqlite3.connect(db_path) as conn:
            return conn.execute("select count(*) from runs where status = 'running'").fetchone()[0]
    except sqlite3.OperationalError:  # no database yet
        return 0


@pytest.mark.parametrize("command", [["run", "-h"], ["daemon", "-h"], ["alerts", "-h"], ["alerts", "send", "-h"]])
def test_help_has_an_example(command, tmp_path):
    result = newsmon(*command)
    assert result.returncode == 0 and "Example:" in result.stdout
