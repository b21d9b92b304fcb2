"""`newsmon demo`: the whole monitor, end to end, on the bundled sample site, offline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.crawl import crawl_in_child
from crawler.diffing import as_terminal, diff_snapshots
from db.queries import find_article, last_run_id, snapshot
from db.store import open_db

# The sample site runs on this machine: no need to be polite to it.
LOCAL_CRAWL = {"concurrency": 16, "per_domain": 16, "delay": 0, "autothrottle": False,
               "obey_robots": True, "contact": "newsmon demo", "builtin_sources": False}


def toml_value(value) -> str:
    """A TOML literal for the simple values a config holds (JSON strings are TOML strings)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def write_config(folder: Path, sources: list[dict]) -> Path:
    """A newsmon.toml for the demo: local database, local crawl settings, the demo sources."""
    lines = ["# Written by `newsmon demo`: the sample site's sources on 127.0.0.1.",
             "[database]", 'path = "newsmon.db"', "", "[crawl]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in LOCAL_CRAWL.items()]
    for source in sources:
        lines += ["", "[[sources]]"] + [f"{k} = {toml_value(v)}" for k, v in source.items()]
    path = folder / "newsmon.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fresh_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("newsmon.db", "newsmon.db-wal", "newsmon.db-shm"):
        (folder / name).unlink(missing_ok=True)


def crawl(config_path: Path, names: list[str], progress: float, recheck: bool = False) -> int:
    result = crawl_in_child(config_path, names, recheck=recheck, extra=["--progress", str(progress)])
    return result.returncode


def run_demo(folder: Path, progress: float = 0) -> int:
    """Serve, crawl, change the site, crawl again, report. Returns an exit code."""
    from crawler.demo.server import SiteServer
    from crawler.demo.site import SampleSite

    fresh_folder(folder)
    site = SampleSite()
    with SiteServer(site) as base_url:
        sources = site.sources(base_url)
        names = [source["name"] for source in sources]
        config_path = write_config(folder, sources)
        click.secho(f"1. Sample site on {base_url}; first crawl into {folder / 'newsmon.db'}", bold=True)
        first = crawl(config_path, names, progress)
        before = last_run_id(open_db(folder / "newsmon.db"))
        changes = {"edited": site.edit_figures(), "added": site.add_article(),
                   "chrome only": site.change_chrome()}
        click.secho("\n2. The site changed:", bold=True)
        for what, path in changes.items():
            click.echo(f"   {what:12} {base_url}{path}")
        click.secho("\n3. Second crawl (every known article re-checked)", bold=True)
        second = crawl(config_path, names, progress, recheck=True)
        report(open_db(folder / "newsmon.db"), base_url, changes, before)
    click.secho(f"\nExplore the database:\n   newsmon -c {config_path} articles\n"
                f"   datasette {folder / 'newsmon.db'}   (or sqlite3)", bold=True)
    return max(first, second)


def report_events(db, before: int) -> None:
    """The indicator updates the second crawl detected (new figures, revisions)."""
    events = list(db.query(
        "select kind, indicator, place, period, status, previous_value, value, unit, source, "
        "previous_source, previous_version, version from indicator_events where run_id > ? and kind != 'confirmed' "
        "order by kind desc, indicator", [before]))
    click.secho(f"\n-- indicator updates: {len(events)}", bold=True)
    for e in events:
        old = f"{e['previous_value']:g} → " if e["previous_value"] is not None else ""
        versions = f"v{e['version']}"
        if e["kind"] == "revised":
            versions = f"v{e['previous_version']} → v{e['version']}"
        elif e["kind"] == "conflict":
            versions += f" vs {e['previous_source']} v{e['previous_version']}"
        click.echo(f"   {e['kind']:8} {e['indicator']} {e['period'] or ''} ({e['place']}, {e['status']}): "
                   f"{old}{e['value']:g} {e['unit']}  [{e['source']} {versions}]")


def report(db, base_url: str, changes: dict[str, str], before: int) -> None:
    """What the second crawl recorded for each change made to the site."""
    click.secho("\n4. What newsmon recorded:", bold=True)
    for what, path in changes.items():
        article = find_article(db, base_url + path)
        versions = article["current_version"]
        click.echo(f"\n-- {what}: {article['title']}\n   {article['url']} — {versions} version(s)")
        if what == "edited" and versions > 1:
            old, new = snapshot(db, article["id"], versions - 1), snapshot(db, article["id"])
            click.echo(as_terminal(diff_snapshots(old, new), color=sys.stdout.isatty()))
    report_events(db, before)
    new_in_run = db.execute("select count(*) from snapshots where run_id > ?", [before]).fetchone()[0]
    click.echo(f"\nSnapshots written by the second crawl: {new_in_run} "
               "(the edit and the new article; the chrome-only change wrote none)")
