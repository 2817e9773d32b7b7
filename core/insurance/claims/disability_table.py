"""The disability table: the percentage of the death-and-disability capital paid per item.

The default follows the table of the general conditions of accident insurance
(«جدول نقص عضو مندرج در شرایط عمومی بیمه‌نامه حوادث», as the seed names it) for
the items commonly quoted from it. It is data: a contract or the claims office can
pass its own ``DisabilityTable`` instead (``default_table().with_items(...)``).
Items the table does not list are assessed by the company's doctor as a
percentage of the whole body, which the payout takes directly.

Codes only; labels for people live in the bot's catalogs.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from core.insurance.claims.money import ClaimInputError, PercentLike, exact_fraction

# Total permanent disability: 100% of the capital.
_TOTAL = {
    "sight_both_eyes": 100,  # complete, permanent blindness of both eyes
    "hearing_both_ears": 100,  # complete, permanent deafness of both ears
    "both_hands": 100,  # loss or total disablement of both hands, at least from the wrist
    "both_feet": 100,  # both feet, at least from the ankle
    "one_hand_and_one_foot": 100,
    "spinal_cord_severed": 100,
    "lower_jaw_removed": 100,
    "incurable_insanity": 100,
}

# Partial permanent disability: loss, or permanent and total disablement, of
_PARTIAL = {
    "speech": 80,  # the power of speech (larynx disabled or tongue cut)
    "arm_above_elbow": 70,  # one arm, from the upper arm
    "forearm": 60,
    "hand_at_wrist": 55,
    "fingers_both_hands": 80,
    "fingers_one_hand": 50,
    "thumb": 36,
    "thumb_first_phalanx": 24,
    "index_finger": 25,
    "index_finger_first_phalanx": 12,
    "index_finger_two_phalanges": 20,
    "middle_or_ring_finger": 15,  # each of the two middle fingers
    "little_finger": 10,
    "leg_at_thigh": 70,
    "leg_below_knee": 60,
    "foot_at_ankle": 55,
    "toes_one_foot": 30,
    "big_toe": 10,
}

# The seed: «غرامت نقص عضو هر دندان حداکثر یک درصد کل بدن»; the table caps the
# loss of teeth as a whole at 28%.
TOOTH_PERCENT_MAX = Fraction(1)
TEETH_PERCENT_MAX = Fraction(28)


@dataclass(frozen=True)
class DisabilityTable:
    items: Mapping[str, Fraction] = field(default_factory=dict)
    tooth_percent_max: Fraction = TOOTH_PERCENT_MAX
    teeth_percent_max: Fraction = TEETH_PERCENT_MAX

    def percent(self, item: str) -> Fraction:
        try:
            return self.items[item]
        except KeyError:
            raise ClaimInputError(problem="unknown_disability_item", item=item) from None

    def with_items(self, extra: Mapping[str, PercentLike]) -> DisabilityTable:
        """This table with items added or changed (a contract's own percentages)."""
        items = dict(self.items) | {code: _percent(value, code) for code, value in extra.items()}
        return DisabilityTable(MappingProxyType(items), self.tooth_percent_max, self.teeth_percent_max)


def _percent(value: PercentLike, what: str) -> Fraction:
    result = exact_fraction(value, what)
    if result > 100:
        raise ClaimInputError(problem="percent_over_100", what=what)
    return result


def default_table() -> DisabilityTable:
    return DisabilityTable().with_items(_TOTAL | _PARTIAL)
