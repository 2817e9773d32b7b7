"""The [insurance] section: numbering, the offices' authority, the tariffs, the documents' fonts and insurer."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from bot.config.base import Strict
from bot.config.checks import LARGEST, NonEmpty, Rials, Username, existing_folder
from core.insurance.contracts.receipts import DEFAULT_INSURER
from core.insurance.shared.settings import DEFAULT_OFFICE, InsuranceSettings


class GroupDiscountRow(Strict):
    min_persons: int = Field(ge=1, le=10**9)
    percent: int = Field(ge=0, le=25)  # the seed: at most 25%


class ShortTermRow(Strict):
    up_to_days: int = Field(ge=1, le=366)
    percent: int = Field(ge=0, le=100)


class InsuranceConfig(Strict):
    """The insurer's side (docs/insurance.md): registers, limits and tariffs."""

    contract_number_start: int = Field(default=300_000, ge=1, le=LARGEST // 2)  # room for the numbers after it
    default_office: NonEmpty = DEFAULT_OFFICE
    authority_limit_rials: int = Field(default=5_000_000_000, ge=10_000_000, le=LARGEST)
    office_authority_limits: dict[NonEmpty, Annotated[Rials, Field(ge=10_000_000)]] = Field(default_factory=dict)
    group_discounts: list[GroupDiscountRow] | None = None  # the office's own head-count table; None: none
    short_term_tariff: list[ShortTermRow] | None = None  # the office's own (K26: not in the seed); None: default
    primary_insurer_medical_discount_percent: int = Field(default=0, ge=0, le=100)
    renewal_notice_days: int = Field(default=30, ge=1, le=365)
    payment_deadline_days: int = Field(default=30, ge=0, le=365)
    font_dir: Annotated[str | None, AfterValidator(existing_folder)] = None
    insurer_name: NonEmpty = DEFAULT_INSURER  # at the head of every document
    # username = policyholder name: who speaks for which policyholder in chat (added if absent;
    # `python -m bot insurance policyholders link` does the same for one user)
    # (a username the desk does not know is refused at start: bot/app.py)
    policyholder_links: dict[Username, NonEmpty] = Field(default_factory=dict)
    # Paid beyond the medical capital (seed K16), by the Jalali year of a contract's start: { 1404 = rials }
    kidney_purchase_rials: dict[Annotated[int, Field(ge=1300, le=1499)], Rials] = Field(default_factory=dict)
    lithotripsy_rials: dict[Annotated[int, Field(ge=1300, le=1499)], Rials] = Field(default_factory=dict)

    @field_validator("short_term_tariff")
    @classmethod
    def _never_decreasing(cls, rows: list[ShortTermRow] | None) -> list[ShortTermRow] | None:
        if rows:
            ordered = sorted(rows, key=lambda r: r.up_to_days)
            if any(a.percent > b.percent for a, b in zip(ordered, ordered[1:])):
                raise ValueError("short_term_tariff: the earned percent may not fall as days grow")
        return rows

    def settings(self) -> InsuranceSettings:
        defaults = InsuranceSettings()
        return InsuranceSettings(
            contract_number_start=self.contract_number_start,
            default_office=self.default_office,
            authority_limit_rials=self.authority_limit_rials,
            office_authority_limits=dict(self.office_authority_limits),
            group_discounts=tuple((r.min_persons, r.percent) for r in self.group_discounts)
            if self.group_discounts else defaults.group_discounts,
            short_term_tariff=tuple((r.up_to_days, r.percent) for r in self.short_term_tariff)
            if self.short_term_tariff else defaults.short_term_tariff,
            renewal_notice_days=self.renewal_notice_days,
            payment_deadline_days=self.payment_deadline_days,
            font_dir=self.font_dir,
            insurer_name=self.insurer_name,
            primary_insurer_medical_discount_percent=self.primary_insurer_medical_discount_percent,
            kidney_purchase_rials=dict(self.kidney_purchase_rials),
            lithotripsy_rials=dict(self.lithotripsy_rials),
        )
