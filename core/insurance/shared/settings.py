"""The insurer's settings, filled from the [insurance] section of the config."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.insurance.contracts.endorsements import DEFAULT_SHORT_TERM_TARIFF
from core.insurance.contracts.premium import DEFAULT_GROUP_DISCOUNTS
from core.insurance.contracts.receipts import DEFAULT_INSURER
from core.insurance.contracts.renewals import DEFAULT_NOTICE_DAYS
from core.insurance.shared.registers import DEFAULT_CONTRACT_START

DEFAULT_OFFICE = "اداره صدور بیمه‌نامه‌های حوادث و تحصیلی"


@dataclass(frozen=True)
class InsuranceSettings:
    contract_number_start: int = DEFAULT_CONTRACT_START
    default_office: str = DEFAULT_OFFICE
    authority_limit_rials: int = 5_000_000_000  # per person commitment an office may sign alone
    office_authority_limits: dict[str, int] = field(default_factory=dict)
    group_discounts: tuple[tuple[int, int], ...] = DEFAULT_GROUP_DISCOUNTS
    short_term_tariff: tuple[tuple[int, int], ...] = DEFAULT_SHORT_TERM_TARIFF
    renewal_notice_days: int = DEFAULT_NOTICE_DAYS
    payment_deadline_days: int = 30  # from the start date
    font_dir: str | None = None
    insurer_name: str = DEFAULT_INSURER  # at the head of every document the desk prints
    # K35 gives a discount on the medical premium for persons with a primary insurer, without a figure:
    # the office's own percent, off the contract's medical rate
    primary_insurer_medical_discount_percent: int = 0
    # Paid beyond the medical capital (K16), by the Jalali year of the contract's start: {1404: rials}
    kidney_purchase_rials: dict[int, int] = field(default_factory=dict)
    lithotripsy_rials: dict[int, int] = field(default_factory=dict)

    def authority_limit(self, office: str) -> int:
        return self.office_authority_limits.get(office, self.authority_limit_rials)
