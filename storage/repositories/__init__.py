"""SQLAlchemy implementations of the repository protocols in core.ports, one module per aggregate
(mirroring core/ports/ one to one), and the unit of work that holds them.

Every method returns the frozen dataclasses of core, never ORM rows, and copies JSON values on
the way in and out so nobody outside shares a dict with the session.
"""
from storage.repositories.unit_of_work import SqlOwnUnitOfWork, SqlUnitOfWork

__all__ = ["SqlOwnUnitOfWork", "SqlUnitOfWork"]
