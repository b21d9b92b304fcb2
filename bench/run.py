"""newsmon's benchmark: one command, one table.

    python -m bench --articles 2000            # or: python bench/run.py --articles 10000
    python -m bench --articles 2000 --profile  # and a cProfile of the crawl process
    python -m bench --rounds 3                 # bare, crawl, bare, crawl, bare, crawl, bare

Serves a synthetic TTXVN-style site of N articles (bench/site.py) from a separate process
(bench/server.py) on 127.0.0.1, then measures, in this order:

1. the bare floor: a plain Scrapy spider fetching every article and running
   trafilatura.extract in its callback (bench/bare_spider.py), in a child process, once
   before and once after the first crawl (the ratio is to their mean; with --rounds R,
   R first crawls alternate with R + 1 bare runs and the ratio is the median of theirs);
2. the first crawl of every article through newsmon's whole pipeline (`newsmon crawl` in
   a child process, [crawl] concurrency = per_domain = 16, delay = 0, no autothrottle);
3. an unchanged re-check (`newsmon crawl --recheck`: conditional GETs answered 304);
4. a re-check after k articles were edited (one figure each), checking that exactly those
   k articles got a new version;
5. database bytes per article and per extra version;
6. query times on the resulting database (median of several runs);

and prints one markdown table with the targets, each marked met / not met. Timing never
makes it fail: the exit code is 1 only when a correctness check fails (a crawl exited
with an error, pages went missing, the wrong articles got new versions).

CPU is the sum of user + system time of every process of the child's tree, sampled from
/proc/<pid>/stat every 100 ms (extraction workers live under a forkserver that is not
waited for, so getrusage(RUSAGE_CHILDREN) misses them; it is shown alongside). Peak RSS
is the largest sum of VmRSS over the child and its descendants, sampled every 100 ms
(PSS, which counts pages shared between the forkserver's workers once, is shown too).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.site import Site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "benchsite"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = 1024

# Targets from the issue.
PIPELINE_VS_BARE = 1.5
RECHECK_VS_FIRST = 6.0
RSS_LIMIT_MB = 300
EDIT_SHARE = 0.20
QUERY_MS = 50.0


# -- processes -------------------------------------------------------------------------

def _proc_table() -> dict[int, int]:
    """pid -> parent pid, for every process we can see."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def process_tree(root: int) -> list[int]:
    parents = _proc_table()
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _read_status(pid: int) -> tuple[int, int, float] | None:
    """(VmRSS kB, Pss kB, own CPU seconds) of one process, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
        rss = pss = 0
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    rss = int(line.split()[1])
                    break
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        pss = int(line.split()[1])
                        break
        except OSError:
            pss = rss
        return rss, pss, cpu
    except (OSError, ValueError, IndexError):
        return None


def _role(pid: int, root: int) -> str:
    """What a process of the crawl's tree is, from its command line."""
    if pid == root:
        return "crawl"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read()
    except OSError:
        return "process"
    if b"resource_tracker" in command:
        return "resource tracker"
    return "worker" if b"multiprocessing" in command else "process"


