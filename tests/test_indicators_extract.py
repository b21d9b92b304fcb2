"""Periods, status, places, level and growth, negatives, diacritic-insensitive aliases."""

import datetime

import pytest

from crawler.indicators import extract_observations


def pairs(text, **kwargs):
    return [(o.indicator, o.value) for o in extract_observations(text, **kwargs)]


def test_level_and_growth_from_one_sentence():
    text = "Thu ngân sách đạt 18.063,8 tỷ đồng, tăng 60,1% so với cùng kỳ."
    assert pairs(text) == [("budget_revenue", 18063.8), ("budget_revenue_growth", 60.1)]


def test_decrease_is_negative():
    text = "Thu ngân sách qua các cửa khẩu giảm 32,7% so với cùng kỳ."
    assert pairs(text) == [("customs_revenue_growth", -32.7)]


def test_rate_falling_to_a_level_stays_positive():
    assert pairs("Tỷ lệ hộ nghèo giảm còn 7,41%.") == [("poverty_rate", 7.41)]


@pytest.mark.parametrize(
    "text, period",
    [
        ("Tổng sản phẩm trên địa bàn năm 2022 tăng 7,22%.", "2022"),
        ("Tăng trưởng GRDP giai đoạn 2021 - 2025 đạt 6,6%.", "2021-2025"),
        ("Tăng trưởng GRDP giai đoạn 2021–2025 đạt 6,6%.", "2021-2025"),
        ("Tăng trưởng GRDP nhiệm kỳ 2020-2025 đạt 6,6%.", "2020-2025"),
        ("GRDP 6 tháng đầu năm 2024 ước tăng 5,12%.", "2024-H1"),
        ("Tổng mức bán lẻ quý I/2024 đạt 8.450 tỷ đồng.", "2024-Q1"),
        ("Chỉ số sản xuất công nghiệp 9 tháng năm 2025 tăng 9,4%.", "2025-9M"),
        ("Tính đến 30/11/2025, giải ngân vốn đầu tư công đạt 3.950 tỷ đồng.", "2025-11M"),
        ("CPI tháng 7/2024 tăng 3,1% so với cùng kỳ năm trước.", "2024-07"),
        ("Tăng trưởng GRDP đạt 7% (2023).", "2023"),
    ],
)
def test_periods(text, period):
    assert extract_observations(text)[0].period == period


def test_period_from_publication_date():
    text = "Năm nay, tăng trưởng kinh tế của tỉnh ước đạt 6,5%."
    assert extract_observations(text)[0].period is None
    assert extract_observations(text, published=datetime.date(2025, 12, 20))[0].period == "2025"
    text = "GRDP 6 tháng đầu năm tăng 5%."
    assert extract_observations(text, published=datetime.date(2024, 7, 2))[0].period == "2024-H1"


def test_comparison_base_is_not_the_period():
    text = "Thu ngân sách đạt 5.000 tỷ đồng, tăng 18,2% so với năm 2023."
    assert [o.period for o in extract_observations(text)] == [None, None]


def test_parenthesised_breakdown_has_its_own_periods():
    text = ("Tốc độ tăng trưởng kinh tế bình quân (GRDP) giai đoạn 2021 - 2022 đạt 6,95% "
            "(năm 2021 đạt 6,67%, năm 2022 đạt 7,22%), cao hơn 1,5% so với bình quân giai đoạn 2015 - 2020.")
    found = [(o.value, o.period) for o in extract_observations(text)]
    assert found == [(6.95, "2021-2022"), (6.67, "2021"), (7.22, "2022")]


@pytest.mark.parametrize(
    "text, status",
    [
        ("GRDP năm 2024 tăng 7,2%.", "actual"),
        ("GRDP năm 2024 ước tăng 7,2%.", "estimate"),
        ("Dự kiến năm 2025 thu ngân sách đạt 9.500 tỷ đồng.", "estimate"),
        ("Mục tiêu đến năm 2030, GRDP bình quân đầu người đạt 120 triệu đồng.", "target"),
        ("Phấn đấu tỷ lệ che phủ rừng đạt 65%.", "target"),
        ("Kế hoạch năm 2025, thu ngân sách là 12.000 tỷ đồng.", "target"),
        ("Tỷ lệ che phủ rừng đạt 65% vào năm 2030.", "target"),
        ("Tỉnh đã hoàn thành mục tiêu 200 xã, phường, thị trấn đạt Bộ tiêu chí quốc gia về y tế xã.", "actual"),
        ("Đến năm 2023, toàn tỉnh đã có 272/670 trường đạt chuẩn quốc gia.", "actual"),
    ],
)
def test_status(text, status):
    assert extract_observations(text)[0].status == status


