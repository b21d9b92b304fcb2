"""Operations commands: `newsmon run` (cron), `newsmon daemon`, `newsmon alerts`.

Mounted on the main group by crawler/cli.py. Library errors become click messages here,
with the exit codes of crawler/cli.py (3 when another run holds the lock).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from crawler.cli import (EXIT_BUSY, EXIT_CONFIG, EXIT_OK, EXIT_PARTIAL, ConfigProblem, State, emit,
                         output_options, pass_state, pick_sources)


class AlreadyRunning(click.ClickException):
    exit_code = EXIT_BUSY


@contextmanager
def _locked(state: State):
    """Hold the run lock on the database, or exit 3 with a clear message."""
    from crawler.lock import Busy, run_lock

    try:
        with run_lock(state.config.db_path):
            yield
    except Busy as err:  # only the run lock's: _send turns the send lock's into a click error
        raise AlreadyRunning(f"{err}; exiting. (A killed run releases it by itself.)") from err


def _send(state: State, force: bool):
    """Deliver the outbox under the send lock; the Report, or a click error."""
    from crawler.alerts import AlertsError
    from crawler.alerts.send import deliver
    from crawler.lock import Busy, send_lock

    try:
        with send_lock(state.config.db_path):
            return deliver(state.db, state.config, force=force)
    except Busy as err:
        raise AlreadyRunning(str(err)) from err
    except AlertsError as err:
        raise click.ClickException(str(err)) from err


@click.command("run")
@click.argument("sources", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Crawl the sources now, due or not.")
@click.option("--recheck", is_flag=True, help="Check every known article now, whatever its revisit schedule.")
@click.option("--no-alerts", is_flag=True, help="Crawl only; alerts wait in the outbox.")
@pass_state
def run(state: State, sources, everything, recheck, no_alerts):
    """One full cycle, for cron: crawl the sources that are due, then send the alerts.

    A source is due when its schedule (interval or cron in newsmon.toml, else
    [schedule]) says so since its last crawl. Alerts that could not be sent before
    are retried when their backoff has passed. Only one run (or daemon) works on a
    database at a time. Exit code 0: done; 1: a source failed or alerts could not be
    sent (they wait for the next run); 2: bad configuration; 3: already running.

    Example:

    \b
        newsmon -c /etc/newsmon/newsmon.toml run        # from a crontab line
        newsmon run --all baolangson                     # this source, due or not
    """
    names = pick_sources(state.config, sources)
    with _locked(state):
        code = _cycle(state, names, everything, recheck, no_alerts)
    sys.exit(code)


def _cycle(state: State, names: list[str], everything: bool, recheck: bool, no_alerts: bool) -> int:
    """Crawl what is due, then send the alerts; the exit code."""
    from scheduler import due_sources

    due = names if everything else due_sources(state.db, state.config, names)
    if not due:
        click.echo("nothing due: every source was crawled recently (--all crawls them anyway)")
    code, stopped = _crawl(state, due, recheck) if due else (EXIT_OK, False)
    if stopped:
        click.echo("stopped: the crawl finished its pages; alerts wait for the next run", err=True)
    if code == EXIT_CONFIG or stopped or no_alerts:
        return code
    report = _send(state, force=False)
    click.echo(report.line())
    return code or (EXIT_PARTIAL if report.failed else EXIT_OK)


def _crawl(state: State, due: list[str], recheck: bool) -> tuple[int, bool]:
    """Crawl in a child process (Twisted's reactor cannot restart): (exit code, stopped by a signal)."""
    from db.queries import last_run_id, runs_after
    from scheduler import close_abandoned_runs, crawl_once

    before = last_run_id(state.db)
    child, pid, stopped = crawl_once(state.config.path, due, recheck)
    close_abandoned_runs(state.db, pid)
    runs = [r for r in runs_after(state.db, before) if set(r["sources"]) & set(due)]  # its own, not a parallel crawl's
    if child == EXIT_CONFIG:
        return EXIT_CONFIG, stopped
    failed = stopped or child or len(runs) < len(due) or any(r["status"] != "ok" for r in runs)
    return (EXIT_PARTIAL if failed else EXIT_OK), stopped


@click.command("daemon")
@click.argument("sources", nargs=-1)
@pass_state
def daemon(state: State, sources):
    """Crawl each source on its own schedule until stopped, sending alerts after each crawl.

    Schedules: `interval = "30m"` or `cron = "*/15 * * * *"` (UTC) and `jitter` in a
    [[sources]] entry, else the [schedule] section (every hour by default). SIGTERM or
    Ctrl-C stops it cleanly: running crawls finish their pages and close their runs.
    Exit code 0 after a clean stop; 2: bad configuration; 3: already running.

    Example:

    \b
        newsmon -c /etc/newsmon/newsmon.toml daemon
        newsmon daemon baolangson cucthongke            # only these sources
    """
    from crawler.crawl import own_logging
    from scheduler import run_daemon

    names = pick_sources(state.config, sources)
    if state.config.path is None:
        raise ConfigProblem("the daemon needs a configuration file: --config FILE or $NEWSMON_CONFIG")
    with _locked(state):
        own_logging()
        code = run_daemon(state.config, state.config.path, names)
    sys.exit(code)


@click.group("alerts", invoke_without_command=True)
@click.option("--pending", is_flag=True, help="Only alerts not delivered yet (held or waiting for a retry).")
@click.option("--preview", is_flag=True, help="Print the mails that would be sent now; send nothing.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many rows.")
@output_options
@pass_state
def alerts(state: State, pending, preview, limit, fmt):
    """List the alert outbox: what changed, who gets it, and whether it was sent.

    Status: sent; pending (waiting for its retry: see next_attempt and last_error);
    held (no [[recipients]] yet); nobody (no subscription matched).

    Example:

    \b
        newsmon alerts --pending
        newsmon alerts --preview
        newsmon alerts send
    """
    if click.get_current_context().invoked_subcommand:
        return
    from crawler.alerts.send import listing, preview as preview_mails

    if preview:
        for msg in preview_mails(state.db, state.config):
            _print_mail(msg)
        return
    emit(listing(state.db, pending, limit), fmt,
         ["id", "created_at", "kind", "source", "status", "recipients", "attempts", "next_attempt", "last_error"])


def _print_mail(msg) -> None:
    click.echo(f"To: {msg['To']}\nSubject: {msg['Subject']}\nMessage-ID: {msg['Message-ID']}\n")
    click.echo(msg.get_body(("plain",)).get_content())
    click.echo("=" * 72)


@alerts.command("send")
@pass_state
def send(state: State):
    """Try every pending alert now, whatever its retry backoff.

    Exit code 0: all delivered; 1: some could not be (they stay in the outbox).

    Example:

    \b
        newsmon alerts send
    """
    report = _send(state, force=True)
    click.echo(report.line())
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)