class TreeSampler(threading.Thread):
    """Samples RSS, PSS and CPU of a process and its descendants every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.cpu: dict[int, float] = {}  # last seen own CPU seconds per pid
        self.series: list[tuple[float, int, int]] = []  # (t, rss kB, pss kB)
        self.stop = threading.Event()
        self.started_at = time.monotonic()
        self.max_procs = 0
        self.own_peak: dict[int, tuple[str, int]] = {}  # pid -> (role, peak VmRSS kB)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.interval)
        self.sample()

    def sample(self) -> None:
        rss = pss = 0
        pids = process_tree(self.pid)
        alive = 0
        for pid in pids:
            status = _read_status(pid)
            if status is None:
                continue
            alive += 1
            rss += status[0]
            role, peak = self.own_peak.get(pid) or (_role(pid, self.pid), 0)
            self.own_peak[pid] = (role, max(peak, status[0]))
            pss += status[1]
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), status[2])
        self.max_procs = max(self.max_procs, alive)
        if alive:
            self.series.append((time.monotonic() - self.started_at, rss, pss))

    def breakdown(self) -> str:
        """Each process's own peak VmRSS, by role: "crawl 118 MB, worker 64 MB, ..."."""
        peaks = sorted(self.own_peak.values(), key=lambda item: (item[0] != "crawl", -item[1]))
        return ", ".join(f"{role} {kb / PAGE_KB:,.0f} MB" for role, kb in peaks)

    @property
    def peak_rss_mb(self) -> float:
        return max((s[1] for s in self.series), default=0) / PAGE_KB

    @property
    def peak_pss_mb(self) -> float:
        return max((s[2] for s in self.series), default=0) / PAGE_KB

    def growth_mb(self) -> float:
        """Peak RSS of the run's second half minus that of its first half (0 when flat)."""
        if len(self.series) < 4:
            return 0.0
        middle = self.series[-1][0] / 2
        first = max(s[1] for s in self.series if s[0] <= middle)
        second = max(s[1] for s in self.series if s[0] > middle)
        return (second - first) / PAGE_KB


@dataclass
class Run:
    """One child process: its wall time, CPU and memory."""

    label: str
    returncode: int = 0
    wall: float = 0.0
    cpu_tree: float = 0.0
    cpu_rusage: float = 0.0
    cpu_main: float = 0.0  # the child itself: Scrapy's thread, the store, the indicators
    maxrss_mb: float = 0.0  # ru_maxrss of the largest waited-for descendant
    peak_rss_mb: float = 0.0
    peak_pss_mb: float = 0.0
    rss_growth_mb: float = 0.0
    procs: int = 0
    rss_breakdown: str = ""
    server_cpu: float = 0.0
    stdout: str = ""
    extra: dict = field(default_factory=dict)


def run_child(label: str, command: list[str], log: Path, server: "Server | None" = None,
              timeout: float = 7200) -> Run:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.cpu() if server else 0.0
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as err:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        sampler = TreeSampler(child.pid)
        sampler.start()
        try:
            stdout, _ = child.communicate(timeout=timeout)
        finally:
            sampler.stop.set()
            sampler.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Run(label=label, returncode=child.returncode, wall=wall,
               cpu_tree=sum(sampler.cpu.values()), cpu_main=sampler.cpu.get(child.pid, 0.0),
               cpu_rusage=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
               maxrss_mb=after.ru_maxrss / 1024, peak_rss_mb=sampler.peak_rss_mb,
               peak_pss_mb=sampler.peak_pss_mb, rss_growth_mb=sampler.growth_mb(),
               procs=sampler.max_procs, rss_breakdown=sampler.breakdown(), server_cpu=(server.cpu() - server_before) if server else 0.0,
               stdout=stdout)


