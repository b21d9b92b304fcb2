"""The extractor against the annotated set in tests/indicators/."""

from pathlib import Path

from crawler.indicators.evaluate import evaluate

ANNOTATIONS = sorted((Path(__file__).parent / "indicators").glob("*.jsonl"))


def test_annotated_set_is_large_enough():
    import json

    rows = [json.loads(line) for path in ANNOTATIONS for line in path.read_text(encoding="utf-8").splitlines()]
    figures = [r for r in rows if r["indicator"]]
    negatives = {r["sentence"] for r in rows if not r["indicator"]}
    assert len(figures) >= 20 + 150
    assert len(negatives) >= 30
    assert len({r["indicator"] for r in figures}) >= 40


def test_scores_meet_targets():
    report = evaluate(ANNOTATIONS)
    indicator = report.scores["indicator"]
    assert indicator.precision >= 0.95, report.table()
    assert indicator.recall >= 0.90, report.table()
    assert report.scores["period"].f1 >= 0.90, report.table()
    assert report.scores["status"].f1 >= 0.90, report.table()


def test_negative_sentence_counts_as_false_positive(tmp_path):
    path = tmp_path / "neg.jsonl"
    path.write_text('{"sentence": "Thu ngân sách đạt 5.000 tỷ đồng.", "indicator": null}\n', encoding="utf-8")
    report = evaluate([path])
    assert (report.scores["value"].fp, report.scores["value"].tp) == (1, 0)
    assert "spurious" in report.table()
