"""The same case is never paid twice, even when two experts order payment at the same instant."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from core.insurance.claims.models import NewPaymentOrder
from core.insurance.claims.service import ClaimRefused, ClaimsService, DoctorAnalysis
from storage.db import Database, open_database
from tests.databases import database_url
from tests.unit.insurance.claims_support import issue, notice, services
from tests.unit.insurance.support import j


def two_assessed_claims_of_one_case(claims: ClaimsService, contract: int) -> tuple[int, int]:
    """Two files for the same incident of the same person (filed twice, by the school and a parent)."""
    numbers = []
    for _ in range(2):
        view = claims.file(notice(contract, kind="disability", day=j(1403, 8, 15)), actor="operator")
        claims.record_analysis(view.number, DoctorAnalysis(disability_items=["thumb"]), actor="operator")
        claims.assess(view.number, actor="operator")
        numbers.append(view.number)
    return numbers[0], numbers[1]


def order_at_once(claims: ClaimsService, numbers: list[int]) -> list[object]:
    barrier = threading.Barrier(len(numbers))
    results: list[object] = [None] * len(numbers)

    def expert(i: int) -> None:
        barrier.wait()
        try:
            results[i] = claims.order_payment(numbers[i], actor=f"expert{i}", require_documents=False)
        except ClaimRefused as exc:
            results[i] = exc.rule

    threads = [threading.Thread(target=expert, args=(i,)) for i in range(len(numbers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_experts_ordering_two_files_of_the_same_case_at_once_pay_it_once(database: Database):
    insurance, claims = services(database)
    first, second = two_assessed_claims_of_one_case(claims, issue(insurance))

    results = order_at_once(claims, [first, second])

    orders = [r for r in results if not isinstance(r, str)]
    assert len(orders) == 1 and [r for r in results if isinstance(r, str)] == ["already_paid"]
    with database.uow() as uow:
        assert [o.amount for o in uow.payment_orders.list()] == [36_000_000]


def test_two_experts_ordering_the_same_file_at_once_get_one_order(database: Database):
    insurance, claims = services(database)
    first, _ = two_assessed_claims_of_one_case(claims, issue(insurance))

    results = order_at_once(claims, [first, first])

    assert sorted(r if isinstance(r, str) else "order" for r in results) == ["already_ordered", "order"]


def test_storage_refuses_a_second_order_for_the_same_case_whatever_the_code_above_checked(database: Database):
    insurance, claims = services(database)
    first, second = two_assessed_claims_of_one_case(claims, issue(insurance))
    with database.uow() as uow:
        a, b = uow.claims.by_number(first), uow.claims.by_number(second)
        assert a is not None and b is not None
        now = a.created_at

        def order(number: int, claim_id: int) -> NewPaymentOrder:
            return NewPaymentOrder(number, claim_id, a.contract_id, a.national_id, a.incident_date, a.kind,
                                   36_000_000)

        assert uow.payment_orders.add(order(1, a.id), now) is not None
        uow.commit()
    with database.uow() as uow:
        assert uow.payment_orders.add(order(2, b.id), now) is None  # the paid case key is taken
        assert uow.payment_orders.add(order(3, a.id), now) is None  # and so is the claim
        assert [o.number for o in uow.payment_orders.list()] == [1]


ORDER = r"""
import json, sys, time
from core.insurance.claims.service import ClaimRefused
from storage.db import Database
from tests.unit.insurance.claims_support import services

url, number, start_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
db = Database(url)
_, claims = services(db)
time.sleep(max(0.0, start_at - time.time()))  # both experts press at the same instant
try:
    print(json.dumps({"order": claims.order_payment(number, actor="operator", require_documents=False).number}))
except ClaimRefused as exc:
    print(json.dumps({"refused": exc.rule}))
"""


def test_two_processes_ordering_the_same_case_at_the_same_instant_pay_it_once(tmp_path: Path):
    url = database_url(tmp_path / "bimeh.db")
    database = open_database(url)
    try:
        insurance, claims = services(database)
        first, second = two_assessed_claims_of_one_case(claims, issue(insurance))
    finally:
        database.dispose()
    start_at = time.time() + 1.5
    root = Path(__file__).resolve().parents[3]
    processes = [subprocess.Popen([sys.executable, "-c", ORDER, url, str(n), str(start_at)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (first, second)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))

    assert sorted(results, key=str) == sorted([{"order": 1}, {"refused": "already_paid"}], key=str)
