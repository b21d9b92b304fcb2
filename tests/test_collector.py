"""The crawl's garbage-collector tuning: on while engines run, undone when the last stops."""

import gc

from scrapy import signals
from scrapy.utils.test import get_crawler

from crawler.collector import YOUNG_THRESHOLD, Collector


def crawler_with_collector():
    # No other extension: the stock ones need a running reactor to hear engine_started.
    crawler = get_crawler(settings_dict={"EXTENSIONS_BASE": {}, "EXTENSIONS": {}})
    crawler.collector = Collector.from_crawler(crawler)  # signals hold their receivers weakly
    return crawler


def test_engines_run_with_fewer_scans_until_the_last_one_stops():
    before = gc.get_threshold()
    first, second = crawler_with_collector(), crawler_with_collector()
    tuned = (max(YOUNG_THRESHOLD, before[0]), *before[1:])
    try:
        first.signals.send_catch_log(signals.engine_started)
        second.signals.send_catch_log(signals.engine_started)
        assert gc.get_threshold() == tuned
        assert gc.get_freeze_count() > 0
        first.signals.send_catch_log(signals.engine_stopped)
        assert gc.get_threshold() == tuned  # the second crawl still runs
    finally:
        second.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_project_settings_enable_it():
    from crawler import settings

    assert "crawler.collector.Collector" in settings.EXTENSIONS
