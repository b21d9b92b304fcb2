"""The query commands on a real database file, through click's runner."""

import json

import click
import pytest
from click.testing import CliRunner

from crawler.cli import cli
from db.store import open_db, record_page
from tests.test_store import URL, doc, page


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "newsmon.toml"
    path.write_text('[database]\npath = "newsmon.db"\n', encoding="utf-8")
    db = open_db(tmp_path / "newsmon.db")
    record_page(db, page(), article_url=URL)
    record_page(db, page(doc=doc(text="Thu ngân sách đạt 6.500 tỷ đồng.\nTăng 12,4% so với cùng kỳ.")),
                article_url=URL)
    return path


def run(config, *args):
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_articles_lists_the_article(config):
    rows = json.loads(run(config, "articles", "--format", "json"))
    assert [(r["url"], r["versions"]) for r in rows] == [(URL, 2)]
    assert "Lạng Sơn thu ngân sách" in run(config, "articles")
    assert json.loads(run(config, "articles", "--since", "2099-01-01", "--format", "json")) == []


def test_versions_show_and_diff(config):
    assert [r["version"] for r in json.loads(run(config, "versions", URL, "--format", "json"))] == [1, 2]
    assert "6.230 tỷ đồng" in run(config, "show", URL, "--version", "1")
    assert "6.500 tỷ đồng" in run(config, "show", URL + "?utm_source=zalo")
    diff = run(config, "diff", URL)
    assert "Thu ngân sách đạt [-6.230-]{+6.500+} tỷ đồng." in diff  # word diff (crawler/diffing.py)


def test_unknown_article_is_a_clear_error(config):
    result = CliRunner().invoke(cli, ["--config", str(config), "show", "https://nowhere.vn/x"])
    assert result.exit_code == 1 and "no article for" in result.output and "newsmon articles" in result.output


def commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path,command", list(commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    result = CliRunner().invoke(cli, [*path, "-h"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
