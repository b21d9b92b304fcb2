"""newsmon.toml: load, validate and give defaults.

Every key has a default, so newsmon runs with no file at all. An unknown key or a value
of the wrong type is a :class:`ConfigError` naming the file and the key, because a typo
that is silently ignored ("conccurency") is worse than a refusal.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import timedelta
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
    busy_timeout: float = 30.0  # seconds to wait for another process's write lock (said in the log)


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
class ScheduleConfig:
    """When `newsmon daemon` (and the due check of `newsmon run`) crawls a source by default."""
    interval: str = ""  # "30m"; with neither interval nor cron: every hour
    cron: str = ""  # "*/15 * * * *", in UTC; instead of interval
    jitter: str = "0s"  # random delay added to each start, so sources don't start together
    misfire_grace: str = "10m"  # a start missed by less than this still runs (once: coalesced)
    parallel: int = 4  # crawls the daemon runs at once (each a process with its extraction pool)


@dataclass
class RevisitConfig:
    """Revisit a known article every <every> while it is younger than <age>: [[age, every], ...]."""
    schedule: list = field(default_factory=lambda: [
        ["2d", "15m"], ["7d", "3h"], ["30d", "1d"], ["180d", "7d"]])


@dataclass
class SmtpConfig:
    """Where alert mails go; with no host they are written as .eml files instead."""
    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    username: str = ""
    password_env: str = ""  # name of the environment variable holding the password
    password_file: str = ""  # or a file holding it (relative to this file's folder)
    sender: str = ""
    ca_file: str = ""  # extra CA certificates to trust (a private server's own certificate)
    timeout: float = 30.0


@dataclass
class AlertsConfig:
    """How alerts are grouped, retried, and which source problems are worth telling."""
    enabled: bool = True
    outbox_dir: str = ""  # .eml files when there is no [smtp] host; default: "alerts" by the database
    digest: bool = True  # one mail per recipient and run; a recipient may say otherwise
    retry: str = "2m"  # first wait after a failed delivery, doubled on each failure ...
    max_retry: str = "6h"  # ... up to this
    failed_runs: int = 3  # a source that failed this many runs in a row is a problem
    min_empty: int = 3  # a run with at least this many pages without text ...
    empty_share: float = 0.5  # ... making at least this share of its fetches is a problem
    subject_prefix: str = "[newsmon]"


@dataclass
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    topic: TopicConfig = field(default_factory=TopicConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    indicators: IndicatorsConfig = field(default_factory=IndicatorsConfig)
    sources: list[dict[str, Any]] = field(default_factory=list)
    path: Path | None = None  # the file it came from, if any
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    revisit: RevisitConfig = field(default_factory=RevisitConfig)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    recipients: list[dict[str, Any]] = field(default_factory=list)
    source_schedules: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> interval/cron/jitter

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
            "indicators": IndicatorsConfig, "schedule": ScheduleConfig, "revisit": RevisitConfig,
            "smtp": SmtpConfig, "alerts": AlertsConfig}
SOURCE_KEYS = {
    "name": str, "label": str, "feeds": list, "sitemaps": list, "listings": list,
    "article_pattern": str, "allowed_domains": list, "verified": bool, "notes": str,
    "enabled": bool, "min_score": float,
    "interval": str, "cron": str, "jitter": str,  # its schedule: kept apart, in source_schedules
}
SCHEDULE_KEYS = ("interval", "cron", "jitter")
RECIPIENT_KEYS = {
    "email": str, "name": str, "digest": bool, "kinds": list, "indicators": list, "places": list,
    "sources": list, "keywords": list, "min_change": float, "min_change_pct": float,
    "above": float, "below": float,
}
ALERT_KINDS = ("new_article", "article_changed", "indicator_new", "indicator_revised",
               "indicator_conflict", "source_problem")
SMTP_SECURITY = ("starttls", "tls", "none")
NESTED_LISTS = ("listings", "[revisit] schedule")  # list values that may hold lists or tables


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
    unknown = set(data) - set(SECTIONS) - {"sources", "recipients"}
    if unknown:
        raise ConfigError(f"{where}: unknown section or key {sorted(unknown)[0]!r}")
    config = Config(path=path.resolve() if path else None)
    for name, cls in SECTIONS.items():
        setattr(config, name, _section(cls, data.get(name, {}), f"{where}: [{name}]"))
    config.sources = [_source(entry, f"{where}: [[sources]] #{i + 1}")
                      for i, entry in enumerate(data.get("sources", []))]
    config.source_schedules = _split_schedules(config.sources, where)
    config.recipients = [_recipient(entry, f"{where}: [[recipients]] #{i + 1}")
                         for i, entry in enumerate(data.get("recipients", []))]
    _check_operations(config, where)
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
    _check_keys(entry, SOURCE_KEYS, f"{where} ({entry['name']})")
    return dict(entry)


def _check_keys(entry: dict, known: dict[str, type], where: str) -> None:
    """Every key of an array-of-tables entry is known and of its type."""
    for key, value in entry.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")
        _check_type(value, known[key], f"{where} {key}")


def _check_type(value: Any, expected: type, where: str) -> None:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        raise ConfigError(f"{where}: expected {_type_name(expected)}, got {value!r}")
    if expected is list and any(isinstance(v, (list, dict)) for v in value) and not any(n in where for n in NESTED_LISTS):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")


def _type_name(expected: type) -> str:
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
            list: "a list", dict: "a table"}.get(expected, expected.__name__)


# -- scheduling and alerts: values whose form a type check cannot see --------------------

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """'90s', '15m', '3h', '2d', '1w', '1h30m' as a timedelta; ValueError otherwise."""
    compact = str(text).strip().lower().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"not a duration: {text!r} (examples: 90s, 15m, 3h, 2d, 1w, 1h30m)")
    return sum((timedelta(**{_DURATION_UNITS[u]: float(n)}) for n, u in parts), timedelta())


def _duration(value: str, where: str) -> timedelta:
    try:
        return parse_duration(value)
    except ValueError as err:
        raise ConfigError(f"{where}: {err}") from err


def _check_cron(expr: str, where: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr, timezone="UTC")
    except ValueError as err:
        raise ConfigError(f"{where}: not a crontab expression {expr!r}: {err}") from err


def _check_timing(table: dict, where: str) -> None:
    """interval, cron and jitter of [schedule] or of one source."""
    if table.get("interval") and table.get("cron"):
        raise ConfigError(f"{where}: give 'interval' or 'cron', not both")
    if table.get("interval") and _duration(table["interval"], f"{where} interval") <= timedelta(0):
        raise ConfigError(f"{where} interval: must be longer than 0s")
    if table.get("cron"):
        _check_cron(table["cron"], f"{where} cron")
    if table.get("jitter"):
        _duration(table["jitter"], f"{where} jitter")


def _split_schedules(sources: list[dict], where: str) -> dict[str, dict[str, str]]:
    """Take interval/cron/jitter out of the source entries (they are not part of a Source)."""
    schedules = {}
    for i, entry in enumerate(sources):
        timing = {key: entry.pop(key) for key in SCHEDULE_KEYS if key in entry}
        if timing:
            _check_timing(timing, f"{where}: [[sources]] #{i + 1} ({entry['name']})")
            schedules[entry["name"]] = timing
    return schedules


def _recipient(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table")
    if not isinstance(entry.get("email"), str) or "@" not in entry["email"]:
        raise ConfigError(f"{where}: 'email' is required (an address such as analyst@example.org)")
    _check_keys(entry, RECIPIENT_KEYS, f"{where} ({entry['email']})")
    bad = [kind for kind in entry.get("kinds", []) if kind not in ALERT_KINDS]
    if bad:
        raise ConfigError(f"{where} ({entry['email']}) kinds: unknown kind {bad[0]!r} "
                          f"(known: {', '.join(ALERT_KINDS)})")
    return dict(entry)


def _check_operations(config: Config, where: str) -> None:
    """[schedule], [revisit], [smtp] and [alerts]: durations, crontabs, choices."""
    _check_timing(vars(config.schedule), f"{where}: [schedule]")
    _duration(config.schedule.misfire_grace, f"{where}: [schedule] misfire_grace")
    revisit_pairs(config.revisit.schedule, f"{where}: [revisit] schedule")
    for key in ("retry", "max_retry"):
        _duration(getattr(config.alerts, key), f"{where}: [alerts] {key}")
    if config.smtp.security not in SMTP_SECURITY:
        raise ConfigError(f"{where}: [smtp] security: expected one of {', '.join(SMTP_SECURITY)}, "
                          f"got {config.smtp.security!r}")
    if config.smtp.password_env and config.smtp.password_file:
        raise ConfigError(f"{where}: [smtp]: give 'password_env' or 'password_file', not both")
    if config.smtp.host and not config.smtp.sender:
        raise ConfigError(f"{where}: [smtp] sender: required with a host (the From address)")


def revisit_pairs(schedule: list, where: str = "[revisit] schedule") -> list[tuple[timedelta, timedelta]]:
    """[[age, every], ...] as timedeltas, ages increasing."""
    pairs = []
    for item in schedule:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)):
            raise ConfigError(f'{where}: each entry is [age, every], e.g. ["2d", "15m"]; got {item!r}')
        pairs.append((_duration(item[0], where), _duration(item[1], where)))
    if [age for age, _ in pairs] != sorted(age for age, _ in pairs):
        raise ConfigError(f"{where}: ages must increase, got {schedule!r}")
    return pairs
