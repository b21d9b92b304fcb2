"""Shared fixtures: the sample site over real HTTP on 127.0.0.1, configs, and newsmon in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo_run import write_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site():
    """A fresh sample site served on 127.0.0.1 for one test: (site, base_url)."""
    from crawler.demo.server import SiteServer
    from crawler.demo.site import SampleSite

    sample = SampleSite()
    with SiteServer(sample) as base_url:
        yield sample, base_url


def make_config(folder: Path, sources: list[dict], **crawl) -> Path:
    """A newsmon.toml in ``folder`` for these sources, crawling politely-off for 127.0.0.1."""
    path = write_config(folder, sources)
    text = path.read_text(encoding="utf-8")
    for key, value in crawl.items():
        line = re.compile(rf"^{key} = .*$", re.MULTILINE)
        setting = f"{key} = {value}"
        text = line.sub(setting, text) if line.search(text) else text.replace("[crawl]\n", f"[crawl]\n{setting}\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def newsmon(*args: str, config: Path | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run the newsmon CLI as a user does, in a child process (Twisted needs its own)."""
    command = [sys.executable, "-m", "crawler"]
    if config:
        command += ["--config", str(config)]
    full_env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", **(env or {})}
    return subprocess.run(command + list(args), capture_output=True, text=True, cwd=cwd or ROOT,
                          env=full_env, timeout=timeout)
