"""Joining a caller's transaction, so that a domain step can run inside a workflow transition."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.ports import UnitOfWork, UnitOfWorkFactory


@contextmanager
def joined_or_own(uow_factory: UnitOfWorkFactory, uow: UnitOfWork | None,
                  write: bool = True) -> Iterator[UnitOfWork]:
    """The caller's transaction (left for it to commit), or a new one committed on success
    (write=False: one that only reads)."""
    if uow is not None:
        yield uow
        return
    with uow_factory(write=write) as own:
        yield own
        own.commit()
