"""``indicators extract`` and ``indicators evaluate`` through click's CliRunner."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.indicators.cli import indicators_cli

SEED = Path(__file__).parent / "indicators"


@pytest.mark.parametrize("command", ["extract", "evaluate"])
def test_help_has_an_example(command):
    result = CliRunner().invoke(indicators_cli, [command, "-h"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "newsmon indicators" in result.output


def test_extract_stdin_with_options():
    text = "Thu ngân sách 6 tháng đầu năm đạt 5.000 tỷ đồng, tăng 12% so với cùng kỳ."
    result = CliRunner().invoke(indicators_cli, ["extract", "--published", "2024-07-02", "--place", "Cao Bằng"],
                                input=text)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["indicator"], r["value"], r["period"], r["place"]) for r in rows] == [
        ("budget_revenue", 5000, "2024-H1", "Cao Bằng"), ("budget_revenue_growth", 12, "2024-H1", "Cao Bằng")]
    assert {"unit", "total", "status", "sentence"} <= rows[0].keys()


def test_extract_file_with_extra_catalogue(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Sản lượng mủ cao su đạt 1.200 tấn.", encoding="utf-8")
    extra = tmp_path / "c.toml"
    extra.write_text('[rubber_output]\naliases = ["mủ cao su"]\nunits = ["tonnes"]\n', encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(indicators_cli, ["extract", str(article)]).output == ""
    result = runner.invoke(indicators_cli, ["extract", str(article), "--catalog", str(extra)])
    assert json.loads(result.output)["indicator"] == "rubber_output"


def test_evaluate_prints_the_table():
    result = CliRunner().invoke(indicators_cli, ["evaluate", str(SEED / "seed-article-langson.jsonl")])
    assert result.exit_code == 0, result.output
    assert "+ indicator" in result.output and "1.000" in result.output


def test_evaluate_threshold_fails_cleanly(tmp_path):
    path = tmp_path / "neg.jsonl"
    path.write_text('{"sentence": "Thu ngân sách đạt 5.000 tỷ đồng.", "indicator": "budget_revenue", "value": 1}\n',
                    encoding="utf-8")
    result = CliRunner().invoke(indicators_cli, ["evaluate", str(path), "--min-f1", "0.5"])
    assert result.exit_code == 1 and "below" in result.output