class Server:
    """bench.server in its own process."""

    def __init__(self, articles: int, seed: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.server", "--articles", str(articles), "--seed", str(seed)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError(f"the benchmark site did not start: {line!r}")
        self.base = line.split(" ", 1)[1]

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return json.loads(response.read())

    def cpu(self) -> float:
        return self.get("/_bench/stats")["cpu_s"]

    def edit(self, nums: list[int]) -> None:
        self.get("/_bench/edit?ids=" + ",".join(map(str, nums)))

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# -- configuration and crawls ----------------------------------------------------------

def write_config(folder: Path, site: Site, base: str, workers: int) -> Path:
    from crawler.demo_run import toml_value

    crawl = {"concurrency": 16, "per_domain": 16, "delay": 0, "autothrottle": False,
             "obey_robots": False, "contact": "newsmon benchmark", "builtin_sources": False,
             "extract_workers": workers}
    lines = ["# Written by bench/run.py: the synthetic site on 127.0.0.1.",
             "[database]", 'path = "newsmon.db"', "", "[crawl]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in crawl.items()]
    for source in site.sources(base, SOURCE):
        lines += ["", "[[sources]]"] + [f"{k} = {toml_value(v)}" for k, v in source.items()]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def newsmon_command(config: Path, recheck: bool = False, profile: Path | None = None) -> list[str]:
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "crawler", "--config", str(config), "crawl", SOURCE, "--progress", "0"]
    return command + (["--recheck"] if recheck else [])


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def run_figures(db: Path) -> dict:
    """Figures of the newest run: fetches by HTTP status, first/last fetch time."""
    with connect(db) as conn:
        run_id = conn.execute("select max(id) from runs").fetchone()[0]
        rows = conn.execute("select http_status, count(*) from fetches where run_id = ? group by 1", [run_id]).fetchall()
        span = conn.execute("select min(fetched_at), max(fetched_at) from fetches where run_id = ?", [run_id]).fetchone()
        stamps = [row[0] for row in conn.execute(
            "select fetched_at from fetches where run_id = ? order by fetched_at", [run_id])]
        stats = json.loads(conn.execute("select stats from runs where id = ?", [run_id]).fetchone()[0] or "{}")
    from datetime import datetime

    seconds = 0.0
    if span[0]:
        seconds = (datetime.fromisoformat(span[1]) - datetime.fromisoformat(span[0])).total_seconds()
    by_status = {status: count for status, count in rows}
    quarters = None  # pages/s over the first and the last quarter of the fetches
    if len(stamps) >= 40:
        times = [datetime.fromisoformat(stamp).timestamp() for stamp in stamps]
        q = len(times) // 4
        first, last = times[q] - times[0], times[-1] - times[-1 - q]
        if first > 0 and last > 0:
            quarters = (q / first, q / last)
    return {"run_id": run_id, "by_status": by_status, "fetched": sum(by_status.values()),
            "span_s": seconds, "stats": stats, "quarters": quarters}


def db_figures(db: Path) -> dict:
    """File size after a checkpoint, bytes per table (with its indexes), row counts."""
    with connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        master = conn.execute("select name, tbl_name, sql from sqlite_master").fetchall()
        owners = {row["name"]: row["tbl_name"] for row in master}
        for virtual in [row["name"] for row in master if (row["sql"] or "").upper().startswith("CREATE VIRTUAL")]:
            for row in master:  # an FTS index's shadow tables count as the index
                if row["name"].startswith(virtual + "_"):
                    owners[row["name"]] = virtual
        tables: dict[str, dict[str, int]] = {}
        try:
            for row in conn.execute("select name, sum(pgsize) as pg, sum(payload) as payload from dbstat group by name"):
                owner = owners.get(row["name"], row["name"])
                entry = tables.setdefault(owner, {"pgsize": 0, "payload": 0})
                entry["pgsize"] += row["pg"] or 0
                entry["payload"] += row["payload"] or 0
        except sqlite3.OperationalError:  # SQLite built without dbstat
            tables = {}
        counts = {name: conn.execute(f"select count(*) from {name}").fetchone()[0]
                  for name in ("articles", "snapshots", "urls", "fetches", "raw_pages")}
        text = conn.execute("select coalesce(sum(length(text)), 0), coalesce(sum(length(cast(text as blob))), 0) "
                            "from snapshots").fetchone()
        raw = conn.execute("select coalesce(sum(size), 0), coalesce(sum(stored_size), 0) from raw_pages").fetchone()
    return {"bytes": page_size * pages, "tables": tables, "counts": counts,
            "text_chars": text[0], "text_bytes": text[1], "raw_size": raw[0], "raw_stored": raw[1]}


# an index counts as its table (db_figures): paragraphs_hash as paragraphs
VERSION_TABLES = ("snapshot_rows", "paragraphs", "article_paragraphs", "raw_pages", "paragraphs_fts",
                  "observation_rows", "sentences", "indicator_events", "outbox")


def version_bytes(figures: dict) -> int:
    """Bytes a version costs: its snapshot row, raw page, figures and alerts (payload)."""
    return sum(figures["tables"].get(name, {}).get("payload", 0) for name in VERSION_TABLES)


# -- queries ---------------------------------------------------------------------------

def median_ms(fn, runs: int, budget_s: float = 20.0) -> tuple[float, int]:
    """Median time of ``runs`` calls after a warm-up; at least 3 once ``budget_s`` is spent."""
    fn()  # warm: the first call also compiles the statement
    times: list[float] = []
    started_all = time.perf_counter()
    while len(times) < runs and (len(times) < 3 or time.perf_counter() - started_all < budget_s):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(times)


def query_times(db_path: Path, edited_urls: list[str], runs: int) -> dict[str, tuple[float | None, int, str]]:
    from db.queries import find_article, indicator_history, snapshot, unified_diff
    from db.store import open_db

    db = open_db(db_path)
    out: dict[str, tuple[float | None, int, str]] = {}
    top = list(db.query("select indicator, count(*) as n from observations group by 1 order by 2 desc limit 1")) \
        if "observations" in db.view_names() else []
    if top:
        name = top[0]["indicator"]
        rows = len(indicator_history(db, name))
        out["timeline"] = (*median_ms(lambda: indicator_history(db, name), runs),
                           f"`indicator_history({name!r})`, {rows} rows")
    else:
        out["timeline"] = (None, 0, "no observations recorded (indicators off or not found)")
    out["search"] = search_time(db, runs)
    if edited_urls:
        article = find_article(db, edited_urls[0])

        def diff():
            return unified_diff(snapshot(db, article["id"], 1), snapshot(db, article["id"], 2))
        lines = diff().count("\n") + 1
        out["diff"] = (*median_ms(diff, runs), f"`unified_diff` v1→v2 of an edited article, {lines} lines")
    else:
        out["diff"] = (None, 0, "no edited article")
    return out


def search_time(db, runs: int) -> tuple[float | None, int, str]:
    """Full-text search through db/search.py when it exists (another engineer's work)."""
    try:
        from db import search as search_module
    except ImportError:
        return None, 0, "skipped: no db/search.py yet"
    fn = getattr(search_module, "search", None)
    if not callable(fn):
        return None, 0, "skipped: db/search.py has no search()"
    try:
        hits = fn(db, "thu ngân sách")
        count = len(list(hits)) if hits is not None else 0
        return *median_ms(lambda: list(fn(db, "thu ngân sách") or []), runs), f"`search(db, 'thu ngân sách')`, {count} hits"
    except Exception as err:  # its signature is not settled yet
        return None, 0, f"skipped: search(db, query) raised {err!r}"


# -- the report ------------------------------------------------------------------------

def met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def mb(value: float) -> str:
    return f"{value:,.0f} MB"


def kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"


ROWS = [
    "First crawl, full pipeline", "Bare Scrapy + trafilatura", "Full pipeline ÷ bare",
    "Unchanged re-check (304)", "Re-check ÷ first crawl", "Re-check after edits",
    "Peak RSS, first crawl", "Peak RSS, re-check", "DB bytes per article",
    "Fresh snapshot", "Extra version (small edit)", "Query: indicator timeline",
    "Query: full-text search", "Query: diff of two versions",
]


def crawl_cell(run: Run, pages: int, figures: dict | None = None) -> str:
    rate = pages / run.wall if run.wall else 0
    cell = f"**{rate:,.1f} pages/s** ({pages:,} pages in {run.wall:,.1f} s"
    if figures and figures["span_s"] > 0:
        cell += f"; {pages / figures['span_s']:,.0f}/s between first and last fetch"
        if figures.get("quarters"):
            cell += " (first quarter of the pages {:,.0f}/s, last quarter {:,.0f}/s)".format(*figures["quarters"])
    cell += (f"); CPU {run.cpu_tree:,.1f} s = {1000 * run.cpu_tree / max(pages, 1):,.1f} ms/page, "
             f"{run.cpu_tree / max(run.wall, 1e-9):.2f} cores on average "
             f"(getrusage: {run.cpu_rusage:,.1f} s), of which the crawl process itself "
             f"{run.cpu_main:,.1f} s = {100 * run.cpu_main / max(run.wall, 1e-9):.0f} % of a core; "
             f"server CPU {run.server_cpu:,.1f} s")
    return cell


def run_bare(results: dict, key: str, server, work: Path, site: Site, problems: list[str]) -> None:
    """The bare spider in a child process; its Run and pages under ``key``."""
    log = work / f"{key}.log"
    run = run_child(key, [sys.executable, "-m", "bench.bare_spider", server.base], log, server)
    result = json.loads(run.stdout.strip().splitlines()[-1]) if run.stdout.strip() else {}
    results.update({key: run, f"{key}_pages": result.get("pages", 0), f"{key}_extracted": result.get("extracted", 0)})
    check(run.returncode == 0 and results[f"{key}_pages"] == site.n,
          f"bare spider: exit {run.returncode}, {results[f'{key}_pages']} of {site.n} pages (see {log})", problems)


def rate_of(results: dict, key: str) -> float:
    """Pages a second of the run under ``key``."""
    return results[f"{key}_pages"] / results[key].wall if results[key].wall else 0.0


def remove_db(work: Path) -> None:
    """The database of an earlier crawl, gone: a first crawl starts from an empty one."""
    for name in ("newsmon.db", "newsmon.db-wal", "newsmon.db-shm"):
        (work / name).unlink(missing_ok=True)


def first_crawl(results: dict, config: Path, db: Path, work: Path, site: Site, relevant: int,
                problems: list[str], server: "Server") -> None:
    """The first crawl of every article into an empty database; its Run and figures in results."""
    first = run_child("first", newsmon_command(config), work / "first.log", server)
    figures = run_figures(db)
    results.update(first=first, first_figures=figures, first_pages=figures["by_status"].get(200, 0),
                   db_first=db_figures(db))
    check(first.returncode == 0, f"first crawl exited {first.returncode} (see {work / 'first.log'})", problems)
    check(results["first_pages"] == site.n, f"first crawl fetched {results['first_pages']} of {site.n} articles", problems)
    check(results["db_first"]["counts"]["articles"] == relevant,
          f"first crawl kept {results['db_first']['counts']['articles']} articles, expected {relevant}", problems)


def pipeline_vs_bare(rounds: list[tuple[float, float, float]]) -> tuple[float, str]:
    """The median over rounds of first crawl ÷ the mean of the bare runs either side; each round's ratio."""
    ratios = [crawl / ((before + after) / 2) if before + after else 0.0 for before, crawl, after in rounds]
    detail = "" if len(ratios) < 2 else f" (median of {len(ratios)} rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
    return statistics.median(ratios), detail


def bare_cell(results: dict, bares: list[float]) -> str:
    """The bare spider's row: the mean of its runs, the first in full, the last's rate and CPU."""
    first, last = results["bare"], results["bare_again"]
    which = ("a run before the first crawl", "one after it") if len(bares) < 3 else \
        (f"the {len(bares)} bare runs ({', '.join(f'{b:,.1f}' for b in bares)} pages/s); the first",
         "the last")
    return (f"**{statistics.mean(bares):,.1f} pages/s**, the mean of {which[0]}: "
            + crawl_cell(first, results["bare_pages"]).replace("**", "")
            + f"; {results['bare_extracted']:,} with text; and {which[1]}: {rate_of(results, 'bare_again'):,.1f} pages/s, "
            f"CPU {1000 * last.cpu_tree / max(results['bare_again_pages'], 1):,.1f} ms/page")


def table(args, results: dict) -> str:
    n = args.articles
    first, recheck, edited = (results[k] for k in ("first", "recheck", "edited"))
    rate = {key: rate_of(results, key) for key in ("first", "recheck", "edited")}
    rows: list[tuple[str, str, str, str]] = []
    rounds = results["rounds"]
    crawls = "" if len(rounds) < 2 else "; the rounds' first crawls: " + ", ".join(f"{r[1]:,.1f}" for r in rounds) + \
        " pages/s (this row: the last)"
    rows.append((ROWS[0], crawl_cell(first, results["first_pages"], results["first_figures"]) + crawls,
                 "", ""))
    bares = [rounds[0][0]] + [r[2] for r in rounds]
    rows.append((ROWS[1], bare_cell(results, bares), "", ""))
    ratio, detail = pipeline_vs_bare(results["rounds"])
    rows.append((ROWS[2], f"{ratio:.2f}×{detail}", f"≥ {PIPELINE_VS_BARE}×", met(ratio >= PIPELINE_VS_BARE)))
    rows.append((ROWS[3], crawl_cell(recheck, results["recheck_pages"], results["recheck_figures"]) +
                 f"; {results['recheck_figures']['by_status'].get(304, 0):,} × 304", "", ""))
    ratio = rate["recheck"] / rate["first"] if rate["first"] else 0
    rows.append((ROWS[4], f"{ratio:.2f}×", f"≥ {RECHECK_VS_FIRST:g}×", met(ratio >= RECHECK_VS_FIRST)))
    exact = results["edit_exact"]
    rows.append((ROWS[5], f"{results['new_versions']} new versions for {args.edits} edited articles "
                 f"({'exactly those' if exact else 'NOT exactly those: ' + results['edit_problem']}); "
                 f"{rate['edited']:,.1f} pages/s", f"exactly the {args.edits} edited", met(exact)))
    size_note = "" if n >= 10_000 else f" (judge at N = 10,000; this run N = {n:,})"
    rows.append((ROWS[6], f"**{mb(first.peak_rss_mb)}** sum of VmRSS over {first.procs} processes "
                 f"(PSS {mb(first.peak_pss_mb)}, which counts the pages they share once; each "
                 f"process's own peak: {first.rss_breakdown}); "
                 f"2nd half − 1st half of the run: {first.rss_growth_mb:+,.0f} MB",
                 f"< {RSS_LIMIT_MB} MB at N = 10,000, flat in N" + size_note,
                 met(first.peak_rss_mb < RSS_LIMIT_MB)))
    rows.append((ROWS[7], f"{mb(recheck.peak_rss_mb)} (PSS {mb(recheck.peak_pss_mb)})",
                 f"< {RSS_LIMIT_MB} MB", met(recheck.peak_rss_mb < RSS_LIMIT_MB)))
    db1, db2, db3 = results["db_first"], results["db_recheck"], results["db_edited"]
    articles = db1["counts"]["articles"] or 1
    tables1 = db1["tables"]
    breakdown = ", ".join(f"{name} {kb(tables1[name]['pgsize'] / articles)}"
                          for name in ("snapshot_rows", "paragraphs", "raw_pages", "paragraphs_fts", "urls", "fetches", "observation_rows", "sentences")
                          if name in tables1)
    fetch_log = lambda figures: figures["tables"].get("fetches", {}).get("payload", 0)  # noqa: E731
    recheck_growth = (fetch_log(db2) - fetch_log(db1)) / max(results["recheck_pages"], 1)
    rows.append((ROWS[8], f"{kb(db1['bytes'] / articles)} per kept article ({db1['bytes'] / 1e6:,.1f} MB for "
                 f"{articles:,} articles, {db1['counts']['urls']:,} URLs): {breakdown}; "
                 f"an unchanged re-check adds {recheck_growth:,.0f} B of fetch log per page", "", ""))
    def payload(figures, name):
        return figures["tables"].get(name, {}).get("payload", 0)
    snapshots = db1["counts"]["snapshots"] or 1
    fresh = version_bytes(db1) / snapshots
    parts = ", ".join(f"{name} {kb(payload(db1, name) / snapshots)}" for name in VERSION_TABLES if payload(db1, name))
    rows.append((ROWS[9], f"{kb(fresh)} per version ({parts}): text {kb(db1['text_bytes'] / snapshots)} "
                 f"(sum(length(text)) {db1['text_chars'] / snapshots:,.0f} chars), raw HTML "
                 f"{kb(db1['raw_stored'] / max(db1['counts']['raw_pages'], 1))} zlib of "
                 f"{kb(db1['raw_size'] / max(db1['counts']['raw_pages'], 1))}", "", ""))
    new_versions = results["new_versions"] or 1
    extra = (version_bytes(db3) - version_bytes(db2)) / new_versions
    share = extra / fresh if fresh else 0
    parts = ", ".join(f"{name} {kb((payload(db3, name) - payload(db2, name)) / new_versions)}"
                      for name in VERSION_TABLES if payload(db3, name) - payload(db2, name) > 0)
    rows.append((ROWS[10], f"{kb(extra)} per extra version = {100 * share:.0f} % of a fresh one ({parts}; "
                 f"the file grew {kb((db3['bytes'] - db2['bytes']) / new_versions)} per version, fetch log included)",
                 f"< {100 * EDIT_SHARE:.0f} % of a fresh snapshot", met(share < EDIT_SHARE)))
    for row, key in ((ROWS[11], "timeline"), (ROWS[12], "search"), (ROWS[13], "diff")):
        ms, count, note = results["queries"][key]
        if ms is None:
            rows.append((row, note, f"< {QUERY_MS:g} ms", "n/a"))
        else:
            rows.append((row, f"**{ms:,.2f} ms** median of {count}: {note}",
                         f"< {QUERY_MS:g} ms", met(ms < QUERY_MS)))
    head = (f"newsmon benchmark: N = {n:,} articles (seed {args.seed}, {results['relevant']:,} about Lạng Sơn), "
            f"{args.edits} edited, {os.cpu_count()} cores, extract_workers = {args.workers or 'one per core'}, "
            f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    lines = [head, "", "| Measure | Result | Target | Met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


# -- the whole run ---------------------------------------------------------------------

def check(condition: bool, problem: str, problems: list[str]) -> None:
    if not condition:
        problems.append(problem)


def profile_crawl(server: Server, site: Site, work: Path, workers: int, top: int = 30) -> Path:
    """A first crawl into a fresh database under cProfile; the report goes to a text file."""
    import pstats

    folder = work / "profile"
    shutil.rmtree(folder, ignore_errors=True)
    config = write_config(folder, site, server.base, workers)
    out = folder / "crawl.prof"
    run_child("profile", newsmon_command(config, profile=out), folder / "crawl.log", server)
    report = folder / "profile.txt"
    with open(report, "w", encoding="utf-8") as handle:
        stats = pstats.Stats(str(out), stream=handle)
        stats.strip_dirs()
        handle.write("== by own time ==\n")
        stats.sort_stats("tottime").print_stats(top)
        handle.write("\n== by cumulative time ==\n")
        stats.sort_stats("cumulative").print_stats(top)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", "-n", type=int, default=2000, help="articles on the site (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="the site's seed (default 1)")
    parser.add_argument("--edits", "-k", type=int, default=None, help="articles edited before the last re-check "
                        "(default N/100, at least 2, at most 100)")
    parser.add_argument("--workers", type=int, default=0, help="[crawl] extract_workers (default 0: one per core)")
    parser.add_argument("--rounds", type=int, default=1, help="first crawls, each between two bare runs; "
                        "the ratio is the median of the rounds' (default 1)")
    parser.add_argument("--query-runs", type=int, default=15, help="runs per query; the median is shown")
    parser.add_argument("--dir", type=Path, default=None, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--profile", action="store_true", help="also profile a first crawl with cProfile")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds takes a whole number from 1")
    if args.edits is None:
        args.edits = max(2, min(100, args.articles // 100))

    work = (args.dir or Path(tempfile.mkdtemp(prefix="newsmon-bench-"))).resolve()  # children run in ROOT
    work.mkdir(parents=True, exist_ok=True)
    site = Site(args.articles, args.seed)
    relevant = [num for num in range(1, site.n + 1) if site.is_relevant(num)]
    edited = relevant[:: max(1, len(relevant) // args.edits)][: args.edits]
    args.edits = len(edited)
    problems: list[str] = []
    results: dict = {"relevant": len(relevant)}
    server = Server(args.articles, args.seed)
    db = work / "newsmon.db"
    try:
        config = write_config(work, site, server.base, args.workers)
        say = lambda text: print(f"[bench] {text}", file=sys.stderr, flush=True)  # noqa: E731

        say(f"site on {server.base}; working folder {work}")
        say("1/5 bare spider (fetch + trafilatura.extract)")
        run_bare(results, "bare", server, work, site, problems)

        # A shared machine's speed drifts by 15-30 % within minutes: each first crawl's
        # rate is taken to the mean of a bare run just before and one just after it, and
        # with --rounds R the median of R such ratios (bare, crawl, bare, crawl, ..., bare).
        results["rounds"] = []
        before = rate_of(results, "bare")
        for round_ in range(1, args.rounds + 1):
            of = f" (round {round_} of {args.rounds})" if args.rounds > 1 else ""
            say("2/5 first crawl (newsmon crawl)" + of)
            remove_db(work)
            first_crawl(results, config, db, work, site, len(relevant), problems, server)
            say("3/5 bare spider again" + of)
            run_bare(results, "bare_again", server, work, site, problems)
            after = rate_of(results, "bare_again")
            results["rounds"].append((before, rate_of(results, "first"), after))
            before = after

        say("4/5 unchanged re-check (newsmon crawl --recheck)")
        recheck = run_child("recheck", newsmon_command(config, recheck=True), work / "recheck.log", server)
        figures = run_figures(db)
        results.update(recheck=recheck, recheck_figures=figures, recheck_pages=figures["fetched"],
                       db_recheck=db_figures(db))
        check(recheck.returncode == 0, f"re-check exited {recheck.returncode}", problems)
        check(figures["by_status"].get(304, 0) == len(relevant),
              f"re-check: {figures['by_status']} instead of {len(relevant)} × 304", problems)

        say(f"5/5 re-check after editing {len(edited)} articles")
        before = results["db_recheck"]["counts"]["snapshots"]
        server.edit(edited)
        again = run_child("edited", newsmon_command(config, recheck=True), work / "edited.log", server)
        figures = run_figures(db)
        results.update(edited=again, edited_figures=figures, edited_pages=figures["fetched"], db_edited=db_figures(db))
        with connect(db) as conn:
            changed = {row[0] for row in conn.execute(
                "select a.url from snapshots s join articles a on a.id = s.article_id where s.run_id = ?",
                [figures["run_id"]])}
        expected = {server.base + site.path(num) for num in edited}
        results["new_versions"] = results["db_edited"]["counts"]["snapshots"] - before
        results["edit_exact"] = changed == expected and results["new_versions"] == len(edited)
        results["edit_problem"] = (f"{len(changed - expected)} unexpected, {len(expected - changed)} missing")
        check(again.returncode == 0, f"re-check after edits exited {again.returncode}", problems)
        check(results["edit_exact"], f"edits: {results['edit_problem']}", problems)

        say("queries")
        results["queries"] = query_times(db, sorted(expected), args.query_runs)
        print(table(args, results), flush=True)
        if args.profile:
            say("profiling a first crawl with cProfile (slower than the measured one)")
            print(f"\ncProfile of a first crawl: {profile_crawl(server, site, work, args.workers)}", flush=True)
    finally:
        server.close()
        if args.dir is None and not args.profile:
            shutil.rmtree(work, ignore_errors=True)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
