"""Reading commands: `search`, `stories`, `report`, `export`; the bodies of `diff` and `show --as-of`.

Mounted by ``crawler.cli._mount_subcommands``. Library errors become click messages here.
"""

from __future__ import annotations

import sqlite3
import sys

import click

from crawler.cli import CONTEXT_SETTINGS, _article, _clip, emit, output_options, pass_state


def _fail(err: Exception) -> click.ClickException:
    return click.ClickException(str(err))


def parse_moment(text: str | None) -> str | None:
    """An --as-of/--since/--until value as a stored UTC time; a bad one is a usage error."""
    from db.timetravel import BadDate, as_of_bound

    if text is None:
        return None
    try:
        return as_of_bound(text)
    except BadDate as err:
        raise click.BadParameter(str(err)) from err


# -- diff ---------------------------------------------------------------------------------

def use_color(no_color: bool) -> bool:
    """Colour unless told not to or the output is not a terminal (then [-old-]{+new+})."""
    from click import utils  # looked up now: click's test runner replaces it

    return not no_color and not utils.should_strip_ansi(sys.stdout)


def print_diff(state, url: str, old: int | None, new: int | None, *, show_all: bool = False,
               no_color: bool = False, context: int = 8, html: bool = False) -> None:
    """`newsmon diff`: a syllable-level diff of two versions, cosmetic changes hidden."""
    from crawler.diffing import as_html, as_terminal, diff_snapshots
    from db.queries import NotFound, snapshot

    article = _article(state, url)
    try:
        new_snap = snapshot(state.db, article["id"], new)
        old_snap = snapshot(state.db, article["id"], old or max(new_snap["version"] - 1, 1))
    except NotFound as err:
        raise _fail(err) from err
    diff = diff_snapshots(old_snap, new_snap)
    click.echo(_diff_heading(old_snap, new_snap, diff.cosmetic), err=html)
    if html:
        click.echo(as_html(diff, show_cosmetic=show_all, context=context))
        return
    body = as_terminal(diff, color=use_color(no_color), show_cosmetic=show_all, context=context)
    click.echo(body or ("only cosmetic changes (whitespace, punctuation, tone placement); --all shows them"
                        if diff.cosmetic and old_snap["version"] != new_snap["version"] else "no difference"))


def _diff_heading(old: dict, new: dict, cosmetic: bool) -> str:
    line = f"version {old['version']} ({old['fetched_at']}) → version {new['version']} ({new['fetched_at']})"
    if new.get("reverted_to") and new["version"] == old["version"] + 1:
        line += f"\nversion {new['version']} is back to the text of version {new['reverted_to']}"
    return line + ("\n(cosmetic changes only)" if cosmetic and old["version"] != new["version"] else "")


# -- show --as-of -------------------------------------------------------------------------

def snapshot_as_of(state, article: dict, as_of: str) -> tuple[dict, str]:
    """The version of ``article`` the database held at ``as_of``, and a line saying so."""
    from db.queries import NotFound
    from db.timetravel import snapshot_as_of as lookup, versions_known

    bound = parse_moment(as_of)
    try:
        snap = lookup(state.db, article["id"], bound)
    except NotFound as err:
        raise _fail(err) from err
    known = versions_known(state.db, article["id"], bound)
    return snap, (f"as of {bound}: version {snap['version']} was the latest of {known} captured "
                  f"(the article has {article['current_version']} now)")


# -- search -------------------------------------------------------------------------------

@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("query", nargs=-1, required=True)
@click.option("--source", help="Only this source.")
@click.option("--since", metavar="DATE", help="Published (or first seen) on or after DATE.")
@click.option("--until", metavar="DATE", help="Published (or first seen) on or before DATE.")
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many results.")
@click.option("--all-versions", is_flag=True, help="One row per matching version, not per article.")
@output_options
@pass_state
def search(state, query, source, since, until, limit, all_versions, fmt):
    """Search the text of every version of every article, with or without diacritics.

    Words are all required; "quoted words" form a phrase; a word ending in * is a prefix.
    Results are ranked (bm25; the title counts more) and show a snippet with the hits
    marked. An article whose current text no longer says it is found by its older version.

    Example:

    \b
        newsmon search lang son grdp
        newsmon search '"cua khau huu nghi"' --source baotintuc --since 2026-11-01
    """
    from db.search import SearchError, search as run_search

    _index_waiting_paragraphs(state.db)
    try:
        rows = run_search(state.db, " ".join(query), source=source, since=since, until=until,
                          limit=limit, all_versions=all_versions)
    except SearchError as err:
        raise _fail(err) from err
    if fmt == "table":
        _print_hits(rows)
        return
    emit(rows, fmt, ["article_id", "source", "version", "current_version", "fetched_at", "published",
                     "title", "url", "snippet", "rank"])


