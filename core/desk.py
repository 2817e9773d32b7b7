"""The desk: every core service, over one Units (where each piece of their work goes)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from core.assignment import AssignmentService
from core.attachments import MAX_ATTACHMENT_BYTES, AttachmentService, FileStore
from core.clock import Clock, utc_now
from core.conversations import ConversationStore
from core.digest import DigestService
from core.identity import Directory
from core.inbox import InboxService
from core.insurance.claims.service import ClaimsService
from core.insurance.contracts.documents import InsuranceDocuments
from core.insurance.contracts.service import InsuranceService
from core.insurance.reports.dispatch import ReportDispatcher
from core.insurance.reports.monthly import Recipients
from core.insurance.shared.settings import InsuranceSettings
from core.kept_replies import KeptReplies
from core.notifications import Address
from core.outbox import CLAIM_LEASE, OutboxService
from core.people import DirectoryPolicy, People
from core.ports import DirectoryLookup, Units
from core.requests.checks import check_request_types
from core.requests.hooks import HookEnv, RequestHooks, WorkflowHooks
from core.requests.registry import REQUEST_TYPES
from core.requests.types import RequestType
from core.search import SearchService
from core.sla import SlaPolicy, SlaService
from core.stats import StatsService
from core.tickets import TicketService
from core.transport_state import TransportStateStore


@dataclass(frozen=True)
class DeskSettings:
    """What the desk was built with; the same for every desk over an update's transaction."""

    files: FileStore
    clock: Clock
    request_types: dict[str, RequestType]
    role_channels: Sequence[Address]
    sla_policy: SlaPolicy
    digest_at: dt.time | None  # Tehran wall time of the daily digest; None: no digest
    directory_lookup: DirectoryLookup | None
    directory_policy: DirectoryPolicy
    outbox_claim_lease: dt.timedelta
    document_label: Callable[[str], str]  # names codes in the documents effects make (Persian)
    outbox_rows_committed: Callable[[], int] | None  # storage's count: wakes the dispatcher
    report_recipients: Recipients  # per department, for the monthly reports
    reports_at: dt.time  # Tehran wall time, on the month's first working day
    max_attachment_bytes: int
    insurance_settings: InsuranceSettings


