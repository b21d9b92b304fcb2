import unicodedata

import pytest

from crawler.text import _SPACES, canonical_tones, fold, nfc


@pytest.mark.parametrize("old,new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"),
                                     ("Hoà Bình", "Hòa Bình"), ("tuỳ", "tùy")])
def test_tone_placements_compare_equal(old, new):
    assert old != new
    assert canonical_tones(old) == canonical_tones(new)


def test_canonical_tones_keeps_different_words_apart():
    assert canonical_tones("hoà") != canonical_tones("hoa")
    assert canonical_tones("người") == "người"


@pytest.mark.parametrize("text", ["Lạng Sơn", "LẠNG SƠN", "Lang Son", "lang son"])
def test_fold_ignores_case_and_diacritics(text):
    assert fold(text) == "lang son"


def test_fold_maps_d_with_stroke():
    assert fold("Đồng Đăng") == "dong dang"


def test_nfc_composes_and_tidies():
    decomposed = unicodedata.normalize("NFD", "Lạng  Sơn\u00a0 tỉnh\n\n  biên giới ")
    assert nfc(decomposed) == "Lạng Sơn tỉnh\nbiên giới"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


@pytest.mark.parametrize("blank", [" ", "  ", "\t", "\u00a0", " \u00a0", "\u2009", "\u200b", "\u3000 ", "\r\n "])
@pytest.mark.parametrize("where", ["inside", "edges", "only"])
def test_nfc_tidies_every_kind_of_blank_as_the_full_substitution_does(blank, where):
    text = {"inside": f"Lạng{blank}Sơn", "edges": f"{blank}Lạng Sơn{blank}\n{blank}x", "only": blank}[where]
    full = _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\r\n", "\n"))
    expected = "\n".join(line.strip() for line in full.split("\n") if line.strip())
    assert nfc(text) == expected
    assert nfc(nfc(text)) == nfc(text)
