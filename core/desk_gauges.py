"""Gauges of the desk that an operator watches (served as metrics)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DeskStats:
    outbox_depth: dict[str, int] = field(default_factory=dict)  # platform -> rows waiting
    outbox_oldest_age_seconds: dict[str, float] = field(default_factory=dict)  # platform -> age
    active_drafts: int = 0  # conversations in progress
    tickets_by_state: dict[tuple[str, str], int] = field(default_factory=dict)  # (request type, state) -> count
