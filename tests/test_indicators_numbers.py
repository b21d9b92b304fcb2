"""Vietnamese numerals, number words, units and scales."""

import pytest

from crawler.indicators import extract_observations
from crawler.indicators.numbers import parse_number, parse_words


@pytest.mark.parametrize(
    "token, value",
    [("6,95", 6.95), ("2.314", 2314), ("18.063,8", 18063.8), ("1.200", 1200), ("69.218", 69218), ("1.5", 1.5)],
)
def test_parse_number(token, value):
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("words, value", [("hai", 2), ("muoi", 10), ("hai muoi lam", 25), ("mot van", 10000),
                                          ("ba tram", 300), ("hai nghin ba tram", 2300)])
def test_parse_words(words, value):
    assert parse_words(words) == value


def one(text, **kwargs):
    found = extract_observations(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_scales_share_a_base_value():
    a = one("Thu ngân sách đạt 1,2 nghìn tỷ đồng.")
    b = one("Thu ngân sách đạt 1.200 tỷ đồng.")
    assert (a.value, a.unit, b.value, b.unit) == (1.2, "trillion VND", 1200, "billion VND")
    assert a.base_value == pytest.approx(b.base_value) == pytest.approx(1.2e12)
    assert a.base_unit == b.base_unit == "VND"


@pytest.mark.parametrize(
    "text, indicator, value, unit, base_unit",
    [
        ("Kim ngạch xuất nhập khẩu đạt 4.250 triệu USD.", "export_import_turnover", 4250, "USD million", "USD"),
        ("Kim ngạch xuất nhập khẩu đạt 4,6 tỷ USD.", "export_import_turnover", 4.6, "USD billion", "USD"),
        ("Thu nhập bình quân đầu người đạt 58 triệu đồng/người/năm.", "income_per_capita", 58, "million VND", "VND"),
        ("Sản lượng lương thực có hạt đạt 312,5 nghìn tấn.", "food_grain_output", 312.5, "thousand tonnes", "tonnes"),
        ("Sản lượng lúa đạt 152.300 tấn.", "rice_output", 152300, "tonnes", "tonnes"),
        ("Toàn tỉnh trồng mới 11.500 ha rừng.", "forest_planting_area", 11500, "ha", "ha"),
        ("Chỉ số PCI đạt 66,72 điểm.", "pci_score", 66.72, "points", "points"),
        ("Năm 2024 đón 3,2 triệu lượt khách du lịch.", "tourist_arrivals", 3_200_000, "count", "count"),
        ("Mỗi ngày có 1.500 lượt xe thông quan.", "border_vehicles_cleared_per_day", 1500, "vehicles/day",
         "vehicles/day"),
        ("Bình quân có 32,9 giường bệnh trên một vạn dân.", "hospital_beds_per_10k_people", 32.9,
         "per 10,000 people", "per 10,000 people"),
        ("Tỷ lệ hộ nghèo bình quân giảm 2,3%/năm.", "poverty_rate_reduction_avg", 2.3, "%/year", "%/year"),
    ],
)
def test_units(text, indicator, value, unit, base_unit):
    obs = one(text)
    assert (obs.indicator, obs.value, obs.unit, obs.base_unit) == (indicator, pytest.approx(value), unit, base_unit)


def test_fraction_gives_total_and_span():
    text = "Đến năm 2023, toàn tỉnh đã có 272/670 trường đạt chuẩn quốc gia."
    obs = one(text)
    assert (obs.value, obs.total, obs.text) == (272, 670, "272/670 trường")
    assert text[obs.start : obs.end] == obs.text


@pytest.mark.parametrize(
    "text, value, total",
    [("Chỉ số PCI năm 2022 xếp thứ 15/63 tỉnh, thành phố.", 15, 63),
     ("Lạng Sơn đứng thứ ba trong 9 tỉnh về chỉ số Xanh cấp tỉnh (PGI).", 3, 9),
     ("Tỉnh đứng thứ 6 toàn quốc về chuyển đổi số.", 6, None)],
)
def test_ranks(text, value, total):
    obs = one(text)
    assert (obs.unit, obs.value, obs.total) == ("rank", value, total)


@pytest.mark.parametrize("text, qualifier", [("Kết nạp được trên 2.100 đảng viên.", "more than"),
                                             ("Kết nạp khoảng 2.100 đảng viên.", "about"),
                                             ("Kết nạp gần 2.100 đảng viên.", "about"),
                                             ("Kết nạp hơn 2.100 đảng viên.", "more than")])
def test_qualifiers(text, qualifier):
    assert one(text).qualifier == qualifier


def test_range_keeps_both_ends():
    obs = one("Phấn đấu tốc độ tăng trưởng GRDP năm 2025 đạt 7,5-8%.")
    assert (obs.value, obs.upper, obs.status) == (7.5, 8, "target")
