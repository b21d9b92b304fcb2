"""Syllable-level diffs, cosmetic changes, the stored change summary, flapping, `newsmon diff`."""

import json
import unicodedata

import pytest

from crawler.diffing import as_html, as_terminal, change_summary, diff_snapshots, tokens
from tests.views_support import URL, invoke, record, setup

TITLE = "Lạng Sơn: thu ngân sách tăng"
TEXT = ("Năm 2025, thu ngân sách trên địa bàn tỉnh Lạng Sơn đạt 6.230 tỷ đồng, hoà vốn kế hoạch.\n"
        "Kim ngạch xuất nhập khẩu qua cửa khẩu Hữu Nghị tăng 12,4% so với cùng kỳ.")


def snap(text, title=TITLE, version=1):
    return {"title": title, "text": text, "version": version, "fetched_at": "2026-11-20T01:00:00+00:00"}


def test_numbers_are_one_token_and_syllables_are_words():
    assert [t.text for t in tokens("đạt 6.230 tỷ, tăng 12,4%")] == ["đạt", "6.230", "tỷ", ",", "tăng", "12,4", "%"]


def test_a_changed_figure_is_one_change():
    diff = diff_snapshots(snap(TEXT), snap(TEXT.replace("6.230", "6.500")))
    assert not diff.cosmetic
    assert "đạt [-6.230-]{+6.500+} tỷ đồng" in as_terminal(diff, color=False)


@pytest.mark.parametrize("edit,visible", [
    (lambda t: t.replace("hoà", "hòa"), True),                # tone placement
    (lambda t: t.replace(", hoà", " hoà"), True),             # punctuation
    (lambda t: t.replace(".\nKim", ". Kim"), True),           # paragraph break
    (lambda t: unicodedata.normalize("NFD", t), False),       # Unicode form: reads the same
])
def test_cosmetic_changes_are_hidden_unless_asked(edit, visible):
    diff = diff_snapshots(snap(TEXT), snap(edit(TEXT)))
    assert diff.cosmetic
    assert as_terminal(diff, color=False) == ""
    assert bool(as_terminal(diff, color=False, show_cosmetic=True)) is visible
    assert change_summary(snap(TEXT), snap(edit(TEXT)))["cosmetic"] == 1


def test_context_stays_in_the_paragraph_and_cosmetic_edits_beside_real_ones_stay_hidden():
    new = TEXT.replace("6.230", "6.500").replace("hoà", "hòa")
    text = as_terminal(diff_snapshots(snap(TEXT), snap(new)), color=False, context=3)
    assert text == "… Lạng Sơn đạt [-6.230-]{+6.500+} tỷ đồng, …"
    wide = as_terminal(diff_snapshots(snap(TEXT), snap(new)), color=False, context=50)
    assert wide.startswith("… Năm 2025") and wide.endswith("kế hoạch. …") and "Kim" not in wide


def test_colour_uses_click_styles():
    diff = diff_snapshots(snap(TEXT), snap(TEXT.replace("6.230", "6.500")))
    coloured = as_terminal(diff, color=True)
    assert "\x1b[31m" in coloured and "\x1b[32m" in coloured and "[-" not in coloured


def test_html_is_inline_styled_and_escaped():
    hostile = TEXT + '\n<script>alert(1)</script> <img src=x onerror="alert(2)">'
    html = as_html(diff_snapshots(snap(TEXT, title="<b>x</b>"), snap(hostile, title="<b>y</b>")))
    assert '<ins style="background:#ddf7dd' in html and "<del style=" in html
    assert "<script" not in html and "<img" not in html and "<b>y" not in html
    assert "&lt;script&gt;" in html and "onerror=&quot;alert(2)&quot;" in html


def test_change_summary_counts_characters_sentences_and_figures():
    new = TEXT.replace("6.230", "6.500").replace("12,4%", "13,1%") + "\nCâu mới."
    summary = change_summary(snap(TEXT), snap(new))
    assert json.loads(summary["figures_removed"]) == ["12,4", "6.230"]
    assert json.loads(summary["figures_added"]) == ["13,1", "6.500"]
    assert summary["sentences_changed"] == 3 and summary["cosmetic"] == 0
    assert summary["chars_added"] == len("6.500") + len("13,1") + len("Câu mới.")


def test_each_version_stores_its_summary_and_a_return_is_flagged(tmp_path):
    config, db = setup(tmp_path)
    edited, cosmetic = TEXT.replace("6.230", "6.500"), TEXT.replace("6.230", "6.500").replace("hoà", "hòa")
    for day, text in ((20, TEXT), (21, edited), (22, cosmetic), (23, TEXT)):
        record(db, TITLE, text, f"2026-11-{day}T01:00:00+00:00")
    rows = list(db.query("select version, cosmetic, reverted_to, figures_added from snapshots order by version"))
    assert [(r["version"], r["cosmetic"], r["reverted_to"]) for r in rows] == [
        (1, None, None), (2, 0, None), (3, 1, None), (4, 0, 1)]
    assert json.loads(rows[1]["figures_added"]) == ["6.500"]
    assert "back to the text of version 1" in invoke(config, "diff", URL)


def test_diff_command_hides_cosmetic_changes_and_shows_them_with_all(tmp_path):
    config, db = setup(tmp_path)
    record(db, TITLE, TEXT, "2026-11-20T01:00:00+00:00")
    record(db, TITLE, TEXT.replace("hoà", "hòa"), "2026-11-21T01:00:00+00:00")
    assert "only cosmetic changes" in invoke(config, "diff", URL)
    assert "[~hoà~]{~hòa~}" in invoke(config, "diff", URL, "--all", "--no-color")
    assert "\x1b[" in invoke(config, "diff", URL, "--all", color=True)
    assert "\x1b[" not in invoke(config, "diff", URL, "--all", "--no-color", color=True)
    assert "<del style=" in invoke(config, "diff", URL, "--all", "--html")
    assert "has no version 7" in invoke(config, "diff", URL, "--to", "7", code=1)


def test_a_title_change_is_shown_and_versions_list_their_summary(tmp_path):
    config, db = setup(tmp_path)
    record(db, TITLE, TEXT, "2026-11-20T01:00:00+00:00")
    assert "no difference" in invoke(config, "diff", URL)  # one version only
    record(db, TITLE.replace("tăng", "tăng mạnh"), TEXT.replace("6.230", "6.500"), "2026-11-21T01:00:00+00:00")
    out = invoke(config, "diff", URL, "--no-color")
    assert "title: Lạng Sơn: thu ngân sách tăng {+mạnh+}" in out and "[-6.230-]{+6.500+}" in out
    rows = json.loads(invoke(config, "versions", URL, "--format", "json"))
    assert [(r["version"], r["figures_added"], r["cosmetic"]) for r in rows] == [(1, None, None), (2, '["6.500"]', 0)]
