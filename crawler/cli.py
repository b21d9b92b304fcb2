"""The newsmon command line: a thin click layer over the library, sqlite-utils style.

Library errors become one clear message at this boundary, with the exit codes below.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from pathlib import Path

import click
from crawler.config import Config, ConfigError, load_config

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Exit codes, documented in README.md.
EXIT_OK = 0
EXIT_PARTIAL = 1      # some sources failed; the others were crawled
EXIT_CONFIG = 2       # bad configuration or command line
EXIT_BUSY = 3         # another run holds the lock


class ConfigProblem(click.ClickException):
    exit_code = EXIT_CONFIG


def database_problem(err: sqlite3.Error, path) -> str:
    """What an sqlite3 error means for the user, and what to do about it."""
    text = str(err)
    lowered = text.lower()
    if "busy" in lowered or "locked" in lowered:
        return text if "busy_timeout" in text else (
            f"the database {path} is busy ({text}): another program holds a write lock. "
            "Close it (sqlite3, Datasette, another newsmon) or raise [database] busy_timeout.")
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return (f"the disk holding {path} is full ({text}). Nothing was half-written: each page is "
                "recorded in one transaction. Free some space, then run again.")
    if "disk i/o error" in lowered:  # what a full disk looks like once the WAL file exists
        return (f"could not write the database {path} ({text}): the disk is probably full, or failing. "
                "Nothing was half-written: each page is recorded in one transaction. "
                "Free some space (or check the disk), then run again.")
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return (f"cannot write the database {path} ({text}). Check that the file and its folder "
                "are writable by this user and not on a read-only mount, or set [database] path.")
    if "malformed" in lowered or "not a database" in lowered:
        return (f"the database {path} is damaged ({text}). Restore it from a backup, or try "
                "`sqlite3 {path} .recover`.")
    return f"database error on {path}: {text}"


class NewsmonGroup(click.Group):
    """Turns an sqlite3 error escaping any command into one clear message (exit code 1)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as err:
            state = ctx.obj if isinstance(ctx.obj, State) else None
            path = state.config.db_path if state and state._config else "(the database)"
            raise click.ClickException(database_problem(err, path)) from err


class State:
    """What every command needs: the configuration and the database, opened on demand."""

    def __init__(self, config_path: str | None):
        self.config_path = config_path
        self._config: Config | None = None
        self._db = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except ConfigError as err:
                raise ConfigProblem(str(err)) from err
        return self._config

    @property
    def db(self):
        if self._db is None:
            from db.store import open_db, set_busy_timeout
            set_busy_timeout(self.config.database.busy_timeout)
            try:
                self._db = open_db(self.config.db_path)
            except sqlite3.Error as err:
                raise click.ClickException(database_problem(err, self.config.db_path)) from err
            except OSError as err:  # its folder cannot be made
                raise click.ClickException(
                    f"cannot open the database {self.config.db_path}: {err}. "
                    "Check the path in [database] path and that the folder is writable.") from err
        return self._db


pass_state = click.make_pass_decorator(State)


@click.group(cls=NewsmonGroup, context_settings=CONTEXT_SETTINGS)
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Configuration file (default: $NEWSMON_CONFIG, else ./newsmon.toml, else defaults).")
@click.version_option(package_name="newsmon")
@click.pass_context
def cli(ctx, config_path):
    """Watch the Vietnamese press for Lạng Sơn: versioned articles in SQLite.

    Example:

    \b
        newsmon demo                      # offline demo on the bundled sample site
        newsmon crawl                     # crawl every source into data/newsmon.db
        newsmon articles --since 2026-11-01
    """
    if config_path:  # spiders/configured.py, imported by Scrapy later, reads the variable
        os.environ["NEWSMON_CONFIG"] = str(Path(config_path).resolve())
    ctx.obj = State(config_path)


def output_options(fn):
    """--format for commands that print rows."""
    return click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                        default="table", show_default=True, help="Output format.")(fn)


