"""Small JSON documents a transport keeps across restarts."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class TransportStateRow(Base):
    """What a transport must remember across restarts (poll cursors, button menus)."""

    __tablename__ = "transport_state"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
