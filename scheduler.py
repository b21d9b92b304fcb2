"""`newsmon daemon`: crawl each source on its own schedule, then send the alerts.

APScheduler 3 (``BlockingScheduler``), one job per source, its trigger from the source's
``interval`` / ``cron`` / ``jitter`` in newsmon.toml or the ``[schedule]`` defaults. Missed
starts are coalesced into one, a job never runs twice at once, and each crawl runs in a
child process (Twisted's reactor cannot be restarted in this one).

SIGTERM or SIGINT stops it cleanly: no new crawl starts, each running child gets SIGINT
(Scrapy's graceful stop: requests in flight finish, the run is closed), and the daemon
exits 0 once they are done. The store commits each page on its own, so nothing is ever
half-written; a second signal makes Scrapy stop at once.

The same schedules answer "is this source due?" for `newsmon run` from cron.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.config import Config, parse_duration

logger = logging.getLogger("scheduler")

DEFAULT_INTERVAL = timedelta(hours=1)  # with neither interval nor cron anywhere
CRON_SLACK = timedelta(seconds=60)  # cron starts `newsmon run` a little after the minute


# -- schedules --------------------------------------------------------------------------

def timing(config: Config, name: str) -> dict:
    """The source's interval/cron/jitter, over the [schedule] defaults."""
    own = config.source_schedules.get(name, {})
    base = config.schedule
    if own.get("interval") or own.get("cron"):
        chosen = {"interval": own.get("interval", ""), "cron": own.get("cron", "")}
    else:
        chosen = {"interval": base.interval, "cron": base.cron}
    return {**chosen, "jitter": own.get("jitter", base.jitter)}


def every(config: Config, name: str) -> timedelta:
    """The source's interval (the default hour when it has a cron or nothing)."""
    value = timing(config, name)["interval"]
    return parse_duration(value) if value else DEFAULT_INTERVAL


def trigger_for(config: Config, name: str):
    """An APScheduler trigger for the source, in UTC."""
    spec = timing(config, name)
    jitter = parse_duration(spec["jitter"] or "0s").total_seconds() or None
    if spec["cron"]:
        trigger = CronTrigger.from_crontab(spec["cron"], timezone=timezone.utc)
        trigger.jitter = jitter  # from_crontab takes no jitter
        return trigger
    return IntervalTrigger(seconds=every(config, name).total_seconds(), timezone=timezone.utc, jitter=jitter)


def last_started(db, name: str) -> datetime | None:
    """When the source's latest crawl started, if it ever did."""
    row = db.execute(
        "select max(started_at) from runs where exists "
        "(select 1 from json_each(runs.sources) where value = ?)", [name]).fetchone()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def is_due(db, config: Config, name: str, now: datetime | None = None) -> bool:
    """Whether `newsmon run` should crawl the source now.

    Cron schedule: a start time passed since its last crawl. Interval: the interval has
    passed, less a tenth of it (at most 5 minutes), so a source every 15m crawled from a
    crontab every 15 minutes is not skipped because the previous run started a second late.
    """
    now = now or datetime.now(timezone.utc)
    last = last_started(db, name)
    if last is None:
        return True
    spec = timing(config, name)
    if spec["cron"]:
        trigger = CronTrigger.from_crontab(spec["cron"], timezone=timezone.utc)
        upcoming = trigger.get_next_fire_time(None, last + timedelta(seconds=1))
        return upcoming is not None and upcoming <= now + CRON_SLACK
    interval = every(config, name)
    return now - last >= interval - min(interval / 10, timedelta(minutes=5))


def due_sources(db, config: Config, names: list[str]) -> list[str]:
    return [name for name in names if is_due(db, config, name)]


# -- the crawl of one job ---------------------------------------------------------------

def crawl_command(config_path: Path | None, names: list[str], recheck: bool = False) -> list[str]:
    """What crawl_in_child runs; we need the Popen handle to pass signals on to the child."""
    config = ["--config", str(config_path)] if config_path else []  # none: it finds the defaults itself
    return [sys.executable, "-m", "crawler", *config, "crawl", "--progress", "0", *names,
            *(["--recheck"] if recheck else [])]


