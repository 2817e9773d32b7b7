"""aiogram imported with its Telegram types left for pydantic to build when first used.

aiogram's `types/__init__` builds the validator of every one of its ~400 types at import
(aiogram issue #1513), each inlining the schemas of all the types it can hold: about 110 MB of
the 165 MB that `import aiogram` takes, for a driver that sends a dozen of them. The types are
declared `defer_build=True`; that rebuild loop exists only to resolve their forward references,
which name types each module imports for type checkers alone. So during the import the loop's
rebuild is skipped, and afterwards every module of `aiogram.types` and `aiogram.methods` is given
the names of that loop's namespace (never replacing one it has): pydantic's own deferred build
then resolves the references on first use, wherever the type is first used from.
"""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

TYPE_MODULES = ("aiogram.types.", "aiogram.methods.")


@contextlib.contextmanager
def types_built_on_first_use() -> Iterator[None]:
    """Import aiogram within this block. If it was imported before, nothing changes."""
    rebuild = BaseModel.__dict__["model_rebuild"]
    namespaces: list[dict[str, Any]] = []

    def rebuild_unless_aiogram_type(cls: type[BaseModel], *, _types_namespace: dict[str, Any] | None = None,
                                    **options: Any) -> bool | None:
        if _types_namespace is None or not cls.__module__.startswith("aiogram.types."):
            return rebuild.__func__(cls, _types_namespace=_types_namespace, **options)
        namespaces.append(_types_namespace)  # the same namespace for every type
        return None

    BaseModel.model_rebuild = classmethod(rebuild_unless_aiogram_type)  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        BaseModel.model_rebuild = rebuild  # type: ignore[method-assign]
    if namespaces:
        _name_types_in_modules(namespaces[-1])


def _name_types_in_modules(namespace: dict[str, Any]) -> None:
    for name, module in list(sys.modules.items()):
        if name.startswith(TYPE_MODULES) and module is not None:
            for type_name, value in namespace.items():
                module.__dict__.setdefault(type_name, value)
