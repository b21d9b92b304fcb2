"""Vietnamese date parsing (crawler.dates): the formats of SOURCES.md section 9."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crawler.dates import find_dates, parse_iso, parse_vn_date, to_iso

SOURCE_FORMATS = [
    ("Thứ Năm, 16/07/2026 17:17", "2026-07-16T17:17:00+07:00"),            # baotintuc.vn
    ("Thứ Hai, ngày 20/07/2026 - 06:31", "2026-07-20T06:31:00+07:00"),     # nhandan.vn
    ("21/07/2026 07:17", "2026-07-21T07:17:00+07:00"),                     # vietnamplus.vn
    ("Thứ sáu - 28/06/2024 05:18", "2024-06-28T05:18:00+07:00"),           # cucthongkelangson
    ("Văn Hoa - 05:32, 24/11/2023", "2023-11-24T05:32:00+07:00"),          # baodantoc byline
    ("13:15 10/02/2025", "2025-02-10T13:15:00+07:00"),                     # ngoisao.vn
    ("Thứ sáu, 29/03/2024 18:51 (GMT+7)", "2024-03-29T18:51:00+07:00"),    # moitruongvadothi
    ("ngày 23 tháng 08 năm 2019", "2019-08-23T00:00:00+07:00"),
    ("Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27", "2019-08-23T09:25:27+07:00"),
    ("Thứ hai,  04/12/2023", "2023-12-04T00:00:00+07:00"),                 # baolangson header
    ("09/04/2024 13:48", "2024-04-09T13:48:00+07:00"),                     # baocamau.vn
    ("2026-07-21T07:17:56+07:00", "2026-07-21T07:17:56+07:00"),            # time[datetime]
    ("Cập nhật: 11/04/2023 | 10:24", "2023-04-11T10:24:00+07:00"),
    ("Thứ Ba, 11/4/2023 8h05", "2023-04-11T08:05:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), SOURCE_FORMATS)
def test_source_formats(text: str, expected: str) -> None:
    assert to_iso(parse_vn_date(text)) == expected


def test_result_is_vietnam_time() -> None:
    value = parse_vn_date("Thứ Năm, 16/07/2026 17:17")
    assert value is not None and value.utcoffset() == timedelta(hours=7)
    assert str(value.tzinfo) == "Asia/Ho_Chi_Minh"


def test_explicit_offset_is_kept() -> None:
    assert to_iso(parse_vn_date("29/03/2024 18:51 (GMT+8)")) == "2024-03-29T18:51:00+08:00"


@pytest.mark.parametrize("text", ["", "   ", None, "không có ngày", "31/02/2024", "99/99/9999 25:70", "hôm qua"])
def test_not_a_date(text: str | None) -> None:
    # "hôm qua" (yesterday) would make the stored date depend on the crawl day
    assert parse_vn_date(text) is None


def test_free_form_goes_to_dateparser() -> None:
    assert to_iso(parse_vn_date("15 tháng 3, 2024")) == "2024-03-15T00:00:00+07:00"


def test_find_dates_prefers_the_longest_match_in_reading_order() -> None:
    found = find_dates("Văn Hoa - 05:32, 24/11/2023 · sửa lúc 24/11/2023 08:00")
    assert [to_iso(d.value) for d in found] == ["2023-11-24T05:32:00+07:00", "2023-11-24T08:00:00+07:00"]
    assert all(d.has_time for d in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-07-16T17:17:00+07:00", "2026-07-16T17:17:00+07:00"),
    ("2026-07-16T10:17:00Z", "2026-07-16T10:17:00+00:00"),
    ("2026-07-16T17:17:00", "2026-07-16T17:17:00+07:00"),   # naive: Vietnam time
    ("2026-07-16", "2026-07-16T00:00:00+07:00"),
    ("16/07/2026 17:17", "2026-07-16T17:17:00+07:00"),      # not ISO: the Vietnamese parser
])
def test_parse_iso(text: str, expected: str) -> None:
    assert to_iso(parse_iso(text)) == expected