def crawl_once(config_path: Path | None, names: list[str], recheck: bool = False) -> tuple[int, int, bool]:
    """One crawl child for `newsmon run`: (exit code, pid, whether we were asked to stop).

    SIGTERM or SIGINT reach the child as SIGINT (Scrapy's graceful stop; a second one stops
    it at once), and we wait for it, so the run lock is held until the crawl is over.
    (subprocess.run would SIGKILL the child a quarter second after a Ctrl-C.)
    """
    child = subprocess.Popen(crawl_command(config_path, names, recheck), start_new_session=True)
    stopped = []

    def forward(signum, frame):
        stopped.append(signum)
        child.send_signal(signal.SIGINT)

    previous = {signum: signal.signal(signum, forward) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        return child.wait(), child.pid, bool(stopped)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_summary(runs: list[dict]) -> str:
    """'demo-a: 3 discovered, 3 fetched: ...' for the runs a child wrote."""
    from crawler.progress import summary

    if not runs:
        return "no run recorded"
    return "; ".join(f"{', '.join(run['sources'])} [{run['status']}] {summary(run['stats'])}" for run in runs)


def send_alerts(config: Config, db) -> str:
    """Deliver the outbox (one sender at a time) and say how it went."""
    from crawler.alerts.send import deliver
    from crawler.lock import Busy, send_lock

    try:
        with send_lock(config.db_path):
            return deliver(db, config).line()
    except Busy as err:
        return f"alerts: not sent now: {err}"


def close_abandoned_runs(db, pid: int) -> None:
    """Close the runs a dead crawl left open: stopped in the instant before Scrapy could
    take the signal. Its pages are committed; only the run's figures are missing."""
    from db.store import finish_run

    for row in db.query("select id from runs where pid = ? and status = 'running'", [pid]):
        finish_run(db, row["id"], "interrupted", {})


# -- the daemon -------------------------------------------------------------------------

class Daemon:
    """The scheduler, its running children, and a clean stop."""

    def __init__(self, config: Config, config_path: Path, names: list[str]):
        self.config, self.config_path, self.names = config, config_path, names
        self.stopping = threading.Event()
        self.children: set[subprocess.Popen] = set()
        self.busy = threading.Condition()
        self.running = 0
        grace = parse_duration(config.schedule.misfire_grace).total_seconds()
        self.scheduler = BlockingScheduler(
            timezone=timezone.utc, executors={"default": ThreadPoolExecutor(max(config.schedule.parallel, 1))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(grace) or 1})

    def add_jobs(self, db) -> None:
        """One job per source; a source already due starts now rather than after its interval."""
        now = datetime.now(timezone.utc)
        for name in self.names:
            first = now if is_due(db, self.config, name, now) else None
            kwargs = {"next_run_time": first} if first else {}
            self.scheduler.add_job(self.job, trigger_for(self.config, name), args=[name], id=name,
                                   name=f"crawl {name}", **kwargs)

    def job(self, name: str) -> None:
        """Crawl one source in a child, log its summary, send the alerts."""
        with self.busy:  # counted before it starts, so the stop waits for it
            if self.stopping.is_set():
                return
            self.running += 1
        try:
            self._crawl_and_tell(name)
        finally:
            with self.busy:
                self.running -= 1
                self.busy.notify_all()

    def _crawl_and_tell(self, name: str) -> None:
        from db.queries import last_run_id, runs_after
        from db.store import open_db

        db = open_db(self.config.db_path)  # a connection per thread: sqlite3 wants that
        try:
            before = last_run_id(db)
            code, pid = self._child([name])
            close_abandoned_runs(db, pid)
            runs = [run for run in runs_after(db, before) if name in run["sources"]]  # not a parallel job's
            alerts = "alerts: not sent while stopping" if self.stopping.is_set() else send_alerts(self.config, db)
            logger.info("crawl %s: exit %s; %s; %s", name, code, run_summary(runs), alerts)
        finally:
            db.conn.close()

    def _child(self, names: list[str]) -> tuple[int, int]:
        # Its own session: a terminal's Ctrl-C reaches only us, and we forward one SIGINT.
        child = subprocess.Popen(crawl_command(self.config_path, names), start_new_session=True)
        with self.busy:
            self.children.add(child)
        if self.stopping.is_set():  # the stop came while we were starting it
            self._tell(child)
        try:
            return child.wait(), child.pid
        finally:
            with self.busy:
                self.children.discard(child)

    def stop(self, signum, frame) -> None:
        """Signal handler: no new crawl; running ones are asked to finish (a second signal: at once)."""
        if self.stopping.is_set():
            self._signal_children(force=True)  # Scrapy's second signal: stop now
            return
        self.stopping.set()
        # Not from inside the handler: the main thread may hold the scheduler's (or the
        # log handler's) locks, and telling the children apart needs the database.
        threading.Thread(target=self._shutdown, args=[signal.Signals(signum).name], daemon=True).start()

    def _shutdown(self, why: str) -> None:
        """Tell the children, then stop the scheduler's loop (once it has started)."""
        logger.info("%s: stopping; %d crawl(s) finishing", why, len(self.children))
        self._signal_children()
        while not self.scheduler.running:
            time.sleep(0.05)
        self.scheduler.shutdown(wait=False)

    def _signal_children(self, force: bool = False) -> None:
        with self.busy:
            children = list(self.children)
        for child in children:
            self._tell(child, force)

    def _tell(self, child: subprocess.Popen, force: bool = False) -> None:
        """SIGINT to a child that is crawling: Scrapy stops gracefully and closes its run.

        A child still starting (or already done) has no Scrapy handler: SIGINT would end it
        with a KeyboardInterrupt traceback. It has no open run then, so SIGTERM ends it
        quietly (and once Scrapy's handler is in, SIGTERM is a graceful stop too).
        """
        crawling = force or self._crawling(child.pid)
        child.send_signal(signal.SIGINT if crawling else signal.SIGTERM)

    def _crawling(self, pid: int) -> bool:
        """Whether process ``pid`` has an open run (start_run records the pid)."""
        try:
            with closing(sqlite3.connect(self.config.db_path, timeout=5)) as conn:
                row = conn.execute("select 1 from runs where pid = ? and status = 'running'", [pid]).fetchone()
        except sqlite3.Error:
            return True  # cannot tell: the graceful signal is the safe one
        return row is not None

    def wait_for_jobs(self) -> None:
        with self.busy:
            while self.running:
                self.busy.wait(1.0)


def run_daemon(config: Config, config_path: Path, names: list[str]) -> int:
    """Run until SIGTERM or SIGINT; the exit code is 0 after a clean stop."""
    from db.store import open_db, set_busy_timeout

    set_busy_timeout(config.database.busy_timeout)  # for every connection the jobs open
    daemon = Daemon(config, config_path, names)
    db = open_db(config.db_path)
    daemon.add_jobs(db)
    db.conn.close()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, daemon.stop)
    for job in daemon.scheduler.get_jobs():
        logger.info("scheduled %s: %s", job.name, job.trigger)
    daemon.scheduler.start()  # returns after shutdown
    daemon.wait_for_jobs()
    logger.info("stopped")
    return 0
