"""``newsmon indicators``: extract indicator figures from a text, or score the extractor."""

from __future__ import annotations

import datetime
import json

import click

from .catalog import load_catalog
from .evaluate import evaluate as run_evaluation
from .extract import extract_observations

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
FIELDS = ("indicator", "value", "unit", "total", "period", "place", "status", "qualifier",
          "base_value", "base_unit", "start", "end", "text", "sentence")


@click.group(context_settings=CONTEXT_SETTINGS)
def indicators_cli():
    """Indicator figures (GRDP growth, budget revenue, PCI rank...) in news text."""


@indicators_cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date (YYYY-MM-DD), for periods the text leaves out")
@click.option("--place", default="Lạng Sơn", show_default=True, help="Place of figures that name none")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra catalogue TOML file merged over the built-in one (repeatable)")
def extract(file, published, place, catalogs):
    """Print the indicator figures of a UTF-8 text FILE (or stdin) as JSON lines.

    Example:

    \b
        newsmon indicators extract article.txt --published 2025-10-05
    """
    day = published.date() if isinstance(published, datetime.datetime) else None
    catalog = load_catalog(catalogs) if catalogs else None
    for obs in extract_observations(file.read(), published=day, default_place=place, catalog=catalog):
        row = obs.to_dict()
        click.echo(json.dumps({key: row[key] for key in FIELDS}, ensure_ascii=False))


@indicators_cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--min-f1", type=float, help="Exit with status 1 if value + indicator F1 is below this")
def evaluate(paths, min_f1):
    """Score the extractor against annotation files (jsonl) and list its errors.

    Example:

    \b
        newsmon indicators evaluate tests/indicators/*.jsonl
    """
    report = run_evaluation(paths)
    click.echo(report.table())
    if min_f1 is not None and report.scores["indicator"].f1 < min_f1:
        raise click.ClickException(f"value + indicator F1 {report.scores['indicator'].f1:.3f} is below {min_f1}")
