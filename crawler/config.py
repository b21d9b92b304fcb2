"""newsmon.toml: load, validate and give defaults.

Every key has a default, so newsmon runs with no file at all. An unknown key or a value
of the wrong type is a :class:`ConfigError` naming the file and the key, because a typo
that is silently ignored ("conccurency") is worse than a refusal.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_VAR = "NEWSMON_CONFIG"
DEFAULT_FILE = "newsmon.toml"

# The province and what only it has: its nickname and its border gates.
DEFAULT_KEYWORDS = [
    "Lạng Sơn", "Xứ Lạng", "cửa khẩu Hữu Nghị", "cửa khẩu quốc tế Hữu Nghị",
    "cửa khẩu Tân Thanh", "cửa khẩu Chi Ma", "cửa khẩu Cốc Nam", "Đồng Đăng",
]
# Districts and landmarks: weaker, since several are also common words or names elsewhere.
DEFAULT_PLACES = [
    "Cao Lộc", "Văn Lãng", "Lộc Bình", "Chi Lăng", "Hữu Lũng", "Đình Lập", "Tràng Định",
    "Bình Gia", "Văn Quan", "Bắc Sơn", "Na Dương", "Mẫu Sơn", "Tân Thanh", "Chi Ma", "Cốc Nam", "Kỳ Lừa", "Tam Thanh",
]


class ConfigError(Exception):
    """The configuration file cannot be used as it is; the message says where and why."""


@dataclass
class DatabaseConfig:
    path: str = "data/newsmon.db"


@dataclass
class TopicConfig:
    keywords: list[str] = field(default_factory=lambda: list(DEFAULT_KEYWORDS))
    places: list[str] = field(default_factory=lambda: list(DEFAULT_PLACES))
    min_score: float = 2.0  # a title or lead mention, or two in the body


@dataclass
class CrawlConfig:
    concurrency: int = 8
    per_domain: int = 1
    delay: float = 2.0
    autothrottle: bool = True
    obey_robots: bool = True
    user_agent: str = ""
    contact: str = ""
    timeout: float = 30.0
    max_page_mb: float = 10.0
    builtin_sources: bool = True  # false: only the [[sources]] of this file
    extract_workers: int = 0  # processes for extraction; 0: one per core, 1: none


@dataclass
class IndicatorsConfig:
    catalog: list[str] = field(default_factory=list)  # extra catalogue files over the built-in one
    place: str = "Lạng Sơn"  # the place of a figure whose sentence names none
    enabled: bool = True


@dataclass
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    topic: TopicConfig = field(default_factory=TopicConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    indicators: IndicatorsConfig = field(default_factory=IndicatorsConfig)
    sources: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None  # the file it came from, if any

    def resolve(self, value: str) -> Path:
        """A path from the file: relative ones are taken from the file's folder."""
        path = Path(value).expanduser()
        if path.is_absolute() or self.path is None:
            return path
        return self.path.parent / path

    @property
    def db_path(self) -> Path:
        """The database path; a relative one is taken from the config file's folder."""
        return self.resolve(self.database.path)


SECTIONS = {"database": DatabaseConfig, "topic": TopicConfig, "crawl": CrawlConfig,
            "indicators": IndicatorsConfig}
SOURCE_KEYS = {
    "name": str, "label": str, "feeds": list, "sitemaps": list, "listings": list,
    "article_pattern": str, "allowed_domains": list, "verified": bool, "notes": str,
    "enabled": bool, "min_score": float,
}


def find_config_path(explicit: str | os.PathLike | None = None) -> Path | None:
    """--config, else $NEWSMON_CONFIG, else ./newsmon.toml if it exists."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    local = Path(DEFAULT_FILE)
    return local if local.exists() else None


def load_config(explicit: str | os.PathLike | None = None) -> Config:
    """Read and validate the configuration; defaults when there is no file."""
    path = find_config_path(explicit)
    if path is None:
        return Config()
    if not path.exists():
        raise ConfigError(f"{path}: no such configuration file (from --config or ${ENV_VAR})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from err
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Build a Config from parsed TOML, refusing unknown keys and wrong types."""
    where = str(path or "<config>")
    unknown = set(data) - set(SECTIONS) - {"sources"}
    if unknown:
        raise ConfigError(f"{where}: unknown section or key {sorted(unknown)[0]!r}")
    config = Config(path=path.resolve() if path else None)
    for name, cls in SECTIONS.items():
        setattr(config, name, _section(cls, data.get(name, {}), f"{where}: [{name}]"))
    config.sources = [_source(entry, f"{where}: [[sources]] #{i + 1}")
                      for i, entry in enumerate(data.get("sources", []))]
    return config


def _section(cls, table: Any, where: str):
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    known = {f.name: f for f in fields(cls)}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")
        _check_type(value, _field_type(cls(), key), f"{where} {key}")
    return cls(**table)


def _field_type(instance, key: str) -> type:
    return type(getattr(instance, key))


def _source(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table")
    if not entry.get("name"):
        raise ConfigError(f"{where}: 'name' is required")
    for key, value in entry.items():
        if key not in SOURCE_KEYS:
            raise ConfigError(f"{where} ({entry['name']}): unknown key {key!r} "
                              f"(known: {', '.join(SOURCE_KEYS)})")
        _check_type(value, SOURCE_KEYS[key], f"{where} ({entry['name']}) {key}")
    return dict(entry)


def _check_type(value: Any, expected: type, where: str) -> None:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigError(f"{where}: expected {_type_name(expected)}, got {value!r}")
    if expected is list and any(isinstance(v, (list, dict)) for v in value) and "listings" not in where:
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")


def _type_name(expected: type) -> str:
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
            list: "a list", dict: "a table"}.get(expected, expected.__name__)
