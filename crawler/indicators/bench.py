"""Time the extractor on a 5,000-character article: ``python -m crawler.indicators.bench``."""

from __future__ import annotations

import time
import timeit
from pathlib import Path

from .extract import default_catalog, extract_observations

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "indicators" / "seed-article-langson.txt"


def article(size: int = 5000) -> str:
    """The seed article, repeated or cut to ``size`` characters."""
    text = SAMPLE.read_text(encoding="utf-8")
    return (text * (size // len(text) + 1))[:size]


def main(runs: int = 100, repeats: int = 5) -> None:
    """Print the time per 5,000-character article: mean of ``runs``, best of ``repeats``.

    CPU time is printed beside wall time because a busy machine inflates the latter.
    """
    text = article()
    default_catalog()
    extract_observations(text)  # warm the regex cache
    found = len(extract_observations(text))
    print(f"{len(text)} characters, {found} observations per article")
    for label, timer in (("wall", time.perf_counter), ("CPU", time.process_time)):
        times = timeit.repeat(lambda: extract_observations(text), number=runs, repeat=repeats, timer=timer)
        print(f"{label:>4}: {min(times) / runs * 1000:.2f} ms per article "
              f"(best of {repeats} x {runs} runs; worst {max(times) / runs * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