class Desk:
    """Every core service over one Units. Each is made the first time it is used: the desk over an
    update's transaction (within) is made for every update, and an update uses a few of them. The
    services a desk made share each other (the hooks' claims are the desk's claims)."""

    def __init__(self, units: Units, settings: DeskSettings, like: Desk | None = None) -> None:
        self.units = units
        self.settings = settings
        self.clock = settings.clock
        self._like = like  # the desk this one was made from: its settings as they are now

    def within(self, units: Units) -> Desk:
        """The same desk, its services with their settings as they are now, every one over `units`:
        an update's transaction, which the runner opens and hands to what handles the update
        (Database.transaction; see OneTransaction)."""
        return Desk(units, self.settings, self)

    @classmethod
    def build(
        cls,
        units: Units,  # where each service's pieces of work go (OwnUnits over storage's Database.uow)
        files: FileStore,
        clock: Clock = utc_now,
        request_types: dict[str, RequestType] = REQUEST_TYPES,
        max_attachment_bytes: int | None = None,
        role_channels: Sequence[Address] = (),
        insurance_settings: InsuranceSettings | None = None,
        sla_policy: SlaPolicy | None = None,
        digest_at: dt.time | None = None,  # Tehran wall time of the daily digest; None: no digest
        directory_lookup: DirectoryLookup | None = None,
        directory_policy: DirectoryPolicy = DirectoryPolicy(),
        outbox_claim_lease: dt.timedelta = CLAIM_LEASE,
        document_label: Callable[[str], str] = str,  # names codes in the documents effects make (Persian)
        outbox_rows_committed: Callable[[], int] | None = None,  # storage's count: wakes the dispatcher
        report_recipients: Recipients | None = None,  # per department, for the monthly reports
        reports_at: dt.time = dt.time(8, 0),  # Tehran wall time, on the month's first working day
    ) -> Desk:
        check_request_types(request_types)  # a misspelt hook fails the start, never a person's step
        return cls(units, DeskSettings(
            files, clock, request_types, role_channels, sla_policy or SlaPolicy(), digest_at, directory_lookup,
            directory_policy, outbox_claim_lease, document_label, outbox_rows_committed,
            report_recipients or Recipients(), reports_at, max_attachment_bytes or MAX_ATTACHMENT_BYTES,
            insurance_settings or InsuranceSettings()))

    # ---- the services ------------------------------------------------------------------------
    @cached_property
    def directory(self) -> Directory:
        return Directory(self.units)

    @cached_property
    def tickets(self) -> TicketService:
        s = self.settings
        return TicketService(self.units, s.clock, s.request_types, s.role_channels, WorkflowHooks(self.hook_env))

    @cached_property
    def attachments(self) -> AttachmentService:
        max_bytes = self._like.attachments.max_bytes if self._like else self.settings.max_attachment_bytes
        return AttachmentService(self.units, self.settings.files, self.clock, max_bytes)

    @cached_property
    def conversations(self) -> ConversationStore:
        return ConversationStore(self.units, self.clock)

    @cached_property
    def outbox(self) -> OutboxService:
        s = self.settings
        return OutboxService(self.units, s.clock, s.outbox_claim_lease, s.outbox_rows_committed)

    @cached_property
    def transport_state(self) -> TransportStateStore:
        return TransportStateStore(self.units, self.clock)

    @cached_property
    def insurance(self) -> InsuranceService:
        settings = self._like.insurance.settings if self._like else self.settings.insurance_settings
        return InsuranceService(self.units, self.clock, settings)

    @cached_property
    def claims(self) -> ClaimsService:
        settings = self._like.claims.settings if self._like else self.settings.insurance_settings
        return ClaimsService(self.units, self.clock, settings)

    @cached_property
    def sla(self) -> SlaService:
        s = self.settings
        return SlaService(self.units, s.sla_policy, s.clock, s.request_types)

    @cached_property
    def assignments(self) -> AssignmentService:
        s = self.settings
        return AssignmentService(self.units, s.sla_policy, s.clock, s.request_types)

    @cached_property
    def search(self) -> SearchService:
        return SearchService(self.units)

    @cached_property
    def digest(self) -> DigestService:
        at = self.settings.digest_at
        return DigestService(self.units, self.sla, at or dt.time(8, 0), self.clock, enabled=at is not None)

    @cached_property
    def stats(self) -> StatsService:
        return StatsService(self.units, self.sla)

    @cached_property
    def people(self) -> People:
        s = self.settings
        return People(self.units, s.clock, s.directory_lookup, s.directory_policy)

    @cached_property
    def inbox(self) -> InboxService:
        return InboxService(self.units, self.clock)

    @cached_property
    def kept_replies(self) -> KeptReplies:
        """Direct replies kept until sent (webhooks, Rocket.Chat)."""
        return KeptReplies(self.units, self.clock)

    @cached_property
    def hook_env(self) -> HookEnv:
        """What the request types' hooks may use."""
        return HookEnv(self.units, self.clock, self.insurance, self.claims, self.attachments,
                       InsuranceDocuments(self.insurance, self.claims), self.settings.document_label)

    @cached_property
    def hooks(self) -> RequestHooks:
        """The forms' named parsers, option sources, checks and reviews."""
        return RequestHooks(self.hook_env)

    @cached_property
    def reports(self) -> ReportDispatcher:
        """The monthly reports and six-monthly statistics the desk sends by itself."""
        s = self.settings
        return ReportDispatcher(self.units, s.clock, self.insurance, self.claims, self.attachments,
                                self.people.by_username, s.sla_policy.calendar.is_working_day, s.report_recipients,
                                s.reports_at, s.document_label, self.insurance.settings.font_dir)
