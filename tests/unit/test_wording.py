"""No catalog key and no internal code reaches a person (issue 23, «wording»): every Persian catalog
string as it is shown; every cell of a month's reports and of the Saman file; what the command line
says in Persian. Elsewhere: every cell of a month's reports and of the Saman file
(tests/unit/insurance/test_monthly_reports.py), and every chat message the tests' ChatHarness hands back
(tests/harness.py). The rule: tests/wording.py."""
from __future__ import annotations

import re
import string

import pytest

from bot.i18n import catalog
from tests.harness import said
from tests.wording import CODES, leaks


def _sample(text: str) -> str:
    """The string as shown, each placeholder a Persian word (what code puts there is checked where shown)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format(**{name: "نمونه" for name in names})


def test_the_rule_cannot_be_met_by_accident():
    assert leaks("طرح death_disability سرمایه پزشکی ندارد") == ["death_disability"]
    assert leaks("مدارک ناقص: guardian_id_copy") == ["guardian_id_copy"]
    assert leaks("سطر ۳، national_id: نادرست") == ["national_id"]
    assert leaks("نوع سند: endorsement") == ["endorsement"]
    assert leaks("insurance.rule.medical_above_share") != []
    assert leaks("فرمان \u2066/my premium_issuance\u2069 را بفرستید") == []  # what a person types
    assert {"death_disability", "additional", "guardian_id_copy", "report_reader", "outside_cover"} <= CODES


@pytest.mark.parametrize("key", sorted(catalog("fa")))
def test_no_persian_catalog_string_shows_a_code(key: str):
    assert not leaks(_sample(catalog("fa")[key])), catalog("fa")[key]


def test_no_catalog_string_shows_a_key_in_either_language():
    shaped = re.compile(r"(?<![\w./-])([a-z_]+)(?:\.[a-z0-9_]+)+(?![\w])")
    tables = {key.split(".")[0] for key in catalog("fa")}
    for lang in ("fa", "en"):
        for key, text in catalog(lang).items():
            found = [m.group() for m in shaped.finditer(_sample(text)) if m.group(1) in tables]
            assert not found, f"{lang} {key}: {found}"


def test_the_claim_form_asks_its_own_contract_question_and_the_endorsement_form_its_own(desk):
    # both forms have a field "contract"; one file's wording used to replace the other's
    desk.say("kindergarten", "/new")
    assert "خسارت کدام قرارداد است؟" in said(desk.press("kindergarten", "اعلام خسارت"))
    desk.say("kindergarten", "/cancel")
    desk.say("kindergarten", "/new")
    out = said(desk.press("kindergarten", "الحاقیه"))
    assert "کدام قرارداد؟" in out and "خسارت" not in out
