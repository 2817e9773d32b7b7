"""Register numbers from two processes at once: never alike, never reused."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from storage.db import open_database
from tests.databases import database_url

ISSUE_CONTRACTS = r"""
import json, sys, time
from datetime import datetime, timezone
from core.insurance.contracts.service import ContractRequest, InsuranceService
from core.transactions import OwnUnits
from storage.db import Database
from tests.unit.insurance.support import j, person

url, start_at, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
db = Database(url)  # already migrated by the test
svc = InsuranceService(OwnUnits(db.uow), lambda: datetime(2024, 9, 1, tzinfo=timezone.utc))
time.sleep(max(0.0, start_at - time.time()))  # both processes start issuing at the same instant
numbers = [svc.issue_contract(ContractRequest("مهد", "death_disability", 100_000_000, 1_000_000, j(1403, 6, 1),
                                              [person(1)]), paid_on=j(1403, 6, 1), cheque="1",
                              actor="operator").contract.number for _ in range(count)]
print(json.dumps(numbers))
"""


def test_two_processes_issuing_at_the_same_instant_never_get_the_same_number(tmp_path: Path):
    url = database_url(tmp_path / "bimeh.db")
    open_database(url).dispose()
    start_at = time.time() + 2.0
    root = Path(__file__).resolve().parents[3]
    processes = [subprocess.Popen([sys.executable, "-c", ISSUE_CONTRACTS, url, str(start_at), "15"], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))

    numbers = results[0] + results[1]
    assert sorted(numbers) == list(range(300_000, 300_030))  # distinct, from 300,000, no gap, none reused
    assert results[0] == sorted(results[0]) and results[1] == sorted(results[1])


def test_a_number_given_in_a_rolled_back_transaction_is_given_again_never_twice(tmp_path: Path):
    database = open_database(database_url(tmp_path / "bimeh.db"))
    try:
        with database.uow() as uow:
            assert uow.registers.next_number("contract", 300_000) == 300_000
            # not committed: nothing carried this number
        with database.uow() as uow:
            assert uow.registers.next_number("contract", 300_000) == 300_000
            assert uow.registers.next_number("receipt", 1) == 1
            uow.commit()
        with database.uow() as uow:
            assert uow.registers.next_number("contract", 300_000) == 300_001
            uow.commit()
    finally:
        database.dispose()


ADD_POLICYHOLDER = r"""
import sys, time
from datetime import datetime, timezone
from storage.db import Database

url, start_at = sys.argv[1], float(sys.argv[2])
db = Database(url)
time.sleep(max(0.0, start_at - time.time()))
with db.uow() as uow:
    holder = uow.policyholders.add("مهدکودک تازه", "kindergarten", datetime(2024, 9, 1, tzinfo=timezone.utc))
    uow.commit()
print(holder.id)
"""


def test_two_processes_adding_one_policyholder_by_name_at_once_get_one_record(tmp_path: Path):
    url = database_url(tmp_path / "bimeh.db")
    open_database(url).dispose()
    start_at = time.time() + 2.0
    root = Path(__file__).resolve().parents[3]
    processes = [subprocess.Popen([sys.executable, "-c", ADD_POLICYHOLDER, url, str(start_at)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    ids = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        ids.append(int(out))
    assert len(set(ids)) == 1  # the same record: never two of one name without an identifier
