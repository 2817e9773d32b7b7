"""`[reports]`: when the monthly reports go by themselves, and to whom in each department."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.identity import BadUsername, check_username
from core.insurance.reports.monthly import ALL_DEPARTMENTS, Recipients
from core.notifications import ROCKETCHAT


class ReportsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    send_at: str = "08:00"  # Tehran wall time, on the first working day of each month
    # department -> usernames (every chat account of theirs), or "#channel" (a Rocket.Chat channel)
    recipients: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("send_at")
    @classmethod
    def _time(cls, value: str) -> str:
        dt.time.fromisoformat(value)
        return value

    @field_validator("recipients")
    @classmethod
    def _known(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        checked: dict[str, list[str]] = {}
        for department, names in value.items():
            if department not in ALL_DEPARTMENTS:
                raise ValueError(f"reports.recipients: unknown department {department!r} "
                                 f"(one of {', '.join(ALL_DEPARTMENTS)})")
            checked[department] = []
            for name in names:
                try:  # a username as the desk keeps it (however it was typed), or "#" and a channel's name as is
                    canonical = check_username(name[1:] if name.startswith("#") else name)
                    checked[department].append(name if name.startswith("#") else canonical)
                except BadUsername:
                    raise ValueError(f"reports.recipients.{department}: {name!r} is neither a username "
                                     "nor a #channel") from None
        return checked

    @property
    def at(self) -> dt.time:
        return dt.time.fromisoformat(self.send_at)

    def channels(self) -> list[str]:
        return sorted({name for names in self.recipients.values() for name in names if name.startswith("#")})

    def build(self, rocketchat: bool) -> Recipients:
        """The recipients as the desk sends to them; channels only when Rocket.Chat is configured."""
        users = {d: tuple(n for n in names if not n.startswith("#")) for d, names in self.recipients.items()}
        channels = {d: tuple((ROCKETCHAT, n) for n in names if n.startswith("#")) if rocketchat else ()
                    for d, names in self.recipients.items()}
        return Recipients(users, channels)
