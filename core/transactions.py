"""Where a service's pieces of work go (the port: core/ports/unit_of_work.py, Units).

A service is built over Units and writes each piece of its work as a block
``with self.units.write() as uow:`` (``read()`` for a piece that only reads, ``statement()``
for a piece of one write statement). It never commits: the Units it was built over end each
block. OwnUnits (the command line, jobs, tests) gives each block a unit of work of its own and
commits it when the block ends well; an update's transaction (storage.db.Transaction, given by
the runner: Desk.within) makes each block a part of it. A step that must run inside a caller's
unit of work (a workflow hook inside a transition) asks the service for ``within(uow)``: the
same service whose every block is that unit (JoinedUnit), which the caller ends.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Self

from core.ports import UnitOfWork, UnitOfWorkFactory, Units


class OwnUnits:
    """Each block a unit of work of its own, committed when the block ends well and rolled back
    when it raises."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        with self._uow_factory(write=True) as own:
            yield own
            own.commit()

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self._uow_factory(write=False) as own:  # on SQLite: no write lock
            yield own
            own.commit()

    statement = write  # alone, one statement is a unit like any other


class JoinedUnit:
    """Every block the caller's unit of work; nothing is committed or rolled back here (a
    refusal raised inside goes up to the caller, who ends the unit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        yield self._uow

    read = write
    statement = write


@dataclass
class OverUnits:
    """A service built over Units; ``within(uow)`` is the same service inside a caller's unit."""

    units: Units

    def within(self, uow: UnitOfWork) -> Self:
        """This service with every piece of its work in `uow`, which the caller ends."""
        return dataclasses.replace(self, units=JoinedUnit(uow))
