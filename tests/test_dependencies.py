"""What a deploy installs is what the code imports: every third-party import is declared in a
requirements file, and every declared pin is the one the lock file installs."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"spasmcare", "exercises", "tests", "manage"}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#\\]+)", re.MULTILINE)


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """{normalised distribution name: version} of every `name==version` line in one file."""
    return {normalise(name): version for name, version in PIN.findall((ROOT / path).read_text())}


def imported_distributions(*folders):
    """Normalised names of the installed distributions that the modules under `folders` import."""
    providers = importlib.metadata.packages_distributions()
    found = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in FIRST_PARTY:
                        continue
                    for distribution in providers.get(top, [top]):
                        found.setdefault(normalise(distribution), path.relative_to(ROOT))
    return found


def test_every_package_the_app_imports_is_a_runtime_requirement():
    declared = pins("requirements.txt")
    missing = {name: str(where) for name, where in imported_distributions("spasmcare", "exercises").items()}
    missing = {name: where for name, where in missing.items() if name not in declared}
    assert missing == {}, "imported by the app but not in requirements.txt"


def test_every_package_the_tests_import_is_declared():
    declared = pins("requirements.txt") | pins("requirements-dev.txt")
    missing = {name: str(where) for name, where in imported_distributions("tests").items()}
    missing = {name: where for name, where in missing.items() if name not in declared}
    assert missing == {}, "imported by the tests but in neither requirements file"


@pytest.mark.parametrize(
    "requirements, lock",
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_the_lock_installs_the_declared_versions(requirements, lock):
    """`make lock` was run after the last change to a requirements file."""
    locked = pins(lock)
    stale = {
        name: (version, locked.get(name))
        for name, version in pins(requirements).items()
        if locked.get(name) != version
    }
    assert stale == {}, f"{requirements} and {lock} disagree (declared, locked): run `make lock`"


def test_the_lock_pins_every_package_with_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        entries = re.findall(r"^[A-Za-z0-9].*?(?=^[A-Za-z0-9]|\Z)", text, re.MULTILINE | re.DOTALL)
        assert entries, lock
        for entry in entries:
            assert "==" in entry.split()[0] and "--hash=sha256:" in entry, entry.splitlines()[0]
