"""A month's figures for managers: opened and closed, time in each status, deadlines, busiest experts.

The month is a Jalali month in Tehran time. Time in a status is counted in working
hours (the unit of deadlines) for each stay that ended within the month; a
deadline is met or breached when its stay ended (a move out of the status) within
the month. The 90th percentile is the nearest-rank one: the value at rank ⌈0.9·n⌉.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field

import jdatetime

from core.jalali import TEHRAN
from core.models import HistoryEntry
from core.ports import Units
from core.sla import SlaService

TOP_EXPERTS = 5


@dataclass(frozen=True)
class StateTime:
    request_type: str  # a status belongs to its type's workflow: the same name in two types is two steps
    status: str
    stays: int
    median_hours: float
    p90_hours: float


@dataclass(frozen=True)
class ExpertLoad:
    username: str
    full_name: str
    actions: int


@dataclass(frozen=True)
class MonthStats:
    year: int
    month: int
    opened: dict[str, int] = field(default_factory=dict)  # request type → count
    closed: dict[str, int] = field(default_factory=dict)
    time_in_state: list[StateTime] = field(default_factory=list)
    deadlines_met: int = 0
    deadlines_breached: int = 0
    busiest: list[ExpertLoad] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.year:04d}/{self.month:02d}"

    def as_json(self) -> dict:
        return {"period": self.label, **asdict(self)}


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """First instant of the Jalali month and of the next, in UTC."""
    first = jdatetime.date(year, month, 1).togregorian()
    following = jdatetime.date(year + (month == 12), month % 12 + 1, 1).togregorian()
    start, end = (dt.datetime.combine(day, dt.time(0, 0), TEHRAN).astimezone(dt.timezone.utc)
                  for day in (first, following))
    return start, end


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class StatsService:
    def __init__(self, units: Units, sla: SlaService) -> None:
        self.units = units  # where each piece of work goes (core/transactions.py); it ends them
        self.sla = sla

    def month(self, year: int, month: int) -> MonthStats:
        start, end = month_bounds(year, month)
        calendar = self.sla.calendar
        with self.units.write() as uow:
            created = uow.operations.created_between(start, end)
            entries = uow.operations.history_between(start, end)
            ticket_ids = {e.ticket_id for e in entries}
            tickets = uow.operations.tickets_by_id(ticket_ids)
            histories = uow.operations.history_of(ticket_ids)
            users = {u.id: u for u in uow.users.list()}

        opened = Counter(t.request_type for t in created)
        closed: Counter[str] = Counter()
        stays: dict[tuple[str, str], list[float]] = {}  # (request type, status) → working hours
        met = breached = 0
        actions: Counter[int] = Counter()
        for entry in entries:
            ticket = tickets[entry.ticket_id]
            workflow = self.sla.request_types[ticket.request_type].workflow
            if entry.from_status is not None and entry.to_status in workflow.final_states:
                closed[ticket.request_type] += 1
            if entry.actor_id != ticket.owner_id and entry.action != "submit":
                actions[entry.actor_id] += 1
            entered = _entered(histories[entry.ticket_id], entry)
            if entry.from_status is None or entered is None:
                continue
            stays.setdefault((ticket.request_type, entry.from_status), []).append(calendar.working_hours_between(entered, entry.at))
            hours = self.sla.policy.hours_for(ticket.request_type, entry.from_status)
            if hours is not None:
                if entry.at <= calendar.add_working_hours(entered, hours):
                    met += 1
                else:
                    breached += 1

        # the types in the desk's order, each type's statuses in its workflow's order
        order = {(code, s): (t, i) for t, (code, rt) in enumerate(self.sla.request_types.items())
                 for i, s in enumerate(rt.workflow.states)}
        time_in_state = [
            StateTime(code, status, len(values), round(statistics.median(values), 2),
                      round(percentile(values, 0.9), 2))
            for (code, status), values in sorted(stays.items(), key=lambda kv: (order.get(kv[0], (99, 99)), kv[0]))
        ]
        busiest = [
            ExpertLoad(users[uid].username if uid in users else "?", users[uid].full_name if uid in users else "?", n)
            for uid, n in sorted(actions.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_EXPERTS]
        ]
        return MonthStats(year, month, dict(sorted(opened.items())), dict(sorted(closed.items())), time_in_state,
                          met, breached, busiest)


def _entered(history: list[HistoryEntry], leaving: HistoryEntry) -> dt.datetime | None:
    """When the ticket entered the status that `leaving` moves it out of."""
    previous = None
    for entry in history:
        if entry.id == leaving.id:
            return previous.at if previous is not None and previous.to_status == leaving.from_status else None
        previous = entry
    return None
