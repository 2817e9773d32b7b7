"""The outbox's notifications are drawn through one registry: each kind core queues has exactly one renderer."""
from __future__ import annotations

import pytest

from bot.render.notifications import RENDERERS, gathered
from core.assignment import ASSIGNED
from core.digest import DIGEST
from core.insurance.contracts.reminders import RENEWAL_DUE
from core.insurance.reports.dispatch import REPORT_SENT, STATISTICS_SENT
from core.notifications import COMMENT_ADDED, DOCUMENT_SENT, STATUS_CHANGED, TICKET_WAITING
from core.sla import BREACHED, HALF_TIME

QUEUED_BY_CORE = {STATUS_CHANGED, TICKET_WAITING, COMMENT_ADDED, DOCUMENT_SENT, RENEWAL_DUE, REPORT_SENT,
                  STATISTICS_SENT, HALF_TIME, BREACHED, DIGEST, ASSIGNED}


def test_every_kind_core_queues_has_a_renderer_and_no_other_kind_has_one() -> None:
    assert set(RENDERERS) == QUEUED_BY_CORE


def test_a_kind_two_rooms_claim_fails_when_the_registry_is_built() -> None:
    def first(*_): ...
    def second(*_): ...

    with pytest.raises(ValueError, match="digest"):
        gathered({DIGEST: first}, {DIGEST: second})
