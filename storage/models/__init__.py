"""ORM tables, one module per aggregate (as storage/repositories/). Only storage uses these; core sees
the dataclasses of core. Importing this package registers every table on Base.metadata (Alembic's env
and the tests read it there)."""
from storage.models import (  # noqa: F401  (registers the tables)
    attachments,
    claims,
    contracts,
    conversations,
    document_codes,
    kept_replies,
    messages,
    policyholders,
    proposals,
    report_dispatches,
    tickets,
    transport_state,
    users,
)
from storage.models.base import Base

__all__ = ["Base"]
