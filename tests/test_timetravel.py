"""Time travel: what the database knew at a moment (capture time), not publication or period."""

import json

import pytest

from db.timetravel import BadDate, as_of_bound
from tests.views_support import URL, invoke, observe, record, setup

TITLE = "Lạng Sơn thu ngân sách"


@pytest.fixture
def db_config(tmp_path):
    config, db = setup(tmp_path)
    # Published on 1 November, captured only on the 20th: the capture time is what counts.
    for day, amount in ((20, "6.230"), (22, "6.500")):
        record(db, TITLE, f"Thu ngân sách đạt {amount} tỷ đồng.", f"2026-11-{day}T03:00:00+00:00",
               published="2026-11-01T08:00:00+07:00")
    observe(db, 1, "budget_revenue", 6230, "billion VND", "2025", "2026-11-20T03:00:00+00:00", version=1)
    observe(db, 1, "budget_revenue", 6500, "billion VND", "2025", "2026-11-22T03:00:00+00:00", version=2,
            kind="revised")
    observe(db, 1, "grdp_growth", 7.2, "%", "2024", "2026-11-22T03:00:00+00:00", version=2)
    return config, db


def test_bounds():
    assert as_of_bound("2026-11-20") == "2026-11-20T23:59:59+00:00"
    assert as_of_bound("2026-11-20T15:00+07:00") == "2026-11-20T08:00:00+00:00"
    assert as_of_bound("2026-11-20T08:00") == "2026-11-20T08:00:00+00:00"
    with pytest.raises(BadDate):
        as_of_bound("hôm qua")


def test_show_as_of(db_config):
    config, _ = db_config
    out = invoke(config, "show", URL, "--as-of", "2026-11-21")
    assert "6.230 tỷ đồng" in out and "version: 1 of 2" in out and "as of 2026-11-21T23:59:59+00:00" in out
    assert "6.500 tỷ đồng" in invoke(config, "show", URL, "--as-of", "2026-11-22T10:00+07:00")
    assert "6.230 tỷ đồng" in invoke(config, "show", URL, "--as-of", "2026-11-22T09:59+07:00")


def test_before_the_first_capture_is_a_clear_error_even_after_publication(db_config):
    config, _ = db_config
    out = invoke(config, "show", URL, "--as-of", "2026-11-05", code=1)
    assert "not yet captured" in out and "first captured 2026-11-20T03:00:00+00:00" in out
    assert "not a date" in invoke(config, "show", URL, "--as-of", "tomorrow", code=2)
    assert "not both" in invoke(config, "show", URL, "--as-of", "2026-11-21", "--version", "1", code=2)


def test_indicators_as_of(db_config):
    config, _ = db_config

    def known(as_of):
        rows = json.loads(invoke(config, "indicators", "--as-of", as_of, "--format", "json"))
        return {(r["indicator"], r["period"]): r["value"] for r in rows}

    assert known("2026-11-19") == {}
    assert known("2026-11-21") == {("budget_revenue", "2025"): 6230}
    assert known("2026-11-22") == {("budget_revenue", "2025"): 6500, ("grdp_growth", "2024"): 7.2}
    latest = json.loads(invoke(config, "indicators", "latest", "budget_revenue", "--format", "json"))
    assert [r["value"] for r in latest] == [6500]
