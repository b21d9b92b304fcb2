"""db/lean.py: the database layer starts without numpy, which imports later where needed."""

import subprocess
import sys

import pytest

from db.lean import hidden

SCRIPT = """
import sys
import crawler.cli, crawler.storage, db.store, db.queries
from sqlite_utils import Database
before = "numpy" in sys.modules
db = Database(memory=True)
db["t"].insert({"n": 1, "x": 2.5, "s": "Lạng Sơn"})
from db.stories import signature  # the one user of numpy: it must still import it
assert len(signature("Lạng Sơn tăng trưởng 7,2% năm 2025")) == 512
print(before, "numpy" in sys.modules, db["t"].columns_dict)
"""


def test_commands_start_without_numpy_and_the_signature_still_imports_it():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True {'n': <class 'int'>, 'x': <class 'float'>, 's': <class 'str'>}"


def test_hidden_modules_import_again_after_the_block():
    name = "newsmon_never_imported_module"
    with hidden([name]):
        with pytest.raises(ImportError):
            __import__(name)
    assert name not in sys.modules
    with hidden(["json"]):  # already imported: left alone
        import json  # noqa: F401
    assert sys.modules["json"] is not None
