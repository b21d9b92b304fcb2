from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.config import ConfigError, load_config
from crawler.registry import all_sources


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSMON_CONFIG", raising=False)
    config = load_config()
    assert config.db_path == Path("data/newsmon.db")
    assert config.crawl.obey_robots and config.crawl.per_domain == 1 and config.crawl.delay >= 1
    assert "Lạng Sơn" in config.topic.keywords


def test_relative_database_path_is_taken_from_the_config_folder(tmp_path):
    config = load_config(write(tmp_path, '[database]\npath = "db/x.db"\n'))
    assert config.db_path == tmp_path.resolve() / "db" / "x.db"


def test_env_var_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSMON_CONFIG", str(write(tmp_path, "[crawl]\ndelay = 0\n")))
    assert load_config().crawl.delay == 0


@pytest.mark.parametrize("text,words", [
    ("[crawl]\nconccurency = 4\n", ["newsmon.toml", "[crawl]", "conccurency"]),
    ("[crawl]\ndelay = 'slow'\n", ["[crawl] delay", "expected a number", "slow"]),
    ("[crawl]\nobey_robots = 1\n", ["obey_robots", "true or false"]),
    ("[databse]\npath = 'x'\n", ["databse"]),
    ("[[sources]]\nname = 'x'\nfeed = ['http://a']\n", ["[[sources]] #1", "'feed'"]),
    ("[[sources]]\nname = 'x'\narticle_pattern = '(['\n", ["article_pattern", "regular expression"]),
    ("[[sources]]\nname = 'x'\nlistings = [{url = 'http://a', depth = 0}]\n", ["depth"]),
    ("[crawl\n", ["not valid TOML"]),
])
def test_bad_configuration_names_file_and_key(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        all_sources(load_config(path))
    for word in words:
        assert word in str(err.value)


def test_a_new_source_is_added_and_a_builtin_overridden(tmp_path):
    config = load_config(write(tmp_path, """
[[sources]]
name = "mysite"
label = "My site"
feeds = ["http://127.0.0.1:9/rss.xml"]
listings = ["http://127.0.0.1:9/news", {url = "http://127.0.0.1:9/kt", page = "http://127.0.0.1:9/kt/p{n}", depth = 3}]
article_pattern = "/news/.+\\\\.html$"
allowed_domains = ["127.0.0.1"]

[[sources]]
name = "baotintuc"
feeds = []
"""))
    sources = all_sources(config)
    assert sources["mysite"].listings[1].page_urls() == [
        "http://127.0.0.1:9/kt", "http://127.0.0.1:9/kt/p2", "http://127.0.0.1:9/kt/p3"]
    assert sources["mysite"].is_article("http://127.0.0.1:9/news/a.html")
    assert not sources["mysite"].is_article("http://127.0.0.1:9/about")
    assert sources["baotintuc"].feeds == ()
    assert sources["baotintuc"].allowed_domains == ("baotintuc.vn",)  # not overridden: kept


def test_cli_reports_a_config_error_with_exit_code_2(tmp_path):
    path = write(tmp_path, "[crawl]\nspeed = 3\n")
    result = CliRunner().invoke(cli, ["--config", str(path), "sources"])
    assert result.exit_code == 2
    assert "speed" in result.output and str(path) in result.output


def test_cli_rejects_an_unknown_source(tmp_path):
    path = write(tmp_path, f'[database]\npath = "{tmp_path / "x.db"}"\n')
    result = CliRunner().invoke(cli, ["--config", str(path), "crawl", "nosuchsite"])
    assert result.exit_code == 2
    assert "unknown source 'nosuchsite'" in result.output and "baotintuc" in result.output
