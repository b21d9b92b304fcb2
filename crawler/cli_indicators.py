"""`newsmon indicators`: latest values, history, and the extractor's own commands."""

from __future__ import annotations

from functools import cache

import click

from crawler.cli import CONTEXT_SETTINGS, _clip, emit, output_options, pass_state


class IndicatorsGroup(click.Group):
    """`newsmon indicators [NAME]` lists values; a known word is a subcommand instead."""

    # The extractor's commands are mounted on first use: importing crawler.indicators
    # compiles its catalogue's patterns, which every other command (`crawl`) would pay for.
    def parse_args(self, ctx, args):
        mount_extractor_commands()
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["latest", *args]
        return super().parse_args(ctx, args)

    def get_command(self, ctx, name):
        mount_extractor_commands()
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        mount_extractor_commands()
        return super().list_commands(ctx)


@click.group(cls=IndicatorsGroup, context_settings=CONTEXT_SETTINGS)
def indicators():
    """Figures found in the articles: latest values, their history, the extractor.

    Example:

    \b
        newsmon indicators                       # latest value of every indicator
        newsmon indicators grdp_growth --place "Lạng Sơn" --format csv
        newsmon indicators history budget_revenue
        echo "GRDP năm 2022 đạt 7,22%" | newsmon indicators extract
    """


@indicators.command()
@click.argument("name", required=False)
@click.option("--place", help="Only this place (as stored, e.g. 'Lạng Sơn', 'cả nước').")
@click.option("--period", help="Only this period (2022, 2024-H1, 2024-Q1, 2025-9M, 2021-2025 ...).")
@click.option("--as-of", "as_of", metavar="DATE", help="What was known at DATE (capture time, UTC; "
              "not the period of the figure nor the publication date).")
@output_options
@pass_state
def latest(state, name, place, period, as_of, fmt):
    """The latest known value of each indicator and period, with its source and version.

    Example:

    \b
        newsmon indicators latest grdp_growth --period 2024-H1
        newsmon indicators --as-of 2026-11-20
    """
    from db.queries import latest_indicators

    if as_of:
        from crawler.cli_views import parse_moment
        from db.timetravel import latest_indicators_as_of

        rows = latest_indicators_as_of(state.db, parse_moment(as_of), name, place, period)
    else:
        rows = latest_indicators(state.db, name, place, period)
    if fmt == "table":
        for row in rows:
            row["sentence"] = _clip(row["sentence"], 50)
    emit(rows, fmt, ["indicator", "place", "period", "status", "value", "unit", "source",
                     "version", "observed_at", "url"] + (["sentence"] if fmt != "table" else []))


@indicators.command()
@click.argument("name")
@output_options
@pass_state
def history(state, name, fmt):
    """Every observation of one indicator over time, with the event each made.

    Example:

    \b
        newsmon indicators history pci_rank
    """
    from db.queries import indicator_history

    rows = indicator_history(state.db, name)
    if not rows:
        raise click.ClickException(f"no observation of {name!r}; `newsmon indicators` lists what is known")
    emit(rows, fmt, ["observed_at", "place", "period", "status", "value", "unit", "event",
                     "previous_value", "source", "version", "url"])


@cache  # once
def mount_extractor_commands() -> None:
    """`extract` and `evaluate` come from the extractor package, which has no CLI state."""
    from crawler.indicators.cli import indicators_cli

    for name, command in indicators_cli.commands.items():
        indicators.add_command(command, name)
