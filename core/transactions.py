"""Where a service's pieces of work go (the port: core/ports/unit_of_work.py, Units).

A service is built over a unit-of-work factory: each piece of work is then a unit of its own,
committed when the piece ends well (OwnUnits: the command line, jobs, tests). A step that must
run inside a caller's unit of work (a workflow hook inside a transition) asks the service for
``within(uow)``: the same service whose every piece of work is that unit (JoinedUnit), which
none of its methods commits: the caller does.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Self

from core.ports import UnitOfWork, UnitOfWorkFactory, Units


class OwnUnits:
    """Each piece of work in a unit of its own, committed when the piece ends well."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        with self._uow_factory() as own:
            yield own
            own.commit()

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        with self._uow_factory(write=False) as own:
            yield own
            own.commit()


class JoinedUnit:
    """Every piece of work in the caller's unit of work; nothing is committed or rolled back
    here (a refusal raised inside goes up to the caller, who ends the unit)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        yield self._uow

    read = write


@dataclass
class OverUnits:
    """A service built over a unit-of-work factory: ``self.units`` gives its pieces of work
    units of their own; ``within(uow)`` is the same service inside the caller's unit."""

    uow_factory: UnitOfWorkFactory

    def __post_init__(self) -> None:
        self.units: Units = OwnUnits(self.uow_factory)

    def within(self, uow: UnitOfWork) -> Self:
        """This service with every piece of work in `uow`, which the caller commits."""
        joined = dataclasses.replace(self)
        joined.units = JoinedUnit(uow)
        return joined
