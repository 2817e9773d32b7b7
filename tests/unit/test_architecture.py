"""Imports point one way: bot → core → storage; core knows no chat library and no SQL."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_core_and_storage_pass_mypy():
    """pyproject's [tool.mypy] on the whole of core/ and storage/: a port and its adapter agree in their
    types, and core's callers keep to them."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def module_imports(package: str) -> dict[str, set[str]]:
    """Each module of the package and the modules of the project it imports (deferred ones too,
    not those under `if TYPE_CHECKING`); `from pkg import name` counts pkg.name when that is a module."""
    modules = {p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__"): p
               for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checking = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(
            node.test) for n in ast.walk(node)}
        found = set()
        for node in ast.walk(tree):
            if id(node) in checking:
                continue
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                          for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("package", ["bot", "core", "storage"])
def test_no_import_circle(package):
    # between the packages the layer tests above forbid one: bot -> core -> storage only
    assert circles(module_imports(package)) == []


CONTRACT_TABLES = {"contracts", "members", "payments", "endorsements", "policyholders", "proposals", "refunds"}


def test_claims_ask_contracts_a_coverage_question_instead_of_reading_their_tables():
    """core/insurance/claims reads a contract, its roster, endorsements and receipts only through
    core/insurance/contracts/coverage.py."""
    for path in (ROOT / "core" / "insurance" / "claims").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in CONTRACT_TABLES and isinstance(node.value, ast.Name):
                assert node.value.id not in {"u", "uow"}, f"{path.name}:{node.lineno} reads uow.{node.attr}"


def _sources(*packages: str) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for package in packages for path in (ROOT / package).rglob("*.py")}


def test_one_visible_unit_of_work():
    """The transaction is passed, not found (docs/architecture.md, "The unit of work"): no method
    takes a unit of work that may be absent (a method run in two transaction modes), no context
    variable holds a transaction, and in core only the units' owner commits (core/transactions.py)."""
    for path, text in _sources("core", "storage").items():
        where = path.relative_to(ROOT).as_posix()
        assert not re.search(r"\bUnitOfWork\s*\|\s*None|Optional\[\s*UnitOfWork\s*\]", text), where
        assert "ContextVar" not in text and "contextvars" not in text, where
        if where.startswith("core/") and where != "core/transactions.py":
            assert ".commit()" not in text, where