def _index_waiting_paragraphs(db) -> None:
    """What a running or killed crawl has not indexed yet, so that the search sees it."""
    from db.paragraphs import index_pending

    try:
        with db.atomic():
            index_pending(db)
    except sqlite3.Error:  # read-only or busy: a crawl indexes them at its next batch
        pass


def _print_hits(rows: list[dict]) -> None:
    from db.search import mark_all, snippet

    if not rows:
        click.echo("no match")
    color = use_color(False)
    for row in rows:
        bold = (lambda s: click.style(s, bold=True, fg="yellow")) if color else (lambda s: f"[{s}]")
        version = f"v{row['version']}" + ("" if row["version"] == row["current_version"]
                                          else f" of {row['current_version']} (older text)")
        title = mark_all(row["title"] or "(no title)", row["title_ranges"], bold)
        click.echo(title + f"  ({row['source']}, {version})")
        click.echo(f"  {row['url']}")
        click.echo("  " + snippet(row["text"], row["text_ranges"], bold) + "\n")


# -- stories ------------------------------------------------------------------------------

@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("story_id", type=int, required=False)
@click.option("--since", metavar="DATE", help="Stories first captured on or after DATE.")
@click.option("--copies", "min_copies", type=int, default=1, show_default=True,
              help="Only stories with at least this many copies (2: syndicated ones).")
@click.option("--update", is_flag=True, help="First give a story to every article without one.")
@output_options
@pass_state
def stories(state, story_id, since, min_copies, update, fmt):
    """One row per story: a dispatch republished by several sites is listed once.

    With STORY_ID, list the copies of that story. Copies are found by near-duplicate
    detection of their text (MinHash), not by title or URL.

    Example:

    \b
        newsmon stories --copies 2
        newsmon stories 12
    """
    from db.stories import assign_missing, list_stories, story_articles

    if update:
        click.echo(f"{assign_missing(state.db)} articles given a story", err=True)
    if story_id is not None:
        rows = story_articles(state.db, story_id)
        if not rows:
            raise click.ClickException(f"no story {story_id}; `newsmon stories` lists them")
        emit(rows, fmt, ["id", "source", "published", "first_seen", "versions", "title", "url"])
        return
    rows = list_stories(state.db, since, min_copies)
    if fmt == "table":
        for row in rows:
            row["title"] = _clip(row["title"], 60)
    emit(rows, fmt, ["id", "first_seen", "copies", "sources", "title"])


# -- report -------------------------------------------------------------------------------

@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), default="report.html",
              show_default=True, help="The HTML file to write.")
@click.option("--since", metavar="DATE", help="Changes, events and new articles captured since DATE "
              "(default: the last 7 days).")
@click.option("--indicator", "names", multiple=True, help="Chart only this indicator (repeatable).")
@pass_state
def report(state, output, since, names):
    """Write a static HTML report: indicator charts, latest events, changes, new articles.

    One self-contained file (no script, no network): send it or open it offline.

    Example:

    \b
        newsmon report -o report.html --since 2026-11-01
    """
    from crawler.report import default_since, write_report

    bound = _since_bound(since) if since else default_since()
    try:
        path = write_report(state.db, output, bound, list(names) or None)
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err}") from err
    click.echo(f"report written to {path}")


def _since_bound(text: str) -> str:
    """The start of a --since day (the bound of as-of is the end of it)."""
    return parse_moment(text + "T00:00:00" if len(text.strip()) == 10 else text)


# -- export -------------------------------------------------------------------------------

@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("what", type=click.Choice(["articles", "versions", "indicators", "events"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]), default="csv",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
@click.option("--since", metavar="DATE", help="Only rows captured on or after DATE.")
@pass_state
def export(state, what, fmt, output, since):
    """Export articles, versions (with their text), indicator observations or events.

    Example:

    \b
        newsmon export versions --format jsonl -o versions.jsonl
        newsmon export indicators --format csv --since 2026-11-01 > indicators.csv
    """
    from crawler.export import rows, write

    count = write(rows(state.db, what, _since_bound(since) if since else None), fmt, output)
    click.echo(f"{count} {what} exported", err=True)


COMMANDS = [search, stories, report, export]
