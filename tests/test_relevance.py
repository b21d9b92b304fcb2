from crawler.config import TopicConfig
from crawler.relevance import Topic

TOPIC = Topic.from_config(TopicConfig())


def test_article_about_the_province_is_relevant():
    result = TOPIC.score("Lạng Sơn đẩy mạnh xuất khẩu qua cửa khẩu Hữu Nghị",
                         "Kim ngạch qua các cửa khẩu của Lạng Sơn tăng mạnh.\nTỉnh Lạng Sơn ...")
    assert result.is_relevant(TOPIC.min_score)
    assert result.terms["Lạng Sơn"] == 3


def test_text_without_diacritics_matches():
    result = TOPIC.score("LANG SON: border trade rebounds", "Lang Son province said on Monday ...")
    assert result.is_relevant(TOPIC.min_score)
    assert "Lạng Sơn" in result.terms


def test_unrelated_article_is_not_relevant():
    result = TOPIC.score("Hà Nội khai trương tuyến buýt điện", "Thành phố Hà Nội đưa vào vận hành ...")
    assert result.score == 0
    assert not result.is_relevant(TOPIC.min_score)


def test_province_article_scores_above_a_passing_mention():
    about = TOPIC.score("Lạng Sơn: GRDP tăng 7,2%", "Tỉnh Lạng Sơn ...\nLạng Sơn đạt ...\nXứ Lạng ...")
    roundup = TOPIC.score("Kinh tế cả nước 9 tháng",
                          "Cả nước tăng trưởng 6,8%.\nHà Nội, Bắc Ninh, Lạng Sơn và 20 tỉnh khác ...")
    assert about.is_relevant(TOPIC.min_score) and not roundup.is_relevant(TOPIC.min_score)
    assert about.score > 3 * roundup.score


def test_a_district_alone_weighs_less_than_the_province():
    district = TOPIC.score("Tin địa phương", "Hội nghị tổng kết.\nHuyện Cao Lộc tổ chức hội nghị.")
    province = TOPIC.score("Tin địa phương", "Hội nghị tổng kết.\nTỉnh Lạng Sơn tổ chức hội nghị.")
    assert district.score < province.score
    assert not district.is_relevant(TOPIC.min_score)


def test_old_tone_placement_and_capitals_match():
    result = TOPIC.score("XỨ LẠNG vào mùa", "Du khách đến xứ Lạng ...")
    assert result.terms == {"Xứ Lạng": 2}
