"""Faults: nothing lost, nothing corrupted — killed crawls, a locked database, a full or read-only disk, old schemas."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.migrations import migrations
from db.store import Page, content_hash, open_db, record_page
from tests.badsite import BadSite
from tests.conftest import ROOT, make_config, newsmon

ARTICLES = 60


def write_config(folder: Path, sources: list[dict], database: dict | None = None, **crawl) -> Path:
    """make_config with [crawl] keys replaced and [database] keys added."""
    path = make_config(folder, sources)
    text = path.read_text(encoding="utf-8")
    for key, value in crawl.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        if not n:
            text = text.replace("[crawl]\n", f"[crawl]\n{key} = {value}\n", 1)
    for key, value in (database or {}).items():
        text = text.replace("[database]\n", f"[database]\n{key} = {value}\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)  # closed at once: a remount needs no file left open
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def assert_intact(db_path: Path) -> None:
    """integrity_check passes and every committed snapshot matches its own content hash."""
    assert rows(db_path, "pragma integrity_check")[0]["integrity_check"] == "ok"
    for snap in rows(db_path, "select title, text, content_hash from snapshots"):
        assert content_hash(snap["title"] or "", snap["text"] or "") == snap["content_hash"]
    orphans = rows(db_path, "select count(*) as n from snapshots where article_id not in (select id from articles)")
    assert orphans[0]["n"] == 0


def crawl_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "crawler", "--config", str(config), "crawl", "--progress", "0"]


# -- killed at random moments -------------------------------------------------------------


def test_sigkill_mid_crawl_loses_and_corrupts_nothing(tmp_path):
    chance = random.Random(20261128)  # random moments, the same ones on every run
    with BadSite(good=ARTICLES, cases=False, delay=0.2) as site:
        config = write_config(tmp_path, [site.source()], per_domain=4, concurrency=4)
        db_path = tmp_path / "newsmon.db"
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        counts = []
        for _ in range(4):
            child = subprocess.Popen(crawl_command(config), cwd=ROOT, env=env, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(chance.uniform(1.5, 3.5))
            os.killpg(child.pid, signal.SIGKILL)  # its session: the crawl and its extraction workers
            child.wait()
            assert_intact(db_path)
            counts.append(rows(db_path, "select count(*) as n from articles")[0]["n"])
        print("articles stored after each kill:", counts)
        assert counts[0] < ARTICLES, "the crawl finished before it was killed: slow the site down"
        result = newsmon("crawl", "--progress", "0", config=config, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_intact(db_path)
    stored = {r["url"] for r in rows(db_path, "select url from articles")}
    assert stored == {site.base + path for path in site.good}
    assert rows(db_path, "select max(version) as v from snapshots")[0]["v"] == 1  # no duplicate versions


def workers_of(pid: int) -> list[int]:
    """The extraction workers (spawned children) of process ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_killed_extraction_worker_is_replaced_and_its_pages_tried_again(tmp_path):
    """As the kernel's OOM killer or a crash in lxml would: the crawl goes on, nothing lost."""
    with BadSite(good=ARTICLES, cases=False, delay=0.05) as site:
        config = write_config(tmp_path, [site.source()], per_domain=4, concurrency=4, extract_workers=2)
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        child = subprocess.Popen(crawl_command(config), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not (workers := workers_of(child.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers, "no extraction worker started"
        time.sleep(0.5)  # let it take pages
        os.kill(workers[0], signal.SIGKILL)
        out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err[-3000:]
    assert "an extraction worker died" in err
    assert "Traceback" not in err and len(err) < 50_000  # one clear line, not the page's bytes
    db_path = tmp_path / "newsmon.db"
    assert_intact(db_path)
    stored = {r["url"] for r in rows(db_path, "select url from articles")}
    assert stored == {site.base + path for path in site.good}


def test_sources_crawled_together_share_the_extraction_workers(tmp_path):
    """`newsmon crawl` runs every source at once: a pool each would start two workers per source."""
    with BadSite(good=30, cases=False, delay=0.02) as one, BadSite(good=30, cases=False, delay=0.02) as two:
        sources = [one.source("one"), two.source("two")]
        config = write_config(tmp_path, sources, per_domain=4, concurrency=8, extract_workers=2)
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        child = subprocess.Popen(crawl_command(config), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        most = 0
        while child.poll() is None:
            most = max(most, len(workers_of(child.pid)))
            time.sleep(0.02)
        out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err[-3000:]
    assert 1 <= most <= 2, f"{most} extraction workers for extract_workers = 2"
    stored = {r["url"] for r in rows(tmp_path / "newsmon.db", "select url from articles")}
    assert stored == {site.base + path for site in (one, two) for path in site.good}


# -- a database held by another process ---------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("insert into runs (command, status) values ('a user', 'holding')")
print("locked", flush=True)
sys.stdin.readline()  # until the test lets go (or the process is killed)
conn.execute("ROLLBACK")
"""


def hold_write_lock(db_path: Path) -> subprocess.Popen:
    """Another process with a write transaction open on the database, like a user's sqlite3 shell.

    It lets go when a line is written to its stdin.
    """
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen, kill: bool = False) -> None:
    if kill:
        holder.kill()
    else:
        holder.stdin.write("\n")
        holder.stdin.flush()
    holder.wait(timeout=30)
    holder.stdin.close()
    holder.stdout.close()


@pytest.fixture
def small_site(tmp_path):
    with BadSite(good=3, cases=False) as site:
        open_db(tmp_path / "newsmon.db").conn.close()  # exists, migrated, in WAL mode
        yield site


def test_busy_database_waits_says_so_and_proceeds(tmp_path, small_site):
    """The lock is released once the crawl has said it waits: no timing guesses."""
    config = write_config(tmp_path, [small_site.source()], database={"busy_timeout": 20})
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    holder = hold_write_lock(tmp_path / "newsmon.db")
    crawl = subprocess.Popen(crawl_command(config), cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    said = []
    try:
        for line in crawl.stderr:  # ends when the crawl has said so, or has ended
            said.append(line)
            if "database is busy" in line:
                break
    finally:
        release(holder)
    stdout, rest = crawl.communicate(timeout=120)
    stderr = "".join(said) + rest
    assert re.search(r"database is busy.*waiting up to 20 s", stderr), stderr[-2000:]
    assert crawl.returncode == 0, stderr[-3000:]
    assert "is free again" in stderr
    assert len(rows(tmp_path / "newsmon.db", "select url from articles")) == 3


def test_busy_database_fails_clearly_after_the_timeout(tmp_path, small_site):
    config = write_config(tmp_path, [small_site.source()], database={"busy_timeout": 2})
    holder = hold_write_lock(tmp_path / "newsmon.db")
    try:
        result = newsmon("crawl", "--progress", "0", config=config, timeout=60)
    finally:
        release(holder, kill=True)
    assert result.returncode == 1
    assert "waiting up to 2 s" in result.stderr
    assert "Error: database is busy" in result.stderr and "busy_timeout" in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(tmp_path / "newsmon.db", "select count(*) as n from articles")[0]["n"] == 0


def test_database_lost_mid_crawl_stops_the_crawl_cleanly(tmp_path):
    """The lock is taken once the crawl has stored its first article; it must stop, clearly."""
    with BadSite(good=12, cases=False, delay=0.3) as site:
        open_db(tmp_path / "newsmon.db").conn.close()
        config = write_config(tmp_path, [site.source()], per_domain=1, concurrency=1,
                              database={"busy_timeout": 1})
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        crawl = subprocess.Popen(crawl_command(config), cwd=ROOT, env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        said, holder = [], None
        try:
            for line in crawl.stderr:
                said.append(line)
                if ": new " in line:
                    holder = hold_write_lock(tmp_path / "newsmon.db")
                    break
            stdout, rest = crawl.communicate(timeout=120)
        finally:
            if holder:
                release(holder, kill=True)
    stderr = "".join(said) + rest
    assert holder, stderr[-2000:]
    assert crawl.returncode == 1, stderr[-3000:]
    assert "cannot write to the database" in stderr and "next run" in stderr
    assert "Traceback" not in stderr
    assert_intact(tmp_path / "newsmon.db")
    stored = rows(tmp_path / "newsmon.db", "select count(*) as n from articles")[0]["n"]
    assert 1 <= stored < 12


# -- a full disk, a read-only database ---------------------------------------------------


def test_a_full_database_writes_no_partial_rows(tmp_path):
    """SQLite's max_page_count makes the file 'full' at its current size: the page is all or nothing."""
    from crawler.extraction import extract_article

    db = open_db(tmp_path / "full.db")
    html = "<html><body><article><h1>Lạng Sơn</h1>" + "<p>Lạng Sơn phát triển kinh tế cửa khẩu.</p>" * 2000
    doc = extract_article(html, "https://baolangson.vn/a-1.html")
    assert doc is not None
    page = Page(url="https://baolangson.vn/a-1.html", source="baolangson", http_status=200,
                body=html.encode() * 4, html=html, doc=doc, relevant=True)
    before = {t: db[t].count for t in ("urls", "fetches", "articles", "snapshots", "raw_pages")}
    pages = db.execute("pragma page_count").fetchone()[0]
    db.execute(f"pragma max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        record_page(db, page)
    assert {t: db[t].count for t in before} == before
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MB tmpfs (mounting needs root and CAP_SYS_ADMIN; skipped without)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system holding ``folder`` to the last byte (unbuffered writes)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def config_on(folder: Path, sources: list[dict], db_path: Path) -> Path:
    path = make_config(folder, sources)
    text = path.read_text(encoding="utf-8").replace('path = "newsmon.db"', f'path = "{db_path}"')
    path.write_text(text, encoding="utf-8")
    return path


def killed_writer(db_path: Path) -> None:
    """A process that wrote and died without closing: its -wal and -shm files stay behind."""
    code = ("import os, sys; sys.path.insert(0, sys.argv[2]); from db.store import open_db; "
            "db = open_db(sys.argv[1]); db['runs'].insert({'command': 'killed'}); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(db_path), str(ROOT)], check=True)


@pytest.mark.parametrize("existing", [False, True], ids=["new-database", "existing-database"])
def test_full_disk_is_a_clear_error(tmp_path, tiny_disk, small_site, existing):
    db_path = tiny_disk / "newsmon.db"
    config = config_on(tmp_path, [small_site.source()], db_path)
    if existing:
        killed_writer(db_path)
    fill(tiny_disk)
    result = newsmon("crawl", "--progress", "0", config=config, timeout=120)
    assert result.returncode != 0
    assert "full" in result.stderr and "Free some space" in result.stderr, result.stderr[-2000:]
    assert "Nothing was half-written" in result.stderr
    assert "Traceback" not in result.stderr
    (tiny_disk / "filler").unlink()
    result = newsmon("crawl", "--progress", "0", config=config, timeout=120)  # space again: it works
    assert result.returncode == 0, result.stderr[-2000:]
    assert_intact(db_path)


@pytest.mark.parametrize("leftover_wal", [False, True], ids=["closed", "wal-left-behind"])
def test_read_only_database_is_a_clear_error(tmp_path, tiny_disk, small_site, leftover_wal):
    """A read-only mount (root ignores file modes, so chmod 444 proves nothing when tests run as root)."""
    db_path = tiny_disk / "newsmon.db"
    config = config_on(tmp_path, [small_site.source()], db_path)
    assert newsmon("crawl", "--progress", "0", config=config, timeout=120).returncode == 0
    if leftover_wal:
        killed_writer(db_path)
    before = rows(db_path, "select count(*) as n from fetches")[0]["n"]
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], capture_output=True, text=True)
    if remounted.returncode:
        pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
    result = newsmon("crawl", "--progress", "0", "--recheck", config=config, timeout=120)
    assert result.returncode != 0
    assert "Error: cannot write the database" in result.stderr and "read-only" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    subprocess.run(["mount", "-o", "remount,rw", str(tiny_disk)], check=True)
    assert rows(db_path, "select count(*) as n from fetches")[0]["n"] == before


# -- an older schema -----------------------------------------------------------------------


def test_an_old_database_is_migrated_in_place(tmp_path):
    db_path = tmp_path / "old.db"
    old = Database(db_path)
    migrations.apply(old, stop_before="create_indicator_tables")  # the first release's schema
    assert not old["observations"].exists()
    article_id = old["articles"].insert({"url": "https://baolangson.vn/a-1.html", "source": "baolangson",
                                         "title": "Lạng Sơn", "first_seen": "2026-01-01T00:00:00+00:00",
                                         "current_version": 1, "status": "active"}).last_pk
    old["snapshots"].insert({"article_id": article_id, "version": 1, "fetched_at": "2026-01-01T00:00:00+00:00",
                             "title": "Lạng Sơn", "text": "Tin cũ.", "content_hash": content_hash("Lạng Sơn", "Tin cũ.")})
    old["urls"].insert({"url": "https://baolangson.vn/a-1.html", "source": "baolangson", "state": "article",
                        "article_id": article_id, "etag": '"v1"'})
    old.conn.close()
    config = tmp_path / "newsmon.toml"
    config.write_text(f'[database]\npath = "{db_path}"\n', encoding="utf-8")
    result = newsmon("articles", "--format", "json", config=config)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "https://baolangson.vn/a-1.html" in result.stdout
    db = Database(db_path)
    assert {"observations", "outbox", "discovery_pages"} <= {*db.table_names(), *db.view_names()}
    assert [m.name for m in migrations.pending(db)] == []
    assert db["snapshots"].count == 1 and db["urls"].get("https://baolangson.vn/a-1.html")["etag"] == '"v1"'
    assert_intact(db_path)