def test_target_in_brackets_does_not_spill():
    text = "Năm 2024, GRDP tăng 7,3%, vượt kế hoạch (kế hoạch 7%)."
    assert [(o.value, o.status) for o in extract_observations(text)] == [(7.3, "actual"), (7, "target")]


def test_places_in_one_sentence():
    text = "Bắc Giang dẫn đầu vùng với mức tăng trưởng 13,45%, Cao Bằng tăng 4,2%, Lạng Sơn tăng 5,1%."
    assert [o.place for o in extract_observations(text)] == ["Bắc Giang", "Cao Bằng", "Lạng Sơn"]


def test_country_and_default_place():
    text = "Năm 2023, kinh tế tỉnh tăng trưởng 5,5%, trong khi cả nước tăng 5,05%."
    assert [o.place for o in extract_observations(text)] == ["Lạng Sơn", "cả nước"]
    assert extract_observations("GRDP tăng 5%.", default_place="Cao Bằng")[0].place == "Cao Bằng"


def test_rank_in_the_country_is_about_the_province():
    text = "Chỉ số năng lực cạnh tranh cấp tỉnh năm 2022 của Lạng Sơn đã xếp thứ 15/63 tỉnh, thành phố trong cả nước."
    assert extract_observations(text)[0].place == "Lạng Sơn"


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị quyết số 18-NQ/TW, ngày 25-10-2017 của Ban Chấp hành Trung ương.",
        "Tỉnh ủy đã ban hành 22 nghị quyết, 8 chương trình, 21 chỉ thị.",
        "Đại hội có 398/398 đại biểu tán thành.",
        "Liên hệ số điện thoại 0205.3870.123.",
        "Từ nay đến năm 2030, Lạng Sơn tiếp tục sắp xếp và giảm thêm 12 đơn vị hành chính cấp xã.",
        "Phấn đấu hoàn thành 20/20 chỉ tiêu Nghị quyết Đại hội.",
        "Kết nạp đảng viên vượt khoảng 9% so với chỉ tiêu.",
        "Thu ngân sách bằng 105% dự toán.",
        "Sắp xếp giảm 656 thôn, tổ dân phố.",
        "Lễ kỷ niệm diễn ra ngày 30/11 với hơn 500 đại biểu.",
    ],
)
def test_negatives(text):
    assert extract_observations(text) == []


def test_figure_with_unknown_indicator_is_skipped():
    assert extract_observations("Doanh thu dịch vụ lưu trú đạt 500 tỷ đồng.") == []


@pytest.mark.parametrize(
    "text",
    ["Thu ngân sách đạt 5.000 tỷ đồng.", "Thu ngan sach dat 5.000 ty dong.", "THU NGÂN SÁCH đạt 5.000 tỷ đồng.",
     "Thu ngân sách đạt 5.000 tỉ đồng."],
)
def test_aliases_ignore_diacritics_and_case(text):
    assert pairs(text) == [("budget_revenue", 5000)]


def test_y_and_i_spellings():
    assert pairs("Tỉ lệ hộ nghèo còn 7,41%.") == pairs("Tỷ lệ hộ nghèo còn 7,41%.") == [("poverty_rate", 7.41)]


def test_old_and_new_tone_placement():
    assert pairs("Tỷ lệ che phủ rừng đạt 63%, khu vực nông lâm thuỷ sản tăng 3%.") == [
        ("forest_cover_rate", 63), ("agriculture_growth", 3)]


def test_offsets_point_into_the_text():
    text = "Xây dựng Đảng\n\nTTXVN - Năm 2024, thu ngân sách đạt 11.540 tỷ đồng. Tỷ lệ hộ nghèo còn 7,41%."
    for obs in extract_observations(text):
        assert text[obs.start : obs.end] == obs.text
        assert obs.sentence in text
    assert [o.to_dict()["indicator"] for o in extract_observations(text)] == ["budget_revenue", "poverty_rate"]


def test_seed_article():
    from pathlib import Path

    text = (Path(__file__).parent / "indicators" / "seed-article-langson.txt").read_text(encoding="utf-8")
    assert len(extract_observations(text)) == 18


