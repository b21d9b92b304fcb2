"""The catalogue: canonical names, size, user extension."""

import re
from pathlib import Path

from crawler.indicators import extract_observations, load_catalog
from crawler.indicators.catalog import trie_pattern

CANONICAL = """grdp_growth grdp_value grdp_per_capita grdp_growth_rank agriculture_growth industry_construction_growth
economic_structure_agriculture_share economic_structure_industry_construction_share economic_structure_services_share
iip_growth cpi_yoy income_per_capita budget_revenue budget_revenue_growth export_import_turnover
export_import_turnover_growth border_vehicles_cleared_per_day fdi_registered_capital tourist_arrivals tourism_revenue
tourism_revenue_growth pci_score pci_rank pci_regional_rank pgi_rank dti_rank poverty_rate near_poverty_rate
poverty_rate_reduction_avg poor_households population forest_cover_rate food_grain_output rice_output
health_insurance_coverage doctors_per_10k_people hospital_beds_per_10k_people communes_meeting_health_criteria
national_standard_schools party_members new_party_members_per_year villages_and_residential_groups""".split()


def test_every_canonical_name_is_known():
    catalog = load_catalog()
    assert [name for name in CANONICAL if name not in catalog] == []
    assert len(catalog) >= 40


def test_entries_are_well_formed():
    catalog = load_catalog()
    for ind in catalog.indicators.values():
        assert re.fullmatch(r"[a-z0-9_]+", ind.name)
        assert ind.units, ind.name
        assert ind.growth is None or ind.growth in catalog, ind.name
        assert ind.kind in {"level", "change", "rate", "rank"}


def test_annotations_use_catalogue_names():
    import json

    catalog = load_catalog()
    for path in (Path(__file__).parent / "indicators").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            name = json.loads(line)["indicator"]
            assert name is None or name in catalog, (path.name, name)


def test_user_file_adds_and_overrides(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[rubber_output]\naliases = ["sản lượng mủ cao su"]\nunits = ["tonnes"]\n\n'
        '[budget_revenue]\naliases = ["thu ngân khố"]\n',
        encoding="utf-8",
    )
    text = "Sản lượng mủ cao su đạt 1.200 tấn; thu ngân khố đạt 500 tỷ đồng."
    assert extract_observations(text) == []
    catalog = load_catalog(extra_paths=[extra])
    found = [(o.indicator, o.value) for o in extract_observations(text, catalog=catalog)]
    assert found == [("rubber_output", 1200), ("budget_revenue", 500)]
    assert catalog["budget_revenue"].units == ("billion VND", "trillion VND", "million VND")


def test_trie_pattern_matches_exactly_its_words():
    words = ["thu", "thue", "thuong", "ty", "gia", "giai", "grdp", "a.b"]
    pattern = re.compile(rf"(?:{trie_pattern(words)})$")
    assert all(pattern.match(w) for w in words)
    assert not any(pattern.match(w) for w in ["th", "thuo", "giaii", "t", "", "aXb", "grd"])


def test_aliases_found_at_word_starts_only():
    catalog = load_catalog()
    hits = catalog.find_aliases("sieu thu nhap binh quan dau nguoi; tong san pham grdp")
    names = [alias for _, _, alias in hits]
    assert "thu nhap binh quan dau nguoi" in names and "grdp" in names
    assert catalog.find_aliases("sieuthu nhap xgrdp") == []
