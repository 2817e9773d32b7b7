"""Who may be insured (K8) and who may be exempt (K15), on the roster, each bad row with its reason;
and figures no column can hold (every amount bounded)."""
from __future__ import annotations

import pytest

from core.insurance.contracts.roster import parse_roster
from core.insurance.contracts.service import InsuranceService
from core.insurance.contracts.service_types import ContractRequest, InsuranceError
from core.insurance.contracts.terms import MAX_RIALS, ContractRefused
from tests.unit.insurance.support import j, nid, person

START = j(1403, 6, 1)
HEADER = "national_id,first_name,last_name,birth_date,role,exemption,extra_risk,primary_insurer"


def roster(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def row(n: int, birth: str = "1398/05/12", role: str = "child", exemption: str = "", primary: str = "") -> str:
    return f"{nid(n)},سارا,محمدی{n},{birth},{role},{exemption},no,{primary}"


def problems(data: bytes) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in parse_roster("r.csv", data, cover_start=START).problems]


def test_children_staff_spouses_and_dependant_children_may_be_insured():
    result = parse_roster("r.csv", roster(row(1), row(2, "1360/01/01", "staff"), row(3, "1362/01/01", "همسر"),
                                          row(4, "1390/01/01", "فرزند کارکنان"), row(5, primary="بله")),
                          cover_start=START)
    assert result.ok, result.problems
    assert [p.role for p in result.persons] == ["child", "staff", "spouse", "staff_child", "child"]
    assert [p.primary_insurer for p in result.persons] == [False, False, False, False, True]


@pytest.mark.parametrize(("birth", "reason"), [
    # the start is 1403/06/01: four months after 1403/02/01 is that very day: not *more than* 4 months
    ("1403/02/01", "dependant_too_young"),
    ("1403/01/31", None),  # 4 months and a day
    # 25 on 1403/06/01 exactly: not *under* 25
    ("1378/06/01", "dependant_too_old"),
    ("1378/06/02", None),  # 25 the next day: still 24 on the start
])
def test_a_staff_members_child_is_more_than_4_months_and_under_25_on_the_cover_start(birth, reason):
    assert problems(roster(row(1, birth, "staff_child"))) == ([(2, reason)] if reason else [])


@pytest.mark.parametrize(("role", "exemption", "refused"), [
    ("child", "martyr_child", False),
    ("child", "relief_student", False),
    ("staff_child", "veteran", False),  # a veteran's child among the staff's dependants
    ("staff", "martyr_child", True),  # K15 names children: a staff member is never exempt
    ("spouse", "freed_pow", True),
    ("staff_child", "relief_student", True),  # K8: a dependant child is a non-student
])
def test_exemptions_are_for_children_and_a_staff_member_marked_exempt_is_refused(role, exemption, refused):
    found = problems(roster(row(1, "1390/01/01" if role == "staff_child" else "1360/01/01", role, exemption)))
    assert found == ([(2, "exemption_not_for_role")] if refused else [])


def test_an_unknown_role_is_refused_on_its_row():
    assert problems(roster(row(1), row(2, role="teacher_parent"))) == [(3, "role_unknown")]


def test_the_service_refuses_a_person_who_may_not_be_insured_even_without_a_file(service: InsuranceService):
    with pytest.raises(ContractRefused) as refused:
        service.quote_contract(ContractRequest("مهد", "death_disability", 100_000_000, 1_000_000, START,
                                               [person(1), person(2, role="staff", exemption="veteran")]))
    assert refused.value.rule == "not_insurable" and nid(2) in refused.value.params["national_ids"]


@pytest.mark.parametrize(("field", "value"), [("death_capital", MAX_RIALS + 1), ("rate", MAX_RIALS + 1),
                                              ("medical_capital", MAX_RIALS + 1)])
def test_a_figure_above_what_a_64_bit_column_holds_is_refused_not_a_crash(service: InsuranceService, field, value):
    values = dict(policyholder="مهد", plan="death_disability_medical", death_capital=100_000_000, rate=1_000_000,
                  start=START, persons=[person(1)], medical_capital=10_000_000)
    values[field] = value
    with pytest.raises(ContractRefused) as refused:
        service.quote_contract(ContractRequest(**values))
    assert refused.value.rule == "amount_too_large" and refused.value.params["what"] == field


def test_a_total_premium_above_what_a_column_holds_is_refused(service: InsuranceService):
    # 3 persons at (2**63 - 1) // 2 each: the sum is above 2**63 - 1
    with pytest.raises(ContractRefused) as refused:
        service.quote_contract(ContractRequest("مهد", "death_disability", MAX_RIALS // 2, MAX_RIALS // 2, START,
                                               [person(n) for n in (1, 2, 3)]))
    assert refused.value.rule == "amount_too_large"


def test_no_contract_starts_before_1300(service: InsuranceService):
    with pytest.raises(InsuranceError) as refused:
        service.quote_contract(ContractRequest("مهد", "death_disability", 100_000_000, 1_000_000, j(1299, 12, 1),
                                               [person(1)]))
    assert refused.value.rule == "date_too_old"