def test_month_without_year_takes_the_publication_year():
    text = "Thu ngân sách từ hoạt động xuất nhập khẩu tháng 9 ước đạt 700 tỷ đồng."
    assert extract_observations(text, published=datetime.date(2025, 10, 5))[0].period == "2025-09"


def test_bare_year_after_an_index_name():
    text = "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) 2023 của Lạng Sơn đạt 65,11 điểm."
    assert extract_observations(text)[0].period == "2023"


def test_month_on_month_change_is_not_a_growth_twin():
    text = "Tổng mức bán lẻ tháng 10/2025 đạt 3.215 tỷ đồng, tăng 1,5% so với tháng trước và tăng 14,2% so với cùng kỳ."
    assert pairs(text) == [("retail_sales", 3215), ("retail_sales_growth", 14.2)]


def test_count_with_words_of_its_own_is_not_inherited():
    text = "Năm 2023 tỉnh có 226 doanh nghiệp thành lập mới, 120 doanh nghiệp giải thể."
    assert pairs(text) == [("new_enterprises", 226)]


def test_number_words_before_a_count():
    assert pairs("Hai xã Tân Thành và Hòa Bình đạt chuẩn nông thôn mới năm 2024.") == [("new_rural_communes", 2)]


def test_districts_and_city():
    text = "Huyện Cao Lộc có tỷ lệ hộ nghèo thấp nhất tỉnh với 2,1%, huyện Bình Gia cao nhất với 18,5%."
    assert [o.place for o in extract_observations(text)] == ["Cao Lộc", "Bình Gia"]
    text = "Tại thành phố Lạng Sơn, thu ngân sách năm 2024 đạt 1.150 tỷ đồng."
    assert extract_observations(text)[0].place == "thành phố Lạng Sơn"


def test_ranks_listed_before_their_topic():
    text = "Bắc Giang xếp thứ 13, Quảng Ninh xếp thứ 1, Lạng Sơn xếp thứ 15 về PCI năm 2022."
    found = [(o.indicator, o.value, o.place) for o in extract_observations(text)]
    assert found == [("pci_rank", 13, "Bắc Giang"), ("pci_rank", 1, "Quảng Ninh"), ("pci_rank", 15, "Lạng Sơn")]


def test_breakdown_is_not_the_whole():
    text = "Tỷ lệ lao động qua đào tạo đạt 62%, trong đó có bằng cấp, chứng chỉ đạt 28%."
    assert pairs(text) == [("trained_labour_rate", 62)]


def test_a_fold_given_by_the_caller_finds_the_same_figures():
    """The crawl's workers pass the fold they made for relevance; a fold that does not keep
    one character per character ("ß" folds to "ss") is not used."""
    from pathlib import Path

    from crawler.text import fold

    text = (Path(__file__).parent / "indicators" / "seed-article-langson.txt").read_text(encoding="utf-8")
    observations = extract_observations(text)
    assert observations and extract_observations(text, folded=fold(text)) == observations
    shifted = "Straße. " + text
    assert len(fold(shifted)) != len(shifted)
    assert extract_observations(shifted, folded=fold(shifted)) == extract_observations(shifted)


def test_same_period_as_last_year_means_the_period_the_article_gave_before():
    """"so với cùng kỳ" without a period of its own: the period of the article's figures before
    it (the demo's edit had made a "2026" revision beside the "2026-9M" one), else the year."""
    lead = ("Trong 9 tháng năm 2026, tổng sản phẩm trên địa bàn (GRDP) tỉnh ước tăng 5,12% so với cùng kỳ; "
            "thu ngân sách nhà nước trên địa bàn đạt 6.230 tỷ đồng.")
    body = "Thu ngân sách nhà nước trên địa bàn đạt 6.230 tỷ đồng, tăng 12,4% so với cùng kỳ."
    day = datetime.date(2026, 10, 5)
    periods = {(o.indicator, o.period) for o in extract_observations(f"{lead}\n{body}", published=day)}
    assert periods == {("grdp_growth", "2026-9M"), ("budget_revenue", "2026-9M"), ("budget_revenue_growth", "2026-9M")}
    assert {o.period for o in extract_observations(body, published=day)} == {"2026"}
    # A plan is no reporting period: "mục tiêu năm 2030" does not become the context.
    plan = "Mục tiêu đến năm 2030, thu ngân sách đạt 15.000 tỷ đồng."
    assert {o.period for o in extract_observations(f"{plan}\n{body}", published=day)
            if o.value == 6230} == {"2026"}
