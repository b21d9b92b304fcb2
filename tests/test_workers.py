"""The crawl process's extraction workers (crawler/workers.py): real processes, started and stopped."""

from __future__ import annotations

import multiprocessing

import pytest

from crawler import workers
from crawler.config import parse_config


@pytest.fixture
def config():
    yield parse_config({"crawl": {"extract_workers": 2}})
    workers.shutdown()


def test_sources_share_one_pool_and_the_last_one_shuts_it_down(config):
    workers.acquire(config)
    pool = workers.current()
    workers.acquire(config)
    assert workers.current() is pool
    assert pool.submit(pow, 2, 10).result(timeout=60) == 1024
    workers.release()
    assert workers.current() is pool, "shut down while a source still crawls"
    workers.release()
    assert workers.current() is None
    assert multiprocessing.active_children() == []


def test_a_broken_pool_is_replaced_once(config):
    workers.acquire(config)
    broken = workers.current()
    assert workers.replace(broken) is True
    fresh = workers.current()
    assert fresh is not broken
    assert workers.replace(broken) is False  # a second page that saw it break: nothing to do
    assert workers.current() is fresh
    assert fresh.submit(pow, 3, 3).result(timeout=60) == 27
    workers.release()
