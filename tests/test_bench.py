"""The benchmark runs end to end on a tiny site and prints its table (no timing asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.run import ROWS

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_prints_every_row(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--articles", "30", "--query-runs", "3", "--dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
        env={**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"})
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "| Measure | Result | Target | Met |" in lines
    for row in ROWS:
        assert any(line.startswith(f"| {row} |") for line in lines), (row, result.stdout)
    assert "N = 30 articles" in result.stdout
    # The edits were recorded as new versions of exactly the edited articles.
    edits = next(line for line in lines if line.startswith("| Re-check after edits |"))
    assert "exactly those" in edits and edits.endswith("| met |")
