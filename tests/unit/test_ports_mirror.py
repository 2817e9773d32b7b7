"""core/ports/ and storage/repositories/ mirror each other one to one (and storage/models/ holds the
tables of the same aggregates), and every adapter keeps its port's methods (names, parameters,
defaults, annotations): a port and its adapter cannot drift."""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any, Protocol

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTS, REPOSITORIES, MODELS = (ROOT / "core" / "ports", ROOT / "storage" / "repositories",
                               ROOT / "storage" / "models")

# Ports whose adapter is not a Sql<Port> class of the mirrored module: (module, attribute) of the adapter
ELSEWHERE = {
    "DirectoryLookup": ("storage.ldap_directory", "LdapDirectory"),
    "UnitOfWorkFactory": ("storage.db", "Database.uow"),
    "OneTransaction": ("storage.db", "Database.transaction"),
    "Units": ("storage.db", "Transaction"),  # an update's transaction (core/transactions.py has the others)
}


def module_names(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.py") if not path.stem.startswith("_")}


def defined_classes(module: Any) -> dict[str, type]:
    return {name: value for name, value in vars(module).items()
            if inspect.isclass(value) and value.__module__ == module.__name__}


def ports_of(name: str) -> dict[str, type]:
    module = importlib.import_module(f"core.ports.{name}")
    return {port_name: port for port_name, port in defined_classes(module).items() if Protocol in port.__mro__}


def adapters_of(name: str) -> dict[str, type]:
    module = importlib.import_module(f"storage.repositories.{name}")
    return {adapter_name: adapter for adapter_name, adapter in defined_classes(module).items()
            if adapter_name.startswith("Sql")}


def adapter_of(port_name: str, name: str) -> Any:
    if port_name in ELSEWHERE:
        module, path = ELSEWHERE[port_name]
        found: Any = importlib.import_module(module)
        for part in path.split("."):
            found = getattr(found, part)
        return found
    return adapters_of(name).get(f"Sql{port_name}")


def port_methods(port: type) -> dict[str, Any]:
    wanted = {"__call__", "__enter__", "__exit__"}
    return {name: value for name, value in vars(port).items()
            if inspect.isfunction(value) and (not name.startswith("_") or name in wanted)}


def normalised(annotation: Any) -> str:
    """Annotations are strings here (postponed evaluation); `builtins.list` is how a port spells `list`
    where the class has a method named list, and a port says "UnitOfWork" where its adapter names itself."""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    text = re.sub(r"\bbuiltins\.", "", text).replace('"', "").replace("'", "")
    return re.sub(r"\bSql(\w+)", r"\1", text)


def shape(function: Any, drop_self: bool) -> list[tuple[str, Any, Any, str]]:
    parameters = list(inspect.signature(function).parameters.values())
    if drop_self:
        parameters = parameters[1:]
    return [(p.name, p.kind, p.default, normalised(p.annotation)) for p in parameters]


MIRRORED = sorted(module_names(PORTS) | module_names(REPOSITORIES))


def test_the_two_trees_have_the_same_modules():
    assert module_names(PORTS) == module_names(REPOSITORIES)
    assert len(MIRRORED) > 10  # the folders were found


def test_the_tables_are_kept_by_aggregate_as_the_repositories():
    assert module_names(MODELS) - {"base"} == module_names(REPOSITORIES) - {"unit_of_work"}


@pytest.mark.parametrize("name", MIRRORED)
def test_every_port_has_its_adapter_and_every_adapter_its_port(name):
    ports = ports_of(name)
    assert ports, f"core/ports/{name}.py declares no Protocol"
    missing = [port for port in ports if adapter_of(port, name) is None]
    assert not missing, f"storage/repositories/{name}.py has no Sql class for {missing}"
    orphans = [adapter for adapter in adapters_of(name) if adapter.removeprefix("Sql") not in ports]
    assert not orphans, f"core/ports/{name}.py has no Protocol for {orphans}"


@pytest.mark.parametrize("name", MIRRORED)
def test_every_adapter_keeps_its_ports_method_signatures(name):
    for port_name, port in ports_of(name).items():
        adapter = adapter_of(port_name, name)
        for method_name, method in port_methods(port).items():
            if inspect.isfunction(adapter) or inspect.ismethod(adapter):  # a factory method stands for __call__
                assert method_name == "__call__", (port_name, method_name)
                implementation = adapter
            else:
                implementation = inspect.getattr_static(adapter, method_name, None)
                assert implementation is not None, f"{adapter.__name__} lacks {method_name} of {port_name}"
                implementation = getattr(adapter, method_name)
            wrapped = getattr(implementation, "__wrapped__", implementation)  # @contextmanager
            assert shape(wrapped, drop_self=True) == shape(method, drop_self=True), \
                f"{adapter.__qualname__}.{method_name} differs from {port_name}.{method_name}"
            returns = method.__annotations__.get("return")
            if not method_name.startswith("__") and returns is not None:
                assert normalised(wrapped.__annotations__.get("return")) == normalised(returns), \
                    f"{adapter.__qualname__}.{method_name} returns other than {port_name}.{method_name}"


@pytest.mark.parametrize("name", MIRRORED)
def test_an_adapter_offers_no_public_method_its_port_does_not_declare(name):
    """Core reaches an adapter only through its port: a method there alone is one core cannot call."""
    for adapter_name, adapter in adapters_of(name).items():
        port = ports_of(name)[adapter_name.removeprefix("Sql")]
        offered = {method for method, value in vars(adapter).items()
                   if inspect.isfunction(value) and not method.startswith("_")}
        assert offered <= set(port_methods(port)), (adapter_name, offered - set(port_methods(port)))


def test_the_unit_of_work_holds_each_ports_adapter_under_the_ports_name():
    from core.ports import UnitOfWork
    from storage.repositories import SqlUnitOfWork

    held = {name: value.fget.__annotations__["return"] for name, value in vars(UnitOfWork).items()
            if isinstance(value, property)}  # read-only members, so the adapters' own types match
    assert held
    for name, annotation in held.items():
        repository = inspect.getattr_static(SqlUnitOfWork, name, None)
        assert repository is not None, f"SqlUnitOfWork has no {name}"
        assert repository._make.__name__ == f"Sql{annotation}", (name, repository._make.__name__)