def emit(rows: list[dict], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows as a table, CSV or JSON."""
    columns = columns or (list(rows[0]) if rows else [])
    rows = [{c: row.get(c) for c in columns} for row in rows]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    elif rows:
        from tabulate import tabulate  # 50 ms to import: only the commands that print tables

        click.echo(tabulate(rows, headers="keys"))


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--recheck", is_flag=True,
              help="Check every known article now (conditional GET), whatever its revisit schedule.")
@click.option("--progress", type=float, default=10.0, show_default=True, metavar="SECONDS",
              help="Seconds between progress lines; 0 for none.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log.")
@pass_state
def crawl(state: State, sources, recheck, progress, verbose):
    """Crawl the sources (all enabled ones when none is named) into the database.

    Discovers articles from feeds, sitemaps and listing pages, fetches the new and due
    ones, keeps those about Lạng Sơn, and stores a new version when the text changed.
    Exit code 0: done; 1: a source failed; 2: bad configuration.

    Example:

    \b
        newsmon crawl
        newsmon crawl baotintuc baolangson --recheck
    """
    from crawler.crawl import crawl_here
    from db.queries import last_run_id, runs_after

    from db.store import check_writable

    names = pick_sources(state.config, sources)
    check_writable(state.db)  # busy, read-only or full: say so now, not from inside Scrapy
    before = last_run_id(state.db)
    click.echo(f"Crawling {', '.join(names)} into {state.config.db_path}", err=True)
    crawl_here(state.config, names, recheck=recheck, progress=progress, verbose=verbose)
    runs = runs_after(state.db, before, pid=os.getpid())
    print_summary(runs)
    sys.exit(EXIT_PARTIAL if any(run["status"] != "ok" for run in runs) or len(runs) < len(names) else EXIT_OK)


def pick_sources(config: Config, names) -> list[str]:
    """The requested sources, or every enabled one; an unknown name is an error."""
    from crawler.registry import all_sources

    try:
        known = all_sources(config)
    except ConfigError as err:
        raise ConfigProblem(str(err)) from err
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ConfigProblem(f"unknown source {unknown[0]!r}; known: {', '.join(sorted(known))}")
    return list(names) or [name for name, source in known.items() if source.enabled]


def print_summary(runs: list[dict]) -> None:
    """One line per source, then the totals."""
    from crawler.progress import summary

    totals: dict[str, int] = {}
    for run in runs:
        click.echo(f"{', '.join(run['sources'])}: {summary(run['stats'])}")
        for key, value in run["stats"].items():
            totals[key] = totals.get(key, 0) + value
    if len(runs) > 1:
        click.echo(f"total: {summary(totals)}")


@cli.command()
@output_options
@pass_state
def sources(state: State, fmt):
    """List the sources: built-in ones and those added in the configuration.

    Example:

    \b
        newsmon sources
    """
    from crawler.registry import all_sources, builtin_sources

    counts = {row["source"]: row["n"] for row in
              state.db.query("select source, count(*) as n from articles group by source")}
    builtin = builtin_sources()
    rows = [{
        "name": name, "label": src.label, "origin": "built-in" if name in builtin else "config",
        "verified": "yes" if src.verified else "no", "feeds": len(src.feeds),
        "sitemaps": len(src.sitemaps), "listings": len(src.listings),
        "articles": counts.get(name, 0), "enabled": src.enabled,
    } for name, src in all_sources(state.config).items()]
    emit(rows, fmt)


@cli.command()
@click.option("--source", help="Only this source.")
@click.option("--since", metavar="DATE", help="Published (or first seen) on or after DATE (YYYY-MM-DD).")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@output_options
@pass_state
def articles(state: State, source, since, limit, fmt):
    """List the articles kept (those about Lạng Sơn), most recently changed first.

    Example:

    \b
        newsmon articles --source baolangson --since 2026-11-01
    """
    from db.queries import list_articles

    rows = list_articles(state.db, source, since, limit)
    if fmt == "table":
        for row in rows:
            row["title"] = _clip(row["title"], 60)
    emit(rows, fmt, ["id", "source", "published", "versions", "score", "status", "title", "url"])


@cli.command()
@click.argument("url")
@output_options
@pass_state
def versions(state: State, url, fmt):
    """List the versions of one article (by URL or id).

    Example:

    \b
        newsmon versions https://baolangson.vn/some-article-1234567.html
    """
    from db.queries import versions as list_versions

    article = _article(state, url)
    emit(list_versions(state.db, article["id"]), fmt)


@cli.command()
@click.argument("url")
@click.option("--version", "version", type=int, help="Version number (default: the latest).")
@click.option("--as-of", "as_of", metavar="DATE", help="The version the database held at DATE "
              "(capture time, UTC; YYYY-MM-DD is the whole day, or YYYY-MM-DDTHH:MM[+07:00]).")
@pass_state
def show(state: State, url, version, as_of):
    """Print one version of an article: metadata, then its text.

    Example:

    \b
        newsmon show https://baolangson.vn/some-article-1234567.html --version 1
        newsmon show https://baolangson.vn/some-article-1234567.html --as-of 2026-11-20
    """
    from db.queries import NotFound, snapshot

    article = _article(state, url)
    if as_of and version:
        raise click.UsageError("give --version or --as-of, not both")
    if as_of:
        from crawler.cli_views import snapshot_as_of

        snap, note = snapshot_as_of(state, article, as_of)
        click.echo(note, err=True)
    else:
        try:
            snap = snapshot(state.db, article["id"], version)
        except NotFound as err:
            raise click.ClickException(str(err)) from err
    for key in ("title", "author", "published", "sitename", "url", "fetched_at"):
        click.echo(f"{key}: {snap[key] or ''}")
    click.echo(f"version: {snap['version']} of {article['current_version']}\n")
    click.echo(snap["text"])


@cli.command()
@click.argument("url")
@click.option("--from", "old", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "new", type=int, help="Newer version (default: the latest).")
@click.option("--all", "show_all", is_flag=True,
              help="Also show cosmetic changes (whitespace, punctuation, tone placement, Unicode form).")
@click.option("--no-color", is_flag=True, help="Mark changes as [-old-]{+new+} instead of colours.")
@click.option("-C", "--context", type=click.IntRange(0), default=8, show_default=True, help="Words of context around a change.")
@click.option("--html", is_flag=True, help="HTML with inline <del>/<ins> styles (for mail or a web page).")
@pass_state
def diff(state: State, url, old, new, show_all, no_color, context, html):
    """Show what changed between two versions of an article, word by word (syllable by syllable).

    Changes of whitespace, punctuation, tone placement (hoà/hòa) or Unicode form are
    cosmetic and hidden unless --all is given.

    Example:

    \b
        newsmon diff https://baolangson.vn/some-article-1234567.html --from 1 --to 2
        newsmon diff 42 --all --no-color
    """
    from crawler.cli_views import print_diff

    print_diff(state, url, old, new, show_all=show_all, no_color=no_color, context=context, html=html)


@cli.command()
@pass_state
def migrate(state: State):
    """Create the database or bring its schema up to date (also done by every command).

    Example:

    \b
        newsmon migrate
    """
    from db.migrations import migrations

    applied = [m.name for m in migrations.applied(state.db)]
    click.echo(f"{state.config.db_path}: schema up to date ({len(applied)} migrations applied)")


@cli.command()
@click.option("--dir", "folder", type=click.Path(file_okay=False), default="newsmon-demo",
              show_default=True, help="Where the demo writes its configuration and database.")
@click.option("--progress", type=float, default=0, help="Seconds between progress lines; 0 for none.")
def demo(folder, progress):
    """Run newsmon end to end on the bundled sample site, offline, in under a minute.

    Serves the sample site on 127.0.0.1, crawls it into a fresh database, changes the
    site (edits one article's figures, publishes one, changes only another's page
    chrome), crawls again and prints what changed.

    Example:

    \b
        newsmon demo
        newsmon -c newsmon-demo/newsmon.toml articles
    """
    from crawler.demo_run import run_demo

    sys.exit(run_demo(Path(folder), progress=progress))


def _article(state: State, url: str) -> dict:
    from db.queries import NotFound, find_article

    try:
        return find_article(state.db, url)
    except NotFound as err:
        raise click.ClickException(str(err)) from err


def _clip(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _mount_subcommands() -> None:
    """Command groups that live in their own modules."""
    from crawler.cli_indicators import indicators  # mounts the extractor's commands when used

    cli.add_command(indicators)
    from crawler.cli_views import COMMANDS as VIEW_COMMANDS  # search, stories, report, export

    for command in VIEW_COMMANDS:
        cli.add_command(command)


_mount_subcommands()


def _mount_operations() -> None:
    """`run`, `daemon` and `alerts`: scheduling and e-mail alerts (crawler/cli_ops.py)."""
    from crawler.cli_ops import alerts, daemon, run

    cli.add_command(run)
    cli.add_command(daemon)
    cli.add_command(alerts)


_mount_operations()

if __name__ == "__main__":
    cli()
