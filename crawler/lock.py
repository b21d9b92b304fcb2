"""Locks next to the database, so one newsmon crawls and one sends at a time.

They are OS locks (``flock`` through the filelock library): the kernel releases them
when the holding process dies, however it dies, so a killed run never leaves one stuck.
The lock files themselves may stay behind; they are harmless and reused.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class Busy(Exception):
    """Another process holds the lock; the message says which lock."""


def lock_path(db_path: Path, purpose: str = "") -> Path:
    """``<db>.lock`` for runs, ``<db>.<purpose>.lock`` for the others."""
    return Path(f"{db_path}.{purpose}.lock" if purpose else f"{db_path}.lock")


@contextmanager
def _held(path: Path, timeout: float, busy: str):
    """The lock file ``path``, waiting ``timeout`` seconds for it; Busy(``busy``) after that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout as err:
        raise Busy(f"{busy} (it holds {path})") from err
    try:
        yield path
    finally:
        lock.release()


def run_lock(db_path: Path):
    """Held for a whole `newsmon run` or daemon; a second one fails at once with Busy."""
    return _held(lock_path(db_path), 0, f"another newsmon run or daemon is working on {db_path}")


def send_lock(db_path: Path, timeout: float = 120.0):
    """Held while alerts are sent, waiting for another sender to finish; Busy after ``timeout``."""
    return _held(lock_path(db_path, "send"), timeout, f"another newsmon is sending alerts for {db_path}")
