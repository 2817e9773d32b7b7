"""Imports point one way: bot → core → storage; core knows no chat library and no SQL."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAT_LIBRARIES = {"telegram", "aiogram", "rocketchat_API", "aiohttp"}


def imported_modules(package: str) -> dict[Path, set[str]]:
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[path] = names
    return found


def test_core_imports_no_chat_library_no_sqlalchemy_and_not_bot_or_storage():
    for path, names in imported_modules("core").items():
        assert not names & (CHAT_LIBRARIES | {"sqlalchemy", "alembic", "ldap3", "bot", "storage"}), path


def test_storage_does_not_import_bot():
    for path, names in imported_modules("storage").items():
        assert "bot" not in names, path


def test_bot_knows_no_sql_and_names_storage_only_in_the_composition_root():
    for path, names in imported_modules("bot").items():
        assert "sqlalchemy" not in names, path
        if "storage" in names:
            assert path.name == "app.py", path


def test_handlers_and_conversations_see_no_platform_library():
    for package in ("bot/handlers", "bot/conversations"):
        for path, names in imported_modules(package).items():
            assert not names & CHAT_LIBRARIES, path


def test_only_the_directory_adapter_speaks_ldap():
    for package in ("bot", "core", "storage"):
        for path, names in imported_modules(package).items():
            if "ldap3" in names:
                assert path.relative_to(ROOT).as_posix() == "storage/ldap_directory.py", path


def test_the_code_passes_the_projects_ruff_rules():
    """pyproject's [tool.ruff]: unused or unsorted imports, shadowed names, likely bugs (B)."""
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           "bot", "core", "storage", "bench", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_ports_and_storage_pass_mypy():
    """pyproject's [tool.mypy] on core/ports and storage/: a port and its adapter agree in their types
    (the whole of core joins when its other rooms pass)."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "core/ports", "storage"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
