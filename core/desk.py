"""The desk: every core service, built once over one unit-of-work factory."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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


@dataclass
class Desk:
    directory: Directory
    tickets: TicketService
    attachments: AttachmentService
    conversations: ConversationStore
    outbox: OutboxService
    transport_state: TransportStateStore
    clock: Clock
    insurance: InsuranceService
    sla: SlaService
    assignments: AssignmentService
    search: SearchService
    digest: DigestService
    stats: StatsService
    people: People
    claims: ClaimsService
    inbox: InboxService
    kept_replies: KeptReplies  # direct replies kept until sent (webhooks, Rocket.Chat)
    hooks: RequestHooks  # the forms' named parsers, option sources, checks and reviews
    reports: ReportDispatcher  # the monthly reports and six-monthly statistics the desk sends by itself
    # builds the services over given Units, with the settings of the desk given (None: as built)
    _over: Callable[[Units, Desk | None], Desk] = field(repr=False, compare=False)

    def within(self, units: Units) -> Desk:
        """The same desk, its services with their settings as they are now, every one built over
        `units`: an update's transaction, which the runner opens and hands to what handles the
        update (Database.transaction; see OneTransaction)."""
        return self._over(units, self)

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
    ) -> "Desk":
        check_request_types(request_types)  # a misspelt hook fails the start, never a person's step
        policy = sla_policy or SlaPolicy()
        insurance_settings = insurance_settings or InsuranceSettings()

        def over(units: Units, like: Desk | None) -> Desk:  # a few dozen small objects: cheap for each update
            max_bytes = like.attachments.max_bytes if like else max_attachment_bytes or MAX_ATTACHMENT_BYTES
            settings = like.insurance.settings if like else insurance_settings
            attachments = AttachmentService(units, files, clock, max_bytes)
            sla = SlaService(units, policy, clock, request_types)
            insurance = InsuranceService(units, clock, settings)
            claims = ClaimsService(units, clock, like.claims.settings if like else settings)
            people = People(units, clock, directory_lookup, directory_policy)
            reports = ReportDispatcher(units, clock, insurance, claims, attachments, people.by_username,
                                       policy.calendar.is_working_day, report_recipients or Recipients(), reports_at,
                                       document_label, settings.font_dir)
            hook_env = HookEnv(units, clock, insurance, claims, attachments, InsuranceDocuments(insurance, claims),
                               document_label)
            return cls(
                directory=Directory(units),
                tickets=TicketService(units, clock, request_types, role_channels, WorkflowHooks(hook_env)),
                attachments=attachments,
                conversations=ConversationStore(units, clock),
                outbox=OutboxService(units, clock, outbox_claim_lease, outbox_rows_committed),
                transport_state=TransportStateStore(units, clock),
                clock=clock,
                sla=sla,
                assignments=AssignmentService(units, policy, clock, request_types),
                search=SearchService(units),
                digest=DigestService(units, sla, digest_at or dt.time(8, 0), clock, enabled=digest_at is not None),
                stats=StatsService(units, sla),
                people=people,
                insurance=insurance,
                claims=claims,
                inbox=InboxService(units, clock),
                kept_replies=KeptReplies(units, clock),
                hooks=RequestHooks(hook_env),
                reports=reports,
                _over=over,
            )

        return over(units, None)
