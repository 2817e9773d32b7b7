"""Shared test data for the storage tests."""
from __future__ import annotations

from datetime import datetime, timezone

from core.models import User
from storage.repositories import SqlUnitOfWork

T0 = datetime(2025, 3, 20, 8, 30, 15, 123456, tzinfo=timezone.utc)
PERSIAN_FIELDS = {
    "شرح": "درخواست بازپرداخت هزینهٔ دندانپزشکی",
    "مبلغ": 1_250_000,
    "بیمه‌شدگان": ["همسر", "فرزند"],
    "nested": {"توضیح": "ی ک ‌نیم‌فاصله"},
}


def add_user(uow: SqlUnitOfWork, username: str = "ali", roles: tuple[str, ...] = ()) -> User:
    return uow.users.add(username, "علی رضایی", roles)
